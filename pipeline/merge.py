"""Survivorship: one golden record per cluster, every field saying where it came from.

Multi-valued fields are unions without duplicates (by their normalized key); single fields
take the best written value (not ALL CAPS, not "J. Doe" where "Jane Doe" is known), then that of
the most trusted source for the field, then the most recent; blanks never overwrite values, and
the values that lost are kept as alternates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline.categorize import which_name_no_one
from pipeline.cycles import without_cycle_collection
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


def _e164(keys: Iterable[Any]) -> tuple[str | None, ...]:
    """Each golden phone in E.164 (aligned with ``phones``), None where it is no valid number."""
    return tuple(k if isinstance(k, str) and k.startswith("+") else None for k in keys)


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
    *dict.fromkeys(c for c, _ in SINGLE_FIELDS.values()),
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


def merge(
    records: pd.DataFrame, clusters: np.ndarray, survivorship: Survivorship | None = None, region: str = "US"
) -> pd.DataFrame:
    """One golden record per cluster: fields, the record ids behind them, and per-field provenance.

    ``provenance`` maps each field to the record ids it came from (and the values that lost);
    it is None for a contact of a single record, whose fields all come from that record.
    """
    survivorship = survivorship or Survivorship()
    with without_cycle_collection():  # millions of small dicts, none in a cycle
        return _merge(records, clusters, survivorship)


# a cluster's field that every one of its records gave: its sources are all the cluster's
# records (a million contacts would otherwise hold millions of the same tuples at once)
_EVERY = ("every record",)


@dataclass(frozen=True)
class _Clusters:
    """The records grouped by cluster: a cluster's records side by side, most recent first."""

    order: np.ndarray  # the records' positions, grouped
    starts: np.ndarray
    ends: np.ndarray
    cluster_of: np.ndarray  # each grouped record's cluster (0, 1, ... in the order of the contacts)
    ids: list[str]  # record ids, grouped
    several: np.ndarray  # the clusters of more than one record
    slot: np.ndarray  # each cluster's place among those (-1 for a cluster of one)
    every_id: list[tuple[str, ...]]  # the record ids of each of those, most recent first

    @classmethod
    def of(cls, record_ids: np.ndarray, clusters: np.ndarray, recency: np.ndarray) -> _Clusters:
        order = np.lexsort((-recency, clusters))  # stable: records equally recent keep their order
        starts = np.flatnonzero(np.r_[True, np.diff(clusters[order]) != 0])
        ends = np.r_[starts[1:], len(order)]
        ids = record_ids[order].tolist()
        several = np.flatnonzero(ends - starts > 1)
        slot = np.full(len(starts), -1)
        slot[several] = np.arange(len(several))
        every_id = [tuple(ids[a:b]) for a, b in zip(starts[several].tolist(), ends[several].tolist())]
        cluster_of = np.repeat(np.arange(len(starts)), ends - starts)
        return cls(order, starts, ends, cluster_of, ids, several, slot, every_id)

    def split(self, values: list[Any], rows: np.ndarray) -> Iterator[tuple[int, list[Any]]]:
        """The clusters of the given grouped ``rows`` (ascending), each with its values of them."""
        clusters = self.cluster_of[rows].tolist()
        picked = [values[r] for r in rows.tolist()]
        bounds = [i for i in range(len(clusters)) if i == 0 or clusters[i] != clusters[i - 1]]
        for a, b in zip(bounds, [*bounds[1:], len(picked)]):
            yield clusters[a], picked[a:b]


def _form(value: Any, names: bool) -> int:
    """How poorly a value is written: 0 plainly, 1 in ALL CAPS, 2 a name that begins with an
    initial ("J. Doe" says less than "Jane Doe"; a middle initial is no loss)."""
    if not isinstance(value, str):
        return 0
    first = value.split(maxsplit=1)[:1]
    if names and first and len(first[0].rstrip(".")) == 1:
        return 2
    return int(value.isupper())


def _item_form(item: Any) -> tuple[bool, int]:
    """How poorly a copy of a multi-valued item is given: without a label, then as ``_form``
    ("TIM@COLE.IO" against "tim@cole.io")."""
    if isinstance(item, tuple):
        return not item[0], _form(item[1], names=False)
    return False, _form(item, names=False)


def _labelled(names: np.ndarray, grouped: _Clusters) -> np.ndarray:
    """Per grouped record, whether its name names no one ("Mom", "Plumber": see
    ``categorize.which_name_no_one``) in a cluster whose records write other names too."""
    labelled = np.zeros(len(names), dtype=bool)
    rows = np.flatnonzero((grouped.slot >= 0)[grouped.cluster_of])
    if not len(rows):
        return labelled
    codes, uniques = pd.factorize(names[rows])
    cluster = grouped.cluster_of[rows]
    starts = np.flatnonzero(np.r_[True, np.diff(cluster) != 0])
    differ = np.minimum.reduceat(codes, starts) != np.maximum.reduceat(codes, starts)
    asked = np.repeat(differ, np.diff(np.r_[starts, len(rows)])) & (codes >= 0)
    distinct = np.unique(codes[asked])
    labels = np.zeros(len(uniques), dtype=bool)
    labels[distinct] = which_name_no_one(uniques[distinct])
    labelled[rows[asked]] = labels[codes[asked]]
    return labelled


