"""Sharing and safekeeping: export (referral lists, full backup) and restore."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.backup import backup, restore
from pipeline.cli.base import (
    cli,
    db_option,
    echo_json,
    json_option,
    open_store,
    region_option,
    settings,
    taxonomy_option,
)
from pipeline.export import FORMATS, PRIVATE_FIELDS, SHAREABLE_FIELDS, entries, render, select
from pipeline.network import list_contacts


def _write(text: str, output: str | None, *, quiet: bool = False) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8", newline="")
    if not quiet:
        click.echo(f"written to {output}", err=True)


@cli.command()
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable; id, name or word).")
@click.option("--group", help="Only categories of this group (home, auto, money, health, …).")
@click.option("--trusted-only", is_flag=True, help="Only contacts you trust.")
@click.option("--search", help="Only contacts whose name, organization, title, e-mail or phone contains this.")
@click.option("--format", "form", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--fields", help=f"Comma-separated fields to keep (default: {','.join(SHAREABLE_FIELDS)}).")
@click.option("--all-fields", is_flag=True, help="Every field and private contacts too: for your own backup.")
@click.option("--excel", is_flag=True, help="CSV with a byte-order mark, so Excel reads it as UTF-8.")
@click.option("--vcard-version", type=click.Choice(["3.0", "4.0"]), default="3.0", show_default=True)
@click.option("--full-backup", is_flag=True, help="Everything in the store as JSON, for `netplus restore`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@db_option
@region_option
@taxonomy_option
def export(
    categories: tuple[str, ...],
    group: str | None,
    trusted_only: bool,
    search: str | None,
    form: str,
    fields: str | None,
    all_fields: bool,
    excel: bool,
    vcard_version: str,
    full_backup: bool,
    output: str | None,
    db: str | None,
    region: str | None,
    taxonomy: str | None,
) -> None:
    """Write a shareable referral list: CSV, vCard, JSON, Markdown or one self-contained HTML page.

    Shareable by default: no notes, addresses, birthdays, home numbers or private contacts.

    Example:
        netplus export --category photographer --format html -o photographers.html
        netplus export --group home --trusted-only --format md
        netplus export --full-backup -o netplus-backup.json
    """
    config = settings(db, region, taxonomy)
    with open_store(config) as store:
        if full_backup:
            _write(json.dumps(backup(store), ensure_ascii=False, indent=1) + "\n", output)
            return
        chosen = config.taxonomy()
        contacts = list_contacts(store, search=search, taxonomy=chosen)
    picked = select(
        contacts, chosen, categories=categories, group=group, trusted_only=trusted_only, all_fields=all_fields
    )
    wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields else []
    items = entries(picked, config["region"], all_fields=all_fields, fields=wanted)
    columns = wanted or [*SHAREABLE_FIELDS, *(("given_name", "family_name", *PRIVATE_FIELDS) if all_fields else ())]
    _write(render(items, form, columns, excel=excel, vcard_version=vcard_version), output)


@cli.command(name="restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace the network already in the store.")
@db_option
@json_option
def restore_(backup_file: str, replace: bool, db: str | None, as_json: bool) -> None:
    """Load a full backup (from `netplus export --full-backup`) into a store, in one transaction.

    Example:
        netplus restore netplus-backup.json --db ~/netplus/restored.db
    """
    with open_store(settings(db)) as store:
        counts = restore(store, backup_file, replace=replace)
    if as_json:
        echo_json(counts)
    else:
        click.echo(", ".join(f"{table}: {n}" for table, n in sorted(counts.items()) if n) or "empty backup restored")
