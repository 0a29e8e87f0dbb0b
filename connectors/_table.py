"""The one engine that turns delimited rows into canonical records, given a column plan.

The CSV connector works out the plan from the headers (``csv_mapping``); the LinkedIn
connector uses the fixed plans of LinkedIn's files. Both feed rows through ``assemble``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connectors._values import clean_label, linkedin_slug, parse_date
from connectors.errors import InputError
from connectors.schema import ReadWarning, has_content

MULTI = " ::: "  # Google joins several values in one cell with this
SCALARS = frozenset({"full_name", "given_name", "family_name", "additional_names", "prefix",
                     "suffix", "nickname", "organization", "title", "notes"})
ADDRESS_PARTS = ("label", "street", "street2", "street3", "extended", "pobox", "formatted",
                 "city", "region", "postcode", "country")
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Slot:
    """Where one column's values go in the canonical record.

    ``field`` is a canonical column, or ``email``/``phone``/``url``/``address``/``tags``/
    ``birthday``/``connected_on``/``email_label``/``phone_label``; ``label`` is the value's
    label (``work``); ``group`` ties columns that describe one value (Google's ``Phone 1 -
    Type`` and ``Phone 1 - Value``, Outlook's ``Home Street`` and ``Home City``); ``part`` is
    the address or date part; ``split`` a separator of several values in one cell.
    """

    field: str
    label: str | None = None
    group: str | None = None
    part: str | None = None
    split: str | None = None

    def describe(self) -> str:
        text = self.field
        if self.part:
            text += f".{self.part}"
        if self.label:
            text += f" ({self.label})"
        return text


@dataclass
class Table:
    """A delimited file read into a header and rows, with the line each row starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    header_line: int


def sniff_delimiter(line: str) -> str:
    """The delimiter a header line uses: the most frequent of ``, ; TAB |`` outside quotes."""
    outside = "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(text: str, path: str, *, skip_lines: int = 0) -> Table:
    """Split delimited text into rows; ``skip_lines`` physical lines before the header are skipped."""
    lines = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        lines.readline()
    header_line = skip_lines + 1
    first = lines.readline()
    while first and not first.strip():
        header_line += 1
        first = lines.readline()
    if not first:
        raise InputError(path, "no header line found")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(first + lines.read(), newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        rows: list[tuple[int, list[str]]] = []
        end = header_line
        for cells in reader:
            start = end + 1
            end = header_line + reader.line_num - 1
            rows.append((start, cells))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", line=header_line + reader.line_num - 1) from None
    return Table(_unique_headers(header), rows, delimiter, header_line)


def _unique_headers(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for position, name in enumerate(header, start=1):
        name = name or f"column {position}"
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _values(cell: str, split: str | None) -> list[str]:
    if MULTI in cell:
        return [v.strip() for v in cell.split(MULTI) if v.strip()]
    if split and split in cell:
        return [v.strip() for v in cell.split(split) if v.strip()]
    return [cell]


def _address(parts: dict[str, str]) -> dict[str, Any] | None:
    lines = [parts[k] for k in ("street", "street2", "street3", "extended") if parts.get(k)]
    if parts.get("pobox"):
        lines.append(f"PO Box {parts['pobox']}")
    if not lines and not any(parts.get(k) for k in ("city", "region", "postcode", "country")):
        lines = [parts["formatted"]] if parts.get("formatted") else []
    street = "\n".join(lines) or None
    address = {"label": clean_label(parts.get("label")), "street": street, "city": parts.get("city"),
               "region": parts.get("region"), "postcode": parts.get("postcode"),
               "country": parts.get("country")}
    return address if any(address[k] for k in ("street", "city", "region", "postcode", "country")) else None


def _date_from_parts(parts: dict[str, str]) -> str | None:
    try:
        month, day = int(parts.get("month", "")), int(parts.get("day", ""))
    except ValueError:
        return None
    year = parts.get("year", "")
    return parse_date(f"{int(year):04d}-{month:02d}-{day:02d}" if year.isdigit() else f"--{month:02d}-{day:02d}")


def assemble(
    table: Table, slots: Sequence[Slot | None], path: str, warnings: list[ReadWarning]
) -> list[dict[str, Any]]:
    """Turn rows into canonical row dicts; every non-empty cell lands in a field or in ``extra``.

    Rows with nothing that identifies a person or business are counted warnings naming the line.
    """
    header = table.header
    mapped = [(i, slot) for i, slot in enumerate(slots) if slot is not None]
    unmapped = [i for i, slot in enumerate(slots) if slot is None]
    width = len(header)
    rows: list[dict[str, Any]] = []
    blank_lines: list[int] = []
    for line, cells in table.rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            extra = {f"column {width + k + 1}": c.strip() for k, c in enumerate(cells[width:]) if c.strip()}
        else:
            extra = {}
        row: dict[str, Any] = {"emails": [], "phones": [], "urls": [], "addresses": [], "tags": [],
                               "extra": extra}
        groups: dict[str, dict[str, str]] = {}
        for i, slot in mapped:
            if i >= len(cells):
                break
            cell = cells[i].strip()
            if not cell or cell == "null":
                continue
            _place(row, groups, slot, cell, header[i])
        for i in unmapped:
            if i < len(cells):
                cell = cells[i].strip()
                if cell:
                    extra[header[i]] = cell
        if groups:
            _finish_groups(row, groups)
        if has_content(row):
            rows.append(row)
        elif extra or any(row[k] for k in ("tags", "urls")) or row.get("birthday") or row.get("connected_on"):
            warnings.append(ReadWarning(path, line, "row has no name, e-mail, phone or organization; skipped"))
        elif any(c.strip() for c in cells):
            warnings.append(ReadWarning(path, line, "row has no contact fields; skipped"))
        else:
            blank_lines.append(line)
    if blank_lines:
        shown = ", ".join(map(str, blank_lines[:5])) + (" …" if len(blank_lines) > 5 else "")
        warnings.append(ReadWarning(path, None, f"{len(blank_lines)} empty row(s) skipped (lines {shown})"))
    return rows


def _place(row: dict[str, Any], groups: dict[str, dict[str, str]], slot: Slot, cell: str, column: str) -> None:
    field = slot.field
    if field in SCALARS:
        if row.get(field):
            row["extra"][column] = cell
        else:
            row[field] = cell
    elif field in ("email", "phone"):
        values = _values(cell, slot.split)
        if slot.group:
            groups.setdefault(slot.group, {})[f"{field}:value"] = cell
            groups[slot.group]["_field"] = field
            groups[slot.group]["_label"] = slot.label or ""
        else:
            row[field + "s"].extend((slot.label, v) for v in values)
    elif field in ("email_label", "phone_label"):
        group = groups.setdefault(slot.group or column, {})
        group["label"], group["_label_column"] = cell, column
    elif field == "address":
        groups.setdefault(f"address:{slot.group}", {})[slot.part or "street"] = cell
        groups[f"address:{slot.group}"].setdefault("label", slot.label or "")
    elif field == "url":
        for value in _values(cell, slot.split):
            if linkedin_slug(value) and not row.get("linkedin_url"):
                row["linkedin_url"] = value
            else:
                row["urls"].append(value)
    elif field == "linkedin_url":
        if linkedin_slug(cell) and not row.get("linkedin_url"):
            row["linkedin_url"] = cell
        else:
            row["urls"].append(cell)
    elif field == "tags":
        for value in _values(cell, slot.split):
            tag = value.lstrip("*").strip()
            if tag and tag.casefold() not in ("mycontacts", "system group: my contacts"):
                row["tags"].append(tag)
    elif field in ("birthday", "connected_on"):
        if slot.part:
            groups.setdefault(f"date:{field}", {})[slot.part] = cell
            row["extra"][column] = cell
            return
        parsed = parse_date(cell)
        if parsed and not row.get(field):
            row[field] = parsed
        if not parsed or parsed != row.get(field):
            row["extra"][column] = cell
    else:
        row["extra"][column] = cell


def _finish_groups(row: dict[str, Any], groups: dict[str, dict[str, str]]) -> None:
    for key, parts in groups.items():
        if key.startswith("address:"):
            address = _address(parts)
            if address:
                row["addresses"].append(address)
        elif key.startswith("date:"):
            field = key[5:]
            parsed = _date_from_parts(parts)
            if parsed and not row.get(field):
                row[field] = parsed
        elif "_field" not in parts:
            row["extra"][parts["_label_column"]] = parts["label"]
        else:
            field = parts["_field"]
            values = _values(parts[f"{field}:value"], None)
            raw_label = parts.get("label", "")
            labels = [v for v in raw_label.split(MULTI)] if MULTI in raw_label else [raw_label]
            if len(labels) != len(values):
                labels = [labels[0]] * len(values)
            default = parts.get("_label") or None
            row[field + "s"].extend((_label(label) or default, v) for label, v in zip(labels, values))


def _label(label: str) -> str | None:
    cleaned = clean_label(label)
    return None if cleaned in ("internet", "x-internet") else cleaned


