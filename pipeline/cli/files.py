"""Commands over files, no store needed: inspect, dedupe, explain, train."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.cli.base import (
    cli,
    echo_json,
    input_options,
    json_option,
    progress,
    quiet_option,
    region_option,
    settings,
    stderr,
    warn,
)
from pipeline.dedupe import dedupe as dedupe_records
from pipeline.dedupe import explain as explain_pair
from pipeline.dedupe import train_weights
from pipeline.inspect import FileReport, inspect_files, load_records, summary_rows
from pipeline.render import counted, dedupe_report, render_dedupe
from pipeline.score import MatchSettings, settings_to_toml


def _print_warnings(reports: list[FileReport], quiet: bool) -> None:
    if quiet:
        return
    err = stderr()
    for report in reports:
        if report.error:
            err.print(Text.assemble(("error:", "red"), f" {report.error}"))
        warn(err, report.warnings, f"{report.path}: ")


def _render_report(console: Console, report: FileReport, limit: int) -> None:
    if report.error:
        console.print(Text.assemble((report.path, "bold"), ": ", ("not read", "red")))
        return
    if not report.connector:
        console.print(Text.assemble((report.path, "bold"), ": skipped"))
        return
    console.print(
        Text.assemble(
            (report.path, "bold"),
            f": {report.format} via {report.connector}, {counted(len(report.records), 'record')}, "
            f"{counted(len(report.warnings), 'warning')}",
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
    rows = summary_rows(report.records, limit) if len(report.records) else []
    if rows:
        table = Table(*rows[0].keys(), title=f"first {len(rows)} records", title_justify="left")
        for row in rows:
            table.add_row(*(Text(v) for v in row.values()))
        console.print(table)


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

    Directories are read file by file, skipping (with a warning) files in them that are no
    contact list. Exits 1 when any file could not be read.

    Example:
        netplus inspect ~/Downloads/Basic_LinkedInDataExport.zip contacts.vcf google.csv
        netplus inspect --normalized --region DE kontakte.csv
    """
    region = settings(region=region)["region"] if normalized else None
    reports = inspect_files(files, source=source, encoding=encoding, normalized=normalized, region=region)
    if as_json:
        echo_json([r.to_dict() for r in reports])
    else:
        console = Console(highlight=False, soft_wrap=True)
        for report in reports:
            _render_report(console, report, limit)
    _print_warnings(reports, quiet)
    if any(r.error for r in reports):
        sys.exit(1)


def matching_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that match records."""
    func = click.option(
        "--weights",
        type=click.Path(exists=True, dir_okay=False),
        help="Match weights from `netplus train -o` (default: estimated from the data).",
    )(func)
    func = click.option("--no-train", is_flag=True, help="Use the documented default weights as they are.")(func)
    return region_option(func)


def _matching(region: str | None, weights: str | None, no_train: bool) -> dict[str, Any]:
    """Region, settings (thresholds from the config) and whether to estimate weights: given weights
    are used as they are."""
    config = settings(region=region)
    chosen = MatchSettings.from_toml(weights) if weights else config.matching().settings
    return {"region": config["region"], "settings": chosen, "train": not (no_train or weights)}


@cli.command()
@input_options
@matching_options
@click.option("--limit", default=20, show_default=True, help="Merged contacts and review pairs to show.")
@json_option
@quiet_option
def dedupe(
    files: tuple[str, ...],
    source: str | None,
    encoding: str | None,
    region: str | None,
    no_train: bool,
    weights: str | None,
    limit: int,
    as_json: bool,
    quiet: bool,
) -> None:
    """Find duplicates across files without a store: merged contacts and pairs to review.

    Example:
        netplus dedupe Connections.csv contacts.vcf google.csv
        netplus dedupe --json fixtures/linkedin fixtures/vcard fixtures/csv > clusters.json
    """
    with progress(quiet) as on_stage:
        records, reports = load_records(files, source=source, encoding=encoding, on_stage=on_stage)
        result = dedupe_records(records, on_stage=on_stage, **_matching(region, weights, no_train))
    _print_warnings(reports, quiet)
    if as_json:
        echo_json(dedupe_report(result))
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
    records, reports = load_records(files, source=source, encoding=encoding)
    _print_warnings(reports, quiet=False)
    table = explain_pair(records, record_a, record_b, **_matching(region, weights, no_train))
    if as_json:
        click.echo(table.to_json(orient="records", force_ascii=False, indent=2))
        return
    rendered = Table("comparison", "level", "weight", title=f"{record_a}  ↔  {record_b}", title_justify="left")
    for row in table.itertuples(index=False):
        rendered.add_row(Text(str(row.comparison)), Text(str(row.level)), f"{row.weight:+.2f}")
    Console(highlight=False).print(rendered)


@cli.command()
@input_options
@region_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the weights to this TOML file.")
def train(
    files: tuple[str, ...], source: str | None, encoding: str | None, region: str | None, output: str | None
) -> None:
    """Estimate match weights from your own data by expectation-maximisation.

    Prints the weights as TOML, or writes them to -o FILE for later --weights runs.

    Example:
        netplus train Connections.csv contacts.vcf google.csv -o weights.toml
    """
    records, reports = load_records(files, source=source, encoding=encoding)
    _print_warnings(reports, quiet=False)
    text = settings_to_toml(train_weights(records, region=settings(region=region)["region"]))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"weights written to {output}")
    else:
        click.echo(text, nl=False)
