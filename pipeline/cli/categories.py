"""Categories and marks: categories, find, tag, untag, trust, untrust, private."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.categories import category_counts, set_category
from pipeline.cli.base import cli, db_option, echo_json, json_option, open_store, settings, taxonomy_option
from pipeline.marks import set_private, set_trust
from pipeline.network import contact_summaries
from pipeline.networking import asks
from pipeline.suggest import find


@cli.command()
@db_option
@taxonomy_option
@click.option("--all", "every", is_flag=True, help="List every category of the taxonomy, also empty ones.")
@json_option
def categories(db: str | None, taxonomy: str | None, every: bool, as_json: bool) -> None:
    """How many contacts each category holds (a contact counts in each of its categories).

    Example:
        netplus categories
        netplus categories --all --json
    """
    config = settings(db, taxonomy=taxonomy)
    chosen = config.taxonomy()
    with open_store(config) as store:
        rows = category_counts(contact_summaries(store, chosen), chosen, every=every)
    if as_json:
        echo_json(rows)
        return
    table = Table("category", "id", "group", "contacts")
    for row in rows:
        table.add_row(row["name"], row["category"], row["group"], str(row["contacts"]))
    Console(highlight=False).print(table)


@cli.command(name="find")
@click.argument("words", nargs=-1, required=True)
@db_option
@taxonomy_option
@click.option("--limit", default=20, show_default=True, help="Contacts to show.")
@json_option
def find_(words: tuple[str, ...], db: str | None, taxonomy: str | None, limit: int, as_json: bool) -> None:
    """Who do I know for this? Contacts for a need in plain words, trusted ones first.

    Example:
        netplus find "someone to fix my car"
        netplus find wedding photos --json
    """
    config = settings(db, taxonomy=taxonomy)
    chosen = config.taxonomy()
    with open_store(config) as store:
        found = find(contact_summaries(store, chosen), " ".join(words), chosen, limit, asks(store, "offer"))
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("nobody in your network matches; try other words or `netplus categories`")
        return
    table = Table("id", "name", "why", "endorsement")
    for row in found:
        table.add_row(
            row["id"],
            Text(("✓ " if row["trusted"] else "") + str(row["name"] or "")),
            Text(row["reason"]),
            Text(row["endorsement"] or ""),
        )
    Console(highlight=False, soft_wrap=True).print(table)


def _tagging(contact_id: str, category: str, db: str | None, taxonomy: str | None, assigned: bool) -> None:
    config = settings(db, taxonomy=taxonomy)
    with open_store(config) as store:
        chosen = set_category(store, contact_id, category, config.taxonomy(), assigned=assigned)
    click.echo(f"{contact_id}: {'tagged' if assigned else 'no longer'} {chosen}")


@cli.command()
@click.argument("contact_id")
@click.argument("category")
@db_option
@taxonomy_option
def tag(contact_id: str, category: str, db: str | None, taxonomy: str | None) -> None:
    """Put a contact in a category, for good: your tag wins over sources and rules, on every import.

    Example:
        netplus tag c-7k2m9q photographer
    """
    _tagging(contact_id, category, db, taxonomy, True)


@cli.command()
@click.argument("contact_id")
@click.argument("category")
@db_option
@taxonomy_option
def untag(contact_id: str, category: str, db: str | None, taxonomy: str | None) -> None:
    """Take a contact out of a category, for good, whatever sources and rules say.

    Example:
        netplus untag c-7k2m9q insurance_agent
    """
    _tagging(contact_id, category, db, taxonomy, False)


@cli.command()
@click.argument("contact_id")
@click.option("--note", help="Your endorsement, shown when you refer them.")
@db_option
def trust(contact_id: str, note: str | None, db: str | None) -> None:
    """Mark a contact as one you would refer, with your endorsement.

    Example:
        netplus trust c-7k2m9q --note "great headshots, fair price"
    """
    with open_store(settings(db)) as store:
        resolved = set_trust(store, contact_id, note, trusted=True)
    click.echo(f"{resolved}: trusted")


@cli.command()
@click.argument("contact_id")
@db_option
def untrust(contact_id: str, db: str | None) -> None:
    """Stop marking a contact as one you would refer.

    Example:
        netplus untrust c-7k2m9q
    """
    with open_store(settings(db)) as store:
        resolved = set_trust(store, contact_id, None, trusted=False)
    click.echo(f"{resolved}: not trusted")


@cli.command()
@click.argument("contact_id")
@click.option("--undo", is_flag=True, help="Make the contact shareable again.")
@db_option
def private(contact_id: str, undo: bool, db: str | None) -> None:
    """Keep a contact out of every shareable export and every suggestion to others.

    Example:
        netplus private c-7k2m9q
        netplus private c-7k2m9q --undo
    """
    with open_store(settings(db)) as store:
        resolved = set_private(store, contact_id, private=not undo)
    click.echo(f"{resolved}: {'shareable' if undo else 'private'}")
