"""Phone numbers to E.164 with type, region and time zones, from phonenumbers' offline data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed or mobile",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.SHARED_COST: "shared cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


@dataclass(frozen=True)
class Phone:
    """One number as written and, when it is a possible number, its E.164 form and facts."""

    raw: str
    e164: str | None
    extension: str | None
    type: str | None
    region: str | None  # ISO 3166 alpha-2 the number belongs to
    description: str | None  # "Washington State", "Berlin"
    time_zones: tuple[str, ...]
    valid: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "e164": self.e164,
            "extension": self.extension,
            "type": self.type,
            "region": self.region,
            "description": self.description,
            "time_zones": list(self.time_zones),
            "valid": self.valid,
        }


# Validity, type, region, place and time zones follow from a number's leading digits and length,
# so they are worked out once per (country code, first digits, length) and reused.
_PREFIX_DIGITS = 6


@lru_cache(maxsize=65536)
def _facts(
    country_code: int, zeros: int, prefix: str, length: int, sample: int
) -> tuple[bool, str | None, str | None, str | None, tuple[str, ...]]:
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=sample)
    if zeros:  # Italian fixed lines keep their leading zero
        number.italian_leading_zero, number.number_of_leading_zeros = True, zeros
    region = phonenumbers.region_code_for_number(number)
    valid = region is not None and phonenumbers.is_valid_number_for_region(number, region)
    if not valid:
        return False, None, None, None, ()
    # loading the place and time-zone tables takes 0.2 s: only commands that parse numbers pay it
    from phonenumbers import geocoder, timezone

    zones = tuple(z for z in timezone.time_zones_for_number(number) if z != "Etc/Unknown")
    kind = _TYPES.get(phonenumbers.number_type(number))
    return True, kind, region, geocoder.description_for_number(number, "en") or None, zones


@lru_cache(maxsize=262144)
def parse_phone(raw: str, region: str | None) -> Phone:
    """Parse a number as written, in the contact's region; never raises, never drops the input."""
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, (region or "US").upper())
    except phonenumbers.NumberParseException:
        return Phone(raw, None, None, None, None, None, (), False)
    national = str(number.national_number)
    zeros = (number.number_of_leading_zeros or 1) if number.italian_leading_zero else 0
    valid, kind, home, place, zones = _facts(
        number.country_code or 0, zeros, national[:_PREFIX_DIGITS], len(national), number.national_number or 0
    )
    if not valid and not phonenumbers.is_possible_number(number):
        return Phone(raw, None, None, None, None, None, (), False)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(raw, e164, number.extension or None, kind, home, place, zones, valid)


# labels of numbers a whole household answers: sharing one says less than sharing a mobile
HOUSEHOLD_LABELS = frozenset({"home", "house", "landline", "household", "residence", "family"})


def is_household(label: str | None) -> bool:
    return bool(label) and str(label).casefold().strip() in HOUSEHOLD_LABELS


def national_format(e164: str, home: str | None = None) -> str:
    """A number the way people of its country write it; with ``home`` (a region), numbers of
    other countries are written internationally, so someone at home can dial them."""
    number = phonenumbers.parse(e164, None)
    abroad = home is not None and phonenumbers.region_code_for_number(number) != home
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL if abroad else phonenumbers.PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)
