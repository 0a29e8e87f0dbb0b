"""The store's schema, as numbered forward migrations recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        report TEXT
    );
    CREATE TABLE import_files (
        import_id INTEGER NOT NULL REFERENCES imports(id),
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        connector TEXT NOT NULL,
        format TEXT NOT NULL,
        records INTEGER NOT NULL,
        warnings INTEGER NOT NULL
    );
    CREATE TABLE records (
        record_id TEXT PRIMARY KEY,
        source_kind TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_file TEXT NOT NULL,
        data TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        first_seen INTEGER NOT NULL REFERENCES imports(id),
        last_seen INTEGER NOT NULL REFERENCES imports(id),
        missing_since INTEGER REFERENCES imports(id),
        contact_id TEXT
    );
    CREATE INDEX records_by_source ON records(source_name);
    CREATE INDEX records_by_contact ON records(contact_id);
    CREATE TABLE record_versions (
        record_id TEXT NOT NULL,
        replaced_by_import INTEGER NOT NULL REFERENCES imports(id),
        data TEXT NOT NULL,
        content_hash TEXT NOT NULL
    );
    CREATE TABLE contacts (
        contact_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        created INTEGER NOT NULL REFERENCES imports(id),
        updated INTEGER NOT NULL REFERENCES imports(id)
    );
    CREATE TABLE aliases (
        alias TEXT PRIMARY KEY,
        contact_id TEXT NOT NULL,
        import_id INTEGER NOT NULL REFERENCES imports(id)
    );
    """,
    ),
    (
        2,
        """
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('same', 'different')),
        record_a TEXT NOT NULL,
        record_b TEXT NOT NULL,
        created TEXT NOT NULL,
        reason TEXT
    );
    """,
    ),
    (
        3,
        """
    ALTER TABLE records ADD COLUMN region TEXT;
    ALTER TABLE aliases ADD COLUMN record_ids TEXT;
    CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        pattern TEXT NOT NULL,
        kind TEXT,
        region TEXT,
        encoding TEXT,
        mapping TEXT,
        added TEXT NOT NULL
    );
    CREATE TABLE review_pairs (
        record_a TEXT NOT NULL,
        record_b TEXT NOT NULL,
        weight REAL NOT NULL,
        skipped INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (record_a, record_b)
    );
    """,
    ),
    (
        4,
        """
    CREATE TABLE categories (
        contact_id TEXT NOT NULL,
        category TEXT NOT NULL,
        confidence REAL NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('source', 'rule')),
        reason TEXT NOT NULL,
        PRIMARY KEY (contact_id, category)
    );
    CREATE TABLE manual_categories (
        contact_id TEXT NOT NULL,
        category TEXT NOT NULL,
        assigned INTEGER NOT NULL,
        created TEXT NOT NULL,
        PRIMARY KEY (contact_id, category)
    );
    CREATE TABLE trust (
        contact_id TEXT PRIMARY KEY,
        note TEXT,
        created TEXT NOT NULL
    );
    """,
    ),
    (
        5,
        """
    CREATE TABLE private (
        contact_id TEXT PRIMARY KEY,
        created TEXT NOT NULL
    );
    """,
    ),
    (
        6,
        """
    CREATE TABLE asks (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('need', 'offer')),
        contact_id TEXT NOT NULL,
        text TEXT NOT NULL,
        category TEXT,
        created TEXT NOT NULL,
        closed TEXT,
        closed_by TEXT
    );
    CREATE TABLE intros (
        id INTEGER PRIMARY KEY,
        contact_a TEXT NOT NULL,
        contact_b TEXT NOT NULL,
        why TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('proposed', 'sent', 'accepted', 'done', 'declined')),
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE encounters (
        id INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT,
        takeaways TEXT NOT NULL,
        met_through TEXT,
        mutuals TEXT NOT NULL,
        followup_sent TEXT,
        created TEXT NOT NULL
    );
    CREATE TABLE cadences (
        contact_id TEXT PRIMARY KEY,
        days INTEGER NOT NULL,
        created TEXT NOT NULL
    );
    """,
    ),
    (
        7,
        """
    ALTER TABLE contacts ADD COLUMN name TEXT;
    ALTER TABLE contacts ADD COLUMN title TEXT;
    ALTER TABLE contacts ADD COLUMN organization TEXT;
    UPDATE contacts SET name = json_extract(data, '$.name'), title = json_extract(data, '$.title'),
        organization = json_extract(data, '$.organization');
    """,
    ),
)
LATEST = MIGRATIONS[-1][0]


def migrate(connection: sqlite3.Connection) -> int:
    """Bring a store to the latest schema, one migration per transaction; returns the version."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for number, script in MIGRATIONS:
        if number > version:
            connection.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
            version = number
    return version
