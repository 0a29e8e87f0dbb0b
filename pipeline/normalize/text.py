"""The one folding rule for words that matching compares: names, companies, titles, places."""

from __future__ import annotations

import re

from connectors.schema import fold_key

_APOSTROPHES = re.compile("['’`´]")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def word_key(text: str | None) -> str | None:
    """Folded words without punctuation: "García-López" -> "garcia lopez", "O'Brien" -> "obrien"."""
    if not text:
        return None
    key = _SPACES.sub(" ", _NOT_WORD.sub(" ", _APOSTROPHES.sub("", fold_key(text)))).strip()
    return key or None
