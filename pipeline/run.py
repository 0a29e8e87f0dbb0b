"""``import_files``: read → normalize → match against everything stored → cluster → merge → store.

One import is one transaction. Records are keyed by record id: new ones are added, changed ones
updated with their previous version kept, ones gone from a newer export of their source marked
missing (never deleted). Contact ids are stable: a cluster keeps the id that already held most of
its records; an id whose records joined another contact becomes an alias that still resolves.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pandas as pd

from connectors.errors import InputError
from connectors.schema import COLUMNS
from pipeline.categorize import Taxonomy
from pipeline.dedupe import MATCHING_COLUMNS, dedupe, distinct_ids
from pipeline.inspect import FileReport, load_records
from pipeline.merge import Survivorship
from pipeline.normalize import default_region, normalize
from pipeline.score import MatchSettings
from pipeline.store import Store, inserted_id, record_from_json, record_to_json


@dataclass
class ImportReport:
    """What an import changed; the keys scripts read are stable (see README)."""

    files: list[dict[str, Any]] = field(default_factory=list)
    records_new: int = 0
    records_changed: int = 0
    records_unchanged: int = 0
    records_missing: int = 0
    contacts_new: int = 0
    contacts_updated: int = 0
    contacts_merged: int = 0
    review_pending: int = 0
    changed_fields: dict[str, list[str]] = field(default_factory=dict)
    unchanged_files: bool = False
    dry_run: bool = False
    import_id: int | None = None
    note: str | None = None  # what a manual run (merge, split, review) did
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], frame.to_dict("records"))


def _content_hash(record: dict[str, Any]) -> str:
    """What a record holds, as a digest: its JSON (as stored) without the file it came from, so
    the same record from a renamed or moved export is unchanged."""
    held = {c: record[c] for c in COLUMNS if c != "source_file"}
    return hashlib.sha256(json.dumps(held, sort_keys=True, ensure_ascii=False, default=list).encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_contact_id(seed: str, taken: set[str]) -> str:
    """A short, human-typable id (``c-7k2m9q``), derived from the cluster's first record."""
    for attempt in range(1000):
        digest = hashlib.sha1(f"{seed}#{attempt}".encode()).digest()
        candidate = "c-" + base64.b32encode(digest).decode().lower()[:6]
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("no free contact id")  # 1000 collisions in 30 bits cannot happen


def _file_unchanged(store: Store, path: Path, sha: str) -> bool:
    rows = store.query(
        "SELECT sha256 FROM import_files WHERE path = ? ORDER BY import_id DESC LIMIT 1", str(path.resolve())
    )
    return bool(rows) and rows[0]["sha256"] == sha


@dataclass(frozen=True)
class Matching:
    """How a run matches and categorizes: the region of records stored without one, weights and
    thresholds, survivorship, and the user's taxonomy file."""

    region: str | None = None
    settings: MatchSettings | None = None
    survivorship: Survivorship | None = None
    taxonomy: str | None = None
    on_stage: Callable[[str], None] | None = None  # told what long work is under way, for a progress line


@contextmanager
def store_run(
    store: Store, matching: Matching | None = None, *, dry_run: bool = False, note: str | None = None
) -> Iterator[tuple[sqlite3.Connection, ImportReport]]:
    """One run in one transaction: the caller changes records or decisions, then everything is
    matched again and the run is recorded with its report. Rolled back on error or ``dry_run``."""
    with store.transaction(commit=not dry_run) as connection:
        import_id = inserted_id(connection.execute("INSERT INTO imports (started) VALUES (?)", (_now(),)))
        report = ImportReport(import_id=import_id, dry_run=dry_run, note=note)
        yield connection, report
        matching = matching or Matching()
        contacts = _recluster(connection, store, import_id, matching, report)
        if matching.on_stage:
            matching.on_stage("categorizing contacts")
        _categorize(connection, contacts, Taxonomy.load(matching.taxonomy))
        connection.execute(
            "UPDATE imports SET finished = ?, report = ? WHERE id = ?",
            (_now(), json.dumps(report.to_dict(), ensure_ascii=False), import_id),
        )


def import_files(
    paths: Iterable[str | Path],
    store: Store,
    *,
    source: str | None = None,
    encoding: str | None = None,
    region: str | None = None,
    dry_run: bool = False,
    matching: Matching | None = None,
) -> ImportReport:
    """Import files into the store as one transaction (rolled back when ``dry_run``)."""
    on_stage = matching.on_stage if matching else None
    # every file is read before anything is written
    _, reports = load_records(paths, source=source, encoding=encoding, on_stage=on_stage)
    return import_reports(reports, store, region=region, dry_run=dry_run, matching=matching)