def _survivors(
    values: np.ndarray, ranks: np.ndarray, grouped: _Clusters, names: bool, labelled: np.ndarray | None = None
) -> tuple[np.ndarray, list[Any]]:
    """Each cluster's surviving value of a single-valued field and, for each cluster of several
    records, the record ids that gave it and the values that lost (None where all were blank,
    ``_EVERY`` where every record gave it).

    ``values`` and ``ranks`` (each record's source priority for the field) come grouped; the
    first record of the best key (the best written, see ``_form``, then lowest rank) wins.
    ``names``: the field is a name or a part of one; ``labelled``: the records whose name names
    no one, whose values lose to any other record's, so that every name field of a contact comes
    from a person's name ("Linda Smith", not the "Mom" a phone saved her as).
    """
    present = np.fromiter(map(bool, values), bool, len(values))
    best = np.full(len(grouped.starts), None, dtype=object)
    alone = grouped.starts[grouped.slot < 0]
    alone = alone[present[alone]]
    best[grouped.cluster_of[alone]] = values[alone]
    rows = np.flatnonzero(present & (grouped.slot >= 0)[grouped.cluster_of])
    # a value's form is worked out once: names, organizations and titles repeat across records
    codes, uniques = pd.factorize(values[rows])
    form = np.fromiter((_form(v, names) for v in uniques), np.int64, len(uniques))[codes]
    cluster = grouped.cluster_of[rows]
    penalty = labelled[rows] if labelled is not None else 0
    key = ((cluster * 2 + penalty) * 3 + form) * (int(ranks.max(initial=0)) + 1) + ranks[rows]
    ranked = np.argsort(key, kind="stable")
    winners = rows[ranked[np.r_[True, np.diff(cluster[ranked]) != 0]]] if len(rows) else rows
    best[grouped.cluster_of[winners]] = values[winners]
    is_best = values[rows] == best[cluster]
    given, lost = rows[is_best], rows[~is_best]
    kept: list[Any] = [_EVERY] * len(grouped.several)  # the usual cluster: every record gave it, none lost
    sizes = grouped.ends - grouped.starts
    for c in grouped.several[np.bincount(cluster, minlength=len(sizes))[grouped.several] == 0].tolist():
        kept[grouped.slot[c]] = None  # every record left the field blank
    short = np.bincount(cluster[is_best], minlength=len(sizes)) < sizes
    for c, ids in grouped.split(grouped.ids, given[short[cluster[is_best]]]):
        kept[grouped.slot[c]] = (tuple(ids), ())
    for c, losers in grouped.split(values.tolist(), lost):
        sources = kept[grouped.slot[c]][0]
        kept[grouped.slot[c]] = (sources, tuple(dict.fromkeys(losers)))
    return best, kept


def _unions(
    column: str, values: np.ndarray, keys: np.ndarray | None, grouped: _Clusters
) -> tuple[list[Any], list[Any], list[Any]]:
    """Each cluster's de-duplicated items of a multi-valued column (by normalized key), their
    keys, and for each cluster of several records the ids of the records that gave any item
    (sorted; ``_EVERY`` where every record did).

    Of an item's copies the first best given wins (``_item_form``): labelled, not ALL CAPS.
    """
    starts, ends = grouped.starts, grouped.ends
    lengths = np.fromiter(map(len, values), np.int64, len(values))
    totals = np.add.reduceat(lengths, starts)
    items = values[starts].tolist()  # a cluster of one record with at most one item keeps it as is
    item_keys = keys[starts].tolist() if keys is not None else [None] * len(starts)
    listed = values.tolist()
    keyed = keys.tolist() if keys is not None else None
    contributors: dict[int, Any] = {}
    several = grouped.slot >= 0
    # a cluster whose records hold one item between them has it as it is
    holders = np.flatnonzero((lengths == 1) & (several & (totals == 1))[grouped.cluster_of])
    for c, r in zip(grouped.cluster_of[holders].tolist(), holders.tolist()):
        items[c], item_keys[c] = listed[r], keyed[r] if keyed is not None else None
        contributors[c] = (grouped.ids[r],)
    for c in np.flatnonzero(totals > 1).tolist():
        chosen: dict[Any, Any] = {}
        giving: set[str] = set()
        for r in range(starts[c], ends[c]):
            row = listed[r]
            for item, k in zip(row, keyed[r] if keyed is not None else map(_KEY_FUNCTIONS[column], row)):
                if k not in chosen or _item_form(item) < _item_form(chosen[k]):
                    chosen[k] = item
            if row:
                giving.add(grouped.ids[r])
        items[c], item_keys[c] = tuple(chosen.values()), tuple(chosen)
        contributors[c] = _EVERY if len(giving) == ends[c] - starts[c] else tuple(sorted(giving))
    for c in np.flatnonzero(several & (totals == 0)).tolist():
        items[c] = ()
    every = [contributors.get(c, ()) for c in grouped.several.tolist()]
    return items, item_keys, every


