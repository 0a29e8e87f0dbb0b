"""Referral lists: the contacts you would send someone to, as CSV, vCard, JSON, Markdown or one
self-contained HTML page.

Shareable by default: an entry carries name, categories, organization, title, work e-mails and
phones, website, LinkedIn, city and your endorsement — never notes, addresses, birthdays,
"connected on" dates, numbers or e-mails labelled home/personal, or contacts marked private.
``all_fields`` is for your own backup and carries everything.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from importlib.resources import files
from typing import Any

import vobject

from connectors.errors import InputError
from pipeline.categorize import OTHER, Taxonomy
from pipeline.normalize.phones import national_format

SHAREABLE_FIELDS = (
    "name",
    "categories",
    "organization",
    "title",
    "emails",
    "phones",
    "website",
    "linkedin",
    "city",
    "endorsement",
)
PRIVATE_FIELDS = (
    "nickname",
    "addresses",
    "birthday",
    "connected_on",
    "notes",
    "tags",
    "urls",
    "trusted",
    "private",
    "record_ids",
)
PRIVATE_LABELS = frozenset({"home", "personal", "private"})
FORMATS = ("csv", "vcf", "json", "md", "html")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def select(
    contacts: Iterable[dict[str, Any]],
    taxonomy: Taxonomy,
    *,
    categories: Sequence[str] = (),
    group: str | None = None,
    trusted_only: bool = False,
    all_fields: bool = False,
) -> list[dict[str, Any]]:
    """The contacts a referral list holds (``list_contacts`` entries); private ones only with ``all_fields``."""
    wanted = {taxonomy.resolve(c) for c in categories}
    groups = {cid for cid, c in taxonomy.categories.items() if c.group == group}
    if group is not None and not groups:
        known = sorted({c.group for c in taxonomy.categories.values()})
        raise InputError("--group", f"no group {group!r}; groups: {', '.join(known)}")
    chosen = []
    for contact in contacts:
        ids = {c["category"] for c in contact["categories"]}
        if contact["private"] and not all_fields:
            continue
        if (wanted and not ids & wanted) or (groups and not ids & groups) or (trusted_only and not contact["trusted"]):
            continue
        chosen.append(contact)
    return chosen


def _phone(label: str | None, raw: str, e164: str | None, region: str) -> dict[str, Any]:
    """A number in E.164 for machines and written the way its country writes it for people
    (national format at home, international abroad)."""
    if not e164:
        return {"label": label, "number": None, "display": raw}
    return {"label": label, "number": e164, "display": national_format(e164, home=region)}


def _web(url: str | None) -> str | None:
    """A website as a link opens it: ``www.example.com`` becomes ``https://www.example.com``."""
    if url and "://" not in url and "." in url and " " not in url.strip():
        return "https://" + url.strip()
    return url


def entry(contact: dict[str, Any], region: str, *, all_fields: bool = False) -> dict[str, Any]:
    """One contact of a referral list: the shareable fields (and with ``all_fields`` every field)."""
    shareable = lambda label: all_fields or (label or "").casefold() not in PRIVATE_LABELS  # noqa: E731
    e164 = contact.get("phones_e164") or [None] * len(contact["phones"])
    addresses = contact.get("addresses") or []
    work_first = sorted(addresses, key=lambda a: (a.get("label") or "") != "work")
    linkedin = contact.get("linkedin_url")
    result: dict[str, Any] = {
        "id": contact["id"],
        "name": contact.get("name"),
        "given_name": contact.get("given_name"),  # for vCard's N: never guessed from the name
        "family_name": contact.get("family_name"),
        "categories": [c["name"] for c in contact["categories"] if c["category"] != OTHER],
        "category_ids": [c["category"] for c in contact["categories"] if c["category"] != OTHER],
        "organization": contact.get("organization"),
        "title": contact.get("title"),
        "emails": [value for label, value in contact["emails"] if shareable(label)],
        "phones": [
            _phone(label, value, number, region)
            for (label, value), number in zip(contact["phones"], e164)
            if shareable(label)
        ],
        "website": _web(next((u for u in contact.get("urls") or () if "linkedin.com" not in u.casefold()), None)),
        "linkedin": linkedin,
        "city": next((a["city"] for a in work_first if a.get("city")), None),
        "endorsement": contact.get("endorsement"),
    }
    if all_fields:
        result.update({name: contact.get(name) for name in PRIVATE_FIELDS})
    return result


