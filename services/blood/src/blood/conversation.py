"""The blood service's replies: one routed request in, at most three WhatsApp messages out.

`respond` is pure (no broker, no database, no clock): the handler around it loads the points
and gazetteer once, passes each `DomainRequest` in and publishes what comes back. Intents the
router sends here:

- ``location``: a shared location → the nearest points with distances + a map pin.
- ``text`` / ``menu``: a place in the text → that place's points + a map pin; ``text`` without
  a place → how to donate + "which city?"; a short unknown word → "did you mean …?".
- ``need``: a forwarded "kan aranıyor" appeal → why we cannot verify it and what helps.
- ``alert:ALERT_CAN_COME|ALERT_CANNOT|ALERT_STOP``, ``alerts_stop``: replies to blood-need
  alerts (recording the answer or the opt-out is the handler's job, not this module's).
- ``menu`` → the blood menu; ``button:<id>`` / ``list:<id>`` → one of its choices (ids below).

Anything else gets the blood menu: never silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from common import wa_content
from common.contracts import DomainRequest
from common.i18n import Language
from common.textnorm import tokens

from blood.gazetteer import Ambiguous, District, Gazetteer, NotFound, PlaceMatch, Province
from blood.points import DonationPoint, in_district, in_province, nearest
from blood.texts import CATALOGUE

WHERE = "blood.v1.where"
ELIGIBILITY = "blood.v1.eligibility"
NEXT_DATE = "blood.v1.next_date"
PROVINCE_PREFIX = "blood.v1.province."  # + plate code: "blood.v1.province.06"
DISTRICT_PREFIX = "blood.v1.district."  # + plate code + "." + district key: "...06.golbasi"
MENU_IDS: tuple[str, str, str] = (WHERE, ELIGIBILITY, NEXT_DATE)

ALERT_CAN_COME = "ALERT_CAN_COME"
ALERT_CANNOT = "ALERT_CANNOT"
ALERT_STOP = "ALERT_STOP"

MAX_MESSAGES = 3
MAX_LISTED_POINTS = 5
NEAREST_LIMIT = 3
FAR_KM = 30.0  # beyond this the nearest fixed point is no answer; mobile teams may be closer
_SUGGEST_MAX_TOKENS = 6  # in a longer sentence a near-miss word is rarely a misspelt city
_PLACE_LIKE_MAX_TOKENS = 3
_QUOTE_MAX = 40

# A text with these words is about blood, not a place name that failed to match.
_BLOOD_WORDS = frozenset({
    "kan", "kani", "kanver", "bagis", "bagisi", "bagiscisi", "bagislamak", "vermek", "kizilay",
    "blood", "donate", "donation", "donating", "donor",
    "دم", "الدم", "بالدم", "تبرع", "التبرع", "اتبرع", "متبرع",
})
_THANKS = frozenset({
    "tesekkur", "tesekkurler", "tesekkurederim", "sagol", "sagolun", "tsk", "eyvallah",
    "thanks", "thank", "thx", "شكرا", "مشكور", "merci",
})


def opts_out_of_alerts(req: DomainRequest) -> bool:
    """The citizen asked for no more blood-need alerts (a button on an alert, or "stop")."""
    kind, _, arg = req.intent.partition(":")
    return kind == "alerts_stop" or ALERT_STOP in (req.intent, arg, req.message.interactive_id)


def respond(req: DomainRequest, points: Sequence[DonationPoint],
            gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The outbound `content` bodies (common.wa_content) answering one request, in order."""
    replies = _Replies(req.language, points, gazetteer)
    kind, _, arg = req.intent.partition(":")
    message = req.message
    text = message.text or message.interactive_title or ""

    if kind == "location":
        if message.location is None:
            out = [replies.ask_place()]
        else:
            out = replies.nearest_to(message.location.latitude, message.location.longitude)
    elif kind == "alert" or req.intent in (ALERT_CAN_COME, ALERT_CANNOT, ALERT_STOP):
        out = replies.alert(arg or req.intent)
    elif kind == "alerts_stop":
        out = replies.alert(ALERT_STOP)
    elif kind == "need":
        out = replies.need(text)
    elif kind in ("button", "list", "interactive"):
        out = replies.choice(arg or message.interactive_id or message.button_payload or "")
    elif kind == "menu":
        match = gazetteer.find(text)
        out = replies.place(match) if _is_place(match) else [replies.menu()]
    elif kind == "text":
        out = replies.free_text(text)
    elif kind in ("where", "eligibility", "next_date"):
        out = replies.choice(f"blood.v1.{kind}")
    elif message.location is not None:
        out = replies.nearest_to(message.location.latitude, message.location.longitude)
    else:
        match = gazetteer.find(text)
        out = replies.place(match) if _is_place(match) else [replies.menu()]
    return out[:MAX_MESSAGES]


