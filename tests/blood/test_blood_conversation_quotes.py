"""What the blood service quotes back when it cannot find a place."""

from __future__ import annotations

from blood.conversation import _place_words


def test_only_the_place_words_are_quoted_back() -> None:
    assert _place_words("kan bagisi izmr") == "izmr"
    assert _place_words("KAN BAĞIŞI Ankra") == "Ankra"
    assert _place_words("التبرع بالدم في غازي عنتب") == "في غازي عنتب"
    # Nothing but blood words: quote what was written rather than nothing.
    assert _place_words("kan bağışı") == "kan bağışı"
