"""Manual decisions: merge, split, unmerge and review."""

from __future__ import annotations

import click
from rich.console import Console

from pipeline.cli.base import (
    cli,
    db_option,
    echo_json,
    json_option,
    open_store,
    progress,
    region_option,
    settings,
)
from pipeline.decisions import (
    ANSWERS,
    answer_review,
    apply_reviews,
    merge_contacts,
    review_pairs,
    split_contact,
    unapplied_decisions,
    unmerge_contact,
)
from pipeline.render import counted, render_review_pair
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
        with progress() as on_stage:
            report = merge_contacts(store, contact_ids, matching=config.matching(on_stage))
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
        with progress() as on_stage:
            report = split_contact(store, contact_id, record_ids, matching=config.matching(on_stage))
    _print_decision(report, as_json)


@cli.command()
@click.argument("contact_id")
@db_option
@region_option
@json_option
def unmerge(contact_id: str, db: str | None, region: str | None, as_json: bool) -> None:
    """Undo the last merge into a contact: the contacts it absorbed come back with their own ids, for good.

    Example:
        netplus unmerge c-7k2m9q
    """
    config = settings(db, region)
    with open_store(config) as store:
        with progress() as on_stage:
            report = unmerge_contact(store, contact_id, matching=config.matching(on_stage))
    _print_decision(report, as_json)


@cli.command()
@db_option
@region_option
@click.option("--limit", type=int, help="Ask about at most this many pairs.")
@json_option
def review(db: str | None, region: str | None, limit: int | None, as_json: bool) -> None:
    """Answer the uncertain pairs: same person (y), different people (n), skip (s) or quit (q).

    Each answer is kept at once and wins on every later import; quit any time and run it again to
    go on where you stopped (skipped pairs come last). With --json, list the pairs and ask nothing.

    Example:
        netplus review
        netplus review --json | jq length
    """
    config = settings(db, region)
    with open_store(config) as store:
        unapplied = unapplied_decisions(store)
        if unapplied and not as_json:  # an earlier review stopped before it could apply its answers
            with progress() as on_stage:
                apply_reviews(store, unapplied, matching=config.matching(on_stage))
        pairs = review_pairs(store)[:limit]
        if as_json:
            echo_json(pairs)
            return
        if not pairs:
            click.echo("nothing to review")
            return
        console = Console(highlight=False, soft_wrap=True)
        answered = 0
        try:
            for position, pair in enumerate(pairs, start=1):
                render_review_pair(console, pair, position, len(pairs))
                answer = click.prompt(
                    "same person? [y]es, [n]o, [s]kip, [q]uit",
                    type=click.Choice([*ANSWERS, "q"]),
                    show_choices=False,
                )
                if answer == "q":
                    break
                answer_review(store, pair["record_a"], pair["record_b"], answer)
                answered += answer != "s"
        finally:  # answers given before a quit or Ctrl-C shape the contacts too
            if answered:
                with progress() as on_stage:
                    report = apply_reviews(store, answered, matching=config.matching(on_stage))
                click.echo(f"{counted(answered, 'answer')} applied; ", nl=False)
                _print_decision(report, False)
        click.echo(f"{counted(len(review_pairs(store)), 'pair')} still waiting for review")


def _print_decision(report: ImportReport, as_json: bool) -> None:
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(
            f"contacts new: {report.contacts_new}, merged: {report.contacts_merged}, updated: {report.contacts_updated}"
        )
