"""What you say about a contact beyond its fields: trust (with your endorsement) and private.
Kept by contact id, they follow the contact when it merges into another."""

from __future__ import annotations

from typing import Any

from pipeline.run import _now
from pipeline.store import Store


def trust_notes(store: Store) -> dict[str, dict[str, Any]]:
    """contact id → its endorsement (``note``, ``since``), for the contacts you would refer."""
    current = store.alias_targets()
    return {
        current.get(r["contact_id"], r["contact_id"]): {"note": r["note"], "since": r["created"]}
        for r in store.query("SELECT contact_id, note, created FROM trust ORDER BY created")
    }


def set_trust(store: Store, contact_id: str, note: str | None, *, trusted: bool) -> str:
    resolved = store.resolve(contact_id)
    with store.transaction() as connection:
        if trusted:
            connection.execute("INSERT OR REPLACE INTO trust VALUES (?, ?, ?)", (resolved, note, _now()))
        else:
            connection.execute("DELETE FROM trust WHERE contact_id = ?", (resolved,))
    return resolved


def private_ids(store: Store) -> set[str]:
    """The contacts marked private: never in a shareable export, never suggested to anyone."""
    current = store.alias_targets()
    return {current.get(r["contact_id"], r["contact_id"]) for r in store.query("SELECT contact_id FROM private")}


def set_private(store: Store, contact_id: str, *, private: bool) -> str:
    resolved = store.resolve(contact_id)
    with store.transaction() as connection:
        if private:
            connection.execute("INSERT OR REPLACE INTO private VALUES (?, ?)", (resolved, _now()))
        else:
            connection.execute("DELETE FROM private WHERE contact_id = ?", (resolved,))
    return resolved
