"""The netplus command group and what its commands share: options, settings, the store, output."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any

import click
from rich.console import Console

import connectors
from connectors.errors import NetplusError
from pipeline.config import Config
from pipeline.render import render_import
from pipeline.run import ImportReport
from pipeline.store import Store


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


def warn(err: Console, warnings: Sequence[object], where: str = "") -> None:
    """The first warnings on stderr, then how many more there are."""
    for warning in warnings[:_SHOWN_WARNINGS]:
        err.print(f"warning: {warning}", markup=False)
    if len(warnings) > _SHOWN_WARNINGS:
        err.print(f"warning: {where}{len(warnings) - _SHOWN_WARNINGS} more warnings (see --json)", markup=False)


def region_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--region", help="Country (ISO code) of numbers written without one; default from the locale, else US."
    )(func)


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=None,
        help="The store file (default: NETPLUS_DB, the config file, or your data directory).",
    )(func)


def taxonomy_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--taxonomy",
        type=click.Path(exists=True, dir_okay=False),
        help="A taxonomy file adding or changing categories (default: taxonomy.toml in the config directory).",
    )(func)


def settings(db: str | None = None, region: str | None = None, taxonomy: str | None = None) -> Config:
    """The effective settings for a command, its flags first."""
    return Config.load(db=db, region=region, taxonomy=taxonomy)


def open_store(config: Config) -> Store:
    return Store(config["db"])


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def progress(quiet: bool = False) -> Iterator[Callable[[str], None] | None]:
    """A status line on stderr that long work updates (nothing when quiet or not on a terminal)."""
    err = stderr()
    if quiet or not err.is_terminal:
        yield None
        return
    with err.status("working…") as status:
        yield lambda text: status.update(text)


def print_report(report: ImportReport, as_json: bool, quiet: bool) -> None:
    """What an import or sync changed: JSON for jobs or a table, then its warnings on stderr."""
    if as_json:
        echo_json(report.to_dict())
    else:
        render_import(Console(highlight=False, soft_wrap=True), report)
    if not quiet:
        warn(stderr(), report.warnings)
