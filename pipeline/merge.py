"""Survivorship: one golden record per cluster, every field saying where it came from.

Multi-valued fields are unions without duplicates (by their normalized key); single fields
take the value of the most trusted source for that field, then the most recent record; blanks
never overwrite values, and the values that lost are kept as alternates.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline.normalize.organizations import canonical_url


@dataclass(frozen=True)
class Survivorship:
    """Which source wins each single-valued field (first listed wins); recency breaks ties."""

    priority: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "name": ("linkedin", "vcard", "csv"),
            "organization": ("linkedin", "vcard", "csv"),
            "title": ("linkedin", "vcard", "csv"),
            "default": ("vcard", "csv", "linkedin"),
        }
    )

    def order(self, field_name: str) -> tuple[str, ...]:
        return self.priority.get(field_name, self.priority["default"])

    def rank(self, field_name: str, source_kind: str) -> int:
        order = self.order(field_name)
        return order.index(source_kind) if source_kind in order else len(order)


SINGLE_FIELDS = {  # golden field -> (canonical column, priority group)
    "name": ("norm_name", "name"),
    "given_name": ("norm_given", "name"),
    "family_name": ("norm_family", "name"),
    "prefix": ("norm_prefix", "name"),
    "suffix": ("norm_suffix", "name"),
    "nickname": ("nickname", "name"),
    "organization": ("organization", "organization"),
    "title": ("title", "title"),
    "linkedin_url": ("linkedin_url", "default"),
    "birthday": ("birthday", "default"),
    "connected_on": ("connected_on", "default"),
    "notes": ("notes", "default"),
}


def _address_key(item: dict[str, Any]) -> tuple[str, ...]:
    return (
        (item["street"] or "").casefold(),
        (item["city"] or "").casefold(),
        (item["postcode"] or "").replace(" ", "").casefold(),
        (item["country"] or "").casefold(),
    )


def _union(rows: list[dict[str, Any]], column: str) -> tuple[tuple[Any, ...], dict[Any, list[str]]]:
    """De-duplicated values of a multi-valued column (by normalized key), and the records each came from."""
    chosen: dict[Any, Any] = {}
    sources: dict[Any, list[str]] = {}
    for row in rows:
        for item, k in zip(row[column], _item_keys(row, column)):
            if k not in chosen:
                chosen[k] = item
            elif isinstance(item, tuple) and item[0] and not chosen[k][0]:
                chosen[k] = item  # a labelled copy beats an unlabelled one
            sources.setdefault(k, []).append(row["record_id"])
    return tuple(chosen.values()), sources


def _e164(keys: Iterable[Any]) -> tuple[str | None, ...]:
    """Each golden phone in E.164 (aligned with ``phones``), None where it is no valid number."""
    return tuple(k if isinstance(k, str) and k.startswith("+") else None for k in keys)


def _pick(rows: list[dict[str, Any]], column: str, ranks: list[int]) -> tuple[Any, tuple[Any, ...]] | None:
    """The surviving value of a single-valued field, and its sources and alternates.

    ``rows`` come most recent first and ``ranks`` give each row's source priority for the field;
    the first row of the best (not ALL CAPS, lowest rank) key wins.
    """
    best: Any = None
    best_key: tuple[bool, int] | None = None
    for row, rank in zip(rows, ranks):
        value = row[column]
        if not value:
            continue
        key = (isinstance(value, str) and value.isupper(), rank)
        if best_key is None or key < best_key:
            best, best_key = value, key
    if best_key is None:
        return None
    # tuples: a million contacts hold millions of these, and an empty tuple is shared
    sources = tuple(row["record_id"] for row in rows if row[column] == best)
    alternates = tuple(dict.fromkeys(row[column] for row in rows if row[column] and row[column] != best))
    return best, (sources, alternates)


# normalization already keyed each e-mail and phone (aligned with the values): no parsing here
_KEY_COLUMNS = {"emails": "norm_email_item_keys", "phones": "norm_phone_item_keys"}
_KEY_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "urls": lambda url: canonical_url(url) or url,
    "addresses": _address_key,
    "tags": lambda tag: tag.casefold(),
}
MULTI_FIELDS = ("emails", "phones", "urls", "addresses", "tags")
_NEEDED = (
    "record_id",
    "source_kind",
    "connected_on",
    *{c for c, _ in SINGLE_FIELDS.values()},
    *MULTI_FIELDS,
    *_KEY_COLUMNS.values(),
)


# a golden record's fields, as the contacts frame lists them
_CONTACT_FIELDS = (
    "record_ids",
    *SINGLE_FIELDS,
    "emails",
    "phones",
    "phones_e164",
    "urls",
    "addresses",
    "tags",
    "provenance",
)


def _item_keys(row: dict[str, Any], column: str) -> Iterable[Any]:
    if column in _KEY_COLUMNS:
        return row[_KEY_COLUMNS[column]]
    return map(_KEY_FUNCTIONS[column], row[column])


def _golden(rows: list[dict[str, Any]], rank_of: dict[str, dict[str, int]]) -> dict[str, Any]:
    """``rank_of``: per priority group, each source kind's rank (``Survivorship.rank``)."""
    provenance: dict[str, Any] = {}
    contact: dict[str, Any] = {"record_ids": tuple(r["record_id"] for r in rows)}
    rows = sorted(rows, key=lambda row: str(row["connected_on"] or ""), reverse=True)
    ranks = {group: [ranked[row["source_kind"]] for row in rows] for group, ranked in rank_of.items()}
    # fields with the same sources and alternates share one entry (read-only): most fields of
    # a contact come from all its records, and a million contacts would hold millions of copies
    entries: dict[tuple[Any, ...], dict[str, Any]] = {}
    for name, (column, group_name) in SINGLE_FIELDS.items():
        picked = _pick(rows, column, ranks[group_name])
        contact[name] = picked[0] if picked else None
        if picked:
            sources, alternates = picked[1]
            provenance[name] = entries.setdefault(picked[1], {"sources": sources, "alternates": alternates})
    for column in MULTI_FIELDS:
        values, sources = _union(rows, column)
        contact[column] = values
        if column == "phones":
            contact["phones_e164"] = _e164(sources)
        if values:
            every = tuple(sorted({s for ids in sources.values() for s in ids}))
            provenance[column] = entries.setdefault((every,), {"sources": every})
    if not contact["name"]:
        contact["name"] = contact["organization"] or next(
            (v[1] for v in (*contact["emails"], *contact["phones"])), None
        )
    contact["provenance"] = provenance
    return contact


