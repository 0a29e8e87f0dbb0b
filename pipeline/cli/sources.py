"""Registered sources and the scheduled job: source add/list/remove/mapping, sync."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

import connectors
from pipeline.cli.base import (
    cli,
    db_option,
    echo_json,
    json_option,
    open_store,
    print_report,
    progress,
    quiet_option,
    region_option,
    settings,
)
from pipeline.render import counted
from pipeline.sources import add_source, list_sources, remove_source, source_mapping, sync


@cli.group()
def source() -> None:
    """Register the exports `netplus sync` re-imports: add, list, remove, mapping."""


@source.command(name="add")
@click.argument("name")
@click.argument("pattern")
@click.option("--source", "kind", type=click.Choice(sorted(connectors.REGISTRY)), help="Read as this kind.")
@region_option
@click.option("--encoding", help="Read in this encoding instead of detecting it.")
@db_option
@json_option
def source_add(
    name: str,
    pattern: str,
    kind: str | None,
    region: str | None,
    encoding: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Register a file, folder or glob (quote it) as a source under NAME.

    Example:
        netplus source add linkedin '~/Downloads/Basic_LinkedInDataExport_*.zip'
        netplus source add phone ~/exports/contacts.vcf --region DE
    """
    with open_store(settings(db)) as store:
        added = add_source(
            store,
            name,
            pattern,
            kind=kind,
            region=settings(region=region)["region"] if region else None,
            encoding=encoding,
        )
    if as_json:
        echo_json(added)
    else:
        click.echo(f"source {name}: {added['pattern']} ({counted(len(added['files']), 'file')} now)")


@source.command(name="list")
@db_option
@json_option
def source_list(db: str | None, as_json: bool) -> None:
    """List the registered sources and the files each names now.

    Example:
        netplus source list
    """
    with open_store(settings(db)) as store:
        sources = list_sources(store)
    if as_json:
        echo_json(sources)
        return
    table = Table("name", "pattern", "kind", "region", "files now")
    for s in sources:
        table.add_row(
            Text(s["name"]), Text(s["pattern"]), s["kind"] or "detect", s["region"] or "", str(len(s["files"]))
        )
    Console(highlight=False).print(table)


@source.command(name="remove")
@click.argument("name")
@db_option
def source_remove(name: str, db: str | None) -> None:
    """Forget a source (its records stay in the network).

    Example:
        netplus source remove phone
    """
    with open_store(settings(db)) as store:
        remove_source(store, name)
    click.echo(f"source {name} removed")


@source.command(name="mapping")
@click.argument("name")
@click.option(
    "--set",
    "changes",
    multiple=True,
    metavar="HEADER=FIELD",
    help="Map a column to a field (`email (work)`, `address.city (home)`, `extra`); repeatable.",
)
@db_option
@json_option
def source_mapping_(name: str, changes: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Show or edit the column mappings a CSV source is read with on every sync (one per layout).

    Example:
        netplus source mapping club --set "Handy=phone (mobile)" --set "Notiz=note"
    """
    parsed = {}
    for change in changes:
        header, sep, target = change.partition("=")
        if not sep:
            raise click.BadParameter(f"{change!r} is not HEADER=FIELD", param_hint="--set")
        parsed[header.strip()] = target.strip()
    with open_store(settings(db)) as store:
        layouts = source_mapping(store, name, parsed)
    if as_json:
        echo_json(layouts)
        return
    for number, layout in enumerate(layouts, start=1):
        title = f"{name}: CSV layout {number} of {len(layouts)}"
        table = Table("column", "maps to", title=title, title_justify="left")
        for column, target in layout.items():
            table.add_row(Text(column), Text(target))
        Console(highlight=False).print(table)


@cli.command(name="sync")
@db_option
@region_option
@click.option("--dry-run", is_flag=True, help="Show exactly what would change; write nothing.")
@json_option
@quiet_option
def sync_(db: str | None, region: str | None, dry_run: bool, as_json: bool, quiet: bool) -> None:
    """Re-import every registered source in one transaction: the command a cron job runs.

    Example:
        netplus sync --quiet --json >> ~/netplus-sync.log
    """
    config = settings(db, region)
    with open_store(config) as store, progress(quiet) as on_stage:
        report = sync(store, dry_run=dry_run, matching=config.matching(on_stage))
    print_report(report, as_json, quiet)
