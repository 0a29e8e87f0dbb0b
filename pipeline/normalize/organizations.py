"""Company names without legal suffixes, titles and web addresses in one canonical form."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from cleanco import basename

from connectors._values import linkedin_slug
from pipeline.normalize.text import word_key

_SPACES = re.compile(r"\s+")
_NOISE = re.compile(r"^(?:the)\s+|\s+(?:the)$", re.IGNORECASE)


@lru_cache(maxsize=131072)
def organization(name: str | None) -> tuple[str | None, str | None]:
    """The name without legal form ("Acme, Inc." -> "Acme") and its folded key ("acme")."""
    if not name:
        return None, None
    text = _SPACES.sub(" ", name).strip()
    # cleanco strips one legal form per call; "Acme Holdings, Inc." may carry two
    cleaned = basename(basename(text)).strip(" ,.-&") or text
    cleaned = _NOISE.sub("", cleaned).strip() or cleaned
    return cleaned, word_key(cleaned.replace("&", " and "))


@lru_cache(maxsize=131072)
def title_key(title: str | None) -> str | None:
    return word_key(title)


@lru_cache(maxsize=131072)
def canonical_url(url: str) -> str | None:
    """https, lower-case host without ``www.``, no trailing slash, no tracking query."""
    text = url.strip()
    if not text:
        return None
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        return None
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    query = "&".join(q for q in parts.query.split("&") if q and not q.startswith(("utm_", "trk")))
    return f"https://{host}{path}" + (f"?{query}" if query else "")


def profile_slug(linkedin_url: str | None, urls: tuple[str, ...]) -> str | None:
    """The LinkedIn profile slug from the LinkedIn URL, else from any other URL the record has."""
    for url in (linkedin_url, *urls):
        slug = linkedin_slug(url)
        if slug and not slug.startswith("company/"):
            return slug
    return None