def _is_place(match: PlaceMatch) -> bool:
    return not isinstance(match, NotFound)


class _Replies:
    def __init__(self, lang: Language, points: Sequence[DonationPoint],
                 gazetteer: Gazetteer) -> None:
        self.lang = lang
        self.points = points
        self.geo = gazetteer

    def t(self, key: str, **params: object) -> str:
        return CATALOGUE.get(key, self.lang, **params)

    # ---- menu and simple answers ----------------------------------------------------------

    def menu(self) -> dict[str, Any]:
        return wa_content.buttons(
            self.t("menu_body"),
            [(WHERE, self.t("btn_where")), (ELIGIBILITY, self.t("btn_eligibility")),
             (NEXT_DATE, self.t("btn_next_date"))],
            footer=self.t("menu_footer"),
        )

    def ask_place(self) -> dict[str, Any]:
        return wa_content.text(self.t("ask_place"))

    def how_to_donate(self) -> str:
        return self.t("how_to_donate", rules=self.t("rules"))

    def choice(self, choice_id: str) -> list[dict[str, Any]]:
        if choice_id == WHERE:
            return [self.ask_place()]
        if choice_id == ELIGIBILITY:
            return [wa_content.text(self.t("eligibility_soon", rules=self.t("rules")))]
        if choice_id == NEXT_DATE:
            return [wa_content.text(self.t("next_date_soon"))]
        if choice_id in (ALERT_CAN_COME, ALERT_CANNOT, ALERT_STOP):
            return self.alert(choice_id)
        if choice_id.startswith(PROVINCE_PREFIX):
            province = self._province_from_code(choice_id.removeprefix(PROVINCE_PREFIX))
            if province is not None:
                return self.place(province)
        if choice_id.startswith(DISTRICT_PREFIX):
            code, _, key = choice_id.removeprefix(DISTRICT_PREFIX).partition(".")
            province = self._province_from_code(code)
            district = self.geo.district(province.plate, key) if province else None
            if district is not None:
                return self.place(district)
        # An id we never sent (or an old menu's): show the current menu.
        return [self.menu()]

    def alert(self, payload: str) -> list[dict[str, Any]]:
        keys = {ALERT_CAN_COME: "alert_can_come", ALERT_CANNOT: "alert_cannot",
                ALERT_STOP: "alert_stop"}
        if payload not in keys:
            return [self.menu()]
        return [wa_content.text(self.t(keys[payload]))]

    def need(self, text: str) -> list[dict[str, Any]]:
        out = [wa_content.text(self.t("need"))]
        match = self.geo.find(text)
        if isinstance(match, Province | District):
            return [*out, *self.place(match)]
        return [*out, wa_content.text(self.how_to_donate() + "\n\n" + self.t("ask_place"))]

    # ---- free text ------------------------------------------------------------------------

    def free_text(self, text: str) -> list[dict[str, Any]]:
        match = self.geo.find(text)
        if not isinstance(match, NotFound):
            return self.place(match)
        words = tokens(text)
        if words and len(words) <= _SUGGEST_MAX_TOKENS and any(w in _THANKS for w in words):
            return [wa_content.text(self.t("thanks_reply"))]
        if match.suggestions and len(words) <= _SUGGEST_MAX_TOKENS:
            return [self._suggest(text, match.suggestions)]
        if words and len(words) <= _PLACE_LIKE_MAX_TOKENS \
                and not any(w in _BLOOD_WORDS for w in words) \
                and not all(w.isdigit() for w in words):
            # A short reply in a blood conversation is most likely an answer to "which city?".
            return [wa_content.text(self.t("unknown_place", text=_quote(text)) + "\n"
                                    + self.t("unknown_place_retry"))]
        return [wa_content.text(self.how_to_donate() + "\n\n" + self.t("ask_place"))]

    def _suggest(self, text: str, suggestions: Sequence[Province]) -> dict[str, Any]:
        body = self.t("unknown_place", text=_quote(_place_words(text))) + "\n" + self.t("unknown_place_suggest")
        return wa_content.buttons(
            body, [(PROVINCE_PREFIX + p.code, p.name) for p in suggestions[:3]])

    # ---- points -------------------------------------------------------------------------

    def place(self, match: PlaceMatch) -> list[dict[str, Any]]:
        if isinstance(match, Ambiguous):
            return [self._ambiguous(match)]
        if isinstance(match, NotFound):
            return [self.ask_place()]
        province = match if isinstance(match, Province) else match.province
        in_prov = in_province(self.points, province.plate)
        if not in_prov:
            lat, lon = province.latitude, province.longitude
            ranked = nearest(self.points, lat, lon, NEAREST_LIMIT)
            header = self.t("points_none_in_province", province=self._label(province))
            return self._points_reply(header, [(p, km) for p, km in ranked])
        if isinstance(match, District):
            listed = in_district(self.points, province.plate, match.name)
            inside = any(p.district and self.geo.district(province.plate, p.district) == match
                         for p in listed)
            header = (self.t("points_header_place", place=self._label(match)) if inside else
                      self.t("points_district_fallback", district=match.name,
                             province=self._label(province)))
        else:
            listed = in_prov
            header = self.t("points_header_place", place=self._label(province))
        return self._points_reply(header, [(p, None) for p in listed])

    def nearest_to(self, latitude: float, longitude: float) -> list[dict[str, Any]]:
        ranked = nearest(self.points, latitude, longitude, NEAREST_LIMIT)
        if not ranked:
            return [self.ask_place()]
        return self._points_reply(self.t("points_header_nearest"),
                                  [(p, km) for p, km in ranked])

    def _ambiguous(self, match: Ambiguous) -> dict[str, Any]:
        rows = [wa_content.Row(id=f"{DISTRICT_PREFIX}{d.province.code}.{d.key}",
                               title=f"{d.name} ({d.province.name})")
                for d in match.candidates[:10]]
        return wa_content.list_message(
            self.t("ambiguous", district=match.candidates[0].name),
            self.t("ambiguous_button"), rows)

    def _points_reply(self, header: str,
                      items: Sequence[tuple[DonationPoint, float | None]]) -> list[dict[str, Any]]:
        if not items:
            return [self.ask_place()]
        footer_parts: list[str] = []
        first_km = items[0][1]
        if first_km is not None and first_km > FAR_KM:
            footer_parts.append(self.t("far_note", distance=self._distance(first_km)))
        if any(p.sample for p, _ in items):
            footer_parts.append(self.t("sample_note"))
        footer = "\n\n".join(footer_parts)

        # Budget the body so the whole text fits WhatsApp's limit without being cut mid-point.
        more_reserve = len(self.t("points_more", count=999)) + 2
        budget = wa_content.TEXT_MAX - len(footer) - more_reserve - 4
        blocks: list[str] = [header]
        used = len(header)
        shown = 0
        for point, km in items[:MAX_LISTED_POINTS]:
            block = self._point_text(point, km)
            if used + len(block) + 2 > budget:
                break
            blocks.append(block)
            used += len(block) + 2
            shown += 1
        if shown == 0:  # one absurdly long record: show it cut rather than nothing
            blocks.append(self._point_text(*items[0])[: budget - used - 2])
            shown = 1
        if len(items) > shown:
            blocks.append(self.t("points_more", count=len(items) - shown))
        if footer:
            blocks.append(footer)
        body = "\n\n".join(blocks)

        first = items[0][0]
        pin = wa_content.location(first.latitude, first.longitude,
                                  name=first.name, address=first.address)
        return [wa_content.text(body), pin]

    def _point_text(self, point: DonationPoint, km: float | None) -> str:
        text = self.t("point", name=point.name, address=point.address,
                      hours=point.opening_hours, phone=point.phone)
        if km is not None:
            text += "\n" + self.t("point_distance", distance=self._distance(km))
        return text

    def _distance(self, km: float) -> str:
        if km < 1:
            metres = max(10, int(round(km * 1000, -1)))
            return self.t("distance_m", value=metres)
        value = f"{km:.1f}" if km < 100 else f"{km:.0f}"
        if self.lang == "tr":
            value = value.replace(".", ",")
        return self.t("distance_km", value=value)

    def _label(self, place: Province | District) -> str:
        if isinstance(place, District):
            if self.lang == "ar":
                return f"{place.name}، {place.province.arabic}"
            return f"{place.name}, {place.province.name}"
        if self.lang == "ar" and place.arabic != place.name:
            return f"{place.arabic} ({place.name})"
        return place.name

    def _province_from_code(self, code: str) -> Province | None:
        return self.geo.province_by_plate(int(code)) if code.isdigit() else None


def _place_words(text: str) -> str:
    """The words that could be the place ("izmr" of "kan bagisi izmr"), to quote back."""
    kept = [word for word in text.split() if not any(t in _BLOOD_WORDS for t in tokens(word))]
    return " ".join(kept) or text


def _quote(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= _QUOTE_MAX else one_line[: _QUOTE_MAX - 1] + "…"
