"""Person names: decorations removed, parts parsed, folded keys, nickname and phonetic keys."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from anyascii import anyascii
from doublemetaphone import doublemetaphone
from nameparser import HumanName
from nicknames import NickNamer
from rapidfuzz.distance import OSA

from pipeline.normalize.text import word_key

# Credentials people append to their LinkedIn names: "Jordan Blake, CFP®", "Ana Souza MBA"
CREDENTIALS = frozenset(
    "mba cfp cpa cfa phd md dds dmd do rn np pa jd esq esquire pmp pe ma ms msc bsc ba bs mfa "
    "cissp shrm shrm-cp shrm-scp sphr phr ccie csm cpc lcsw lmft lpc psyd edd dvm od pharmd "
    "chfc clu cima aif ea crpc cfe cia cisa acca aca fca ricm cmt frm caia cpwa".split()
)
GENERATIONS = {
    "jr": "jr",
    "junior": "jr",
    "sr": "sr",
    "senior": "sr",
    "ii": "ii",
    "iii": "iii",
    "iv": "iv",
    "v": "v",
    "2nd": "ii",
    "3rd": "iii",
}
_PRONOUNS = re.compile(r"\((?:she|he|they|ze|xe)[/ ]\w+(?:[/ ]\w+)?\)", re.IGNORECASE)
# an e-mail or web address written into the name field ("Jane Roe <jane@roe.com>", or the
# address alone, as mail clients save a contact they only know by its address)
_ADDRESSES = re.compile(
    r"[<(\[]?\s*(?:[^\s<>()\[\]@]+@[^\s<>()\[\]@.]+\.[^\s<>()\[\]@]+|https?://\S+|www\.\S+)\s*[>)\]]?",
    re.IGNORECASE,
)
_TRADEMARKS = re.compile("[®™©]")
_SPACES = re.compile(r"\s+")
_HAS_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


@dataclass(frozen=True)
class Name:
    """A cleaned, parsed name and the keys matching uses."""

    display: str | None
    given: str | None
    middle: str | None
    family: str | None
    prefix: str | None
    suffix: str | None
    credentials: tuple[str, ...]
    generation: str | None  # jr / sr / ii / iii: different people when they differ
    given_key: str | None
    given_canonical: str | None
    family_key: str | None
    family_phonetic: str | None
    name_key: str | None
    sorted_key: str | None  # tokens sorted: survives swapped given and family names
    # each written-out part's sound with the other part's initial ("SLNLN r" for Rovskuo
    # Sellinhallin): "Sellinhallin, R." written the other way round shares one
    sound_initials: tuple[str, ...]


def _is_decoration(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cs", "Co", "Cn") or 0xFE00 <= ord(ch) <= 0xFE0F or ord(ch) == 0x200D


def strip_decorations(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove headlines after "|", e-mail and web addresses, emoji, pronouns and trademark signs;
    split off trailing credentials. A text with no letter left (an address, a phone number) is no name.

    Returns the cleaned name and the credentials found ("MBA", "CFP").
    """
    text = _ADDRESSES.sub(" ", text)
    text = text.split("|", 1)[0]  # "Lena Park | Career Coach": a headline, not a name
    if not any(ch.isalpha() for ch in text):
        return "", ()  # a phone number, or nothing left but punctuation: no name
    text = _PRONOUNS.sub(" ", text)
    text = _TRADEMARKS.sub("", text)
    text = "".join(" " if _is_decoration(ch) else ch for ch in text)
    text = _SPACES.sub(" ", text).strip(" ,|-–—")
    if len(text) > 1 and text[0] in "\"“'" and text[-1] in "\"”'":
        text = text[1:-1].strip()  # '"Jane Roe" <jane@roe.com>', as mail headers quote a name
    credentials: list[str] = []
    tokens = re.split(r"(,|\s)", text)
    # walk back from the end while the tokens are credentials or separators
    while tokens:
        token = tokens[-1].strip(" ,.")
        if not token:
            tokens.pop()
            continue
        if token.casefold().replace(".", "") in CREDENTIALS and len(tokens) > 2:
            credentials.insert(0, token)
            tokens.pop()
            continue
        break
    return "".join(tokens).strip(" ,"), tuple(credentials)


