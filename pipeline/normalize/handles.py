"""Names as a record's own handles spell them: its LinkedIn profile slug and its e-mail addresses.

People build handles from their names ("kakao-vasrovbripol-426", "liam.ashlorensel3230@"), and
a handle is mostly copied, where a name in a phone book is typed by hand. So where a
record's name is an initial ("K. Vasrovbripol") or lacks its family name ("Liam"), matching
compares the name its handle spells; where the two are one slip of a key apart ("Ltam
Ashlorensel", liamashlorensel@), the spelling more records write. The name as written stays what
the record shows and what merge keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pipeline.normalize.names import given_initials, known_given, one_slip
from pipeline.normalize.text import word_key

_SEPARATORS = re.compile(r"[^a-z0-9]+")
# words in handles that are no name: titles, and what shared addresses are called
_NOT_A_NAME = frozenset(
    "mba phd md cpa cfa cfp pmp jr sr dr mr mrs ms esq the family home info office mail team contact work".split()
)


def name_words(handle: str) -> list[str]:
    """The name words of a handle, in order, without ids ("17e42"), numbers after a name
    ("ashlorensel3230"), titles or initials."""
    # word_key's folding, where a plain ASCII handle (nearly every one) needs none
    key = _SEPARATORS.sub(" ", handle.lower().replace("'", "")) if handle.isascii() else word_key(handle) or ""
    letters = (word.rstrip("0123456789") for word in key.split())
    return [word for word in letters if len(word) > 1 and word.isalpha() and word not in _NOT_A_NAME]


def handles(slug: str | None, addresses: Iterable[str]) -> Iterator[str]:
    """A record's handles, as they are asked for: its profile slug first, then each address's
    local part without a +tag."""
    if slug and not slug.startswith("company/"):
        yield slug
    for address in addresses:
        yield address.rsplit("@", 1)[0].split("+", 1)[0]


def _readings(words: list[str], given: str, family: str) -> Iterator[tuple[str, str]]:
    """(given, family) as the handle may spell them, either way round. One run-together word
    ("liamashlorensel") is split where the record's own family or given name begins or ends it."""
    if len(words) >= 2:
        # a profile id of letters only ("fdeb") looks like one more word
        for name in (words, words[:-1]) if len(words) > 2 else (words,):
            yield name[0], "".join(name[1:])
            yield "".join(name[1:]), name[0]
        return
    (word,) = words
    for part, as_family in ((family, True), (given, False)):
        if len(part) < 2 or len(word) < len(part) + 2:
            continue
        rest = word[len(part) :] if word.startswith(part) else word[: -len(part)] if word.endswith(part) else None
        if rest:
            yield (rest, part) if as_family else (part, rest)


def _named_by(texts: Iterable[str]) -> tuple[str, str, bool] | None:
    """For a record with no name at all (an address a mail client collected), the name the first
    handle of two name words spells, the first a given name people go by: john.doe@ is John Doe,
    while sales.team@ and info@ spell no one."""
    for text in texts:
        words = name_words(text)
        if len(words) == 2 and known_given(words[0]):
            return words[0], words[1], False
    return None


def spelled(given_key: str | None, family_key: str | None, texts: Iterable[str]) -> tuple[str, str, bool] | None:
    """(given key, family key, whether a slip was corrected) as the first of the handles
    ``texts`` that spells the same person's name spells them, or None when none does or it
    spells the name as written.

    A handle spells the same person's name when it fills in the written given initial or the
    missing family name, or corrects one slip in one of the two names, and otherwise agrees.
    Which of a name and its handle holds the slip, the caller judges (see ``normalize``).
    """
    given = (given_key or "").replace(" ", "")
    family = (family_key or "").replace(" ", "")
    if not given:
        return None if family else _named_by(texts)
    for text in texts:
        handle = name_words(text)
        if not handle:
            continue
        for spelled_given, spelled_family in _readings(handle, given, family):
            if len(spelled_given) < 2 or len(spelled_family) < 2:
                continue
            if (spelled_given, spelled_family) == (given, family):
                return None  # the handle spells the name as written
            initial = len(given) == 1 and given in given_initials(spelled_given)
            given_fits = spelled_given == given or initial or one_slip(given, spelled_given)
            # a name run together with another word ("annabelle@") is no family name for "Anna"
            filled = not family and spelled_given == given and len(handle) > 1
            family_fits = spelled_family == family or one_slip(family, spelled_family) or filled
            slips = (spelled_given != given and not initial) + (bool(family) and spelled_family != family)
            if given_fits and family_fits and slips <= 1:
                return (
                    (given_key or given) if spelled_given == given else spelled_given,
                    (family_key or family) if spelled_family == family else spelled_family,
                    slips == 1,
                )
    return None
