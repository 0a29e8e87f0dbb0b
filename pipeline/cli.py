"""The netplus command line: thin click commands over library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

import connectors
from connectors.errors import NetplusError
from pipeline.decisions import merge_contacts, split_contact
from pipeline.dedupe import dedupe as dedupe_records
from pipeline.dedupe import explain as explain_pair
from pipeline.dedupe import train_weights
from pipeline.inspect import FileReport, inspect_files, load_records, summary_rows
from pipeline.network import import_history, list_contacts, network_stats, show_contact
from pipeline.render import dedupe_report, render_contact, render_dedupe, render_import
from pipeline.run import ImportReport, import_files
from pipeline.score import MatchSettings, settings_to_toml
from pipeline.store import Store, default_path


class NetplusGroup(click.Group):
    """Turns every NetplusError into a one-line message and exit code 1, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetplusError as exc:
            raise click.ClickException(str(exc)) from None


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def quiet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--quiet", "-q", is_flag=True, help="No warnings or progress on stderr.")(func)


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command that reads input files shares."""
    func = click.option("--encoding", help="Read files in this encoding instead of detecting it.")(func)
    func = click.option(
        "--source",
        type=click.Choice(sorted(connectors.REGISTRY)),
        help="Read files as this kind instead of detecting it.",
    )(func)
    return click.argument("files", nargs=-1, required=True, type=click.Path())(func)


@click.group(cls=NetplusGroup)
@click.version_option(version("netplus"), prog_name="netplus")
def cli() -> None:
    """netplus: one clean, deduplicated network from the contacts you already have."""


_SHOWN_WARNINGS = 10


def _warn(err: Console, warnings: Sequence[object], where: str = "") -> None:
    """The first warnings on stderr, then how many more there are."""
    for warning in warnings[:_SHOWN_WARNINGS]:
        err.print(f"warning: {warning}", markup=False)
    if len(warnings) > _SHOWN_WARNINGS:
        err.print(f"warning: {where}{len(warnings) - _SHOWN_WARNINGS} more warnings (see --json)", markup=False)


def _print_warnings(reports: list[FileReport], quiet: bool) -> None:
    if quiet:
        return
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for report in reports:
        if report.error:
            err.print(Text.assemble(("error:", "red"), f" {report.error}"))
        _warn(err, report.warnings, f"{report.path}: ")


def _render_report(console: Console, report: FileReport, limit: int) -> None:
    if report.error:
        console.print(Text.assemble((report.path, "bold"), ": ", ("not read", "red")))
        return
    console.print(
        Text.assemble(
            (report.path, "bold"),
            f": {report.format} via {report.connector}, {len(report.records)} records, {len(report.warnings)} warnings",
        )
    )
    for key, value in report.details.items():
        if key == "mapping":
            table = Table("column", "maps to", title="column mapping", title_justify="left")
            for column, target in value.items():
                table.add_row(Text(column), Text(target))
            console.print(table)
        elif value:
            console.print(f"  {key}: {value}", markup=False)
    if len(report.records):
        rows = summary_rows(report.records, limit)
        table = Table(*rows[0].keys(), title=f"first {len(rows)} records", title_justify="left")
        for row in rows:
            table.add_row(*(Text(v) for v in row.values()))
        console.print(table)


def region_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--region", help="Country (ISO code) of numbers written without one; default from the locale, else US."
    )(func)


@cli.command()
@input_options
@click.option("--limit", default=10, show_default=True, help="Records to show per file.")
@click.option("--normalized", is_flag=True, help="Add the normalized columns (norm_*) that matching uses.")
@region_option
@json_option
@quiet_option
def inspect(
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    limit: int,
    normalized: bool,
    region: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Show what each file parses into: format, records, warnings and the column mapping.

    Directories are read file by file. Exits 1 when any file could not be read.

    Example:
        netplus inspect ~/Downloads/Basic_LinkedInDataExport.zip contacts.vcf google.csv
        netplus inspect --normalized --region DE kontakte.csv
    """
    reports = inspect_files(files, source=source, encoding=encoding, normalized=normalized, region=region)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        console = Console(highlight=False, soft_wrap=True)
        for report in reports:
            _render_report(console, report, limit)
    _print_warnings(reports, quiet)
    if any(r.error for r in reports):
        sys.exit(1)


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        envvar="NETPLUS_DB",
        type=click.Path(dir_okay=False),
        default=None,
        help="The store file (default: in your data directory; env NETPLUS_DB).",
    )(func)


def _store(db: str | None) -> Store:
    return Store(db or default_path())