CLUSTERS_AT_ONCE = 1 << 16  # contacts made at once: the work on each field of them is held until the last


def _merge(records: pd.DataFrame, clusters: np.ndarray, survivorship: Survivorship) -> pd.DataFrame:
    # field by field over arrays of the records grouped by cluster, a slice of clusters at a
    # time: a loop per contact took a fifth of a million-record dedupe
    data = {column: records[column].to_numpy() for column in _NEEDED}
    numbers = np.unique(clusters, return_inverse=True)[1].reshape(-1)  # 0, 1, ... in the order of the contacts
    by_cluster = np.argsort(numbers, kind="stable")  # a cluster's records keep their order
    count = int(numbers.max(initial=-1)) + 1
    bounds = np.searchsorted(numbers[by_cluster], np.arange(0, count + CLUSTERS_AT_ONCE, CLUSTERS_AT_ONCE))
    golden: dict[str, list[Any]] = {name: [] for name in _CONTACT_FIELDS}
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        rows = by_cluster[start:end]
        if len(rows):
            part = _contacts({c: v[rows] for c, v in data.items()}, numbers[rows] - numbers[rows[0]], survivorship)
            for name in _CONTACT_FIELDS:
                golden[name].extend(part.pop(name))
    return _frame(golden, count)


def _contacts(data: dict[str, np.ndarray], clusters: np.ndarray, survivorship: Survivorship) -> dict[str, Any]:
    """The golden records' fields, a list each, of the records (``data``: their columns) grouped
    by ``clusters`` (0, 1, ..., one per contact, the records of each in their own order)."""
    recency = pd.factorize(np.array([str(v or "") for v in data["connected_on"]], dtype=object), sort=True)[0]
    grouped = _Clusters.of(data["record_id"], clusters, recency)
    order = grouped.order
    ids = data["record_id"].tolist()  # the records' own order; the grouping sorted each cluster by recency
    golden: dict[str, Any] = {
        "record_ids": [tuple(ids[a:b]) for a, b in zip(grouped.starts.tolist(), grouped.ends.tolist())]
    }
    kinds = pd.Series(data["source_kind"][order])
    groups = {group for _, group in SINGLE_FIELDS.values()}
    ranks = {g: kinds.map({k: survivorship.rank(g, k) for k in set(kinds)}).to_numpy(np.int64) for g in groups}
    kept: dict[str, list[Any]] = {}
    labelled = _labelled(data["norm_name"][order], grouped)
    for name, (column, group) in SINGLE_FIELDS.items():
        named = group == "name"
        golden[name], kept[name] = _survivors(
            data[column][order], ranks[group], grouped, named, labelled if named else None
        )
    given: dict[str, list[Any]] = {}
    for column in MULTI_FIELDS:
        keys = data[_KEY_COLUMNS[column]][order] if column in _KEY_COLUMNS else None
        golden[column], item_keys, given[column] = _unions(column, data[column][order], keys, grouped)
        if column == "phones":
            golden["phones_e164"] = [_e164(k) for k in item_keys]
    names = golden["name"]
    for c in np.flatnonzero(~np.fromiter(map(bool, names), bool, len(names))).tolist():
        names[c] = golden["organization"][c] or next((v[1] for v in (*golden["emails"][c], *golden["phones"][c])), None)
    golden["provenance"] = _provenance(grouped, kept, given)
    return golden


def _frame(golden: dict[str, Any], size: int) -> pd.DataFrame:
    # column by column, each list freed as its column is made: a frame built from the whole
    # dict would hold the lists, their arrays and the consolidated block at once
    contacts = pd.DataFrame(index=pd.RangeIndex(size))
    for name in _CONTACT_FIELDS:
        contacts[name] = pd.Series(golden.pop(name), dtype=object)
    contacts["cluster"] = np.arange(size)
    return contacts


def _provenance(grouped: _Clusters, kept: dict[str, list[Any]], given: dict[str, list[Any]]) -> list[Any]:
    """Per contact, each field's sources (and the values that lost); None for a contact of one
    record, whose fields all come from that record."""
    provenance: list[dict[str, Any] | None] = [None] * len(grouped.starts)
    for j, c in enumerate(grouped.several.tolist()):
        every = grouped.every_id[j]
        # fields with the same sources and alternates share one entry (read-only): most fields of
        # a contact come from all its records, and a million contacts would hold millions of copies
        entries: dict[tuple[Any, ...], dict[str, Any]] = {}
        fields: dict[str, Any] = {}
        for name, per_cluster in kept.items():
            picked = per_cluster[j]
            if picked is not None:
                picked = (every, ()) if picked is _EVERY else picked
                fields[name] = entries.setdefault(picked, {"sources": picked[0], "alternates": picked[1]})
        for column, per_cluster in given.items():
            ids = per_cluster[j]
            if ids:
                ids = tuple(sorted(every)) if ids is _EVERY else ids
                fields[column] = entries.setdefault((ids,), {"sources": ids})
        provenance[c] = fields
    return provenance
