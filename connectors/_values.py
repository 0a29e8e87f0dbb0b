"""Small value parsers shared by the connectors: dates, labels, LinkedIn URLs."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import unquote

_MONTHS = {
    m: i
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
}
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{2}|\d{4})$")
_MON_DAY_YEAR = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # day.month.year, as all of Europe writes it
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? .*)?$")
_LINKEDIN = re.compile(r"(?:^|[/.])linkedin\.com/(?:mwlite/)?(in|pub|company)/([^/?#\s]+)", re.IGNORECASE)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def parse_date(text: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``, or ``--MM-DD`` without a year) from the forms exports use.

    Handles ISO and basic ISO with or without time, ``--MM-DD``, ``05 Nov 2024``,
    ``9-Sep-22``, ``Feb 17, 1998``, European ``12.05.1990`` and US ``M/D/YY[, h:mm AM]``. Returns None when the text
    is no date (callers keep the raw text elsewhere); ``0/0/00`` (Outlook's blank) is None.
    """
    if not text:
        return None
    text = text.strip()
    if match := _ISO.match(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    if match := _NO_YEAR.match(text):
        month, day = int(match[1]), int(match[2])
        return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None
    if match := _DAY_MON_YEAR.match(text):
        named = _MONTHS.get(match[2].lower())
        return _iso(_year(match[3]), named, int(match[1])) if named else None
    if match := _MON_DAY_YEAR.match(text):
        named = _MONTHS.get(match[1].lower())
        return _iso(_year(match[3]), named, int(match[2])) if named else None
    if match := _DOTTED.match(text):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    if match := _SLASHED.match(text):
        return _iso(_year(match[3]), int(match[1]), int(match[2]))
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def linkedin_slug(url: str | None) -> str | None:
    """The profile slug of a LinkedIn URL in any of its forms, percent-decoded and lower-cased."""
    if not url:
        return None
    match = _LINKEDIN.search(url.strip())
    if not match:
        return None
    slug = unquote(match[2]).strip().casefold()
    if match[1].lower() == "company":
        slug = f"company/{slug}"
    return slug or None


def clean_label(label: str | None) -> str | None:
    """A value's label as the user would say it: ``* Home`` -> ``home``, Apple's ``_$!<Mobile>!$_`` -> ``mobile``."""
    if not label:
        return None
    text = label.strip().lstrip("*").strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        text = text[4:-4]
    text = text.casefold()
    return text or None
