"""How match results look to a person (terminal) and to a script (JSON)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from connectors.schema import display_name
from pipeline.dedupe import DedupeResult
from pipeline.inspect import records_to_json
from pipeline.run import ImportReport


def dedupe_report(result: DedupeResult) -> dict[str, Any]:
    """The dedupe result as JSON values: contacts, the pairs waiting for review, and the weights used."""
    pairs = result.pairs
    # a pair already joined through other records needs no review
    waiting = (pairs["decision"] == "review") & ~pairs["cannot_link"] & ~pairs["same_contact"]
    review = pairs[waiting].sort_values("weight", ascending=False)
    # each side named as the contact its record is part of: what the person deciding knows it by
    name_of = result.contacts.set_index("cluster")["name"]
    contact_name = dict(zip(result.clusters["record_id"], name_of.reindex(result.clusters["cluster"]).to_numpy()))
    review = review.assign(
        name_l=review["record_id_l"].map(contact_name), name_r=review["record_id_r"].map(contact_name)
    )
    columns = ["record_id_l", "name_l", "record_id_r", "name_r", "weight", "probability", "decision"]
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


def counted(number: int, noun: str) -> str:
    """A count and its noun: "1 pair", "2 pairs" (for nouns that take an s)."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def render_dedupe(console: Console, result: DedupeResult, limit: int) -> None:
    report = dedupe_report(result)
    summary = report["summary"]
    console.print(
        f"{counted(summary['records'], 'record')} -> {counted(summary['contacts'], 'contact')} "
        f"({summary['merged_contacts']:,} merged from several records), "
        f"{counted(summary['review_pending'], 'pair')} to review",
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
            table.add_row(
                f"{pair['weight']:+.1f}",
                Text(f"{pair['name_l'] or ''}\n{pair['record_id_l']}"),
                Text(f"{pair['name_r'] or ''}\n{pair['record_id_r']}"),
            )
        console.print(table)


def render_import(console: Console, report: ImportReport) -> None:
    """The end-of-import report as a table."""
    if report.unchanged_files:
        console.print(
            "nothing changed: every file is the same as at its last import "
            f"({counted(report.records_unchanged, 'record')})",
            markup=False,
        )
        return
    table = Table(
        "records new",
        "changed",
        "unchanged",
        "missing",
        "contacts new",
        "updated",
        "merged",
        "to review",
        title="dry run: nothing written" if report.dry_run else f"import {report.import_id}",
        title_justify="left",
    )
    table.add_row(
        *(
            str(v)
            for v in (
                report.records_new,
                report.records_changed,
                report.records_unchanged,
                report.records_missing,
                report.contacts_new,
                report.contacts_updated,
                report.contacts_merged,
                report.review_pending,
            )
        )
    )
    console.print(table)
    for record_id, fields in list(report.changed_fields.items())[:20]:
        console.print(Text(f"changed {record_id}: {', '.join(fields)}"))


def render_contact(console: Console, contact: dict[str, Any]) -> None:
    """One contact: golden fields with the records they came from, then the source records."""
    table = Table("field", "value", "from", title=f"{contact['id']}  {contact.get('name') or ''}", title_justify="left")
    provenance = contact.get("provenance") or {}
    for field in (
        "name",
        "organization",
        "title",
        "emails",
        "phones",
        "urls",
        "linkedin_url",
        "addresses",
        "tags",
        "birthday",
        "notes",
    ):
        value = contact.get(field)
        if not value:
            continue
        shown = (
            value
            if isinstance(value, str)
            else "\n".join(
                v[1]
                if isinstance(v, list)
                else ", ".join(str(x) for x in v.values() if x)
                if isinstance(v, dict)
                else str(v)
                for v in value
            )
        )
        sources = provenance.get(field, {}).get("sources") if provenance else contact["record_ids"]
        table.add_row(field, Text(shown), Text("\n".join(sources or contact["record_ids"])))
    for category in contact.get("categories", []):
        table.add_row(
            "category",
            Text(f"{category['name']} ({category['confidence']:.0%})"),
            Text(f"{category['origin']}: {category['reason']}"),
        )
    if contact.get("trusted"):
        table.add_row("trusted", Text(contact.get("endorsement") or "yes"), "you")
    console.print(table)
    for entry in contact["records"]:
        state = f"missing since import {entry['missing_since']}" if entry["missing_since"] else "present"
        console.print(
            Text(
                f"{entry['record']['record_id']} ({entry['record']['source_file']}): {state}, "
                f"first seen in import {entry['first_seen']}, "
                f"{len(entry['previous_versions'])} earlier versions"
            )
        )
    for ask in (*contact.get("needs", ()), *contact.get("offers", ())):
        state = "open" if not ask["closed"] else f"closed {ask['closed'][:10]}"
        console.print(Text(f"{ask['kind']} #{ask['id']} ({state}): {ask['text']}"))
    for met in contact.get("encounters", ()):
        followed = "followed up" if met["followup_sent"] else "no follow-up yet"
        takeaways = "; ".join(met["takeaways"])
        console.print(Text(f"{met['kind']} on {met['date']} ({followed})" + (f": {takeaways}" if takeaways else "")))


_SIDE_BY_SIDE = (
    "name",
    "nickname",
    "organization",
    "title",
    "emails",
    "phones",
    "addresses",
    "linkedin_url",
    "birthday",
    "source_name",
)


def _cell(value: Any) -> str:
    """A record field as text: labelled values one per line, addresses by their parts."""
    if isinstance(value, tuple | list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                lines.append(", ".join(str(v) for k, v in item.items() if v and k != "label"))
            elif isinstance(item, tuple | list):
                label, text = item
                lines.append(f"{text} ({label})" if label else str(text))
            else:
                lines.append(str(item))
        return "\n".join(lines)
    return "" if value is None else str(value)


def render_review_pair(console: Console, pair: dict[str, Any], position: int, total: int) -> None:
    """Two records side by side, the fields that differ highlighted."""
    a, b = ({"name": display_name(r), **r} for r in pair["records"])
    table = Table(title=f"pair {position} of {total} · match weight {pair['weight']:+.1f}", title_justify="left")
    table.add_column("")
    for record_id, contact_id in zip((pair["record_a"], pair["record_b"]), pair["contacts"]):
        table.add_column(Text(f"{record_id}  ({contact_id})"))
    for field_name in _SIDE_BY_SIDE:
        left, right = _cell(a.get(field_name)), _cell(b.get(field_name))
        if left or right:
            style = "" if left == right or not (left and right) else "yellow"
            table.add_row(field_name.replace("_", " "), Text(left, style=style), Text(right, style=style))
    console.print(table)
