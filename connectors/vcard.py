"""vCard 2.1, 3.0 and 4.0 files, from any phone or mail client, to canonical records.

Lines go through the tolerant pre-pass (``vcard_repair``), then vobject parses each
content line; the cards are assembled here, so one bad card or line never stops the rest.
"""

from __future__ import annotations

import quopri
import re
from base64 import b64decode
from binascii import Error as BinasciiError
from pathlib import Path
from typing import Any

from vobject.base import ParseError, parseLine

from connectors._files import head_text, read_bytes
from connectors._values import clean_label, linkedin_slug, parse_date
from connectors.errors import InputError
from connectors.schema import ReadResult, ReadWarning, has_content, records_from_rows
from connectors.vcard_repair import Logical, decode_lines, logical_lines

NAME = "vcard"
_BEGIN = re.compile(r"^(?:[\w-]+\.)?BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^(?:[\w-]+\.)?END:VCARD\s*$", re.IGNORECASE)
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
# parameters that describe encoding, not what the value is for
_NOT_LABELS = frozenset(
    {
        "ENCODING",
        "CHARSET",
        "VALUE",
        "LANGUAGE",
        "PID",
        "ALTID",
        "CALSCALE",
        "SORT-AS",
        "GEO",
        "TZ",
        "LABEL",
        "MEDIATYPE",
        "DERIVED",
    }
)
_BARE_NOT_LABELS = frozenset({"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B", "INTERNET"})
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_META = frozenset({"VERSION", "PROFILE", "X-ABLABEL"})


def can_read(path: Path, head: bytes) -> int:
    """Confidence that the file is a vCard file, from its first lines."""
    for line in head_text(head).splitlines()[:20]:
        if _BEGIN.match(line.strip()):
            return 100
        if line.strip() and not line.startswith("#"):
            break
    return 60 if path.suffix.lower() in (".vcf", ".vcard") else 0


def _labels(params: list[list[str]]) -> tuple[str | None, dict[str, str]]:
    """The TYPE label of a property (``work,voice``) and its other parameters."""
    types: list[str] = []
    other: dict[str, str] = {}
    for param in params:
        if len(param) == 1:  # vCard 2.1 bare parameter: TEL;CELL;PREF
            if param[0].upper() not in _BARE_NOT_LABELS:
                types.append(param[0])
            continue
        key = param[0].upper()
        values = [v for value in param[1:] for v in value.split(",") if v]
        if key == "TYPE":
            types.extend(values)
        elif key not in _NOT_LABELS or key in ("ENCODING", "CHARSET"):
            other[key] = ",".join(values)
    labels = [t.casefold() for t in types if t.upper() not in _BARE_NOT_LABELS]
    return (",".join(dict.fromkeys(labels)) or None), other


def _decode_value(value: str, other: dict[str, str]) -> str:
    """Undo quoted-printable (in the declared charset) and base64 text encodings."""
    encoding = other.get("ENCODING", "").upper()
    charset = other.get("CHARSET") or "utf-8"
    if encoding == "QUOTED-PRINTABLE":
        raw = quopri.decodestring(value.encode("utf-8", errors="surrogateescape"))
        for name in (charset, "utf-8"):
            try:
                return raw.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            return raw.decode("utf-8", errors="replace")
    if encoding in ("B", "BASE64"):
        try:
            return b64decode(value + "=" * (-len(value) % 4)).decode(charset)
        except (BinasciiError, UnicodeDecodeError, LookupError, ValueError):
            return value
    return value