def import_reports(
    reports: Sequence[FileReport],
    store: Store,
    *,
    region: str | None = None,
    regions: Sequence[str | None] | None = None,
    dry_run: bool = False,
    matching: Matching | None = None,
) -> ImportReport:
    """Store files already read: ``region`` (or one per report in ``regions``) is where their
    numbers without a country code belong, kept with each record for every later match."""
    regions = list(regions) if regions is not None else [region] * len(reports)
    frames = [
        r.records.assign(region=(rg or default_region()).upper())
        for r, rg in zip(reports, regions, strict=True)
        if len(r.records)
    ]
    if not frames:
        raise InputError(", ".join(r.path for r in reports) or "sources", "no records read")
    incoming = distinct_ids(pd.concat(frames, ignore_index=True))
    matching = matching or Matching(region=region)
    shas = {r.path: _sha256(Path(r.path)) for r in reports}
    files = [
        {
            "path": r.path,
            "format": r.format,
            "records": len(r.records),
            "warnings": len(r.warnings),
            "sha256": shas[r.path],
        }
        for r in reports
    ]
    warnings = [str(w) for r in reports for w in r.warnings]
    if all(_file_unchanged(store, Path(r.path), shas[r.path]) for r in reports):
        return ImportReport(
            files=files, warnings=warnings, records_unchanged=len(incoming), unchanged_files=True, dry_run=dry_run
        )
    with store_run(store, matching, dry_run=dry_run) as (connection, report):
        report.files, report.warnings = files, warnings
        _upsert_records(connection, store, incoming, report)
        for r in reports:
            connection.execute(
                "INSERT INTO import_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.import_id,
                    str(Path(r.path).resolve()),  # the same file named from another folder is the same file
                    Path(r.path).stat().st_size,
                    shas[r.path],
                    r.connector,
                    r.format,
                    len(r.records),
                    len(r.warnings),
                ),
            )
    return report


def _upsert_records(connection: sqlite3.Connection, store: Store, incoming: pd.DataFrame, report: ImportReport) -> None:
    import_id = report.import_id
    existing = {
        row["record_id"]: row
        for row in store.query("SELECT record_id, data, content_hash, source_name, missing_since FROM records")
    }
    seen: set[str] = set()
    # tuples are written as JSON arrays as they are: no conversion to lists first
    for record, region in zip(_rows(incoming), incoming["region"]):
        rid = record["record_id"]
        if rid in existing and existing[rid]["source_name"] != record["source_name"]:
            # a hashed id ("John Smith" with nothing else) met again in another source is another record
            rid = record["record_id"] = f"{rid}@{record['source_name']}"
        text = record_to_json(record)
        digest = _content_hash(record)
        seen.add(rid)
        old = existing.get(rid)
        if old is None:
            connection.execute(
                "INSERT INTO records (record_id, source_kind, source_name, source_file, data, content_hash, "
                "first_seen, last_seen, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rid,
                    record["source_kind"],
                    record["source_name"],
                    record["source_file"],
                    text,
                    digest,
                    import_id,
                    import_id,
                    region,
                ),
            )
            report.records_new += 1
        elif old["content_hash"] != digest:
            connection.execute(
                "INSERT INTO record_versions VALUES (?, ?, ?, ?)", (rid, import_id, old["data"], old["content_hash"])
            )
            connection.execute(
                "UPDATE records SET data = ?, content_hash = ?, source_file = ?, last_seen = ?, missing_since = NULL, "
                "region = ? WHERE record_id = ?",
                (text, digest, record["source_file"], import_id, region, rid),
            )
            before = record_from_json(old["data"])
            after = record_from_json(text)
            report.changed_fields[rid] = [c for c in after if c != "source_file" and after[c] != before[c]]
            report.records_changed += 1
        else:
            connection.execute(
                "UPDATE records SET last_seen = ?, missing_since = NULL, region = ? WHERE record_id = ?",
                (import_id, region, rid),
            )
            report.records_unchanged += 1
    sources = set(incoming["source_name"])
    for rid, old in existing.items():
        if rid not in seen and old["source_name"] in sources and old["missing_since"] is None:
            connection.execute("UPDATE records SET missing_since = ? WHERE record_id = ?", (import_id, rid))
            report.records_missing += 1


def _normalized(stored: pd.DataFrame, default: str | None) -> pd.DataFrame:
    """Stored records normalized, each with the region it was imported with."""
    regions = stored["region"].fillna((default or default_region()).upper())
    parts = [
        normalize(group.drop(columns="region"), region=r, columns=MATCHING_COLUMNS)
        for r, group in stored.groupby(regions, sort=False)
    ]
    return pd.concat(parts).loc[stored.index]