@cli.command(name="import")
@input_options
@region_option
@db_option
@click.option("--dry-run", is_flag=True, help="Show exactly what would change; write nothing.")
@json_option
@quiet_option
def import_(
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    region: str | None,
    db: str | None,
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
    with _store(db) as store:
        report = import_files(files, store, source=source, encoding=encoding, region=region, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_import(Console(highlight=False, soft_wrap=True), report)
    if not quiet:
        _warn(Console(stderr=True, highlight=False, soft_wrap=True), report.warnings)


@cli.command(name="list")
@db_option
@click.option("--search", help="Only contacts whose name, organization, title, e-mail or phone contains this.")
@json_option
def list_(db: str | None, search: str | None, as_json: bool) -> None:
    """List the contacts of the network.

    Example:
        netplus list --search garcia
        netplus list --json > network.json
    """
    with _store(db) as store:
        contacts = list_contacts(store, search=search)
    if as_json:
        click.echo(json.dumps(contacts, ensure_ascii=False, indent=2))
        return
    table = Table("id", "name", "organization", "title", "e-mail", "phone", "records")
    for c in contacts:
        table.add_row(
            c["id"],
            Text(c["name"] or ""),
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
@json_option
def show(contact_id: str, db: str | None, as_json: bool) -> None:
    """Show one contact: golden fields, where each came from, and all its source records.

    Example:
        netplus show c-7k2m9q
    """
    with _store(db) as store:
        contact = show_contact(store, contact_id)
    if as_json:
        click.echo(json.dumps(contact, ensure_ascii=False, indent=2))
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
    with _store(db) as store:
        runs = import_history(store)
    if as_json:
        click.echo(json.dumps(runs, ensure_ascii=False, indent=2))
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
    with _store(db) as store:
        numbers = network_stats(store)
    if as_json:
        click.echo(json.dumps(numbers, ensure_ascii=False, indent=2))
        return
    for key, value in numbers.items():
        click.echo(f"{key}: {value}")


@cli.command()
@click.argument("contact_ids", nargs=-1, required=True)
@db_option
@region_option
@json_option
def merge(contact_ids: tuple[str, ...], db: str | None, region: str | None, as_json: bool) -> None:
    """Merge contacts into one, for good: the oldest id stays, the others resolve to it.

    Example:
        netplus merge c-7k2m9q c-p3x8ta
    """
    with _store(db) as store:
        report = merge_contacts(store, contact_ids, region=region)
    _print_decision(report, as_json)


@cli.command()
@click.argument("contact_id")
@click.argument("record_ids", nargs=-1, required=True)
@db_option
@region_option
@json_option
def split(contact_id: str, record_ids: tuple[str, ...], db: str | None, region: str | None, as_json: bool) -> None:
    """Move records out of a contact into one of their own, for good (record ids as `show` lists them).

    Example:
        netplus split c-7k2m9q vcard:2a6bc2bbb7adf9d2
    """
    with _store(db) as store:
        report = split_contact(store, contact_id, record_ids, region=region)
    _print_decision(report, as_json)


def _print_decision(report: ImportReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"contacts new: {report.contacts_new}, merged: {report.contacts_merged}, updated: {report.contacts_updated}"
        )


def matching_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that match records."""
    func = click.option(
        "--weights",
        type=click.Path(exists=True, dir_okay=False),
        help="Match weights from `netplus train -o` (default: estimated from the data).",
    )(func)
    func = click.option("--no-train", is_flag=True, help="Use the documented default weights as they are.")(func)
    return region_option(func)


def _matching(weights: str | None, no_train: bool) -> dict[str, Any]:
    """Settings and whether to estimate weights: given weights are used as they are."""
    return {"settings": MatchSettings.from_toml(weights), "train": not (no_train or weights)}


@cli.command()
@input_options
@matching_options
@click.option("--limit", default=20, show_default=True, help="Merged contacts and review pairs to show.")
@json_option
def dedupe(
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    region: str | None,
    no_train: bool,
    weights: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Find duplicates across files without a store: merged contacts and pairs to review.

    Example:
        netplus dedupe Connections.csv contacts.vcf google.csv
        netplus dedupe --json fixtures/linkedin fixtures/vcard fixtures/csv > clusters.json
    """
    records, _ = load_records(files, source=source, encoding=encoding)
    result = dedupe_records(records, region=region, **_matching(weights, no_train))
    if as_json:
        click.echo(json.dumps(dedupe_report(result), ensure_ascii=False, indent=2, default=str))
        return
    render_dedupe(Console(highlight=False, soft_wrap=True), result, limit)


@cli.command()
@click.argument("record_a")
@click.argument("record_b")
@input_options
@matching_options
@json_option
def explain(
    record_a: str,
    record_b: str,
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    region: str | None,
    no_train: bool,
    weights: str | None,
    as_json: bool,
) -> None:
    """Show every comparison between two records: its level, its weight, the total and the decision.

    Example:
        netplus explain linkedin:lenapark vcard:2a6bc2bbb7adf9d2 fixtures/linkedin fixtures/vcard
    """
    records, _ = load_records(files, source=source, encoding=encoding)
    table = explain_pair(records, record_a, record_b, region=region, **_matching(weights, no_train))
    if as_json:
        click.echo(table.to_json(orient="records", force_ascii=False, indent=2))
        return
    rendered = Table("comparison", "level", "weight", title=f"{record_a}  ↔  {record_b}", title_justify="left")
    for row in table.itertuples(index=False):
        rendered.add_row(Text(row.comparison), Text(row.level), f"{row.weight:+.2f}")
    Console(highlight=False).print(rendered)


@cli.command()
@input_options
@click.option("--region", help="Country (ISO code) of numbers written without one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the weights to this TOML file.")
def train(
    files: tuple[str, ...], source: str | None, encoding: str | None, region: str | None, output: str | None
) -> None:
    """Estimate match weights from your own data by expectation-maximisation.

    Prints the weights as TOML, or writes them to -o FILE for later --weights runs.

    Example:
        netplus train Connections.csv contacts.vcf google.csv -o weights.toml
    """
    records, _ = load_records(files, source=source, encoding=encoding)
    text = settings_to_toml(train_weights(records, region=region))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"weights written to {output}")
    else:
        click.echo(text, nl=False)
