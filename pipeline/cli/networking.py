"""The reciprocity loop: need, offer, needs, offers, suggest, introduce, intros, log, followup,
due, cadence, balance. `me` is a contact id too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from connectors.errors import InputError, StoreError
from pipeline.categorize import Taxonomy
from pipeline.cli.base import cli, db_option, echo_json, json_option, open_store, settings, taxonomy_option
from pipeline.config import Config
from pipeline.drafts import followup as draft_followup
from pipeline.drafts import introduction, people_in_common
from pipeline.network import contact_summaries, get_contact
from pipeline.networking import (
    ENCOUNTER_KINDS,
    INTRO_STATUSES,
    ME,
    add_ask,
    asks,
    balance,
    close_ask,
    due,
    due_ics,
    encounters,
    introduce,
    intros,
    log_encounter,
    mark_followup_sent,
    parse_period,
    set_cadence,
    set_intro_status,
    who,
)
from pipeline.store import Store
from pipeline.suggest import Matcher, suggest_for, suggest_needs


@dataclass
class Network:
    """What the suggesting and drafting commands read from the store, once."""

    config: Config
    taxonomy: Taxonomy
    contacts: list[dict[str, Any]]
    needs: list[dict[str, Any]]
    offers: list[dict[str, Any]]

    full: dict[str, dict[str, Any]]  # every field of the contacts a message is drafted for

    @classmethod
    def load(cls, store: Store, config: Config, full: tuple[str, ...] = ()) -> Network:
        taxonomy = config.taxonomy()
        return cls(
            config,
            taxonomy,
            contact_summaries(store, taxonomy),
            asks(store, "need"),
            asks(store, "offer"),
            {cid: get_contact(store, cid, taxonomy) for cid in full},
        )

    def matcher(self) -> Matcher:
        return Matcher(self.contacts, self.taxonomy, [o for o in self.offers if o["contact_id"] != ME])

    def contact(self, contact_id: str) -> dict[str, Any]:
        return self.full.get(contact_id) or next(c for c in self.contacts if c["id"] == contact_id)

    @property
    def me(self) -> str:
        return self.config["name"] or "(your name: set `name` in the config file or NETPLUS_NAME)"


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _ask_command(kind: str) -> None:
    @cli.command(name=kind)
    @click.argument("contact_id")
    @click.argument("text")
    @click.option("--category", help="The category that meets it (id, name or word).")
    @db_option
    @taxonomy_option
    @json_option
    def command(
        contact_id: str, text: str, category: str | None, db: str | None, taxonomy: str | None, as_json: bool
    ) -> None:
        config = settings(db, taxonomy=taxonomy)
        with open_store(config) as store:
            number = add_ask(store, kind, contact_id, text, category=category, taxonomy=config.taxonomy())
            (ask,) = [a for a in asks(store, kind) if a["id"] == number]
        if as_json:
            echo_json(ask)
        else:
            click.echo(f"{kind} #{number} of {ask['name']}: {text}")

    command.__doc__ = {
        "need": """Record what a contact (or `me`) is looking for.

    Example:
        netplus need c-7k2m9q "a wedding photographer in Seattle" --category photographer
        netplus need me "an intro to someone in product at a fintech"
    """,
        "offer": """Record what a contact (or `me`) can offer: skills, rusty ones too, services, time.

    Example:
        netplus offer me "portrait photography, Photoshop help"
        netplus offer c-7k2m9q "reviews résumés for data roles"
    """,
    }[kind]
    command.help = command.__doc__


def _asks_list_command(kind: str) -> None:
    @cli.command(name=f"{kind}s")
    @click.option("--open", "open_only", is_flag=True, help="Only the open ones.")
    @click.option("--done", "done", type=int, metavar="N", help=f"Close {kind} #N first.")
    @click.option("--by", help="Who met the need (with --done): a contact id.")
    @click.option("--contact", "contact_id", help="Only those of this contact (or `me`).")
    @db_option
    @json_option
    def command(
        open_only: bool, done: int | None, by: str | None, contact_id: str | None, db: str | None, as_json: bool
    ) -> None:
        config = settings(db)
        with open_store(config) as store:
            if done is not None:
                close_ask(store, kind, done, by=by)
            rows = asks(store, kind, contact_id=contact_id, open_only=open_only, me=config["name"])
        if as_json:
            echo_json(rows)
            return
        table = Table("#", "who", kind, "category", "age", "status")
        for row in rows:
            status = "open" if not row["closed"] else f"closed {row['closed'][:10]}"
            table.add_row(
                str(row["id"]),
                Text(str(row["name"])),
                Text(row["text"]),
                row["category"] or "",
                f"{row['age_days']} d",
                status,
            )
        _console().print(table)

    command.help = f"""List {kind}s, open and closed; --done N closes one.

    Example:
        netplus {kind}s --open
        netplus {kind}s --done 3{" --by c-7k2m9q" if kind == "need" else ""}
    """


for _kind in ("need", "offer"):
    _ask_command(_kind)
    _asks_list_command(_kind)


@cli.command()
@click.argument("contact_id", required=False)
@click.option("--limit", default=5, show_default=True, help="Suggestions per need.")
@db_option
@taxonomy_option
@json_option
def suggest(contact_id: str | None, limit: int, db: str | None, taxonomy: str | None, as_json: bool) -> None:
    """Who can meet each open need (trusted first, with a reason); for one contact, what you could
    offer them and which of your contacts they would benefit from meeting.

    Example:
        netplus suggest
        netplus suggest c-7k2m9q --json
    """
    config = settings(db, taxonomy=taxonomy)
    with open_store(config) as store:
        network = Network.load(store, config)
        resolved = who(store, contact_id) if contact_id else None
    matcher = network.matcher()
    console = _console()
    if resolved is None or resolved == ME:
        needs = [n for n in network.needs if resolved is None or n["contact_id"] == ME]
        result = suggest_needs(matcher, needs, limit)
        if as_json:
            echo_json(result)
            return
        if not result:
            click.echo("no open needs; record one with `netplus need ID TEXT`")
        for item in result:
            need = item["need"]
            console.print(Text(f"#{need['id']} {need['name']} needs {need['text']}", style="bold"))
            _print_people(console, item["suggestions"])
        return
    offering = suggest_for(
        matcher, network.contact(resolved), network.needs, [o for o in network.offers if o["contact_id"] == ME], limit
    )
    if as_json:
        echo_json(offering)
        return
    console.print(Text(f"What you could offer {offering['contact']['name']}", style="bold"))
    for offer in offering["your_offers"]:
        console.print(Text(f"  your offer #{offer['id']}: {offer['text']}"))
    for item in offering["their_needs"]:
        console.print(Text(f"  for their need #{item['need']['id']} {item['need']['text']}:"))
        _print_people(console, item["suggestions"])
    for pair in offering["introductions"]:
        console.print(Text(f"  introduce them to {pair['with']['name']} ({pair['with']['id']}): {pair['why']}"))
    if not (offering["your_offers"] or offering["their_needs"] or offering["introductions"]):
        console.print("  nothing yet: log their needs (`netplus need`) and your offers (`netplus offer me`)")


def _print_people(console: Console, people: list[dict[str, Any]]) -> None:
    if not people:
        console.print("  nobody in your network yet")
    for s in people:
        mark = "✓ " if s["trusted"] else ""
        note = f" — “{s['endorsement']}”" if s.get("endorsement") else ""
        console.print(Text(f"  {mark}{s['name']} ({s['id']}): {s['reason']}{note}"))


def _style(markdown: bool) -> str:
    return "md" if markdown else "txt"


@cli.command(name="introduce")
@click.argument("contact_a")
@click.argument("contact_b")
@click.option("--why", required=True, help="Why these two should meet.")
@click.option("--markdown", is_flag=True, help="Draft in Markdown instead of plain text.")
@db_option
@json_option
def introduce_(contact_a: str, contact_b: str, why: str, markdown: bool, db: str | None, as_json: bool) -> None:
    """Record an introduction (proposed) and draft the double-opt-in messages to both sides.

    Example:
        netplus introduce c-7k2m9q c-p3x8ta --why "both run photo studios in Seattle"
    """
    config = settings(db)
    with open_store(config) as store:
        number = introduce(store, contact_a, contact_b, why)
        (intro,) = [i for i in intros(store) if i["id"] == number]
        network = Network.load(store, config, full=(intro["a"], intro["b"]))
    text = introduction(
        network.contact(intro["a"]),
        network.contact(intro["b"]),
        why,
        network.me,
        style=_style(markdown),
        user_dir=config.templates(),
    )
    if as_json:
        echo_json({**intro, "draft": text})
    else:
        click.echo(f"introduction #{number} proposed; mark it with `netplus intros --set {number} sent`\n")
        click.echo(text, nl=False)


@cli.command(name="intros")
@click.option("--set", "change", nargs=2, metavar="N STATUS", help=f"Set #N to one of {', '.join(INTRO_STATUSES)}.")
@db_option
@json_option
def intros_(change: tuple[str, str] | None, db: str | None, as_json: bool) -> None:
    """List the introductions you made, with their status and age.

    Example:
        netplus intros
        netplus intros --set 2 accepted
    """
    with open_store(settings(db)) as store:
        if change:
            number, status = change
            if not number.isdigit():
                raise InputError("--set", f"{number!r} is not an introduction number")
            set_intro_status(store, int(number), status)
        rows = intros(store)
    if as_json:
        echo_json(rows)
        return
    table = Table("#", "between", "why", "status", "age")
    for row in rows:
        table.add_row(
            str(row["id"]),
            Text(f"{row['a_name']} ↔ {row['b_name']}"),
            Text(row["why"]),
            row["status"],
            f"{row['age_days']} d",
        )
    _console().print(table)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("--date", f"{value!r} is not a date like 2026-11-20") from None


@cli.command(name="log")
@click.argument("contact_id")
@click.option("--kind", type=click.Choice(ENCOUNTER_KINDS), required=True)
@click.option("--date", "when", help="When (YYYY-MM-DD; default today).")
@click.option("--note", help="A note for yourself.")
@click.option("--takeaway", "takeaways", multiple=True, help="Something you learned (repeatable).")
@click.option("--met-through", help="The contact who connected you.")
@click.option("--mutual", "mutuals", multiple=True, help="A contact you both know (repeatable).")
@db_option
@json_option
def log_(
    contact_id: str,
    kind: str,
    when: str | None,
    note: str | None,
    takeaways: tuple[str, ...],
    met_through: str | None,
    mutuals: tuple[str, ...],
    db: str | None,
    as_json: bool,
) -> None:
    """Record an encounter: an informational interview, a coffee, a call, an e-mail, a referral.

    Example:
        netplus log c-7k2m9q --kind interview --date 2026-11-20 --takeaway "apply via referrals" --mutual c-p3x8ta
    """
    with open_store(settings(db)) as store:
        number = log_encounter(
            store,
            contact_id,
            kind,
            when=_date(when),
            note=note,
            takeaways=takeaways,
            met_through=met_through,
            mutuals=mutuals,
        )
        (logged,) = [e for e in encounters(store) if e["id"] == number]
    if as_json:
        echo_json(logged)
    else:
        click.echo(
            f"encounter #{number}: {kind} with {logged['contact_id']} on {logged['date']}; "
            f"draft the follow-up with `netplus followup {logged['contact_id']}`"
        )


@cli.command(name="followup")
@click.argument("contact_id")
@click.option("--encounter", type=int, help="Follow up this encounter (default: the latest with them).")
@click.option("--markdown", is_flag=True, help="Draft in Markdown instead of plain text.")
@click.option("--sent", is_flag=True, help="Mark the follow-up as sent instead of drafting it.")
@db_option
@taxonomy_option
@json_option
def followup_(
    contact_id: str,
    encounter: int | None,
    markdown: bool,
    sent: bool,
    db: str | None,
    taxonomy: str | None,
    as_json: bool,
) -> None:
    """Draft the follow-up e-mail after an encounter: thanks, your takeaways, what you can offer,
    people you know in common, and a LinkedIn line when you are not connected yet.

    Example:
        netplus followup c-7k2m9q
        netplus followup c-7k2m9q --sent
    """
    config = settings(db, taxonomy=taxonomy)
    with open_store(config) as store:
        resolved = who(store, contact_id)
        logged = encounters(store, resolved)
        chosen = [e for e in logged if encounter is None or e["id"] == encounter]
        if not chosen:
            raise StoreError(
                f"no encounter with {resolved} to follow up; log one with `netplus log {resolved} --kind …`"
            )
        last = chosen[-1]
        if sent:
            mark_followup_sent(store, last["id"])
            click.echo(f"follow-up of encounter #{last['id']} marked sent")
            return
        network = Network.load(store, config, full=(resolved,))
    contact = network.contact(resolved)
    offers = [o for o in network.offers if o["contact_id"] == ME]
    suggestions = suggest_for(network.matcher(), contact, network.needs, offers)
    mutual_ids = [m for e in logged for m in e["mutuals"]] + [e["met_through"] for e in logged if e["met_through"]]
    common = people_in_common(contact, network.contacts, mutual_ids)
    text = draft_followup(
        contact, last, suggestions, common, network.me, style=_style(markdown), user_dir=config.templates()
    )
    if as_json:
        echo_json({"encounter": last, "people_in_common": common, "draft": text})
    else:
        click.echo(text, nl=False)


@cli.command(name="due")
@click.option("--days", default=3, show_default=True, help="Days after an encounter a follow-up is due.")
@click.option("--ics", is_flag=True, help="Write the reminders as an iCalendar file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File for --ics (default: stdout).")
@db_option
@json_option
def due_(days: int, ics: bool, output: str | None, db: str | None, as_json: bool) -> None:
    """Follow-ups not sent yet and contacts whose keep-in-touch cadence has lapsed.

    Example:
        netplus due
        netplus due --ics -o due.ics
    """
    with open_store(settings(db)) as store:
        reminders = due(store, followup_days=days)
    if ics:
        text = due_ics(reminders)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            click.echo(f"{len(reminders)} reminders written to {output}", err=True)
        else:
            click.echo(text, nl=False)
        return
    if as_json:
        echo_json(reminders)
        return
    if not reminders:
        click.echo("nothing due")
        return
    table = Table("due", "what", "who", "why")
    for r in reminders:
        table.add_row(r["due"], r["kind"], Text(f"{r['name']} ({r['contact_id']})"), Text(r["reason"]))
    _console().print(table)


@cli.command()
@click.argument("contact_id")
@click.argument("period")
@db_option
def cadence(contact_id: str, period: str, db: str | None) -> None:
    """Keep in touch with a contact every PERIOD (90d, 12w, 3m, 1y; `off` to stop).

    Example:
        netplus cadence c-7k2m9q 90d
    """
    days = None if period.casefold() == "off" else parse_period(period)
    with open_store(settings(db)) as store:
        resolved = set_cadence(store, contact_id, days)
    click.echo(
        f"{resolved}: " + (f"keep in touch every {days} day{'s' if days != 1 else ''}" if days else "no cadence")
    )


@cli.command(name="balance")
@click.argument("contact_id", required=False)
@db_option
@json_option
def balance_(contact_id: str | None, db: str | None, as_json: bool) -> None:
    """What each contact gave you and what you gave them; flags the ones you have only asked of.

    Example:
        netplus balance
        netplus balance c-7k2m9q --json
    """
    with open_store(settings(db)) as store:
        rows = balance(store, contact_id)
    if as_json:
        echo_json(rows)
        return
    table = Table("who", "they gave you", "you gave them", "")
    for row in rows:
        table.add_row(
            Text(f"{row['name']} ({row['contact_id']})"),
            Text("\n".join(row["they_gave"])),
            Text("\n".join(row["you_gave"])),
            Text("only asked — give back", style="yellow") if row["one_sided"] else "",
        )
    _console().print(table)
