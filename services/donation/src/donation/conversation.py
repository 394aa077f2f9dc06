"""Donation guidance: which part of the staff-edited content answers the citizen.

Every answer is a list message whose body is the part asked for and whose rows lead to the
other parts, so one message both answers and offers the next step. Money questions that need a
look at a payment (receipts, refunds, failed payments) go to a person: the bot cannot see them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from common import wa_content
from common.contracts import DomainRequest
from common.i18n import Language
from common.textnorm import fold, has_arabic_script

from donation.content import DonationContent, LanguageContent
from donation.texts import OFFICIAL_PAGE, TEXTS

Part = Literal["channels", "campaigns", "kurban", "zakat", "receipt"]
PARTS: tuple[Part, ...] = ("channels", "campaigns", "kurban", "zakat", "receipt")
ROW_PREFIX = "donation.v1."

# Folded keywords; a keyword matches a word that starts with it (Turkish adds endings:
# "kurbanımı", "makbuzu"). Arabic ones match inside a word, since Arabic joins "and", "the" etc.
_TOPIC_WORDS: tuple[tuple[Part, tuple[str, ...]], ...] = (
    ("receipt", (
        "makbuz", "iade", "dekont", "fatura", "alindi belgesi", "geri odeme", "odeme basarisiz",
        "basarisiz odeme", "odemem", "odeme hata", "param cekildi", "param kesildi", "cift cekim",
        "receipt", "refund", "failed", "declined", "charged twice", "money back", "chargeback", "invoice",
        "ايصال", "استرداد", "استرجاع", "فشل", "فاتوره",
    )),
    ("kurban", ("kurban", "adak", "vekalet", "qurban", "qurbani", "udhiyah", "sacrifice", "اضحي", "اضاحي", "نذر")),
    ("zakat", ("zekat", "zakat", "zakah", "fitre", "fitir", "زكا", "زكاه", "فطره")),
    ("campaigns", ("kampanya", "campaign", "appeal", "حمله", "حملات")),
)
# Card numbers are 13 to 19 digits, often typed in groups; CVV and expiry words count too. A
# longer run (an IBAN, two phone numbers) is not a card.
_CARD_NUMBER = re.compile(r"(?<!\d)(?<!\d[ \-.])(?:\d[ \-.]?){12,18}\d(?![ \-.]?\d)")
_CARD_WORDS = ("cvv", "cvc", "son kullanma", "kart numar", "kart no", "card number", "expiry", "رمز الامان")


def respond(req: DomainRequest, content: DonationContent) -> list[dict[str, Any]]:
    """The messages for one request; the citizen's text is never repeated back.

    A late message needs no apology here: the router sends it before handing the request over.
    """
    lang = req.language
    body = content.for_language(lang)
    if req.intent == "text" and looks_like_card_data(req.message.text or ""):
        return [
            wa_content.text(TEXTS.get("card.warning", lang, url=OFFICIAL_PAGE)),
            _part_message("channels", body, lang, content.sample),
        ]
    return [_part_message(_part_for(req), body, lang, content.sample)]


def _part_for(req: DomainRequest) -> Part:
    if req.intent == "text":
        return part_for_text(req.message.text or "")
    if req.intent.startswith("button:" + ROW_PREFIX):
        row = req.intent.removeprefix("button:" + ROW_PREFIX)
        for part in PARTS:
            if row == part:
                return part
    # "menu", stale or unknown ids: the channels overview is the general answer.
    return "channels"


def part_for_text(text: str) -> Part:
    """Which part answers a free-text question; receipts first, since those need a person."""
    folded = " " + " ".join(re.findall(r"[^\W_]+", fold(text))) + " "
    for part, words in _TOPIC_WORDS:
        if any(_contains(folded, word) for word in words):
            return part
    return "channels"


def _contains(folded: str, word: str) -> bool:
    if has_arabic_script(word):
        return word in folded
    return " " + word in folded


def looks_like_card_data(text: str) -> bool:
    if _CARD_NUMBER.search(text):
        return True
    folded = fold(text)
    return any(word in folded for word in _CARD_WORDS)


def _part_message(part: Part, body: LanguageContent, lang: Language, sample: bool) -> dict[str, Any]:
    return wa_content.list_message(
        _part_text(part, body, lang) + "\n\n" + TEXTS.get("list.more", lang),
        TEXTS.get("list.button", lang),
        _rows(part, lang),
        footer=TEXTS.get("sample.note", lang) if sample else None,
    )


def _part_text(part: Part, body: LanguageContent, lang: Language) -> str:
    if part == "kurban":
        return body.kurban
    if part == "zakat":
        return body.zakat
    if part == "receipt":
        return body.receipts + "\n\n" + TEXTS.get("handoff", lang)
    if part == "campaigns":
        return body.campaigns_text() if body.campaigns else TEXTS.get("campaigns.empty", lang, url=OFFICIAL_PAGE)
    return body.intro + "\n\n" + body.channels_text()


def _rows(current: Part, lang: Language) -> list[wa_content.Row]:
    return [
        wa_content.Row(ROW_PREFIX + part, TEXTS.get(f"row.{part}", lang), TEXTS.get(f"row.{part}.desc", lang))
        for part in PARTS
        if part != current
    ]
