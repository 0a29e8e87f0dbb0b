"""Drafted messages: the follow-up after an encounter and the double-opt-in introduction.

Templates are text files with ``$placeholders`` (``pipeline/data/templates``); a file of the
same name in ``templates/`` beside your config file replaces one. Plain text or Markdown.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

from connectors.errors import InputError, StoreError
from pipeline.categorize import words

_OCCASIONS = {
    "interview": "the informational interview",
    "coffee": "the coffee",
    "call": "the call",
    "email": "your e-mail",
    "referral": "the referral",
    "meeting": "meeting with me",
    "event": "the conversation",
}


def template(name: str, style: str, user_dir: Path | None = None) -> Template:
    """A template by name (``followup``, ``intro``) and style (``txt`` or ``md``), the user's first."""
    filename = f"{name}.{style}"
    if user_dir is not None and (user_dir / filename).exists():
        try:
            return Template((user_dir / filename).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(user_dir / filename, f"cannot read the template ({exc})") from None
    return Template(files("pipeline.data").joinpath("templates", filename).read_text(encoding="utf-8"))


def _fill(tpl: Template, values: dict[str, str], where: str) -> str:
    try:
        text = tpl.substitute(values)
    except (KeyError, ValueError) as exc:
        raise InputError(where, f"template has an unknown or broken placeholder ({exc})") from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"  # empty sections leave no holes


def _first(contact: dict[str, Any]) -> str:
    return contact.get("given_name") or str(contact.get("name") or "there").split(" ")[0]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _role(contact: dict[str, Any]) -> str:
    role = ", ".join(str(contact[k]) for k in ("title", "organization") if contact.get(k))
    return f" ({role})" if role else ""


def _organizations(contact: dict[str, Any]) -> set[str]:
    """The contact's organization now and before (values that lost in survivorship), as words."""
    names = [contact.get("organization")]
    names += (contact.get("provenance") or {}).get("organization", {}).get("alternates", [])
    return {" ".join(words(n)) for n in names if n}


def people_in_common(
    contact: dict[str, Any], contacts: list[dict[str, Any]], logged: list[str]
) -> list[dict[str, Any]]:
    """Mutuals you logged, then contacts who share the contact's organization (now or before);
    a contact you marked private is named only when you logged them yourself."""
    by_id = {c["id"]: c for c in contacts}
    found = {cid: "you both know them" for cid in logged if cid in by_id and cid != contact["id"]}
    theirs = _organizations(contact)
    if theirs:
        for other in contacts:
            if other["id"] in found or other["id"] == contact["id"] or other["private"]:
                continue
            shared = theirs & _organizations(other)
            if shared:
                found[other["id"]] = f"also at {other.get('organization') or next(iter(shared))}"
    return [{"id": cid, "name": by_id[cid]["name"], "why": why} for cid, why in found.items()]


def followup(
    contact: dict[str, Any],
    encounter: dict[str, Any],
    suggestions: dict[str, Any],
    common: list[dict[str, Any]],
    me: str,
    *,
    style: str = "txt",
    user_dir: Path | None = None,
) -> str:
    """The follow-up e-mail after an encounter: thanks, takeaways, something in return, people in
    common, and a LinkedIn line when you are not connected there yet."""
    md = style == "md"
    bold = (lambda t: f"**{t}**") if md else (lambda t: t)
    sections = {}
    takeaways = encounter["takeaways"]
    sections["takeaways"] = f"{bold('What I took away:')}\n{_bullets(takeaways)}" if takeaways else ""
    offers = [o["text"] for o in suggestions["your_offers"]]
    referrals = []
    for item in suggestions["their_needs"]:
        for s in item["suggestions"][:2]:
            note = f" — {s['endorsement']}" if s.get("endorsement") else ""
            referrals.append(f"for {item['need']['text']}: {s['name']}{_role(s)}{note}")
    lines = [f"I'm happy to help with {text}." for text in offers] + [f"I can introduce you — {r}" for r in referrals]
    sections["offers"] = f"{bold('Something in return:')}\n{_bullets(lines)}" if lines else ""
    known = [f"{person['name']} ({person['why']})" for person in common]
    sections["mutuals"] = f"{bold('People we both know:')}\n{_bullets(known)}" if known else ""
    connected = bool(contact.get("connected_on")) or any(r.startswith("linkedin:") for r in contact["record_ids"])
    sections["linkedin"] = "" if connected else "I'd like to stay in touch — I'll send you a LinkedIn invitation."
    occasion = _OCCASIONS.get(encounter["kind"], "our conversation") + f" on {encounter['date']}"
    values = {"first": _first(contact), "name": contact.get("name") or "", "occasion": occasion, "me": me, **sections}
    return _fill(template("followup", style, user_dir), values, f"followup.{style}")


def introduction(
    a: dict[str, Any], b: dict[str, Any], why: str, me: str, *, style: str = "txt", user_dir: Path | None = None
) -> str:
    """Two messages asking each side first (double opt-in) before you connect them."""
    if a["id"] == b["id"]:
        raise StoreError("an introduction joins two different contacts")
    values = {
        "a_first": _first(a),
        "a_name": a.get("name") or "",
        "a_role": _role(a),
        "b_first": _first(b),
        "b_name": b.get("name") or "",
        "b_role": _role(b),
        "why": why if why.rstrip().endswith((".", "!", "?")) else why.rstrip() + ".",
        "me": me,
    }
    return _fill(template("intro", style, user_dir), values, f"intro.{style}")