def entries(
    contacts: Iterable[dict[str, Any]], region: str, *, all_fields: bool = False, fields: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Referral entries, reduced to ``fields`` when given (``id`` always stays)."""
    known = SHAREABLE_FIELDS + (PRIVATE_FIELDS if all_fields else ())
    unknown = [f for f in fields if f not in known]
    if unknown:
        hint = "" if all_fields else " (private fields need --all-fields)"
        raise InputError("--fields", f"unknown field {unknown[0]!r}; choose from {', '.join(known)}{hint}")
    result = [entry(c, region, all_fields=all_fields) for c in contacts]
    if fields:
        keep = {"id", "category_ids", "given_name", "family_name", *fields}
        result = [{k: v for k, v in e.items() if k in keep} for e in result]
    return result


def _neutral(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "phones":
        return "; ".join(p["display"] for p in value)
    if name == "addresses":
        return "; ".join(", ".join(str(v) for k, v in a.items() if v and k != "label") for a in value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_csv(items: list[dict[str, Any]], fields: Sequence[str], *, excel: bool = False) -> str:
    """One row per contact; phones as written for people, plus ``phones_e164`` for machines."""
    columns = [f for f in fields if f != "id"]
    header = ["id", *columns] + (["phones_e164"] if "phones" in columns else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for item in items:
        row = [item["id"], *(_cell(name, item.get(name)) for name in columns)]
        if "phones" in columns:
            row.append("; ".join(p["number"] or "" for p in item["phones"]))
        writer.writerow([_neutral(cell) for cell in row])
    return ("\ufeff" if excel else "") + out.getvalue()


def to_vcard(items: list[dict[str, Any]], version: str = "3.0") -> str:
    """vCards Google Contacts, Apple Contacts and Outlook import; categories as CATEGORIES."""
    if version not in ("3.0", "4.0"):
        raise InputError("--vcard-version", f"vCard {version} is not written; choose 3.0 or 4.0")
    cards = []
    for item in items:
        card = vobject.vCard()
        card.add("version").value = version
        card.add("uid").value = item["id"]
        name = item.get("name") or item.get("organization") or item["id"]
        card.add("fn").value = name
        card.add("n").value = vobject.vcard.Name(
            family=item.get("family_name") or "", given=item.get("given_name") or ""
        )
        if item.get("organization"):
            card.add("org").value = [item["organization"]]
        if item.get("title"):
            card.add("title").value = item["title"]
        for address in item.get("emails") or ():
            email = card.add("email")
            email.value, email.type_param = address, "WORK" if version == "3.0" else "work"
        for phone in item.get("phones") or ():
            tel = card.add("tel")
            label = (phone["label"] or "work").upper() if version == "3.0" else (phone["label"] or "work").lower()
            tel.type_param = label
            if version == "4.0" and phone["number"]:
                tel.value, tel.value_param = f"tel:{phone['number']}", "uri"
            else:
                tel.value = phone["number"] or phone["display"]
        for url in (item.get("website"), item.get("linkedin")):
            if url:
                card.add("url").value = url
        if item.get("city"):
            card.add("adr").value = vobject.vcard.Address(city=item["city"])
        if item.get("categories"):
            card.add("categories").value = list(item["categories"])
        if item.get("endorsement"):
            card.add("note").value = item["endorsement"]
        cards.append(card.serialize())
    return "".join(cards)


def to_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _grouped(items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Entries under each of their categories (alphabetical, Other last), names sorted."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        for name in item.get("categories") or ["Other"]:
            groups.setdefault(name, []).append(item)
    order = sorted(groups, key=lambda n: (n == "Other", n.casefold()))
    return [(n, sorted(groups[n], key=lambda i: str(i.get("name") or "").casefold())) for n in order]


def _md(text: Any) -> str:
    """Text that Markdown shows as written."""
    escaped = str(text)
    for ch in "\\`*_[]<>#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def _role(item: dict[str, Any]) -> list[str]:
    """Title and organization, without the organization a business is listed under already."""
    organization = item.get("organization")
    if organization and organization == item.get("name"):
        organization = None
    return [str(v) for v in (item.get("title"), organization) if v]


def _reach(item: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The phones and e-mails shown beside the name, less the one a contact without a name is listed under."""
    name = str(item.get("name") or "")
    # a name of digits only is a phone number, written as the user typed it
    digits = "".join(c for c in name if c.isdigit()) if not any(c.isalpha() for c in name) else ""

    def is_the_name(text: str, number: str | None = None) -> bool:
        return text.casefold() == name.casefold() or bool(digits and number and digits in number)

    phones = [p for p in item.get("phones") or () if not is_the_name(p["display"], p["number"])]
    return phones, [m for m in item.get("emails") or () if not is_the_name(m)]


def to_markdown(items: list[dict[str, Any]], title: str = "Referrals") -> str:
    """Grouped by category, one line per contact: ready to paste into an e-mail."""
    lines = [f"# {_md(title)}", ""]
    for name, group in _grouped(items):
        lines += [f"## {_md(name)} ({len(group)})", ""]
        for item in group:
            role = ", ".join(_md(v) for v in _role(item))
            phones, emails = _reach(item)
            reach = [_md(p["display"]) for p in phones] + [_md(e) for e in emails]
            for url in (item.get("website"), item.get("linkedin")):
                if url:
                    reach.append(f"<{url}>" if url.startswith(("http://", "https://")) else _md(url))
            parts = [f"**{_md(item.get('name') or '')}**"]
            if role:
                parts.append(role)
            if item.get("city"):
                parts.append(_md(item["city"]))
            line = "- " + " — ".join(parts)
            if reach:
                line += " · " + " · ".join(reach)
            if item.get("endorsement"):
                line += f" — _{_md(item['endorsement'])}_"
            lines.append(line)
        lines.append("")
    return "\n".join(lines)


def _html_item(item: dict[str, Any]) -> str:
    e = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    role = ", ".join(e(v) for v in _role(item))
    phones, emails = _reach(item)
    links = [f'<a href="tel:{e(p["number"])}">{e(p["display"])}</a>' for p in phones if p["number"]]
    links += [e(p["display"]) for p in phones if not p["number"]]
    links += [f'<a href="mailto:{e(m)}">{e(m)}</a>' for m in emails]
    for url, label in ((item.get("website"), "website"), (item.get("linkedin"), "LinkedIn")):
        if url and str(url).startswith(("http://", "https://")):
            links.append(f'<a href="{e(url)}">{label}</a>')
    searchable = " ".join(
        str(v)
        for v in (
            item.get("name"),
            item.get("title"),
            item.get("organization"),
            item.get("city"),
            item.get("endorsement"),
            *(item.get("categories") or ()),
        )
        if v
    ).casefold()
    parts = [f'<li class="c" data-s="{e(searchable)}"><b>{e(item.get("name") or "")}</b>']
    if role:
        parts.append(f'<span class="r">{role}</span>')
    if item.get("city"):
        parts.append(f'<span class="city">{e(item["city"])}</span>')
    if links:
        parts.append(f'<span class="l">{" · ".join(links)}</span>')
    if item.get("endorsement"):
        parts.append(f"<q>{e(item['endorsement'])}</q>")
    return " ".join(parts) + "</li>"


def to_html(items: list[dict[str, Any]], title: str = "Referrals") -> str:
    """One self-contained page (no network requests): grouped by category with counts, a search
    box that filters as you type, print-friendly and readable on a phone; every value escaped."""
    template = files("pipeline.data").joinpath("referrals.html").read_text(encoding="utf-8")
    sections = []
    for name, group in _grouped(items):
        body = "\n".join(_html_item(item) for item in group)
        heading = f'<h2>{html.escape(name)} <span class="n">({len(group)})</span></h2>'
        sections.append(f"<section>{heading}\n<ul>\n{body}\n</ul></section>")
    return (
        template.replace("{{title}}", html.escape(title))
        .replace("{{count}}", str(len(items)))
        .replace("{{sections}}", "\n".join(sections))
    )


def render(items: list[dict[str, Any]], form: str, fields: Sequence[str], *, excel: bool, vcard_version: str) -> str:
    """The referral list in one of ``FORMATS``."""
    if form == "csv":
        return to_csv(items, fields, excel=excel)
    if form == "vcf":
        return to_vcard(items, vcard_version)
    if form == "json":
        return to_json(items)
    if form == "md":
        return to_markdown(items)
    if form == "html":
        return to_html(items)
    raise InputError("--format", f"unknown format {form!r}; choose from {', '.join(FORMATS)}")