def merge(
    records: pd.DataFrame, clusters: np.ndarray, survivorship: Survivorship | None = None, region: str = "US"
) -> pd.DataFrame:
    """One golden record per cluster: fields, the record ids behind them, and per-field provenance.

    ``provenance`` maps each field to the record ids it came from (and the values that lost);
    it is None for a contact of a single record, whose fields all come from that record.
    """
    survivorship = survivorship or Survivorship()
    # building millions of small dicts: the cyclic GC would rescan them all again and again
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _merge(records, clusters, survivorship)
    finally:
        if collecting:
            gc.enable()


def _merge(records: pd.DataFrame, clusters: np.ndarray, survivorship: Survivorship) -> pd.DataFrame:
    # the columns' own arrays, not lists: a list per column would be 8 MB a million records
    data = {column: records[column].to_numpy() for column in _NEEDED}
    order = np.argsort(clusters, kind="stable")
    starts = np.flatnonzero(np.r_[len(order) > 0, np.diff(clusters[order]) != 0])  # no records: no contacts
    ends = np.r_[starts[1:], len(order)]
    # filled field by field: a million contact dicts side by side would double the memory
    golden: dict[str, list[Any]] = {name: [] for name in _CONTACT_FIELDS}  # in this order, whatever comes first
    singles = {field: data[column] for field, (column, _) in SINGLE_FIELDS.items()}
    kinds = set(data["source_kind"].tolist())
    rank_of = {group: {kind: survivorship.rank(group, kind) for kind in kinds} for _, group in SINGLE_FIELDS.values()}
    for start, end in zip(starts.tolist(), ends.tolist()):
        if end - start == 1:
            contact = _single(int(order[start]), data, singles)
        else:
            rows = [{column: data[column][i] for column in _NEEDED} for i in order[start:end].tolist()]
            contact = _golden(rows, rank_of)
        for name, value in contact.items():
            golden[name].append(value)
    # column by column, each list freed as its column is made: a frame built from the whole
    # dict would hold the lists, their arrays and the consolidated block at once
    contacts = pd.DataFrame(index=pd.RangeIndex(len(starts)))
    for name in list(golden):
        contacts[name] = pd.Series(golden.pop(name), dtype=object)
    contacts["cluster"] = np.arange(len(starts))
    return contacts


def _single(i: int, data: dict[str, np.ndarray], singles: dict[str, np.ndarray]) -> dict[str, Any]:
    """The golden record of a cluster of one (the common case, kept fast): every field comes from
    its only record, so its provenance is None rather than the same record id per field."""
    contact: dict[str, Any] = {name: values[i] for name, values in singles.items()}
    contact["record_ids"] = (data["record_id"][i],)
    for column in MULTI_FIELDS:
        items = data[column][i]
        if len(items) > 1:
            seen: dict[Any, Any] = {}
            row = {column: items, _KEY_COLUMNS.get(column, column): data[_KEY_COLUMNS.get(column, column)][i]}
            for item, key in zip(items, _item_keys(row, column)):
                seen.setdefault(key, item)
            items = tuple(seen.values())
        contact[column] = items
        if column == "phones":
            contact["phones_e164"] = _e164(seen if len(data[column][i]) > 1 else data["norm_phone_item_keys"][i])
    if not contact["name"]:
        contact["name"] = contact["organization"] or next(
            (v[1] for v in (*contact["emails"], *contact["phones"])), None
        )
    contact["provenance"] = None
    return contact