def _unescape(text: str) -> str:
    """vCard text escapes: ``\\n`` is a line break, any other ``\\x`` is ``x``."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _text(value: str) -> str:
    return _unescape(value).strip()


def _split(value: str, separator: str) -> list[str]:
    """Split on separators that are not escaped, then unescape each part."""
    pieces = re.split(rf"(?<!\\){separator}", value) if "\\" in value else value.split(separator)
    return [_unescape(p).strip() for p in pieces]


def _parts(value: str, count: int) -> list[str]:
    return (_split(value, ";") + [""] * count)[:count]


class _Card:
    """Accumulates one card's properties into a canonical row."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.row: dict[str, Any] = {"emails": [], "phones": [], "urls": [], "addresses": [], "tags": [], "extra": {}}
        self.group_labels: dict[str, str] = {}
        self.grouped: list[tuple[str, str, int]] = []  # (group, collection, index) to relabel
        self.notes: list[str] = []

    def extra(self, key: str, value: str) -> None:
        if not value:
            return
        extra = self.row["extra"]
        if key in extra:
            current = extra[key]
            extra[key] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            extra[key] = value

    def add(self, name: str, params: list[list[str]], value: str, group: str | None) -> None:
        label, other = _labels(params)
        if name in BINARY:
            if value.startswith(("http://", "https://")):
                self.extra(name.lower(), value)
            elif value:
                self.extra(name.lower(), "[embedded data not imported]")
            return
        value = _decode_value(value, other)
        if name == "X-ABLABEL":
            if group:
                self.group_labels[group.casefold()] = clean_label(value) or ""
            return
        row = self.row
        if name == "FN":
            row["full_name"] = row.get("full_name") or _text(value) or None
        elif name == "N":
            family, given, additional, prefix, suffix = _parts(value, 5)
            for key, part in (
                ("family_name", family),
                ("given_name", given),
                ("additional_names", additional),
                ("prefix", prefix),
                ("suffix", suffix),
            ):
                if part and not row.get(key):
                    row[key] = part
        elif name == "NICKNAME":
            row["nickname"] = row.get("nickname") or _text(value) or None
        elif name in ("EMAIL", "TEL"):
            text = _text(value)
            if name == "TEL" and text.lower().startswith("tel:"):
                text = text[4:]
            if text:
                collection = "emails" if name == "EMAIL" else "phones"
                row[collection].append((label, text))
                if group:
                    self.grouped.append((group.casefold(), collection, len(row[collection]) - 1))
        elif name == "ORG":
            organization, *units = [p for p in _parts(value, 8) if p] or [""]
            if organization and not row.get("organization"):
                row["organization"] = organization
                if units:
                    self.extra("department", ", ".join(units))
            elif organization:
                self.extra("other_organization", ", ".join([organization, *units]))
        elif name == "TITLE":
            if not row.get("title"):
                row["title"] = _text(value) or None
            else:
                self.extra("other_title", _text(value))
        elif name in ("URL", "X-SOCIALPROFILE"):
            text = _text(value)
            if text and linkedin_slug(text) and not row.get("linkedin_url"):
                row["linkedin_url"] = text
            elif text:
                row["urls"].append(text)
        elif name == "ADR":
            pobox, extended, street, city, region, postcode, country = _parts(value, 7)
            lines = [p for p in (street, extended, f"PO Box {pobox}" if pobox else "") if p]
            address = {
                "label": label,
                "street": "\n".join(lines) or None,
                "city": city or None,
                "region": region or None,
                "postcode": postcode or None,
                "country": country or None,
            }
            if any(address[k] for k in ("street", "city", "region", "postcode", "country")):
                row["addresses"].append(address)
        elif name == "NOTE":
            text = _text(value)
            if text:
                self.notes.append(text)
        elif name == "CATEGORIES":
            # Some exporters escape the commas that separate categories; split on both
            row["tags"].extend(t.strip() for t in _unescape(value).split(",") if t.strip())
        elif name == "BDAY":
            text = _text(value)
            row["birthday"] = parse_date(text)
            if text and not row["birthday"]:
                self.extra("birthday", text)
        elif name == "UID":
            row["_source_key"] = _text(value) or None
        elif name not in _META:
            key = f"{group}.{name}" if group else name
            self.extra(key.lower(), _text(value))

    def finish(self) -> dict[str, Any]:
        for group, collection, index in self.grouped:
            label = self.group_labels.get(group)
            if label:
                old, value = self.row[collection][index]
                self.row[collection][index] = (label, value)
        if self.notes:
            self.row["notes"] = "\n".join(self.notes)
        self._name_of_a_business()
        return self.row

    def _name_of_a_business(self) -> None:
        """A company card (Apple's X-ABShowAs:COMPANY, vCard 4's KIND:org) without a person's
        name in N has the business's name in FN, where Apple copies ORG: that is the
        organization, not a person called "Evergreen Tree Care"."""
        row, extra = self.row, self.row["extra"]
        shown_as_company = str(extra.get("x-abshowas", "")).casefold() == "company"
        of_a_business = str(extra.get("kind", "")).casefold() in ("org", "organization")
        name = row.get("full_name")
        if not ((shown_as_company or of_a_business) and name) or row.get("given_name") or row.get("family_name"):
            return
        organization = row.get("organization")
        if not organization:
            row["organization"], row["full_name"] = name, None
        elif " ".join(name.split()).casefold() == " ".join(organization.split()).casefold():
            row["full_name"] = None


def read(path: str | Path, *, source_name: str | None = None, encoding: str | None = None) -> ReadResult:
    """Read every card of a vCard file; a bad card or line is a warning, never the end."""
    path = Path(path)
    physical, used, doubled_cr = decode_lines(read_bytes(path), str(path), encoding)
    repaired = logical_lines(physical, used, doubled_cr)
    warnings: list[ReadWarning] = []
    rows: list[dict[str, Any]] = []
    stack: list[_Card] = []
    versions: set[str] = set()
    outside = 0

    def warn(line: int | None, message: str) -> None:
        warnings.append(ReadWarning(str(path), line, message))

    for logical in repaired.lines:
        text = logical.text
        if _BEGIN.match(text):
            stack.append(_Card(logical.line))
            continue
        if _END.match(text):
            if not stack:
                warn(logical.line, "END:VCARD without BEGIN:VCARD; ignored")
                continue
            card = stack.pop()
            row = card.finish()
            if has_content(row):
                rows.append(row)
            else:
                warn(card.start, "card has no name, e-mail, phone or organization; skipped")
            continue
        if not stack:
            outside += 1
            warn(logical.line, f"text outside any card skipped: {text[:40]!r}")
            continue
        _add_line(stack[-1], logical, versions, warn)
    if stack and not rows:
        raise InputError(path, "card has no END:VCARD (file truncated?)", line=stack[0].start)
    for card in reversed(stack):
        # one unterminated card among good ones: keep what it holds rather than lose it
        row = card.finish()
        if has_content(row):
            rows.append(row)
        warn(card.start, "card has no END:VCARD; read up to the end of the file")
    if not rows:
        if not any(_BEGIN.match(line.text) for line in repaired.lines):
            raise InputError(path, "no BEGIN:VCARD found; not a vCard file")
        raise InputError(path, "no card in the file has a name, e-mail, phone or organization")
    records = records_from_rows(rows, source_kind=NAME, source_name=source_name or path.stem, source_file=str(path))
    details = {"encoding": used, "cards": len(rows), "versions": sorted(versions), "repairs": dict(repaired.repairs)}
    return ReadResult(records, warnings, f"vCard {'/'.join(sorted(versions)) or '?'}", details)


def _add_line(card: _Card, logical: Logical, versions: set[str], warn: Any) -> None:
    try:
        name, params, value, group = parseLine(logical.text, logical.line)
    except ParseError:
        warn(logical.line, f"cannot parse line, skipped: {logical.text[:60]!r}")
        return
    name = name.upper()
    if name == "VERSION":
        versions.add(value.strip())
    card.add(name, params, value, group)