@cache
def _curated() -> dict[str, str]:
    text = files("pipeline.data").joinpath("nicknames.csv").read_text(encoding="utf-8")
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {nick: formal for nick, formal in rows}


@cache
def _namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=65536)
def canonical_given(key: str | None) -> str | None:
    """The formal form of a given name (bob -> robert, liz -> elizabeth); the name itself otherwise."""
    if not key:
        return None
    first, _, rest = key.partition(" ")
    formal = _curated().get(first)
    if formal is None:
        # the nicknames dataset links many formal names to each other (maria -> marietta) and lists
        # formal names under their own nicknames (susan under sue, andrew under andrea): only an
        # unambiguous nickname is resolved, and a name with nicknames of its own is formal already
        candidates = _namer().canonicals_of(first)
        formal = next(iter(candidates)) if len(candidates) == 1 else first
        if len(_namer().nicknames_of(first)) >= 2 or len(formal) < len(first):
            formal = first  # a nickname is shorter than its formal name
    return f"{formal} {rest}" if rest else formal


@lru_cache(maxsize=65536)
def known_given(key: str) -> bool:
    """Whether a given name (a key) is one the nickname tables know, as a nickname or a formal
    name: John and Jen are, "sales" and "support" are not."""
    curated = _curated()
    namer = _namer()
    return key in curated or key in curated.values() or bool(namer.nicknames_of(key) or namer.canonicals_of(key))


