"""Commands that fill and read the network store: import, list, show, history, stats."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.cli.base import (
    cli,
    db_option,
    echo_json,
    input_options,
    json_option,
    open_store,
    print_report,
    progress,
    quiet_option,
    region_option,
    settings,
    taxonomy_option,
)
from pipeline.network import import_history, list_contacts, network_stats, show_contact
from pipeline.render import render_contact
from pipeline.run import import_files


@cli.command(name="import")
@input_options
@region_option
@db_option
@taxonomy_option
@click.option("--dry-run", is_flag=True, help="Show exactly what would change; write nothing.")
@json_option
@quiet_option
def import_(
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    region: str | None,
    db: str | None,
    taxonomy: str | None,
    dry_run: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Import files into the network: new, changed and missing records, merged contacts.

    Every file is read first; if any cannot be read nothing is written and the exit code is 1.
    The same files again change nothing. Run it from cron on your latest exports.

    Example:
        netplus import ~/Downloads/Basic_LinkedInDataExport.zip contacts.vcf google.csv
        netplus import --dry-run --json Connections.csv
    """
    config = settings(db, region, taxonomy)
    with open_store(config) as store, progress(quiet) as on_stage:
        report = import_files(
            files,
            store,
            source=source,
            encoding=encoding,
            region=config["region"],
            dry_run=dry_run,
            matching=config.matching(on_stage),
        )
    print_report(report, as_json, quiet)


@cli.command(name="list")
@db_option
@click.option("--search", help="Only contacts whose name, organization, title, e-mail or phone contains this.")
@click.option("--category", help="Only contacts in this category (an id, a name or a word: mechanic).")
@taxonomy_option
@json_option
def list_(db: str | None, search: str | None, category: str | None, taxonomy: str | None, as_json: bool) -> None:
    """List the contacts of the network (✓ marks the ones you trust).

    Example:
        netplus list --search garcia
        netplus list --category mechanic
        netplus list --json > network.json
    """
    config = settings(db, taxonomy=taxonomy)
    with open_store(config) as store:
        contacts = list_contacts(store, search=search, category=category, taxonomy=config.taxonomy())
    if as_json:
        echo_json(contacts)
        return
    table = Table("id", "name", "category", "organization", "title", "e-mail", "phone", "records")
    for c in contacts:
        table.add_row(
            c["id"],
            Text(("✓ " if c["trusted"] else "") + (c["name"] or "")),
            Text(", ".join(x["name"] for x in c["categories"])),
            Text(c["organization"] or ""),
            Text(c["title"] or ""),
            Text(c["emails"][0][1] if c["emails"] else ""),
            Text(c["phones"][0][1] if c["phones"] else ""),
            str(len(c["record_ids"])),
        )
    Console(highlight=False).print(table)


@cli.command()
@click.argument("contact_id")
@db_option
@taxonomy_option
@json_option
def show(contact_id: str, db: str | None, taxonomy: str | None, as_json: bool) -> None:
    """Show one contact: golden fields, where each came from, its categories and all its source records.

    Example:
        netplus show c-7k2m9q
    """
    config = settings(db, taxonomy=taxonomy)
    with open_store(config) as store:
        contact = show_contact(store, contact_id, config.taxonomy())
    if as_json:
        echo_json(contact)
        return
    render_contact(Console(highlight=False, soft_wrap=True), contact)


@cli.command()
@db_option
@json_option
def history(db: str | None, as_json: bool) -> None:
    """List the import runs with what each changed.

    Example:
        netplus history
    """
    with open_store(settings(db)) as store:
        runs = import_history(store)
    if as_json:
        echo_json(runs)
        return
    table = Table("import", "finished", "files", "new", "changed", "missing", "contacts new", "merged")
    for run in runs:
        r = run["report"]
        table.add_row(
            str(run["id"]),
            run["finished"] or "",
            str(len(r["files"])),
            str(r["records_new"]),
            str(r["records_changed"]),
            str(r["records_missing"]),
            str(r["contacts_new"]),
            str(r["contacts_merged"]),
        )
    Console(highlight=False).print(table)


@cli.command()
@db_option
@json_option
def stats(db: str | None, as_json: bool) -> None:
    """Counts of the network: contacts, records by source, missing records, imports.

    Example:
        netplus stats --json
    """
    with open_store(settings(db)) as store:
        numbers = network_stats(store)
    if as_json:
        echo_json(numbers)
        return
    for key, value in numbers.items():
        click.echo(f"{key}: {value}")
