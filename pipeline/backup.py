"""A full backup of the store as one JSON file, and its restore: everything, including the manual
decisions, categories, trust and sources a user put work into."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from connectors.errors import InputError, StoreError
from pipeline.migrations import LATEST
from pipeline.store import Store

FORMAT = "netplus-backup"


def _tables(store: Store) -> list[str]:
    rows = store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [r["name"] for r in rows]


def backup(store: Store) -> dict[str, Any]:
    """Every row of every table, with the schema version they belong to."""
    return {
        "format": FORMAT,
        "schema_version": LATEST,
        "tables": {
            table: [dict(row) for row in store.query(f'SELECT * FROM "{table}" ORDER BY rowid')]
            for table in _tables(store)
        },
    }


def restore(store: Store, path: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into a store, in one transaction; an existing network is replaced only when asked."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"cannot read the backup ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise InputError(path, "not a netplus backup (write one with `netplus export --full-backup -o FILE.json`)")
    if data.get("schema_version") != LATEST:
        raise InputError(path, f"backup of schema {data.get('schema_version')}, this netplus writes {LATEST}")
    tables = _tables(store)
    unknown = sorted(set(data["tables"]) - set(tables))
    if unknown:
        raise InputError(path, f"unknown table {unknown[0]!r} in the backup")
    if not replace and store.query("SELECT count(*) FROM records")[0][0]:
        raise StoreError(f"{store.path} already holds a network; restore into a new --db or add --replace")
    counts = {}
    with store.transaction() as connection:
        for table in tables:
            connection.execute(f'DELETE FROM "{table}"')
        for table, rows in data["tables"].items():
            allowed = {r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')}
            for row in rows:
                if not isinstance(row, dict) or not set(row) <= allowed:
                    raise InputError(path, f"a row of {table!r} has columns this store does not know")
                columns = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" * len(row))
                connection.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', tuple(row.values()))
            counts[table] = len(rows)
    return counts
