"""Places: country names and codes to ISO 3166 alpha-2, folded city and region, postcodes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

from pipeline.normalize.text import word_key

_COMMON = {
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "u s": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "deutschland": "DE",
    "espana": "ES",
    "españa": "ES",
    "brasil": "BR",
    "italia": "IT",
    "nederland": "NL",
    "schweiz": "CH",
    "suisse": "CH",
    "osterreich": "AT",
    "россия": "RU",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "czech republic": "CZ",
    "vietnam": "VN",
    "turkey": "TR",
    "iran": "IR",
    "taiwan": "TW",
    "bolivia": "BO",
    "venezuela": "VE",
    "uae": "AE",
    "日本": "JP",
    "中国": "CN",
    "한국": "KR",
}


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """ISO 3166 alpha-2 for a country name or code in the forms address books use."""
    if not text:
        return None
    key = word_key(text) or ""
    if key in _COMMON:
        return _COMMON[key]
    if text.strip() in _COMMON:
        return _COMMON[text.strip()]
    try:
        return str(pycountry.countries.lookup(text.strip()).alpha_2)
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(text.strip())
    except LookupError:
        return None
    return str(matches[0].alpha_2) if len(matches) == 1 else None


place_key = lru_cache(maxsize=65536)(word_key)


def first_place(
    addresses: tuple[dict[str, Any], ...],
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(street key, city key, region key, ISO country, postcode) of the first address naming a place."""
    for address in addresses:
        if any(address.get(k) for k in ("street", "city", "country", "postcode")):
            postcode = (address.get("postcode") or "").replace(" ", "").upper() or None
            return (
                place_key(address.get("street")),
                place_key(address.get("city")),
                place_key(address.get("region")),
                country_code(address.get("country")),
                postcode,
            )
    return None, None, None, None, None