@cache
def _census_names() -> frozenset[str]:
    text = files("pipeline.data").joinpath("person_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_person_name(word: str) -> bool:
    """Whether a folded word is a common given or family name (the census lists), or a given name
    the nickname tables know."""
    return word in _census_names() or known_given(word)


@lru_cache(maxsize=65536)
def formal_names(key: str) -> frozenset[str]:
    """The formal names a given name (a key) may stand for: itself, its formal name, and every
    formal name the nickname tables list it under, however many (Ted: Edward, Theodore, Edmund)."""
    return frozenset({key, canonical_given(key) or key, *_namer().canonicals_of(key)})


@lru_cache(maxsize=65536)
def given_forms(key: str) -> frozenset[str]:
    """The forms a person of this given name may go by: the name, its formal name and the formal
    name's nicknames (Anthony, Tony; Michael, Mike)."""
    formal = canonical_given(key) or key
    shorts = {nick for nick, full in _curated().items() if full == formal} | _namer().nicknames_of(formal)
    return frozenset(name for name in (key, formal, *shorts) if name)


@lru_cache(maxsize=65536)
def given_initials(key: str) -> frozenset[str]:
    """The first letters a person of this given name may sign with: the name's, its formal
    name's and its nicknames' (Anthony: a, t for Tony)."""
    return frozenset(name[:1] for name in given_forms(key))


def one_slip(written: str, meant: str) -> bool:
    """One letter typed wrong, left out, added or swapped with its neighbour, past the first, in
    a word of four letters or more ("Mkie" for Mike)."""
    return min(len(written), len(meant)) >= 4 and written[0] == meant[0] and OSA.distance(written, meant) == 1


@lru_cache(maxsize=65536)
def phonetic(key: str | None) -> str | None:
    """Double Metaphone of a family key, transliterated first so any script gets a code."""
    if not key:
        return None
    latin = anyascii(key).lower()
    code = doublemetaphone(latin.replace(" ", ""))[0]
    return code or latin.replace(" ", "") or None


@lru_cache(maxsize=65536)
def _parse(full: str) -> tuple[str, str, str, str, str]:
    parsed = HumanName(full)
    return parsed.title, parsed.first, parsed.middle, parsed.last, parsed.suffix


def _generation(*texts: str | None) -> str | None:
    for text in texts:
        for word in (text or "").replace(",", " ").replace(".", " ").split():
            if word.casefold() in GENERATIONS:
                return GENERATIONS[word.casefold()]
    return None


@lru_cache(maxsize=131072)
def parse_name(
    full: str | None,
    given: str | None = None,
    middle: str | None = None,
    family: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Name:
    """Clean and complete a name from whatever the source gave: a full name, parts, or both."""
    credentials: list[str] = []
    cleaned: dict[str, str | None] = {}
    for key, value in (("full", full), ("given", given), ("middle", middle), ("family", family)):
        if value:
            text, found = strip_decorations(value)
            credentials.extend(found)
            cleaned[key] = text or None
        else:
            cleaned[key] = None
    full, given, middle, family = cleaned["full"], cleaned["given"], cleaned["middle"], cleaned["family"]
    if not (given or family) and full and _HAS_LATIN.search(full):
        prefix_p, given_p, middle_p, family_p, suffix_p = _parse(full)
        prefix, given, middle, family = prefix or prefix_p or None, given_p or None, middle_p or None, family_p or None
        suffix = suffix or suffix_p or None
        if "," in full:  # "Smith, John" reads better as "John Smith"
            full = None
    elif given and not middle and " " in given and _HAS_LATIN.search(given):
        # LinkedIn puts middle initials into the first name: "Rowan S."
        first, rest = given.split(" ", 1)
        if word_key(first) and all(len(part.strip(".")) == 1 and part[0].isalpha() for part in rest.split()):
            given, middle = first, rest
    if family and not suffix:
        generation_word = family.rsplit(" ", 1)[-1]
        if " " in family and generation_word.casefold().strip(".") in GENERATIONS:
            family, suffix = family.rsplit(" ", 1)[0], generation_word
    display = full or " ".join(p for p in (prefix, given, middle, family, suffix) if p) or None
    if suffix:
        kept = [s for s in re.split(r"[,\s]+", suffix) if s]
        credentials.extend(s for s in kept if s.casefold().strip(".") in CREDENTIALS)
    elif credentials:
        # "Ana Chen, DDS": the credentials are the name's suffix (vCard's honorific suffixes), as a
        # source with a suffix field would have given them; the name shows without them
        suffix = ", ".join(dict.fromkeys(credentials))
    return Name(
        display=display,
        given=given,
        middle=middle,
        family=family,
        prefix=prefix,
        suffix=suffix,
        credentials=tuple(dict.fromkeys(credentials)),
        generation=_generation(suffix, full, family),
        **_keys(word_key(given), word_key(family), display),
    )


def whole_key(given_key: str | None, family_key: str | None, display: str | None) -> str | None:
    """The key of a whole name: its given and family keys, else its folded display."""
    if given_key or family_key:
        return " ".join(k for k in (given_key, family_key) if k)
    return word_key(display)


def _keys(given_key: str | None, family_key: str | None, display: str | None) -> dict[str, Any]:
    whole = whole_key(given_key, family_key, display)
    return {
        "given_key": given_key,
        "given_canonical": canonical_given(given_key),
        "family_key": family_key,
        "family_phonetic": phonetic(family_key),
        "name_key": whole,
        "sorted_key": " ".join(sorted(whole.split())) if whole else None,
        "sound_initials": _sound_initials(given_key, family_key),
    }


def with_keys(name: Name, given_key: str | None, family_key: str | None) -> Name:
    """The name with the keys matching compares made from other given and family keys (see
    ``handles.spelled``); what the name shows stays as written."""
    if (given_key, family_key) == (name.given_key, name.family_key):
        return name
    return replace(name, **_keys(given_key, family_key, name.display))


def _sound_initials(given_key: str | None, family_key: str | None) -> tuple[str, ...]:
    if not (given_key and family_key):
        return ()
    keys = (f"{phonetic(part)} {other[0]}" for part, other in ((family_key, given_key), (given_key, family_key)))
    written_out = (key for key, part in zip(keys, (family_key, given_key)) if len(part) > 1)
    return tuple(dict.fromkeys(written_out))
