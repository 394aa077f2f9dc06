"""Donation content that staff edit without a deploy (channels, campaigns, kurban, zakat, receipts).

Prices, SMS keywords and account numbers change per campaign and year (docs/domain.md §3), so
they live here and never in code. The shipped file is an EXAMPLE (`sample: true`); the bot tells
citizens so while it is in use.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any

from common.i18n import LANGUAGES, Language
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

EXAMPLE_RESOURCE = "data/content.example.json"

# Limits keep every reply inside WhatsApp's bodies (4096 for text and list bodies) even when all
# channels are listed in one message together with the fixed texts around them.
_Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
_Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]
_Link = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_LIST_TEXT_MAX = 3000


class ContentError(ValueError):
    """Content that cannot be used; `problems` lists one readable line per fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid donation content: " + "; ".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    # A typo in a field name must fail loudly, or staff would see their edit silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Channel(_Strict):
    name: _Line
    how: _Short
    link: _Link | None = None


class Campaign(_Strict):
    name: _Line
    text: _Short
    link: _Link | None = None


class LanguageContent(_Strict):
    intro: _Short
    channels: list[Channel] = Field(min_length=1, max_length=10)
    campaigns: list[Campaign] = Field(default_factory=list, max_length=10)
    kurban: _Long
    zakat: _Long
    receipts: _Long

    def channels_text(self) -> str:
        """Channels as one readable block: name, how, then link or short text."""
        blocks = []
        for channel in self.channels:
            lines = [f"• *{channel.name}*", channel.how]
            if channel.link:
                lines.append(channel.link)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def campaigns_text(self) -> str:
        blocks = []
        for campaign in self.campaigns:
            lines = [f"• *{campaign.name}*", campaign.text]
            if campaign.link:
                lines.append(campaign.link)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


class DonationContent(_Strict):
    sample: bool
    updated_at: AwareDatetime
    # Free text for staff (e.g. "EXAMPLE — replace before launch"); never shown to citizens.
    note: str | None = None
    tr: LanguageContent
    ar: LanguageContent
    en: LanguageContent

    def for_language(self, lang: Language) -> LanguageContent:
        if lang == "ar":
            return self.ar
        if lang == "en":
            return self.en
        return self.tr


def validate_content(data: dict[str, Any]) -> DonationContent:
    """Checked content, or ContentError naming each faulty field (for the admin PUT)."""
    try:
        content = DonationContent.model_validate(data)
    except ValidationError as exc:
        raise ContentError([_describe(err) for err in exc.errors()]) from None
    problems = [
        f"{lang}.{field}: all {field} together are {len(text)} characters (at most {_LIST_TEXT_MAX})"
        for lang in LANGUAGES
        for field, text in _list_texts(content.for_language(lang))
        if len(text) > _LIST_TEXT_MAX
    ]
    if problems:
        raise ContentError(problems)
    return content


def load_default_content() -> DonationContent:
    """The shipped EXAMPLE content, used until staff save their own."""
    raw = resources.files("donation").joinpath(EXAMPLE_RESOURCE).read_text(encoding="utf-8")
    return validate_content(json.loads(raw))


def _list_texts(body: LanguageContent) -> tuple[tuple[str, str], ...]:
    return (("channels", body.channels_text()), ("campaigns", body.campaigns_text()))


def _describe(err: ErrorDetails) -> str:
    where = ".".join(str(part) for part in err["loc"]) or "(root)"
    return f"{where}: {err['msg']}"
