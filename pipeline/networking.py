"""The reciprocity loop in the store: needs and offers, introductions, encounters, cadences, what
is due, and the balance of giving and asking.

Everything is kept by contact id and read through aliases, so it follows a contact that merges
into another; ``me`` is a contact too (your own needs and offers).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import vobject
from dateutil import tz

from connectors.errors import InputError, StoreError
from pipeline.categorize import Taxonomy
from pipeline.run import _now
from pipeline.store import Store, inserted_id

ME = "me"
ENCOUNTER_KINDS = ("interview", "coffee", "call", "email", "referral", "meeting", "event")
INTRO_STATUSES = ("proposed", "sent", "accepted", "done", "declined")
# what counts as someone giving you something: their time and advice, or a referral
GIVING_KINDS = frozenset({"interview", "coffee", "call", "referral"})


def who(store: Store, contact_id: str) -> str:
    """A contact id as stored (aliases followed), or ``me``."""
    return ME if contact_id.casefold() == ME else store.resolve(contact_id)


def _resolver(store: Store) -> Any:
    targets = store.alias_targets()
    return lambda cid: None if cid is None else targets.get(cid, cid)


def names(store: Store, me: str | None = None) -> dict[str, str]:
    """contact id → display name, ``me`` included."""
    result = {
        r["contact_id"]: r["name"] or r["contact_id"] for r in store.query("SELECT contact_id, name FROM contacts")
    }
    result[ME] = me or "me"
    return result


def _age(created: str, today: date) -> int:
    return (today - date.fromisoformat(created[:10])).days


# needs and offers -----------------------------------------------------------------------------


def add_ask(
    store: Store, kind: str, contact_id: str, text: str, *, category: str | None = None, taxonomy: Taxonomy
) -> int:
    """Record a need or an offer of a contact (or of ``me``); returns its number."""
    if not text.strip():
        raise InputError(kind, "say what is needed or offered")
    owner = who(store, contact_id)
    category = taxonomy.resolve(category) if category else None
    with store.transaction() as connection:
        return inserted_id(
            connection.execute(
                "INSERT INTO asks (kind, contact_id, text, category, created) VALUES (?, ?, ?, ?, ?)",
                (kind, owner, text.strip(), category, _now()),
            )
        )


def close_ask(store: Store, kind: str, number: int, *, by: str | None = None) -> None:
    """Mark a need met (``by`` the contact who met it) or an offer given."""
    rows = store.query("SELECT id FROM asks WHERE id = ? AND kind = ?", number, kind)
    if not rows:
        raise StoreError(f"no {kind} #{number}; see `netplus {kind}s`")
    helper = who(store, by) if by else None
    with store.transaction() as connection:
        connection.execute("UPDATE asks SET closed = ?, closed_by = ? WHERE id = ?", (_now(), helper, number))


def asks(
    store: Store,
    kind: str | None = None,
    *,
    contact_id: str | None = None,
    open_only: bool = False,
    today: date | None = None,
    me: str | None = None,
) -> list[dict[str, Any]]:
    """Needs and/or offers, oldest first, each with its owner's current id and name."""
    today = today or date.today()
    current = _resolver(store)
    named = names(store, me)
    owner = who(store, contact_id) if contact_id else None
    result = []
    for r in store.query("SELECT * FROM asks ORDER BY id"):
        cid = current(r["contact_id"])
        if (kind and r["kind"] != kind) or (owner and cid != owner) or (open_only and r["closed"]):
            continue
        result.append(
            {
                "id": r["id"],
                "kind": r["kind"],
                "contact_id": cid,
                "name": named.get(cid, cid),
                "text": r["text"],
                "category": r["category"],
                "created": r["created"],
                "age_days": _age(r["created"], today),
                "closed": r["closed"],
                "closed_by": current(r["closed_by"]),
            }
        )
    return result


# introductions --------------------------------------------------------------------------------


def introduce(store: Store, a: str, b: str, why: str) -> int:
    first, second = who(store, a), who(store, b)
    if ME in (first, second) or first == second:
        raise StoreError("an introduction joins two different contacts of yours")
    if not why.strip():
        raise InputError("--why", "say why these two should meet")
    with store.transaction() as connection:
        return inserted_id(
            connection.execute(
                "INSERT INTO intros (contact_a, contact_b, why, status, created, updated) "
                "VALUES (?, ?, ?, 'proposed', ?, ?)",
                (first, second, why.strip(), _now(), _now()),
            )
        )


