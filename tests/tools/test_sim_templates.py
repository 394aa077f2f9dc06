"""The approved templates kept in `common.templates` and the check the simulator applies."""

from __future__ import annotations

import dataclasses

import pytest
from common.templates import TEMPLATES, Template, check_template

EXPECTED = {
    "blood_need_alert": (4, ("ALERT_CAN_COME", "ALERT_CANNOT", "ALERT_STOP")),
    "volunteer_callout": (4, ("CALLOUT_YES", "CALLOUT_NO")),
    "conversation_reopen": (1, ("REOPEN",)),
    "support_rating": (1, ()),
    "donation_receipt_ready": (1, ()),
}


def test_the_documented_templates_and_nothing_else() -> None:
    assert {name: (t.param_count, t.quick_replies) for name, t in TEMPLATES.items()} == EXPECTED
    for name, template in TEMPLATES.items():
        assert template.name == name
        assert template.category == "utility"
        assert template.languages == ("tr", "ar", "en")


def test_templates_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TEMPLATES["support_rating"].name = "other"  # type: ignore[misc]
    assert isinstance(TEMPLATES["support_rating"], Template)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("language", ["tr", "ar", "en"])
def test_approved_with_right_parameter_count(name: str, language: str) -> None:
    assert check_template(name, language, EXPECTED[name][0]) is None


@pytest.mark.parametrize(("name", "language", "count", "code"), [
    ("blood_need_alert", "tr", 3, 132000),
    ("blood_need_alert", "tr", 5, 132000),
    ("support_rating", "en", 0, 132000),
    ("no_such_template", "tr", 1, 132001),
    ("blood_need_alert", "de", 4, 132001),
    ("blood_need_alert", "en_US", 4, 132001),
    ("Blood_Need_Alert", "tr", 4, 132001),
])
def test_rejections(name: str, language: str, count: int, code: int) -> None:
    assert check_template(name, language, count) == code
