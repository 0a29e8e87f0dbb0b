"""Manual decisions: merge and split contacts. Stored by record id, they win on every later import."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import combinations, product

from connectors.errors import StoreError
from pipeline.run import ImportReport, _now, _recluster
from pipeline.store import Store


def _records_of(store: Store, contact_id: str) -> list[str]:
    return [
        r["record_id"]
        for r in store.query("SELECT record_id FROM records WHERE contact_id = ? ORDER BY record_id", contact_id)
    ]


def _decide(
    store: Store,
    same: Iterable[tuple[str, str]],
    different: Iterable[tuple[str, str]],
    reason: str,
    region: str | None,
    undo_different: Iterable[tuple[str, str]] = (),
) -> ImportReport:
    """Record decisions (dropping earlier opposite ones on the same pairs) and match again, in one transaction."""
    same, different = list(same), list(different)
    with store.transaction() as connection:
        import_id = connection.execute("INSERT INTO imports (started) VALUES (?)", (_now(),)).lastrowid
        connection.executemany(
            "DELETE FROM decisions WHERE kind = 'different' AND ((record_a = ? AND record_b = ?) OR "
            "(record_a = ? AND record_b = ?))",
            [(a, b, b, a) for a, b in undo_different],
        )
        for kind, pairs, opposite in (("same", same, "different"), ("different", different, "same")):
            for a, b in pairs:
                connection.execute(
                    "DELETE FROM decisions WHERE kind = ? AND ((record_a = ? AND record_b = ?) OR "
                    "(record_a = ? AND record_b = ?))",
                    (opposite, a, b, b, a),
                )
                connection.execute(
                    "INSERT INTO decisions (kind, record_a, record_b, created, reason) VALUES (?, ?, ?, ?, ?)",
                    (kind, a, b, _now(), reason),
                )
        report = ImportReport(import_id=import_id)
        _recluster(connection, store, import_id, region, report)
        connection.execute(
            "UPDATE imports SET finished = ?, report = ? WHERE id = ?",
            (_now(), json.dumps({**report.to_dict(), "manual": reason}), import_id),
        )
    return report


def merge_contacts(store: Store, contact_ids: Sequence[str], *, region: str | None = None) -> ImportReport:
    """Make several contacts one; the oldest id stays, the others become aliases."""
    resolved = list(dict.fromkeys(store.resolve(c) for c in contact_ids))
    if len(resolved) < 2:
        raise StoreError("give at least two different contacts to merge")
    groups = [_records_of(store, c) for c in resolved]
    anchor = groups[0][0]
    same = [(anchor, group[0]) for group in groups[1:]]
    # an earlier split between these records is undone by this merge
    crossing = [(a, b) for i, j in combinations(range(len(groups)), 2) for a, b in product(groups[i], groups[j])]
    return _decide(store, same, [], f"merge {' '.join(resolved)}", region, undo_different=crossing)


def split_contact(
    store: Store, contact_id: str, record_ids: Sequence[str], *, region: str | None = None
) -> ImportReport:
    """Move records out of a contact into a contact of their own, for good."""
    resolved = store.resolve(contact_id)
    records = _records_of(store, resolved)
    moving = list(dict.fromkeys(record_ids))
    unknown = [r for r in moving if r not in records]
    if unknown:
        raise StoreError(f"{unknown[0]!r} is not a record of {resolved}; see `netplus show {resolved}`")
    staying = [r for r in records if r not in moving]
    if not staying or not moving:
        raise StoreError(f"a split must leave records on both sides of {resolved}")
    different = [(a, b) for a in moving for b in staying]
    same = [(moving[0], other) for other in moving[1:]] + [(staying[0], other) for other in staying[1:]]
    return _decide(store, same, different, f"split {resolved}: {' '.join(moving)}", region)