def set_intro_status(store: Store, number: int, status: str) -> None:
    if status not in INTRO_STATUSES:
        raise InputError("status", f"choose from {', '.join(INTRO_STATUSES)}")
    if not store.query("SELECT 1 FROM intros WHERE id = ?", number):
        raise StoreError(f"no introduction #{number}; see `netplus intros`")
    with store.transaction() as connection:
        connection.execute("UPDATE intros SET status = ?, updated = ? WHERE id = ?", (status, _now(), number))


def intros(store: Store, *, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    current = _resolver(store)
    named = names(store)
    return [
        {
            "id": r["id"],
            "a": current(r["contact_a"]),
            "b": current(r["contact_b"]),
            "a_name": named.get(current(r["contact_a"])),
            "b_name": named.get(current(r["contact_b"])),
            "why": r["why"],
            "status": r["status"],
            "created": r["created"],
            "updated": r["updated"],
            "age_days": _age(r["created"], today),
        }
        for r in store.query("SELECT * FROM intros ORDER BY id")
    ]


# encounters and cadences ----------------------------------------------------------------------


def log_encounter(
    store: Store,
    contact_id: str,
    kind: str,
    *,
    when: date | None = None,
    note: str | None = None,
    takeaways: tuple[str, ...] = (),
    met_through: str | None = None,
    mutuals: tuple[str, ...] = (),
) -> int:
    if kind not in ENCOUNTER_KINDS:
        raise InputError("--kind", f"choose from {', '.join(ENCOUNTER_KINDS)}")
    contact = who(store, contact_id)
    through = who(store, met_through) if met_through else None
    known = [who(store, m) for m in mutuals]
    with store.transaction() as connection:
        return inserted_id(
            connection.execute(
                "INSERT INTO encounters (contact_id, kind, date, note, takeaways, met_through, mutuals, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    contact,
                    kind,
                    (when or date.today()).isoformat(),
                    note,
                    json.dumps(list(takeaways)),
                    through,
                    json.dumps(known),
                    _now(),
                ),
            )
        )


def encounters(store: Store, contact_id: str | None = None) -> list[dict[str, Any]]:
    """Logged encounters, oldest first (aliases followed: a merged contact keeps both logs)."""
    current = _resolver(store)
    wanted = who(store, contact_id) if contact_id else None
    result = []
    for r in store.query("SELECT * FROM encounters ORDER BY date, id"):
        cid = current(r["contact_id"])
        if wanted and cid != wanted:
            continue
        result.append(
            {
                "id": r["id"],
                "contact_id": cid,
                "kind": r["kind"],
                "date": r["date"],
                "note": r["note"],
                "takeaways": json.loads(r["takeaways"]),
                "met_through": current(r["met_through"]),
                "mutuals": [current(m) for m in json.loads(r["mutuals"])],
                "followup_sent": r["followup_sent"],
            }
        )
    return result


def mark_followup_sent(store: Store, encounter_id: int) -> None:
    with store.transaction() as connection:
        connection.execute("UPDATE encounters SET followup_sent = ? WHERE id = ?", (_now(), encounter_id))


_PERIOD = re.compile(r"(\d+)\s*([dwmy])", re.IGNORECASE)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_period(text: str) -> int:
    """Days in ``90d``, ``12w``, ``3m`` or ``1y``."""
    match = _PERIOD.fullmatch(text.strip())
    if not match or int(match[1]) == 0:
        raise InputError("cadence", f"{text!r} is not a period such as 90d, 12w, 3m or 1y")
    return int(match[1]) * _DAYS[match[2].lower()]


def set_cadence(store: Store, contact_id: str, days: int | None) -> str:
    """Keep in touch every ``days`` (None: no cadence)."""
    contact = who(store, contact_id)
    with store.transaction() as connection:
        if days is None:
            connection.execute("DELETE FROM cadences WHERE contact_id = ?", (contact,))
        else:
            connection.execute("INSERT OR REPLACE INTO cadences VALUES (?, ?, ?)", (contact, days, _now()))
    return contact


