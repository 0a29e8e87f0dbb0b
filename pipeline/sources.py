"""Registered sources and ``sync``: the exports a cron job re-imports, each with its own kind,
region and (for CSVs) the column mapping chosen at its first import."""

from __future__ import annotations

import glob
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import connectors
from connectors._table import Slot
from connectors.errors import InputError, StoreError
from pipeline.inspect import FileReport, expand_paths, export_members, read_found
from pipeline.run import ImportReport, Matching, _now, import_reports
from pipeline.store import Store


def _absolute(pattern: str) -> str:
    """A pattern that means the same file whatever directory cron runs in."""
    return str(Path(pattern).expanduser().absolute())


def source_files(pattern: str) -> list[Path]:
    """The files a source's pattern names now (directories read file by file)."""
    return expand_paths(sorted(glob.glob(pattern, recursive=True)))


def add_source(
    store: Store,
    name: str,
    pattern: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    encoding: str | None = None,
) -> dict[str, Any]:
    if kind is not None and kind not in connectors.REGISTRY:
        raise StoreError(f"unknown source kind {kind!r}; choose from {', '.join(connectors.REGISTRY)}")
    if store.query("SELECT 1 FROM sources WHERE name = ?", name):
        raise StoreError(f"a source named {name!r} exists; remove it first or choose another name")
    with store.transaction() as connection:
        connection.execute(
            "INSERT INTO sources (name, pattern, kind, region, encoding, added) VALUES (?, ?, ?, ?, ?, ?)",
            (name, _absolute(pattern), kind, region.upper() if region else None, encoding, _now()),
        )
    return get_source(store, name)


def _source(row: Any) -> dict[str, Any]:
    mapping = json.loads(row["mapping"]) if row["mapping"] else None
    return {
        "name": row["name"],
        "pattern": row["pattern"],
        "kind": row["kind"],
        "region": row["region"],
        "encoding": row["encoding"],
        "mapping": mapping,
        "files": [str(p) for p in source_files(row["pattern"])],
        "added": row["added"],
    }


def get_source(store: Store, name: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM sources WHERE name = ?", name)
    if not rows:
        raise StoreError(f"no source {name!r}; see `netplus source list`")
    return _source(rows[0])


def list_sources(store: Store) -> list[dict[str, Any]]:
    return [_source(row) for row in store.query("SELECT * FROM sources ORDER BY name")]


def remove_source(store: Store, name: str) -> None:
    """Forget a source; its records stay in the network."""
    get_source(store, name)
    with store.transaction() as connection:
        connection.execute("DELETE FROM sources WHERE name = ?", (name,))


Layout = dict[str, Slot | None]  # one CSV layout's columns: header → slot (None: extra)


def _layouts(saved: list[dict[str, Any]] | None) -> list[Layout]:
    return [{h: (Slot(**slot) if slot else None) for h, slot in layout.items()} for layout in saved or ()]


def _save_layouts(store: Store, name: str, layouts: list[Layout]) -> None:
    saved = [{h: (asdict(s) if s else None) for h, s in layout.items()} for layout in layouts]
    with store.transaction() as connection:
        connection.execute(
            "UPDATE sources SET mapping = ? WHERE name = ?", (json.dumps(saved, ensure_ascii=False), name)
        )


def read_source(source: dict[str, Any]) -> list[FileReport]:
    """Every file of a source read with its kind, encoding and saved mapping; the first error raises."""
    files = source_files(source["pattern"])
    if not files:
        raise InputError(source["pattern"], f"source {source['name']!r} matches no file")
    members = export_members(files)
    reports = [
        read_found(
            path,
            members=members,
            source=source["kind"],
            encoding=source["encoding"],
            source_name=source["name"],
            mappings=_layouts(source["mapping"]),
        )
        for path in files
    ]
    for report in reports:
        if report.exception is not None:
            raise report.exception
    return reports


def _with_new_layouts(layouts: list[Layout], reports: list[FileReport]) -> list[Layout]:
    """The saved layouts plus those of files read with a layout not saved yet."""
    layouts = list(layouts)
    for report in reports:
        if report.slots is not None and all(set(report.slots) != set(layout) for layout in layouts):
            layouts.append(report.slots)
    return layouts


def source_mapping(store: Store, name: str, changes: dict[str, str] | None = None) -> list[dict[str, str]]:
    """A source's CSV column mappings, one per layout (header → field, as ``inspect`` prints them),
    with those of its current files saved too; ``changes`` (header → field or ``extra``) edit
    every layout that has the column."""
    source = get_source(store, name)
    layouts = _with_new_layouts(_layouts(source["mapping"]), read_source(source))
    if not layouts:
        raise StoreError(f"source {name!r} has no CSV files: only CSV columns can be mapped")
    for header, target in (changes or {}).items():
        if not any(header in layout for layout in layouts):
            columns = sorted({h for layout in layouts for h in layout})
            raise StoreError(f"source {name!r} has no column {header!r}; columns: {', '.join(columns)}")
        try:
            slot = Slot.parse(target)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        for layout in layouts:
            if header in layout:
                layout[header] = slot
    _save_layouts(store, name, layouts)
    if changes:
        with store.transaction() as connection:  # the next sync must read these files again, not skip them as unchanged
            connection.executemany(
                "UPDATE import_files SET sha256 = '' WHERE path = ?",
                [(str(p.resolve()),) for p in source_files(source["pattern"])],
            )
    return [{h: (slot.describe() if slot else "extra") for h, slot in layout.items()} for layout in layouts]


def sync(store: Store, *, dry_run: bool = False, matching: Matching | None = None) -> ImportReport:
    """Re-import every registered source in one transaction; a CSV layout met for the first time
    has its column mapping saved, and read with it from then on."""
    sources = list_sources(store)
    if not sources:
        raise StoreError("no sources registered; add one with `netplus source add NAME PATH-OR-GLOB`")
    reports: list[FileReport] = []
    regions: list[str | None] = []
    layouts: dict[str, list[Layout]] = {}
    for source in sources:
        read = read_source(source)
        reports += read
        regions += [source["region"] or (matching.region if matching else None)] * len(read)
        saved = _layouts(source["mapping"])
        layouts[source["name"]] = _with_new_layouts(saved, read)
        if len(layouts[source["name"]]) == len(saved):
            del layouts[source["name"]]
    report = import_reports(reports, store, regions=regions, dry_run=dry_run, matching=matching)
    if not dry_run:
        for name, new in layouts.items():
            _save_layouts(store, name, new)
    return report
