"""Privacy logic without a broker: the coordinator's decisions, the "my data" summary, what an
erase matches, tombstones, consent records and retention (storage on the in-memory double)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from common.consent import ConsentStore, is_given
from common.i18n import LANGUAGES
from common.mongo import Database
from common.privacy import (
    HOLDERS,
    PrivacyRequest,
    Tombstones,
    citizen_filter,
    erase_matching,
    identity_keys,
    keyed,
    privacy_key,
    pseudonym,
    report_matching,
)
from common.retention import Rule, apply, cutoff_filter
from common.settings import Settings
from pydantic import SecretStr
from pymongo_async_mock import AsyncMongoMockClient
from router.privacy import (
    dead_letter_query,
    erase_asked_recently,
    is_complete,
    is_overdue,
    job_id_for,
    missing,
    summary_text,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
KEY = b"unit-test-key"


def _db() -> Database:
    client = AsyncMongoMockClient(tz_aware=True)
    return Database(client=client, db=client["unit"], kind="double", name="unit")


def _request(**kw: object) -> PrivacyRequest:
    return PrivacyRequest.model_validate({"request_id": "pj_1", "action": "erase", "citizen_id": "c_1",
                                         "wa_ids": ["905321112233"], "user_ids": ["TR.123"], "requested_at": NOW,
                                         **kw})


def test_holders_are_declared_once_and_include_every_data_service() -> None:
    assert set(HOLDERS) == {"router", "support", "sender", "blood", "volunteer", "donation"}
    assert len(HOLDERS) == len(set(HOLDERS))


def test_completion_and_overdue() -> None:
    assert missing(HOLDERS, ["router", "sender"]) == ["support", "blood", "volunteer", "donation"]
    assert not is_complete(HOLDERS, ["router"]) and is_complete(["a", "b"], ["b", "a", "a"])
    timeout = timedelta(minutes=15)
    started = NOW - timedelta(minutes=16)
    assert is_overdue(started, NOW, timeout, complete=False, alerted=False)
    assert not is_overdue(started, NOW, timeout, complete=True, alerted=False)
    assert not is_overdue(started, NOW, timeout, complete=False, alerted=True)
    assert not is_overdue(NOW - timedelta(minutes=1), NOW, timeout, complete=False, alerted=False)


def test_job_ids_are_derived_keyed_and_do_not_show_the_wamid() -> None:
    first = job_id_for(KEY, "wamid.ABC", "erase")
    assert first == job_id_for(KEY, "wamid.ABC", "erase") != job_id_for(KEY, "wamid.ABC", "report")
    assert "ABC" not in first and first != job_id_for(b"other", "wamid.ABC", "erase")


def test_erase_confirmation_must_follow_a_recent_question() -> None:
    ttl = timedelta(minutes=30)
    assert erase_asked_recently(NOW - timedelta(minutes=5), NOW, ttl)
    assert not erase_asked_recently(NOW - timedelta(hours=1), NOW, ttl)
    assert not erase_asked_recently(None, NOW, ttl)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_lists_what_each_holder_reported(lang: str) -> None:
    text = summary_text({"router": {"citizens": 1}, "support": {"requests": 2}, "sender": {"outbound": 5},
                         "blood": {"something_new": 3}}, lang, partial=False)  # type: ignore[arg-type]
    assert ": 2" in text and ": 5" in text and ": 3" in text and "kvkk" in text
    empty = summary_text({}, lang, partial=True)  # type: ignore[arg-type]
    assert ": " not in empty.split("\n")[0]


def test_summary_in_turkish_names_the_categories() -> None:
    text = summary_text({"support": {"requests": 2}, "volunteer": {"consents": 1}}, "tr", partial=True)
    assert "Destek talepleri ve mesajları: 2" in text and "Açık rıza kayıtları: 1" in text
    assert "eksik olabilir" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_names_every_sender_record_and_lists_parking_once(lang: str) -> None:
    text = summary_text({"sender": {"outbound": 2, "windows": 1, "parked": 3, "parked_keys": 1}},
                        lang, partial=False)  # type: ignore[arg-type]
    other = summary_text({"blood": {"x": 1}}, lang, partial=False)  # type: ignore[arg-type]
    other_label = other.split("\n")[1].rsplit(":", 1)[0]
    lines = [line for line in text.split("\n") if line.startswith("•")]
    assert len(lines) == 3 and not any(other_label in line for line in lines), text
    assert ": 3" in text and ": 2" in text


def test_the_summary_does_not_claim_sent_messages_are_kept_without_content() -> None:
    text = summary_text({"sender": {"outbound": 2}}, "tr", partial=False)
    assert "içerik değil" not in text and "içerikleriyle" in text


async def test_the_routers_erase_closes_a_waiting_my_data_job_and_keeps_the_erase_job() -> None:
    from common.broker import Publisher
    from common.clock import FixedClock
    from router.privacy import router_holder

    db = _db()
    await db["privacy_jobs"].insert_many([
        {"_id": "pj_r", "action": "report", "status": "running", "citizen_id": "c_1", "to": "905321112233",
         "reports": {"support": {"requests": 1}}, "started_at": NOW},
        {"_id": "pj_e", "action": "erase", "status": "running", "citizen_id": "c_1", "to": "905321112233",
         "started_at": NOW},
        {"_id": "pj_x", "action": "report", "status": "running", "citizen_id": "c_2", "started_at": NOW},
    ])
    settings = Settings(privacy_hmac_key=SecretStr("k"))
    holder = router_holder(db, Publisher.__new__(Publisher), FixedClock(NOW), settings)
    assert holder._extra_erase is not None
    await holder._extra_erase(_request(), NOW)
    report = await db["privacy_jobs"].find_one({"_id": "pj_r"})
    assert report["status"] == "cancelled" and "citizen_id" not in report and "to" not in report
    assert "reports" not in report
    assert (await db["privacy_jobs"].find_one({"_id": "pj_e"}))["citizen_id"] == "c_1"  # still to be answered
    assert (await db["privacy_jobs"].find_one({"_id": "pj_x"}))["citizen_id"] == "c_2"


def test_the_privacy_key_is_required_outside_dev_mode() -> None:
    from common.mongo import ConfigError

    with pytest.raises(ConfigError):
        privacy_key(Settings(dev_mode=False))
    assert privacy_key(Settings(privacy_hmac_key=SecretStr("k"))) == b"k"
    assert pseudonym(KEY, "c_1") != pseudonym(b"other", "c_1") and "c_1" not in pseudonym(KEY, "c_1")


async def test_generic_erase_finds_the_citizen_in_every_collection_and_keeps_others() -> None:
    db = _db()
    await db["citizens"].insert_many([{"_id": "c_1", "wa_ids": ["905321112233"]}, {"_id": "c_2", "wa_ids": ["9"]}])
    await db["requests"].insert_one({"_id": "r1", "citizen_id": "c_1", "messages": [{"text": "çadır"}]})
    await db["parked"].insert_one({"_id": "p1", "citizen": {"to": "905321112233"}})
    await db["windows"].insert_one({"_id": "TR.123", "open_until": NOW})
    await db["privacy_tombstones"].insert_one({"_id": "t", "erased_at": NOW})
    request = _request()
    assert citizen_filter(_request(citizen_id="", wa_ids=[], user_ids=[])) is None
    assert await report_matching(db, request) == {"citizens": 1, "parked": 1, "requests": 1, "windows": 1}
    assert await erase_matching(db, request) == 4
    assert await db["citizens"].count_documents({}) == 1
    assert await db["privacy_tombstones"].count_documents({}) == 1


async def test_tombstones_are_keyed_and_answer_by_id() -> None:
    tombstones = Tombstones(_db(), KEY, timedelta(days=8))
    request = _request()
    await tombstones.add(identity_keys(KEY, request), "citizen", NOW)
    assert await tombstones.citizen_erased("c_1") and not await tombstones.citizen_erased("c_2")
    assert await tombstones.erased_at([keyed(KEY, "wa:905321112233")]) == NOW
    assert all("905321112233" not in k for k in identity_keys(KEY, request))


async def test_consent_given_withdrawn_and_versioned() -> None:
    store = ConsentStore(_db(), KEY)
    assert not await store.has_consent("c_1", "volunteer_registration")
    await store.give("c_1", "volunteer_registration", text_version="v1", wamid="wamid.X", now=NOW)
    assert await store.has_consent("c_1", "volunteer_registration")
    assert not await store.has_consent("c_1", "volunteer_registration", current_version="v2")
    record = await store.get("c_1", "volunteer_registration")
    assert record is not None and "wamid.X" not in str(record) and record["message_key"]
    assert await store.withdraw("c_1", "volunteer_registration", wamid="wamid.Y", now=NOW)
    assert not await store.has_consent("c_1", "volunteer_registration")
    assert not await store.withdraw("c_1", "volunteer_registration", wamid=None, now=NOW)
    await store.give("c_1", "blood_alerts", text_version="v1", wamid=None, now=NOW)
    assert await store.withdraw_all("c_1", NOW) == 1
    assert not is_given(None) and not is_given({"status": "withdrawn"})


async def test_retention_deletes_only_what_is_past_its_period() -> None:
    db = _db()
    await db["requests"].insert_many([
        {"_id": "old_chat", "kind": "handoff", "updated_at": NOW - timedelta(days=200)},
        {"_id": "new_chat", "kind": "handoff", "updated_at": NOW - timedelta(days=10)},
        {"_id": "old_help", "kind": "help", "updated_at": NOW - timedelta(days=200)},
    ])
    rules = [Rule("requests", "updated_at", timedelta(days=180), {"kind": {"$ne": "help"}}, kind="chats"),
             Rule("requests", "updated_at", timedelta(days=365), {"kind": "help"}, kind="help")]
    assert cutoff_filter(rules[0], NOW)["updated_at"] == {"$lt": NOW - timedelta(days=180)}
    assert await apply(db, rules, NOW) == {"requests:chats": 1}
    assert sorted(d["_id"] for d in await db["requests"].find({}).to_list()) == ["new_chat", "old_help"]


async def test_dead_letters_that_are_not_utf8_are_found_by_the_citizens_number() -> None:
    db = _db()
    col = db["dead_letters"]
    raw = b'{"from": "905300000001", "text": "G\xfczel"}'
    await col.insert_one({"_id": "a", "body": base64.b64encode(raw).decode(), "body_encoding": "base64"})
    await col.insert_one({"_id": "b", "body": base64.b64encode(b"905399999999 \xfc").decode(),
                          "body_encoding": "base64"})
    await col.insert_one({"_id": "c", "body": '{"from": "905300000001"}', "body_encoding": "utf-8"})
    request = _request(citizen_id="c1", wa_ids=["905300000001"])
    query = await dead_letter_query(db, request)
    assert query is not None
    assert sorted(d["_id"] for d in await col.find(query).to_list()) == ["a", "c"]
