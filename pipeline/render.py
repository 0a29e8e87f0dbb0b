"""How match results look to a person (terminal) and to a script (JSON)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.dedupe import DedupeResult
from pipeline.inspect import records_to_json


def dedupe_report(result: DedupeResult) -> dict[str, Any]:
    """The dedupe result as JSON values: contacts, the pairs waiting for review, and the weights used."""
    pairs = result.pairs
    # a pair already joined through other records needs no review
    waiting = (pairs["decision"] == "review") & ~pairs["cannot_link"] & ~pairs["same_contact"]
    review = pairs[waiting].sort_values("weight", ascending=False)
    columns = ["record_id_l", "record_id_r", "weight", "probability", "decision"]
    return {
        "contacts": records_to_json(result.contacts.drop(columns=["cluster"])),
        "review": review[columns].to_dict("records"),
        "summary": {
            "records": len(result.clusters),
            "contacts": len(result.contacts),
            "merged_contacts": int((result.contacts["record_ids"].map(len) > 1).sum()),
            "review_pending": len(review),
        },
        "settings": result.settings.to_dict(),
    }


def render_dedupe(console: Console, result: DedupeResult, limit: int) -> None:
    report = dedupe_report(result)
    summary = report["summary"]
    console.print(
        f"{summary['records']} records -> {summary['contacts']} contacts "
        f"({summary['merged_contacts']} merged from several records), "
        f"{summary['review_pending']} pairs to review",
        markup=False,
    )
    merged = [c for c in report["contacts"] if len(c["record_ids"]) > 1][:limit]
    if merged:
        table = Table("contact", "organization", "records", title="merged contacts", title_justify="left")
        for contact in merged:
            table.add_row(
                Text(str(contact["name"] or "")),
                Text(str(contact["organization"] or "")),
                Text("\n".join(contact["record_ids"])),
            )
        console.print(table)
    if report["review"]:
        table = Table("weight", "record", "record", title="uncertain pairs (review)", title_justify="left")
        for pair in report["review"][:limit]:
            table.add_row(f"{pair['weight']:+.1f}", Text(pair["record_id_l"]), Text(pair["record_id_r"]))
        console.print(table)
