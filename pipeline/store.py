"""The network store: one SQLite file holding records, contacts, aliases and import runs."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs

from connectors.errors import StoreError
from connectors.schema import COLUMN_KINDS, COLUMNS
from pipeline.migrations import LATEST, migrate

BUSY_TIMEOUT_MS = 30_000


def default_path() -> Path:
    """The store in the user's data directory (XDG on Linux); ``NETPLUS_DB`` or ``--db`` choose another."""
    return Path(platformdirs.user_data_dir("netplus")) / "netplus.db"


def record_to_json(record: dict[str, Any]) -> str:
    """A canonical record as JSON text (tuples become lists), keys in a stable order."""
    return json.dumps({c: record[c] for c in COLUMNS}, ensure_ascii=False, sort_keys=True, default=list)


def record_from_json(text: str) -> dict[str, Any]:
    """The canonical record back from JSON, with tuples where the schema has them."""
    data = json.loads(text)
    for column, kind in COLUMN_KINDS.items():
        value = data.get(column)
        if kind == "pairs":
            data[column] = tuple((label, item) for label, item in value or ())
        elif kind in ("tuple", "addresses"):
            data[column] = tuple(value or ())
        elif kind == "dict":
            data[column] = value or {}
    return data


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row an INSERT just added."""
    if cursor.lastrowid is None:
        raise StoreError("SQLite gave the new row no id")
    return cursor.lastrowid


class Store:
    """An open store. Writes happen only inside ``transaction()``, which holds SQLite's write
    lock: a second import waits for the first (up to 30 s) instead of interleaving with it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        new = not self.path.exists()
        if new:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # personal data: the file is created readable by its owner only
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = migrate(self.connection)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a netplus store ({exc})") from None
        if version != LATEST:
            raise StoreError(f"{self.path}: schema version {version} is newer than this netplus knows ({LATEST})")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[sqlite3.Connection]:
        """Everything inside lands whole or not at all; with ``commit=False`` (dry runs) never."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: store is busy with another import ({exc}); try again") from None
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT" if commit else "ROLLBACK")

    def query(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        self.connection.row_factory = sqlite3.Row
        try:
            return list(self.connection.execute(sql, args))
        finally:
            self.connection.row_factory = None

    def records(self) -> pd.DataFrame:
        """Every stored record as canonical records, with ``contact_id``, ``missing_since`` and ``region``."""
        rows = self.query("SELECT data, contact_id, missing_since, region FROM records ORDER BY rowid")
        data = [record_from_json(r["data"]) for r in rows]
        frame = pd.DataFrame({c: pd.Series([d[c] for d in data], dtype=object) for c in COLUMNS})
        return frame.assign(
            contact_id=[r["contact_id"] for r in rows],
            missing_since=[r["missing_since"] for r in rows],
            region=[r["region"] for r in rows],
        )

    def alias_targets(self) -> dict[str, str]:
        """Every alias → the contact it resolves to now (following aliases of aliases)."""
        aliases = {r["alias"]: r["contact_id"] for r in self.query("SELECT alias, contact_id FROM aliases")}
        resolved = {}
        for alias, target in aliases.items():
            seen = {alias}
            while target in aliases and target not in seen:
                seen.add(target)
                target = aliases[target]
            resolved[alias] = target
        return resolved

    def resolve(self, contact_id: str) -> str:
        """A contact id, following aliases left by merges; StoreError when unknown."""
        if self.query("SELECT 1 FROM contacts WHERE contact_id = ?", contact_id):
            return contact_id
        alias = self.query("SELECT contact_id FROM aliases WHERE alias = ?", contact_id)
        if alias:
            return self.resolve(alias[0]["contact_id"])
        raise StoreError(f"no contact {contact_id!r}; see `netplus list`")