def due(store: Store, *, today: date | None = None, followup_days: int = 3) -> list[dict[str, Any]]:
    """What is due: follow-ups not sent ``followup_days`` after an encounter, and contacts whose
    keep-in-touch cadence has lapsed since the last encounter (or since the cadence was set)."""
    today = today or date.today()
    named = names(store)
    current = _resolver(store)
    logged = encounters(store)
    reminders = []
    for e in logged:
        if e["followup_sent"] is None and e["kind"] != "email":
            when = date.fromisoformat(e["date"]) + timedelta(days=followup_days)
            if when <= today:
                reminders.append(
                    {
                        "kind": "follow-up",
                        "contact_id": e["contact_id"],
                        "name": named.get(e["contact_id"]),
                        "due": when.isoformat(),
                        "overdue_days": (today - when).days,
                        "reason": f"no follow-up yet after the {e['kind']} on {e['date']} (encounter #{e['id']})",
                        "encounter": e["id"],
                    }
                )
    last: dict[str, str] = {}
    for e in logged:
        last[e["contact_id"]] = max(last.get(e["contact_id"], ""), e["date"])
    for r in store.query("SELECT * FROM cadences"):
        cid = current(r["contact_id"])
        since = last.get(cid) or r["created"][:10]
        when = date.fromisoformat(since) + timedelta(days=r["days"])
        if when <= today:
            reminders.append(
                {
                    "kind": "keep in touch",
                    "contact_id": cid,
                    "name": named.get(cid),
                    "due": when.isoformat(),
                    "overdue_days": (today - when).days,
                    "reason": f"every {r['days']} days; last contact {since}",
                    "encounter": None,
                }
            )
    return sorted(reminders, key=lambda r: (r["due"], str(r["name"])))


def due_ics(reminders: list[dict[str, Any]]) -> str:
    """The reminders as an iCalendar file of all-day events a calendar app imports."""
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = "-//netplus//reminders//EN"
    stamp = datetime.now(tz.UTC)  # vobject names dateutil's UTC, not the standard library's
    for reminder in reminders:
        event = calendar.add("vevent")
        event.add(
            "uid"
        ).value = f"netplus-{reminder['kind'].replace(' ', '-')}-{reminder['contact_id']}-{reminder['due']}"
        event.add("dtstart").value = date.fromisoformat(reminder["due"])
        event.add("summary").value = f"{reminder['kind'].capitalize()}: {reminder['name']}"
        event.add("description").value = f"{reminder['reason']} (netplus {reminder['contact_id']})"
        event.add("dtstamp").value = stamp
    return calendar.serialize()


# balance --------------------------------------------------------------------------------------


def balance(store: Store, contact_id: str | None = None) -> list[dict[str, Any]]:
    """For each contact: what they gave you (their time in interviews, coffees and calls,
    referrals, needs of yours they met) and what you gave them (introductions you made for them,
    needs of theirs you met). ``one_sided`` marks those you have only asked of."""
    named = names(store)
    gave: dict[str, list[str]] = {}
    got: dict[str, list[str]] = {}
    for e in encounters(store):
        if e["kind"] in GIVING_KINDS:
            gave.setdefault(e["contact_id"], []).append(f"{e['kind']} on {e['date']}")
    for ask in asks(store, "need"):
        if ask["closed"] and ask["contact_id"] == ME and ask["closed_by"]:
            gave.setdefault(ask["closed_by"], []).append(f"met your need #{ask['id']}: {ask['text']}")
        elif ask["closed"] and ask["contact_id"] != ME:
            got.setdefault(ask["contact_id"], []).append(f"you met their need #{ask['id']}: {ask['text']}")
    for intro in intros(store):
        if intro["status"] in ("sent", "accepted", "done"):
            for side, other in ((intro["a"], intro["b_name"]), (intro["b"], intro["a_name"])):
                got.setdefault(side, []).append(f"you introduced them to {other}")
    wanted = who(store, contact_id) if contact_id else None
    people = sorted(set(gave) | set(got) | ({wanted} if wanted else set()), key=lambda c: str(named.get(c, c)))
    rows = []
    for cid in people:
        if wanted and cid != wanted or cid == ME:
            continue
        rows.append(
            {
                "contact_id": cid,
                "name": named.get(cid, cid),
                "they_gave": gave.get(cid, []),
                "you_gave": got.get(cid, []),
                "one_sided": bool(gave.get(cid)) and not got.get(cid),
            }
        )
    return sorted(rows, key=lambda r: (not r["one_sided"], -len(r["they_gave"]), str(r["name"])))
