"""Normalization: one entry point, ``normalize(records, region=...)``, adding ``norm_*`` columns.

Everything runs offline from the libraries' own data, and no canonical column is changed: the
original values stay where the connector put them, the normalized ones sit beside them.
"""

from __future__ import annotations

import locale
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.cycles import without_cycle_collection
from pipeline.normalize import emails, names, organizations, phones, places
from pipeline.normalize.emails import parse_email
from pipeline.normalize.handles import handles, spelled
from pipeline.normalize.names import Name, parse_name, with_keys
from pipeline.normalize.organizations import canonical_url, organization, profile_slug, title_key
from pipeline.normalize.phones import is_household, parse_phone
from pipeline.normalize.places import first_place

__all__ = ["NORMALIZED_COLUMNS", "clear_caches", "default_region", "normalize"]

NORMALIZED_COLUMNS = (
    "norm_name",
    "norm_given",
    "norm_middle",
    "norm_family",
    "norm_prefix",
    "norm_suffix",
    "norm_credentials",
    "norm_generation",
    "norm_given_key",
    "norm_given_canonical",
    "norm_family_key",
    "norm_family_phonetic",
    "norm_name_key",
    "norm_name_sorted",
    "norm_sound_initials",
    "norm_emails",
    "norm_email_keys",
    "norm_email_domains",
    "norm_emails_invalid",
    "norm_email_item_keys",
    "norm_company_hint",
    "norm_phones",
    "norm_household_phones",
    "norm_phone_info",
    "norm_phones_invalid",
    "norm_phone_item_keys",
    "norm_org",
    "norm_org_key",
    "norm_title_key",
    "norm_linkedin_slug",
    "norm_urls",
    "norm_street",
    "norm_city",
    "norm_region",
    "norm_country",
    "norm_country_source",
    "norm_postcode",
)


# the normalized columns made from a name's keys, which a handle may correct
_KEY_FIELDS = {
    "norm_given_key": "given_key",
    "norm_given_canonical": "given_canonical",
    "norm_family_key": "family_key",
    "norm_family_phonetic": "family_phonetic",
    "norm_name_key": "name_key",
    "norm_name_sorted": "sorted_key",
    "norm_sound_initials": "sound_initials",
}


def _key_columns(name: Name) -> dict[str, Any]:
    return {column: getattr(name, field) for column, field in _KEY_FIELDS.items()}


def clear_caches() -> None:
    """Empty the caches of per-value results (parsed names, numbers, addresses…). They serve one
    batch of records, where values repeat; kept afterwards, a million records' worth of them
    would hold hundreds of megabytes. The unbounded caches hold loaded reference data and stay."""
    for module in (emails, names, organizations, phones, places):
        for function in vars(module).values():
            parameters = getattr(function, "cache_parameters", None)
            if parameters and parameters()["maxsize"] is not None:
                function.cache_clear()


def default_region() -> str:
    """The region numbers without a country code belong to: the locale's country, else US."""
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    country = name.split("_")[1][:2] if "_" in name else ""
    return country.upper() if len(country) == 2 and country.isalpha() else "US"


