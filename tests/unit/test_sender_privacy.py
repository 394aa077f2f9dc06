"""The active sender's view of erased citizens (sender/privacy.py), without a broker: it knows
erasures from the tombstones when it becomes active, and an erase it handles before that erase
runs; a send that raced an erase leaves only a keyed tombstone of its wamid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from common.clock import FixedClock
from common.mongo import Database
from common.privacy import PrivacyRequest, Tombstones, identity_keys, privacy_key, wamid_tombstone_key
from common.settings import Settings
from pydantic import SecretStr
from pymongo_async_mock import AsyncMongoMockClient
from sender.privacy import ErasedCitizens

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SETTINGS = Settings(privacy_hmac_key=SecretStr("unit-key"))


def _delivery(request: PrivacyRequest) -> Any:
    """The one attribute the handler reads of an AMQP delivery."""
    return SimpleNamespace(body=request.model_dump_json(by_alias=True).encode())


def _db() -> Database:
    client = AsyncMongoMockClient(tz_aware=True)
    return Database(client=client, db=client["unit"], kind="double", name="unit")


def _erase(citizen_id: str) -> PrivacyRequest:
    return PrivacyRequest(request_id="pj_1", action="erase", citizen_id=citizen_id, wa_ids=["905551112233"],
                          requested_at=NOW)


async def test_erasures_already_recorded_are_known_once_loaded() -> None:
    db = _db()
    key = privacy_key(SETTINGS)
    await Tombstones(db, key, timedelta(days=8)).add(
        identity_keys(key, _erase("c_old")), "citizen", NOW)
    erased = ErasedCitizens(db, SETTINGS, FixedClock(NOW))
    assert not await erased.erased("c_old")  # not loaded yet: a standby knows nothing
    await erased.load()
    assert await erased.erased("c_old") and not await erased.erased("c_other")


async def test_an_erase_is_noted_before_the_erase_itself_runs() -> None:
    erased = ErasedCitizens(_db(), SETTINGS, FixedClock(NOW))
    seen: list[bool] = []

    async def handle(delivery: Any) -> None:
        seen.append(await erased.erased(PrivacyRequest.model_validate_json(delivery.body).citizen_id))

    watching = erased.watching(handle)
    await watching(_delivery(_erase("c_1")))
    report = PrivacyRequest(request_id="pj_2", action="report", citizen_id="c_2", requested_at=NOW)
    await watching(_delivery(report))
    assert seen == [True, False]
    assert await erased.erased("c_1") and not await erased.erased("c_2")


async def test_a_wamid_of_a_racing_send_is_kept_only_as_a_keyed_tombstone() -> None:
    db = _db()
    erased = ErasedCitizens(db, SETTINGS, FixedClock(NOW))
    await erased.forget_wamid("wamid.HBgMOTA1NTUxMTEyMjMz")
    docs = await db["privacy_tombstones"].find({}).to_list()
    assert [d["_id"] for d in docs] == [wamid_tombstone_key(privacy_key(SETTINGS), "wamid.HBgMOTA1NTUxMTEyMjMz")]
    assert "HBgM" not in str(docs)