def _recluster(
    connection: sqlite3.Connection, store: Store, import_id: int, matching: Matching, report: ImportReport
) -> dict[str, dict[str, Any]]:
    """Match every stored record again and give each cluster its stable contact id; returns the
    contacts as stored, by id."""
    stored = store.records()
    if stored.empty:
        return {}
    previous = dict(zip(stored["record_id"], stored["contact_id"]))
    decisions = [
        (r["kind"], r["record_a"], r["record_b"])
        for r in store.query("SELECT kind, record_a, record_b FROM decisions ORDER BY id")
    ]
    announce = matching.on_stage or (lambda _: None)
    announce(f"normalizing {len(stored):,} stored records")
    # a record missing from the latest import of its file is no longer one of that file's rows:
    # an old version of someone is no second entry of the export (see compare.file_levels and the
    # LinkedIn guard), so matching sees no file for it
    stored.loc[stored["missing_since"].notna(), "source_file"] = None
    result = dedupe(
        _normalized(stored.drop(columns=["contact_id", "missing_since"]), matching.region),
        settings=matching.settings,
        survivorship=matching.survivorship,
        decisions=decisions,
        on_stage=matching.on_stage,
    )
    announce(f"saving {len(result.contacts):,} contacts")
    _save_review_pairs(connection, store, result.pairs, decisions)
    report.review_pending = store.query("SELECT count(*) FROM review_pairs")[0][0]
    stored_contacts = store.query("SELECT contact_id, created, data FROM contacts")
    created = {row["contact_id"]: row["created"] for row in stored_contacts}
    old_data = {row["contact_id"]: row["data"] for row in stored_contacts}
    taken = set(created) | {row["alias"] for row in store.query("SELECT alias FROM aliases")}
    contacts = result.contacts.sort_values("record_ids", key=lambda s: s.map(len), ascending=False)
    now_in: dict[str, str] = {}  # record id -> its contact id after this import
    kept: set[str] = set()
    saved: dict[str, dict[str, Any]] = {}
    for contact in _rows(contacts):
        holders = Counter(previous[r] for r in contact["record_ids"] if previous.get(r))
        ranked = sorted(holders, key=lambda cid: (-holders[cid], created.get(cid, import_id), cid))
        contact_id = next((cid for cid in ranked if cid not in kept), None)
        if contact_id is None:
            contact_id = _new_contact_id(contact["record_ids"][0], taken)
            report.contacts_new += 1
            connection.execute(
                "INSERT INTO contacts (contact_id, data, created, updated) VALUES (?, ?, ?, ?)",
                (contact_id, "", import_id, import_id),
            )
        kept.add(contact_id)
        data = json.dumps({k: v for k, v in contact.items() if k != "cluster"}, ensure_ascii=False, sort_keys=True)
        if contact_id in old_data and old_data[contact_id] != data:
            report.contacts_updated += 1
            connection.execute("UPDATE contacts SET updated = ? WHERE contact_id = ?", (import_id, contact_id))
        # name, title and organization also as columns: suggestions and searches read them without the JSON
        connection.execute(
            "UPDATE contacts SET data = ?, name = ?, title = ?, organization = ? WHERE contact_id = ?",
            (data, contact["name"], contact["title"], contact["organization"], contact_id),
        )
        saved[contact_id] = contact
        connection.executemany(
            "UPDATE records SET contact_id = ? WHERE record_id = ?",
            [(contact_id, rid) for rid in contact["record_ids"]],
        )
        for rid in contact["record_ids"]:
            now_in[rid] = contact_id
    # an id that lost all its records to other contacts lives on as an alias of the one holding most;
    # the alias remembers its records so that `netplus unmerge` can give them their id back
    for old_id in created:
        if old_id in kept:
            continue
        its_records = [r for r, cid in previous.items() if cid == old_id and r in now_in]
        heirs = Counter(now_in[r] for r in its_records)
        if heirs:
            connection.execute(
                "INSERT OR REPLACE INTO aliases VALUES (?, ?, ?, ?)",
                (old_id, heirs.most_common(1)[0][0], import_id, json.dumps(its_records)),
            )
            connection.execute("DELETE FROM contacts WHERE contact_id = ?", (old_id,))
            report.contacts_merged += 1
    return saved


def _categorize(connection: sqlite3.Connection, contacts: dict[str, dict[str, Any]], taxonomy: Taxonomy) -> None:
    """Every contact's categories from its sources' tags and the rules (manual ones are kept apart)."""
    rows = []
    for contact_id, contact in contacts.items():
        for assignment in taxonomy.categorize(contact):
            rows.append((contact_id, assignment.category, assignment.confidence, assignment.origin, assignment.reason))
    connection.execute("DELETE FROM categories")
    connection.executemany("INSERT INTO categories VALUES (?, ?, ?, ?, ?)", rows)


def _save_review_pairs(
    connection: sqlite3.Connection, store: Store, pairs: pd.DataFrame, decisions: Sequence[tuple[str, str, str]]
) -> None:
    """The uncertain pairs between different contacts that no manual decision answers yet;
    a pair skipped in `netplus review` stays skipped while it is still uncertain."""
    answered = {frozenset((a, b)) for _, a, b in decisions}
    skipped = {(r["record_a"], r["record_b"]) for r in store.query("SELECT * FROM review_pairs WHERE skipped")}
    waiting = pairs[(pairs["decision"] == "review") & ~pairs["cannot_link"] & ~pairs["same_contact"]]
    rows = [
        (a, b, float(w), (a, b) in skipped)
        for a, b, w in zip(waiting["record_id_l"], waiting["record_id_r"], waiting["weight"])
        if frozenset((a, b)) not in answered
    ]
    connection.execute("DELETE FROM review_pairs")
    connection.executemany("INSERT OR REPLACE INTO review_pairs VALUES (?, ?, ?, ?)", rows)
