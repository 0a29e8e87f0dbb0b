"""Reading the network from the store: list, show, history, stats (the library side of those commands)."""

from __future__ import annotations

import json
from typing import Any

from pipeline.categories import effective_categories
from pipeline.categorize import Taxonomy
from pipeline.marks import private_ids, trust_notes
from pipeline.networking import asks, encounters
from pipeline.store import Store, record_from_json


def _contact(contact_id: str, data: str) -> dict[str, Any]:
    return {"id": contact_id, **json.loads(data)}


def list_contacts(
    store: Store,
    *,
    search: str | None = None,
    category: str | None = None,
    taxonomy: Taxonomy | None = None,
) -> list[dict[str, Any]]:
    """Every contact as JSON values: ``id``, the golden fields, ``record_ids``, ``provenance``,
    ``categories`` (best first, each with confidence, origin and reason), ``trusted``,
    ``endorsement`` and ``private``; ``category`` keeps those in one category (an id, a name or a close word)."""
    taxonomy = taxonomy or Taxonomy.load()
    contacts = _decorated(
        store,
        [
            _contact(r["contact_id"], r["data"])
            for r in store.query("SELECT contact_id, data FROM contacts ORDER BY contact_id")
        ],
        taxonomy,
    )
    if category:
        wanted = taxonomy.resolve(category)
        contacts = [c for c in contacts if any(x["category"] == wanted for x in c["categories"])]
    if search:
        needle = search.casefold()

        def haystack(c: dict[str, Any]) -> str:
            values = [
                c.get("name"),
                c.get("organization"),
                c.get("title"),
                *(v for _, v in c.get("emails", [])),
                *(v for _, v in c.get("phones", [])),
            ]
            return " ".join(str(v) for v in values if v).casefold()

        contacts = [c for c in contacts if needle in haystack(c)]
    return sorted(contacts, key=lambda c: str(c.get("name") or "").casefold())


def contact_summaries(store: Store, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Every contact as what matching a need reads: ``id``, ``name``, ``title``, ``organization``,
    ``categories``, ``trusted``, ``endorsement``, ``private`` (no JSON to parse: fast at 100,000)."""
    rows = store.query("SELECT contact_id, name, title, organization FROM contacts ORDER BY contact_id")
    summaries = [
        {"id": r["contact_id"], "name": r["name"], "title": r["title"], "organization": r["organization"]} for r in rows
    ]
    return _decorated(store, summaries, taxonomy)


def get_contact(store: Store, contact_id: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """One contact as ``list_contacts`` gives it (aliases followed)."""
    resolved = store.resolve(contact_id)
    row = store.query("SELECT data FROM contacts WHERE contact_id = ?", resolved)[0]
    return _decorated(store, [_contact(resolved, row["data"])], taxonomy)[0]


def _decorated(store: Store, contacts: list[dict[str, Any]], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Contacts with their categories, trust, endorsement and whether they are private."""
    categories = effective_categories(store, taxonomy)
    trusted = trust_notes(store)
    private = private_ids(store)
    for contact in contacts:
        contact["private"] = contact["id"] in private
        contact["categories"] = categories.get(contact["id"], [])
        endorsement = trusted.get(contact["id"])
        contact["trusted"] = endorsement is not None
        contact["endorsement"] = endorsement["note"] if endorsement else None
    return contacts


def show_contact(store: Store, contact_id: str, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """One contact (aliases followed) with its categories, source records and their earlier versions,
    and what the reciprocity log holds about them: needs, offers, encounters."""
    resolved = store.resolve(contact_id)
    row = store.query("SELECT data, created, updated FROM contacts WHERE contact_id = ?", resolved)[0]
    (contact,) = _decorated(store, [_contact(resolved, row["data"])], taxonomy or Taxonomy.load())
    contact["created_by_import"], contact["updated_by_import"] = row["created"], row["updated"]
    contact["aliases"] = [r["alias"] for r in store.query("SELECT alias FROM aliases WHERE contact_id = ?", resolved)]
    records = []
    for r in store.query(
        "SELECT record_id, data, first_seen, last_seen, missing_since FROM records "
        "WHERE contact_id = ? ORDER BY record_id",
        resolved,
    ):
        versions = store.query(
            "SELECT replaced_by_import, data FROM record_versions WHERE record_id = ? ORDER BY replaced_by_import",
            r["record_id"],
        )
        records.append(
            {
                "record": json.loads(r["data"]),
                "first_seen": r["first_seen"],
                "last_seen": r["last_seen"],
                "missing_since": r["missing_since"],
                "previous_versions": [
                    {"replaced_by_import": v["replaced_by_import"], "record": record_from_json(v["data"])}
                    for v in versions
                ],
            }
        )
    contact["records"] = records
    contact["needs"] = asks(store, "need", contact_id=resolved)
    contact["offers"] = asks(store, "offer", contact_id=resolved)
    contact["encounters"] = encounters(store, resolved)
    return contact


def import_history(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "started": r["started"],
            "finished": r["finished"],
            "report": json.loads(r["report"]) if r["report"] else None,
        }
        for r in store.query("SELECT id, started, finished, report FROM imports ORDER BY id")
    ]


def network_stats(store: Store) -> dict[str, Any]:
    count = lambda sql: store.query(sql)[0][0]  # noqa: E731 - five one-line counts
    by_source = {
        r["source_name"]: r["n"]
        for r in store.query("SELECT source_name, count(*) AS n FROM records GROUP BY source_name ORDER BY source_name")
    }
    return {
        "contacts": count("SELECT count(*) FROM contacts"),
        "contacts_with_several_records": count(
            "SELECT count(*) FROM (SELECT contact_id FROM records GROUP BY contact_id HAVING count(*) > 1)"
        ),
        "records": count("SELECT count(*) FROM records"),
        "records_missing": count("SELECT count(*) FROM records WHERE missing_since IS NOT NULL"),
        "records_by_source": by_source,
        "aliases": count("SELECT count(*) FROM aliases"),
        "imports": count("SELECT count(*) FROM imports"),
    }
