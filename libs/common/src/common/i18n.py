"""Per-language text catalogues (tr, ar, en) that every service keeps for citizens.

A service keeps its texts in one module as `{key: {"tr": ..., "ar": ..., "en": ...}}` and wraps
it in a `Catalogue`; `Catalogue.missing()` is what the test suite checks to fail on a gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Language = Literal["tr", "ar", "en"]
LANGUAGES: tuple[Language, ...] = ("tr", "ar", "en")
DEFAULT_LANGUAGE: Language = "tr"


class Catalogue:
    def __init__(self, texts: Mapping[str, Mapping[str, str]]) -> None:
        self._texts = texts

    def keys(self) -> list[str]:
        return list(self._texts)

    def missing(self) -> list[str]:
        """`key/lang` for every text that is absent or blank in some language."""
        return [
            f"{key}/{lang}"
            for key, by_lang in self._texts.items()
            for lang in LANGUAGES
            if not by_lang.get(lang, "").strip()
        ]

    def get(self, key: str, lang: Language, **params: object) -> str:
        """The text in `lang` with `{params}` filled in; KeyError for an unknown key."""
        text = self._texts[key][lang]
        return text.format(**params) if params else text
