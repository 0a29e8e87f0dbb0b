"""Map the headers of any contact CSV onto the canonical record.

Known layouts (Google old and new, Outlook, Thunderbird, Yahoo) are covered by patterns and a
synonym table; other headers are matched fuzzily (rapidfuzz) against the synonyms, and
columns whose header says nothing are recognised from their values (e-mails, phone numbers,
LinkedIn URLs). Whatever maps nowhere goes to ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from connectors._table import Slot

FUZZY_CUTOFF = 88
_WORDS = re.compile(r"[^0-9a-z]+")
_E_MAIL = re.compile(r"\be mail\b")
_NUMBERED = re.compile(r"(?<=[a-z])(?=\d)")  # "Address1" is "address 1"
_COUNTED = re.compile(r" \d+$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
# below this length a header is an abbreviation, and one letter decides it: "fname" is not "name"
_FUZZY_MIN_LENGTH = 6
_EMAIL_VALUE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_VALUE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_PHONE_VALUE = re.compile(r"^[+(]?[\d\s().\-/]{6,}(?:\s*(?:x|ext\.?)\s*\d+)?$", re.IGNORECASE)

_NAME = {
    "name": "full_name",
    "full name": "full_name",
    "display name": "full_name",
    "fullname": "full_name",
    "contact name": "full_name",
    "contact": "full_name",
    "file as": None,
    "first name": "given_name",
    "first": "given_name",
    "given name": "given_name",
    "firstname": "given_name",
    "fname": "given_name",
    "forename": "given_name",
    "vorname": "given_name",
    "prenom": "given_name",
    "last name": "family_name",
    "last": "family_name",
    "surname": "family_name",
    "family name": "family_name",
    "lastname": "family_name",
    "lname": "family_name",
    "nachname": "family_name",
    "nom": "family_name",
    "middle name": "additional_names",
    "middle": "additional_names",
    "additional name": "additional_names",
    "middle names": "additional_names",
    "middle initial": "additional_names",
    "mname": "additional_names",
    "mi": "additional_names",
    "name prefix": "prefix",
    "prefix": "prefix",
    "salutation": "prefix",
    "honorific": "prefix",
    "name suffix": "suffix",
    "suffix": "suffix",
    "nickname": "nickname",
    "nick name": "nickname",
    "short name": "nickname",
    "nick": "nickname",
    "preferred name": "nickname",
    "preferred first name": "nickname",
    "known as": "nickname",
    "goes by": "nickname",
    "company": "organization",
    "company name": "organization",
    "organization": "organization",
    "organisation": "organization",
    "organization name": "organization",
    "organisation name": "organization",
    "org name": "organization",
    "employer": "organization",
    "business name": "organization",
    "companies": "organization",
    "org": "organization",
    "firma": "organization",
    "business": "organization",
    "title": "title",
    "job title": "title",
    "jobtitle": "title",
    "position": "title",
    "role": "title",
    "occupation": "title",
    "organization title": "title",
    "designation": "title",
    "job": "title",
    "profession": "title",
    "headline": "title",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    "comment": "notes",
    "memo": "notes",
    "description": "notes",
    "remarks": "notes",
}
_OTHER: dict[str, Slot | None] = {
    "birthday": Slot("birthday"),
    "birth date": Slot("birthday"),
    "date of birth": Slot("birthday"),
    "dob": Slot("birthday"),
    "birthdate": Slot("birthday"),
    "bday": Slot("birthday"),
    "geburtstag": Slot("birthday"),
    "anniversaire": Slot("birthday"),
    "cumpleanos": Slot("birthday"),
    "birth year": Slot("birthday", part="year"),
    "year of birth": Slot("birthday", part="year"),
    "yob": Slot("birthday", part="year"),
    "birth month": Slot("birthday", part="month"),
    "birth day": Slot("birthday", part="day"),
    "connected on": Slot("connected_on"),
    "date connected": Slot("connected_on"),
    "web page": Slot("url"),
    "webpage": Slot("url"),
    "website": Slot("url"),
    "url": Slot("url"),
    "homepage": Slot("url"),
    "home page": Slot("url"),
    "personal web page": Slot("url"),
    "personal website": Slot("url"),
    "business website": Slot("url"),
    "web site": Slot("url"),
    "sites": Slot("url", split=","),
    "web": Slot("url"),
    "linkedin": Slot("linkedin_url"),
    "linkedin url": Slot("linkedin_url"),
    "linkedin profile": Slot("linkedin_url"),
    "profile url": Slot("linkedin_url"),
    "linkedin profile url": Slot("linkedin_url"),
    "profiles": Slot("url", split=","),
    "categories": Slot("tags", split=";"),
    "category": Slot("tags", split=";"),
    "labels": Slot("tags", split=";"),
    "group membership": Slot("tags", split=";"),
    "groups": Slot("tags", split=";"),
    "tags": Slot("tags", split=","),
    "group": Slot("tags", split=";"),
    "mobile": Slot("phone", "mobile"),
    "cell": Slot("phone", "mobile"),
    "pager": Slot("phone", "pager"),
    "fax": Slot("phone", "fax"),
    "handy": Slot("phone", "mobile"),
    # identifiers are not contact fields: kept in extra, never recognised from their values
    "id": None,
    "uid": None,
    "rec id": None,
    "record id": None,
    "contact id": None,
    "customer id": None,
    "ssn": None,
    "soc sec id": None,
    "social security number": None,
    "tax id": None,
    "account": None,
    # known columns that must not be recognised from their values
    "email display name": None,
    "email type": None,
    "email 2 display name": None,
    "email 3 display name": None,
}
SYNONYMS: dict[str, Slot | None] = {k: (Slot(v) if v else None) for k, v in _NAME.items()} | _OTHER

_GOOGLE = re.compile(r"^(email|phone|address|organization|website|im|relation|event|custom field) (\d+) (.+)$")
_GOOGLE_ADDRESS = {
    "type": "label",
    "label": "label",
    "formatted": "formatted",
    "street": "street",
    "city": "city",
    "po box": "pobox",
    "region": "region",
    "postal code": "postcode",
    "country": "country",
    "extended address": "extended",
}
_ADDRESS = re.compile(
    r"^(home|business|work|other|office|mailing|postal)? ?(address|addr|street|street 2|street 3|address 1|"
    r"address 2|addr 1|addr 2|address line 1|address line 2|street address|street number|house number|city|town|"
    r"suburb|locality|state|province|region|county|postal code|postal|postcode|zip|zip code|zipcode|country|"
    r"country region|address po box|po box)$"
)
_ADDRESS_PART = {
    "address": "street",
    "street": "street",
    "street 2": "street2",
    "street 3": "street3",
    "address 1": "street",
    "address 2": "street2",
    "addr": "street",
    "addr 1": "street",
    "addr 2": "street2",
    "street number": "number",
    "house number": "number",
    "suburb": "city",
    "locality": "city",
    "address line 1": "street",
    "street address": "street",
    "postal": "postcode",
    "address line 2": "street2",
    "city": "city",
    "town": "city",
    "state": "region",
    "province": "region",
    "region": "region",
    "county": "region",
    "postal code": "postcode",
    "postcode": "postcode",
    "zip": "postcode",
    "zip code": "postcode",
    "zipcode": "postcode",
    "country": "country",
    "country region": "country",
    "address po box": "pobox",
    "po box": "pobox",
}
_PHONE = re.compile(
    r"^(home|business|work|other|primary|company main|main|car|mobile|cell|assistant s|radio|"
    r"callback|pager|isdn|telex|tty tdd|personal|office|direct)? ?(phone|fax|number|tel|telephone|"
    r"phone number|fax number|telephone number)(?: (\d+))?$"
)
_EMAIL = re.compile(
    r"^(primary|secondary|work|home|personal|business|other|alternate)? ?(?:email|mail|email address)"
    r"(?: (\d+))?(?: ?address)?$"
)
_LABELS = {
    "business": "work",
    "office": "work",
    "cell": "mobile",
    "company main": "main",
    "assistant s": "assistant",
    "primary": "pref",
    "tty tdd": "tty",
    "secondary": None,
    "alternate": None,
}


def normalize_header(header: str) -> str:
    """Lower-case words only: ``E-mail 2 Address`` -> ``email 2 address``, ``Phone2`` -> ``phone 2``."""
    words = _WORDS.sub(" ", _NUMBERED.sub(" ", header.casefold())).strip()
    return _E_MAIL.sub("email", words)


def _keys(header: str) -> list[str]:
    """The header's key, then the key of its words when it is written in camelCase (``middleInitial``),
    then the key without the number that tells a second column of its kind (``Mobile 2``)."""
    keys = [normalize_header(header)]
    keys.append(normalize_header(_CAMEL.sub(" ", header)))
    keys.append(_COUNTED.sub("", keys[0]))
    return list(dict.fromkeys(keys))


def _label(word: str | None) -> str | None:
    if not word:
        return None
    return _LABELS.get(word, word)


_KNOWN_EXTRA = Slot("extra")  # a column we recognise and deliberately keep in ``extra``


def _pattern_slot(key: str) -> Slot | None:
    if match := _GOOGLE.match(key):
        kind, number, part = match.groups()
        group = f"{kind} {number}"
        if kind in ("email", "phone"):
            if part in ("type", "label"):
                return Slot(f"{kind}_label", group=group)
            if part == "address":  # Outlook's "E-mail 2 Address"
                return Slot(kind)
            return Slot(kind, group=group) if part == "value" else _KNOWN_EXTRA
        if kind == "address" and part in _GOOGLE_ADDRESS:
            return Slot("address", group=group, part=_GOOGLE_ADDRESS[part])
        if kind == "organization" and part in ("name", "title"):
            return Slot("organization" if part == "name" else "title")
        if kind == "website" and part == "value":
            return Slot("url")
        return _KNOWN_EXTRA
    if match := _ADDRESS.match(key):
        prefix, part = match.groups()
        label = _label(prefix)
        return Slot("address", label=label, group=label or "address", part=_ADDRESS_PART[part])
    if match := _PHONE.match(key):
        prefix, kind, _ = match.groups()
        label = _label(prefix)
        if "fax" in kind:
            label = f"{label} fax" if label else "fax"
        return Slot("phone", label=label)
    if match := _EMAIL.match(key):
        return Slot("email", label=_label(match.group(1)))
    return None


def header_slot(header: str) -> tuple[Slot | None, str]:
    """The slot a header maps to and how it was found: ``exact``, ``pattern``, ``fuzzy`` or ``none``."""
    keys = _keys(header)
    for key in keys:
        if key in SYNONYMS:
            return SYNONYMS[key], "exact"
        slot = _pattern_slot(key)
        if slot is _KNOWN_EXTRA:
            return None, "known"
        if slot is not None:
            return slot, "pattern"
    key = keys[0]
    if len(key) < _FUZZY_MIN_LENGTH:
        return None, "none"
    match = process.extractOne(key, SYNONYMS.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if match is not None and SYNONYMS[match[0]] is not None:
        return SYNONYMS[match[0]], "fuzzy"
    return None, "none"


def _phone_like(value: str) -> bool:
    """Written like a phone number: a + or separators, or at least nine digits (not a bare ID)."""
    digits = sum(c.isdigit() for c in value)
    return digits >= 6 and (value.startswith(("+", "(")) or digits >= 9 or any(c in value for c in " -./"))


def value_slot(values: Sequence[str]) -> Slot | None:
    """Recognise a column from its values when its header says nothing."""
    sample = [v.strip() for v in values if v.strip()][:200]
    if len(sample) < 1:
        return None
    need = max(1, int(len(sample) * 0.9))
    if sum(1 for v in sample if _EMAIL_VALUE.match(v)) >= need:
        return Slot("email")
    if sum(1 for v in sample if "linkedin.com/" in v.casefold()) >= need:
        return Slot("linkedin_url")
    if sum(1 for v in sample if _PHONE_VALUE.match(v) and not _DATE_VALUE.match(v) and _phone_like(v)) >= need:
        return Slot("phone")
    return None


def map_headers(header: Sequence[str], columns: Sequence[Sequence[str]]) -> tuple[list[Slot | None], list[str]]:
    """A slot (or None for ``extra``) per column, and how each was found (values: column-wise)."""
    found = [header_slot(h) for h in header]
    slots = [slot for slot, _ in found]
    how = [method for _, method in found]
    keys = [normalize_header(h) for h in header]
    # Outlook's "Title" is the name prefix when a job title column exists beside it ("Title 2" is
    # a second title, not a job title column)
    if "title" in keys and any(
        s is not None and s.field == "title" and _COUNTED.sub("", k) != "title" for s, k in zip(slots, keys)
    ):
        slots[keys.index("title")] = Slot("prefix")
    # Thunderbird/Outlook "Home Address" is the formatted address when a street column exists too
    for i, slot in enumerate(slots):
        if slot is not None and slot.field == "address" and keys[i].endswith("address") and slot.part == "street":
            if any(
                s is not None and s.group == slot.group and s.part == "street" and j != i for j, s in enumerate(slots)
            ):
                slots[i] = Slot("address", label=slot.label, group=slot.group, part="formatted")
    for i, (slot, method) in enumerate(zip(slots, how)):
        if slot is None and method == "none":
            guessed = value_slot(columns[i][:500] if i < len(columns) else [])
            if guessed is not None:
                slots[i], how[i] = guessed, "values"
    return slots, how
