"""Manual decisions: merge, split, unmerge and review answers. Stored by record id, they win on
every later import."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import combinations, product
from typing import Any

from connectors.errors import StoreError
from pipeline.run import ImportReport, Matching, _now, store_run
from pipeline.store import Store, record_from_json


def _records_of(store: Store, contact_id: str) -> list[str]:
    return [
        r["record_id"]
        for r in store.query("SELECT record_id FROM records WHERE contact_id = ? ORDER BY record_id", contact_id)
    ]


def _forget(connection: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Drop any decision on these pairs, in either order."""
    connection.executemany(
        "DELETE FROM decisions WHERE (record_a = ? AND record_b = ?) OR (record_a = ? AND record_b = ?)",
        [(a, b, b, a) for a, b in pairs],
    )


def _record(connection: sqlite3.Connection, kind: str, a: str, b: str, reason: str) -> None:
    """One decision on a pair, replacing any earlier decision on the same pair."""
    _forget(connection, [(a, b)])
    connection.execute(
        "INSERT INTO decisions (kind, record_a, record_b, created, reason) VALUES (?, ?, ?, ?, ?)",
        (kind, a, b, _now(), reason),
    )


def _record_all(
    connection: sqlite3.Connection,
    same: Iterable[tuple[str, str]],
    different: Iterable[tuple[str, str]],
    reason: str,
) -> None:
    for kind, pairs in (("same", same), ("different", different)):
        for a, b in pairs:
            _record(connection, kind, a, b, reason)


def _separate(groups: Sequence[Sequence[str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Decisions that keep each group together and apart from every other group."""
    same = [(group[0], other) for group in groups for other in group[1:]]
    different = [(a, b) for g, h in combinations(groups, 2) for a, b in product(g, h)]
    return same, different


def _decide(
    store: Store,
    same: Iterable[tuple[str, str]],
    different: Iterable[tuple[str, str]],
    reason: str,
    matching: Matching | None,
    undo: Iterable[tuple[str, str]] = (),
) -> ImportReport:
    """Record decisions (dropping earlier ones on the same pairs) and match again, in one transaction."""
    with store_run(store, matching, note=reason) as (connection, report):
        _forget(connection, undo)
        _record_all(connection, same, different, reason)
    return report


def merge_contacts(store: Store, contact_ids: Sequence[str], *, matching: Matching | None = None) -> ImportReport:
    """Make several contacts one; the oldest id stays, the others become aliases."""
    resolved = list(dict.fromkeys(store.resolve(c) for c in contact_ids))
    if len(resolved) < 2:
        raise StoreError("give at least two different contacts to merge")
    groups = [_records_of(store, c) for c in resolved]
    same = [(groups[0][0], group[0]) for group in groups[1:]]
    _, crossing = _separate(groups)  # an earlier split between these records is undone by this merge
    return _decide(store, same, [], f"merge {' '.join(resolved)}", matching, undo=crossing)


def split_contact(
    store: Store, contact_id: str, record_ids: Sequence[str], *, matching: Matching | None = None
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
    same, different = _separate([staying, moving])
    return _decide(store, same, different, f"split {resolved}: {' '.join(moving)}", matching)


def unmerge_contact(store: Store, contact_id: str, *, matching: Matching | None = None) -> ImportReport:
    """Undo the last merge into a contact: the contacts it absorbed then get their ids and records back,
    and stay apart on later imports."""
    resolved = store.resolve(contact_id)
    merged = store.query(
        "SELECT alias, import_id, record_ids FROM aliases WHERE contact_id = ? AND record_ids IS NOT NULL "
        "ORDER BY import_id DESC",
        resolved,
    )
    current = set(_records_of(store, resolved))
    last = [row for row in merged if row["import_id"] == merged[0]["import_id"]] if merged else []
    absorbed = {row["alias"]: [r for r in json.loads(row["record_ids"]) if r in current] for row in last}
    absorbed = {alias: records for alias, records in absorbed.items() if records}
    staying = sorted(current - {r for records in absorbed.values() for r in records})
    if not absorbed or not staying:
        raise StoreError(f"{resolved} has no merge to undo")
    groups = [staying, *absorbed.values()]
    same, different = _separate(groups)
    with store_run(store, matching, note=f"unmerge {resolved}: {' '.join(absorbed)}") as (connection, report):
        for alias, records in absorbed.items():
            # the absorbed contact comes back under its own id: its records hold it before matching again
            connection.execute("DELETE FROM aliases WHERE alias = ?", (alias,))
            connection.execute(
                "INSERT INTO contacts (contact_id, data, created, updated) VALUES (?, '', ?, ?)",
                (alias, report.import_id, report.import_id),
            )
            connection.executemany(
                "UPDATE records SET contact_id = ? WHERE record_id = ?", [(alias, r) for r in records]
            )
        _record_all(connection, same, different, report.note or "")
    return report


def review_pairs(store: Store) -> list[dict[str, Any]]:
    """The pairs waiting for review, most likely matches first and skipped ones last, with both records."""
    rows = store.query(
        "SELECT p.record_a, p.record_b, p.weight, p.skipped, a.data AS data_a, b.data AS data_b, "
        "a.contact_id AS contact_a, b.contact_id AS contact_b FROM review_pairs p "
        "JOIN records a ON a.record_id = p.record_a JOIN records b ON b.record_id = p.record_b "
        "ORDER BY p.skipped, p.weight DESC, p.record_a, p.record_b"
    )
    return [
        {
            "record_a": r["record_a"],
            "record_b": r["record_b"],
            "weight": round(r["weight"], 2),
            "skipped": bool(r["skipped"]),
            "contacts": [r["contact_a"], r["contact_b"]],
            "records": [record_from_json(r["data_a"]), record_from_json(r["data_b"])],
        }
        for r in rows
    ]


ANSWERS = {"y": "same", "n": "different", "s": "skip"}


def answer_review(store: Store, record_a: str, record_b: str, answer: str) -> None:
    """Store one review answer at once (so a review can stop and resume anywhere); ``apply_reviews``
    then matches again with all of them."""
    kind = ANSWERS[answer]
    with store.transaction() as connection:
        if kind == "skip":
            connection.execute(
                "UPDATE review_pairs SET skipped = 1 WHERE record_a = ? AND record_b = ?", (record_a, record_b)
            )
            return
        _record(connection, kind, record_a, record_b, "review")
        connection.execute("DELETE FROM review_pairs WHERE record_a = ? AND record_b = ?", (record_a, record_b))


def unapplied_decisions(store: Store) -> int:
    """Decisions the contacts do not show yet: two records decided the same person in different
    contacts, or decided different people in one (answers stored by a review that never finished)."""
    row = store.query(
        "SELECT count(*) FROM decisions d JOIN records a ON a.record_id = d.record_a "
        "JOIN records b ON b.record_id = d.record_b "
        "WHERE (d.kind = 'same') = (a.contact_id IS NOT b.contact_id)"
    )
    return int(row[0][0])


def apply_reviews(store: Store, answered: int, *, matching: Matching | None = None) -> ImportReport:
    """Match again so the stored review answers shape the contacts."""
    with store_run(store, matching, note=f"review: {answered} answers") as (_, report):
        pass
    return report
