"""Categories in the store: manual tags win over source tags, which win over rules. Manual
choices are kept by contact id and follow the contact when it merges into another (its id
becomes an alias)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.categorize import OTHER, Taxonomy
from pipeline.run import _now
from pipeline.store import Store


def effective_categories(store: Store, taxonomy: Taxonomy) -> dict[str, list[dict[str, Any]]]:
    """contact id → its categories (best first): manual tags, then the stored source and rule ones
    minus those you removed; ``other`` only when nothing else is left."""
    current = store.alias_targets()
    result: dict[str, list[dict[str, Any]]] = {}
    for row in store.query("SELECT * FROM categories ORDER BY contact_id, confidence DESC"):
        result.setdefault(row["contact_id"], []).append(
            {
                "category": row["category"],
                "confidence": row["confidence"],
                "origin": row["origin"],
                "reason": row["reason"],
            }
        )
    for row in store.query("SELECT * FROM manual_categories ORDER BY created"):
        contact = current.get(row["contact_id"], row["contact_id"])
        kept = [c for c in result.get(contact, []) if c["category"] != row["category"]]
        if row["assigned"]:
            kept.insert(
                0, {"category": row["category"], "confidence": 1.0, "origin": "manual", "reason": "tagged by you"}
            )
        result[contact] = kept
    for contact, assigned in result.items():
        named = [c for c in assigned if c["category"] != OTHER]
        result[contact] = named or [
            {"category": OTHER, "confidence": 1.0, "origin": "rule", "reason": "no service category"}
        ]
        for c in result[contact]:
            c["name"] = taxonomy.categories[c["category"]].name if c["category"] in taxonomy.categories else "Other"
            c["confidence"] = round(c["confidence"], 2)
    return result


def set_category(store: Store, contact_id: str, category: str, taxonomy: Taxonomy, *, assigned: bool) -> str:
    """Tag (or untag) a contact with a category, for good; returns the category id."""
    resolved = store.resolve(contact_id)
    category = taxonomy.resolve(category)
    with store.transaction() as connection:
        connection.execute(
            "INSERT OR REPLACE INTO manual_categories VALUES (?, ?, ?, ?)", (resolved, category, int(assigned), _now())
        )
    return category


def category_counts(contacts: list[dict[str, Any]], taxonomy: Taxonomy, *, every: bool = False) -> list[dict[str, Any]]:
    """Contacts per category (a contact counts in each of its categories), largest first."""
    counts = Counter(c["category"] for contact in contacts for c in contact["categories"])
    ids = list(taxonomy.categories) + [OTHER] if every else list(counts)
    rows = [
        {
            "category": cid,
            "name": taxonomy.categories[cid].name if cid in taxonomy.categories else "Other",
            "group": taxonomy.categories[cid].group if cid in taxonomy.categories else "other",
            "contacts": counts.get(cid, 0),
        }
        for cid in ids
    ]
    return sorted(rows, key=lambda r: (-r["contacts"], r["category"]))
