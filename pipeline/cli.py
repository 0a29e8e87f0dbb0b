"""The netplus command line: thin click commands over library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

import connectors
from connectors.errors import NetplusError
from pipeline.inspect import FileReport, inspect_files, summary_rows


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


def _print_warnings(reports: list[FileReport], quiet: bool) -> None:
    if quiet:
        return
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for report in reports:
        if report.error:
            err.print(Text.assemble(("error:", "red"), f" {report.error}"))
        shown = report.warnings[:10]
        for warning in shown:
            err.print(f"warning: {warning}", markup=False)
        if len(report.warnings) > len(shown):
            err.print(
                f"warning: {report.path}: {len(report.warnings) - len(shown)} more warnings (see --json)", markup=False
            )


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


@cli.command(name="import")
@input_options
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@json_option
@quiet_option
def import_(
    files: tuple[str, ...], source: str | None, encoding: str | None, dry_run: bool, as_json: bool, quiet: bool
) -> None:
    """Import files into the network (for now only --dry-run: the store is not built yet).

    Every file is read first; if any cannot be read, nothing is imported and the exit code is 1.

    Example:
        netplus import --dry-run Connections.csv contacts.vcf
    """
    if not dry_run:
        raise click.UsageError("the network store is not built yet; run with --dry-run to check the files")
    reports = inspect_files(files, source=source, encoding=encoding)
    summary = [r.to_dict(with_records=False) for r in reports]
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for item in summary:
            state = item["error"] or f"{item['records_read']} records, {len(item['warnings'])} warnings"
            click.echo(f"{item['file']}: {state}")
        total = sum(item["records_read"] for item in summary)
        click.echo(f"dry run: {total} records would be imported; nothing was written")
    _print_warnings(reports, quiet)
    if any(r.error for r in reports):
        sys.exit(1)
