"""The router's behaviour for one inbound message, in the citizen's arrival order.

1. Drop a message already handled (WhatsApp redelivers; the key is a hash of the wamid).
2. System messages: `user_changed_number` moves the phone alias; nothing is answered.
3. Messages older than the 24-hour window (a replay after an outage) are recorded for staff
   through the support service and not answered blindly; late ones get a short apology.
4. Language and route are decided by plain functions (`language`, `routing`); the router
   answers menus itself and hands domain work to the domain's queue.
Everything caused by a message is confirmed by the broker before it is marked handled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from common import replies as outbound_replies
from common import topology, wa_content
from common.broker import ORDER_KEY_HEADER, Publisher
from common.clock import Clock
from common.contracts import DomainRequest, InboundActivity, InboundMessage
from common.i18n import Language
from common.logging import get_logger
from common.privacy import Tombstones, keyed
from common.settings import Settings
from common.textnorm import as_menu_number
from prometheus_client import Counter

from router import replies
from router.citizens import CitizenStore, as_citizen
from router.language import detect_language
from router.privacy import (
    Coordinator,
    erase_asked_recently,
    erase_question,
    processed_key_tombstone,
    wamid_processed_key,
)
from router.routing import PRIVACY_SHORT, SUPPORT, Route, route
from router.texts import CATALOGUE as TEXTS

log = get_logger(__name__)

ROUTED = Counter("router_routed_total", "Inbound messages by route", ["kind", "domain"])
DUPLICATES = Counter("router_duplicates_total", "Redelivered inbound messages dropped")
ERASED_DROPPED = Counter("router_erased_citizen_dropped_total",
                         "Redelivered or delayed messages of an erased citizen, dropped")
STALE = Counter("router_stale_total", "Messages too old to answer, recorded for staff")
LATE = Counter("router_late_total", "Messages answered late, with an apology")


class RouterHandler:
    def __init__(self, settings: Settings, citizens: CitizenStore, publisher: Publisher, clock: Clock,
                 *, coordinator: Coordinator, tombstones: Tombstones) -> None:
        self._settings = settings
        self._citizens = citizens
        self._publisher = publisher
        self._clock = clock
        self._coordinator = coordinator
        self._tombstones = tombstones

    async def _erased(self, msg: InboundMessage) -> bool:
        """A message of an erased citizen that must not recreate them: a WhatsApp redelivery
        (its wamid is tombstoned) or a delayed message written before the erase. A message
        written after the erase is a new conversation and is answered."""
        key = self._tombstones.key
        if await self._tombstones.erased_at([processed_key_tombstone(key, wamid_processed_key(msg.wamid))]):
            return True
        ids = [keyed(key, f"wa:{msg.wa_id}")] if msg.wa_id else []
        ids += [keyed(key, f"user:{msg.user_id}")] if msg.user_id else []
        erased_at = await self._tombstones.erased_at(ids)
        return erased_at is not None and msg.timestamp <= erased_at

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        msg = InboundMessage.model_validate_json(delivery.body)
        if await self._citizens.already_handled(msg.wamid):
            DUPLICATES.inc()
            log.info("inbound_duplicate_dropped", type=msg.type)
            return
        if await self._erased(msg):
            ERASED_DROPPED.inc()
            log.info("inbound_of_erased_citizen_dropped", type=msg.type)
            return
        now = self._clock.now()
        if msg.type == "system":
            await self._system(msg, now)
        elif await self._message(msg, now) == "erased":
            # No processed key for the tap that erased: its wamid is tombstoned (keyed) instead.
            return
        await self._citizens.mark_handled(msg.wamid, now)

    async def _system(self, msg: InboundMessage, now: datetime) -> None:
        system = msg.system or {}
        if system.get("type") == "user_changed_number" and msg.wa_id and system.get("wa_id"):
            moved = await self._citizens.change_number(msg.wa_id, str(system["wa_id"]), now)
            log.info("citizen_number_changed", moved=moved)
        else:
            log.info("system_message_ignored", system_type=system.get("type"))
        ROUTED.labels("system", "").inc()

    async def _message(self, msg: InboundMessage, now: datetime) -> str | None:
        record = await self._citizens.resolve(msg, now)
        await self._citizens.remember_message(record["_id"], msg.wamid)
        citizen = as_citizen(record, msg)
        age = now - msg.timestamp
        explicit: Language | None = record.get("language") if record.get("language_explicit") else None
        language = detect_language(msg, explicit=explicit, previous=record.get("language"))
        if age > timedelta(seconds=self._settings.window_s):
            # The customer-service window has closed: a reply now would need a template and
            # might answer something long settled. Staff see it instead.
            STALE.inc()
            log.warning("inbound_too_old_recorded", age_s=int(age.total_seconds()))
            await self._to_domain("support", "missed", citizen, language, msg, late=True)
            return None
        await self._citizens.note_inbound(record["_id"], msg.timestamp)
        # The sender keeps each citizen's 24-hour window from these (issue 3); published before
        # any reply so that it is usually known by the time the reply is sent.
        await self._publisher.publish(
            topology.EVENTS, "activity",
            InboundActivity(citizen_id=citizen.id, wa_id=msg.wa_id, user_id=msg.user_id, at=msg.timestamp),
            message_id=f"{msg.wamid}:activity")
        late = age > timedelta(seconds=self._settings.late_after_s)
        active_at = record.get("active_at")
        ttl = timedelta(seconds=self._settings.active_domain_ttl_s)
        active_recent = bool(active_at and now - _aware(active_at) < ttl)
        menu_at = record.get("menu_shown_at")
        menu_shown = bool(menu_at and now - _aware(menu_at) < ttl)
        first_contact = record.get("menu_shown_at") is None and record.get("active_domain") is None
        decision = route(msg, active_domain=record.get("active_domain"), active_recent=active_recent,
                         menu_shown=menu_shown)
        if first_contact and decision.kind == "menu" and decision.intent == "unknown":
            # Whatever a first message says, a newcomer is welcomed rather than "not understood".
            decision = Route("menu", None, "welcome")
        ROUTED.labels(decision.kind, decision.domain or "").inc()
        log.info("inbound_routed", kind=decision.kind, domain=decision.domain, intent=decision.intent,
                 language=language, late=late, type=msg.type)
        changes: dict[str, Any] = {"language": language, "updated_at": now, "awaiting_text": None}
        if decision == Route("domain", SUPPORT, "media"):
            # A photo sent before the complaint's text: the text still belongs to the complaint.
            del changes["awaiting_text"]
        awaited = _awaited_domain(record, msg, decision, now, ttl)
        if awaited:
            # The citizen was asked to write something ("please write your complaint"): what
            # they write is that, even if it mentions "kan" or "temsilci".
            decision = Route("domain", awaited, "text")
        elif _asks_for_text(decision, msg):
            changes.update(awaiting_text=decision.domain, awaiting_text_at=now)
        contents: list[dict[str, Any]] = []
        if late and decision.kind != "ignore":
            LATE.inc()
            contents.append(replies.late_apology(language))
        if decision.kind == "domain" and decision.domain:
            changes.update(active_domain=decision.domain, active_at=now)
            await self._reply(msg, citizen, language, contents, step="late")
            await self._to_domain(decision.domain, decision.intent, citizen, language, msg, late=late)
        elif decision.kind == "privacy":
            outcome = await self._privacy(decision.intent, msg, record, citizen, language, contents, changes, now)
            if outcome == "erased":
                return outcome
        elif decision.kind != "ignore":
            contents += self._router_reply(decision, language, changes, now)
            await self._reply(msg, citizen, changes.get("language", language), contents, step=decision.kind)
        await self._citizens.update(record["_id"], changes)
        return None

    async def _privacy(self, intent: str, msg: InboundMessage, record: dict[str, Any], citizen: Any,
                       language: Language, contents: list[dict[str, Any]], changes: dict[str, Any],
                       now: datetime) -> str | None:
        """"my data" → every holder reports; "erase" → ask; "Yes" tap → erase everywhere."""
        changes.update(active_domain=None, active_at=None)
        if intent == "my_data":
            await self._reply(msg, citizen, language, contents, step="late")
            await self._coordinator.start("report", record, citizen, language, msg, [])
            return None
        asked_at = record.get("erase_asked_at")
        ttl = timedelta(seconds=self._settings.active_domain_ttl_s)
        if intent == "erase_confirmed" and erase_asked_recently(_aware(asked_at) if asked_at else None, now, ttl):
            await self._reply(msg, citizen, language, contents, step="late")
            key = self._tombstones.key
            processed = [*(record.get("processed_keys") or []), wamid_processed_key(msg.wamid)]
            wamid_keys = [processed_key_tombstone(key, k) for k in processed]
            await self._coordinator.start("erase", record, citizen, language, msg, wamid_keys)
            return "erased"
        if intent == "erase_cancelled":
            changes.update(erase_asked_at=None)
            contents.append(wa_content.text(TEXTS.get("erase_cancelled", language)))
        else:
            # "verilerimi sil", or a "Yes" on a question asked too long ago: ask (again).
            changes.update(erase_asked_at=now)
            contents.append(erase_question(language))
        await self._reply(msg, citizen, language, contents, step="privacy")
        return None

    def _router_reply(self, decision: Route, language: Language, changes: dict[str, Any],
                      now: datetime) -> list[dict[str, Any]]:
        if decision.kind == "language":
            if decision.intent.startswith("set:"):
                chosen: Language = decision.intent.removeprefix("set:")  # type: ignore[assignment]
                changes.update(language=chosen, language_explicit=True, menu_shown_at=now)
                return [replies.language_set(chosen), replies.main_menu(chosen, welcome=False)]
            return [replies.language_menu(language)]
        if decision.kind == "kind_reply":
            changes.update(menu_shown_at=now)
            return [replies.kind_reply(language)]
        # kind == "menu": leaving any flow
        changes.update(active_domain=None, active_at=None, menu_shown_at=now)
        if decision.intent == "cancel":
            return [replies.cancelled(language), replies.main_menu(language, welcome=False)]
        if decision.intent == "unknown":
            return [replies.not_understood(language)]
        return [replies.main_menu(language, welcome=decision.intent == "welcome")]

    async def _reply(self, msg: InboundMessage, citizen: Any, language: Language, contents: list[dict[str, Any]],
                     *, step: str) -> None:
        if not contents:
            return
        messages = outbound_replies.outbound(origin="router", citizen=citizen, contents=contents, cause=msg.wamid,
                                             step=step, language=language, clock=self._clock, in_reply_to=msg.wamid)
        await outbound_replies.send(self._publisher, messages)

    async def _to_domain(self, domain: str, intent: str, citizen: Any, language: Language, msg: InboundMessage,
                         *, late: bool) -> None:
        request = DomainRequest(domain=domain, intent=intent, citizen=citizen, language=language, message=msg,
                                late=late)
        await self._publisher.publish(topology.DOMAIN, domain, request, message_id=f"{msg.wamid}:{domain}",
                                      headers={ORDER_KEY_HEADER: citizen.id})


# Menu choices after which the domain asks the citizen to write their request in their own words.
_PROMPTING_INTENTS = frozenset({"feedback", "button:support.v1.feedback", "button:support.v1.help"})


def _asks_for_text(decision: Route, msg: InboundMessage) -> bool:
    if decision.kind != "domain" or decision.intent not in _PROMPTING_INTENTS:
        return False
    return decision.intent.startswith("button:") or msg.type == "interactive" or \
        as_menu_number(msg.text or "") is not None


def _awaited_domain(record: dict[str, Any], msg: InboundMessage, decision: Route, now: datetime,
                    ttl: timedelta) -> str | None:
    """The domain waiting for this free text, unless the citizen gave a command instead (a
    short "temsilci", "menü", a number, a language: those stay commands)."""
    domain, asked_at = record.get("awaiting_text"), record.get("awaiting_text_at")
    if not domain or not asked_at or now - _aware(asked_at) > ttl:
        return None
    if msg.type != "text" or decision.kind not in ("domain", "menu", "privacy") \
            or decision.intent in ("cancel", "menu"):
        return None
    words = len((msg.text or "").split())
    # A complaint about one's data is still the complaint asked for; "verilerimi sil" stays a command.
    if words < 3 or (decision.kind == "privacy" and words <= PRIVACY_SHORT):
        return None
    return str(domain)


def _aware(moment: datetime) -> datetime:
    # The double returns naive UTC datetimes in some paths; MongoDB returns aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