def _unique(values: list[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _normalize_one(record: dict[str, Any], region: str) -> dict[str, Any]:
    name = parse_name(
        record["full_name"],
        record["given_name"],
        record["additional_names"],
        record["family_name"],
        record["prefix"],
        record["suffix"],
    )
    emails = [parse_email(address) for _, address in record["emails"]]
    slug = profile_slug(record["linkedin_url"], record["urls"])
    as_spelled = spelled(name.given_key, name.family_key, handles(slug, [e.address for e in emails if e.address]))
    slip = None
    if as_spelled:
        given_key, family_key, slipped = as_spelled
        if slipped:
            slip = (given_key, family_key)  # which of the two holds the slip is judged over all the records
        else:
            name = with_keys(name, given_key, family_key)
    street, city, state, country, postcode = first_place(record["addresses"])
    phones = [parse_phone(number, country or region) for _, number in record["phones"]]
    valid_phones = [p for p in phones if p.valid]
    country_source = "address" if country else None
    if not country and valid_phones:
        country, country_source = valid_phones[0].region, "phone"
    org, org_key = organization(record["organization"])
    hint = next((e.company_hint for e in emails if e.company_hint), None)
    return {
        "name": name,
        "slip": slip,
        "norm_name": name.display,
        "norm_given": name.given,
        "norm_middle": name.middle,
        "norm_family": name.family,
        "norm_prefix": name.prefix,
        "norm_suffix": name.suffix,
        "norm_credentials": name.credentials,
        "norm_generation": name.generation,
        **_key_columns(name),
        "norm_emails": _unique([e.address for e in emails]),
        "norm_email_keys": _unique([e.key for e in emails]),
        "norm_email_domains": _unique([e.domain for e in emails]),
        "norm_emails_invalid": tuple(e.raw for e in emails if e.address is None),
        "norm_email_item_keys": tuple(e.key or e.raw.strip().casefold() for e in emails),
        "norm_company_hint": hint,
        "norm_phones": _unique([p.e164 for p in phones]),
        "norm_household_phones": _unique(
            [p.e164 for (label, _), p in zip(record["phones"], phones) if p.e164 and is_household(label)]
        ),
        "norm_phone_info": tuple(p.as_dict() for p in valid_phones),
        "norm_phones_invalid": tuple(p.raw for p in phones if not p.valid),
        "norm_phone_item_keys": tuple(p.e164 or "".join(ch for ch in p.raw if ch.isdigit()) for p in phones),
        "norm_org": org,
        "norm_org_key": org_key,
        "norm_title_key": title_key(record["title"]),
        "norm_linkedin_slug": slug,
        "norm_urls": _unique([canonical_url(u) for u in record["urls"]]),
        "norm_street": street,
        "norm_city": city,
        "norm_region": state,
        "norm_country": country,
        "norm_country_source": country_source,
        "norm_postcode": postcode,
    }


def _correct_slips(
    values: dict[str, list[Any]], slips: list[tuple[int, Name, str, str]], written: Counter[str]
) -> None:
    """Where a name and its handle are one slip apart, matching compares the spelling more
    records write: a slip makes a rare spelling, whichever of the two it is in."""
    for i, name, given_key, family_key in slips:
        old_given, old_family = ((k or "").replace(" ", "") for k in (name.given_key, name.family_key))
        new_given, new_family = given_key.replace(" ", ""), family_key.replace(" ", "")
        old, new = (old_given, new_given) if old_given != new_given else (old_family, new_family)
        if written[new] < written[old]:
            continue
        for column, value in _key_columns(with_keys(name, given_key, family_key)).items():
            if column in values:
                values[column][i] = value


def normalize(
    records: pd.DataFrame, region: str | None = None, columns: Sequence[str] = NORMALIZED_COLUMNS
) -> pd.DataFrame:
    """The records with ``norm_*`` columns added; canonical columns are left exactly as they were.

    ``region`` is the ISO country that numbers without a country code belong to when the
    record's own address names none (default: ``default_region()``). ``columns`` limits the
    columns added (matching keeps only the ones it reads: a million records hold gigabytes).
    """
    region = (region or default_region()).upper()
    needed = [
        "full_name",
        "given_name",
        "additional_names",
        "family_name",
        "prefix",
        "suffix",
        "emails",
        "phones",
        "addresses",
        "organization",
        "title",
        "linkedin_url",
        "urls",
    ]
    # filled column by column: a dict per record would hold a million dicts at once
    values: dict[str, list[Any]] = {column: [] for column in columns}
    # equal keys share one object: "smith" is kept once, not once per record that has it
    shared: dict[Any, Any] = {}
    slips: list[tuple[int, Name, str, str]] = []
    written: Counter[str] = Counter()
    with without_cycle_collection():
        for i, record in enumerate(zip(*(records[column].tolist() for column in needed))):
            normalized = _normalize_one(dict(zip(needed, record)), region)
            name = normalized["name"]
            written.update(k.replace(" ", "") for k in (name.given_key, name.family_key) if k)
            if normalized["slip"]:
                slips.append((i, name, *normalized["slip"]))
            for column, kept in values.items():
                value = normalized[column]
                if value.__class__ is str or value.__class__ is tuple:
                    try:
                        value = shared.setdefault(value, value)
                    except TypeError:  # a tuple of dicts (phone details) has no hash
                        pass
                kept.append(value)
    del shared
    _correct_slips(values, slips, written)
    clear_caches()
    existing = [c for c in NORMALIZED_COLUMNS if c in records.columns]
    # the canonical columns are shared with ``records``, not copied; the new ones go in one by
    # one, each list freed as its column is made (a million records: every copy is 8 MB a column)
    added = records.drop(columns=existing) if existing else records.copy(deep=False)
    for column in columns:
        added[column] = pd.Series(values.pop(column), dtype=object, index=records.index)
    return added
