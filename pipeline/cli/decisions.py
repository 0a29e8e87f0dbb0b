"""Manual decisions: merge, split, unmerge and review."""

from __future__ import annotations

import click

from pipeline.cli.base import cli, db_option, echo_json, json_option, open_store, region_option, settings
from pipeline.decisions import merge_contacts, split_contact
from pipeline.run import ImportReport


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
    config = settings(db, region)
    with open_store(config) as store:
        report = merge_contacts(store, contact_ids, matching=config.matching())
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
    config = settings(db, region)
    with open_store(config) as store:
        report = split_contact(store, contact_id, record_ids, matching=config.matching())
    _print_decision(report, as_json)


def _print_decision(report: ImportReport, as_json: bool) -> None:
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(
            f"contacts new: {report.contacts_new}, merged: {report.contacts_merged}, updated: {report.contacts_updated}"
        )
