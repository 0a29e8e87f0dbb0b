"""The one engine that turns delimited rows into canonical records, given a column plan.

The CSV connector works out the plan from the headers (``csv_mapping``); the LinkedIn
connector uses the fixed plans of LinkedIn's files. Both feed rows through ``assemble``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

import pandas as pd

from connectors._values import clean_label, linkedin_slug, parse_date
from connectors.errors import InputError
from connectors.schema import CONTENT_FIELDS, ReadWarning

MULTI = " ::: "  # Google joins several values in one cell with this
SCALARS = frozenset(
    {
        "full_name",
        "given_name",
        "family_name",
        "additional_names",
        "prefix",
        "suffix",
        "nickname",
        "organization",
        "title",
        "notes",
    }
)
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

    @classmethod
    def parse(cls, text: str) -> Slot | None:
        """A slot from what ``describe`` prints (``email (work)``, ``address.city (home)``); ``extra``
        is None. A hand-written address part is grouped with the other parts of its label."""
        match = _DESCRIPTION.fullmatch(text.strip())
        if text.strip() == "extra":
            return None
        if match is None or match["field"] not in SLOT_FIELDS:
            raise ValueError(f"{text!r} is not a field; use one of: extra, {', '.join(sorted(SLOT_FIELDS))}")
        field, part, label = match["field"], match["part"], match["label"]
        group = (label or "other") if field == "address" else None
        return cls(field, label=label, group=group, part=part or ("formatted" if field == "address" else None))


SLOT_FIELDS = SCALARS | {"email", "phone", "url", "linkedin_url", "tags", "birthday", "connected_on", "address"}
_DESCRIPTION = re.compile(r"(?P<field>\w+)(?:\.(?P<part>\w+))?(?: \((?P<label>[^)]*)\))?")


@dataclass
class Table:
    """A delimited file read column by column, with the line each row starts on on demand."""

    header: list[str]
    columns: list[list[str]]
    n_rows: int
    delimiter: str
    header_line: int
    body: str  # the text from the header line on, to find row lines when a warning needs them
    overflow: dict[int, dict[str, str]]  # cells past the header's width, by row

    def lines(self) -> list[int]:
        """The physical line each data row starts on (computed only when a warning names one)."""
        if self.body.count("\n") - self.body.endswith("\n") == self.n_rows and '"' not in self.body:
            return [self.header_line + 1 + r for r in range(self.n_rows)]
        reader = csv.reader(io.StringIO(self.body, newline=""), delimiter=self.delimiter)
        next(reader, None)
        starts, end = [], self.header_line
        for _ in reader:
            starts.append(end + 1)
            end = self.header_line + reader.line_num - 1
        return starts


def sniff_delimiter(line: str) -> str:
    """The delimiter a header line uses: the most frequent of ``, ; TAB |`` outside quotes."""
    outside = "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(text: str, path: str, *, skip_lines: int = 0) -> Table:
    """Split delimited text into columns; ``skip_lines`` physical lines before the header are skipped.

    pandas' C parser reads well-formed files; files with ragged rows go through the csv module,
    which keeps the cells past the header's width.
    """
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
    body = first + lines.read()
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=delimiter,
            header=None,
            dtype=str,
            engine="c",
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
        grid_columns = [_stripped(frame[c].tolist()) for c in frame.columns]
        header = [column[0] for column in grid_columns]
        columns = [column[1:] for column in grid_columns]
        overflow: dict[int, dict[str, str]] = {}
    except (pd.errors.ParserError, csv.Error, ValueError):
        header, columns, overflow = _read_ragged(body, path, delimiter, header_line)
    n_rows = len(columns[0]) if columns else 0
    header = [h.strip().lstrip("\ufeff") for h in header]
    return Table(_unique_headers(header), columns, n_rows, delimiter, header_line, body, overflow)


def _read_ragged(
    body: str, path: str, delimiter: str, header_line: int
) -> tuple[list[str], list[list[str]], dict[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        grid = list(reader)
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", line=header_line + reader.line_num - 1) from None
    width = len(header)
    overflow: dict[int, dict[str, str]] = {}
    for r, cells in enumerate(grid):
        if len(cells) > width:
            surplus = {f"column {width + k + 1}": c.strip() for k, c in enumerate(cells[width:]) if c.strip()}
            if surplus:
                overflow[r] = surplus
            grid[r] = cells[:width]
        elif len(cells) < width:
            grid[r] = cells + [""] * (width - len(cells))
    columns = [_stripped(list(column)) for column in zip(*grid)] if grid else [[] for _ in header]
    return header, columns, overflow


def _stripped(column: list[Any]) -> list[str]:
    """Cells trimmed once, at C speed; pandas' NaN for missing trailing cells becomes ""."""
    if set(map(type, column)) != {str}:
        column = [v if isinstance(v, str) else "" for v in column]
    return list(map(str.strip, column))


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


def _cells(column: Sequence[str]) -> list[tuple[int, str]]:
    """(row, text) for every non-blank cell of a (trimmed) column; ``null`` counts as blank."""
    cells = list(zip(compress(range(len(column)), column), compress(column, column)))
    if "null" in column:
        cells = [(r, text) for r, text in cells if text != "null"]
    return cells


def _address(parts: dict[str, str]) -> dict[str, Any] | None:
    lines = [parts[k] for k in ("street", "street2", "street3", "extended") if parts.get(k)]
    if parts.get("number"):  # a house number in a column of its own goes in front of the street
        lines[:1] = [" ".join(p for p in (parts["number"], lines[0] if lines else "") if p)]
    if parts.get("pobox"):
        lines.append(f"PO Box {parts['pobox']}")
    if not lines and not any(parts.get(k) for k in ("city", "region", "postcode", "country")):
        lines = [parts["formatted"]] if parts.get("formatted") else []
    street = "\n".join(lines) or None
    address = {
        "label": clean_label(parts.get("label")),
        "street": street,
        "city": parts.get("city"),
        "region": parts.get("region"),
        "postcode": parts.get("postcode"),
        "country": parts.get("country"),
    }
    return address if any(address[k] for k in ("street", "city", "region", "postcode", "country")) else None


def _date_from_parts(parts: dict[str, str]) -> str | None:
    try:
        month, day = int(parts.get("month", "")), int(parts.get("day", ""))
    except ValueError:
        return None
    year = parts.get("year", "")
    return parse_date(f"{int(year):04d}-{month:02d}-{day:02d}" if year.isdigit() else f"--{month:02d}-{day:02d}")


@lru_cache(maxsize=4096)
def _label(label: str) -> str | None:
    cleaned = clean_label(label)
    return None if cleaned in ("internet", "x-internet") else cleaned


class _Columns:
    """Canonical fields as one list per field, filled column by column (fast on wide files)."""

    def __init__(self, n: int, header: list[str]) -> None:
        self.n = n
        self.header = header
        self.fields: dict[str, list[Any]] = {}
        self.extra: list[dict[str, str] | None] = [None] * n

    def field(self, name: str) -> list[Any]:
        if name not in self.fields:
            self.fields[name] = [None] * self.n
        return self.fields[name]

    def put_extra(self, r: int, column: int | str, text: str) -> None:
        key = self.header[column] if isinstance(column, int) else column
        extra = self.extra[r]
        if extra is None:
            self.extra[r] = {key: text}
        else:
            extra[key] = text

    def append(self, name: str, r: int, item: Any) -> None:
        values = self.field(name)
        if values[r] is None:
            values[r] = [item]
        else:
            values[r].append(item)

    def scalar(self, name: str, column: int, cells: list[tuple[int, str]]) -> None:
        values = self.field(name)
        for r, text in cells:
            if values[r] is None:
                values[r] = text
            else:
                self.put_extra(r, column, text)

    def urls(self, cells: list[tuple[int, str]], split: str | None) -> None:
        linkedin = self.field("linkedin_url")
        for r, text in cells:
            for value in _values(text, split):
                if linkedin[r] is None and linkedin_slug(value):
                    linkedin[r] = value
                else:
                    self.append("urls", r, value)

    def dates(self, name: str, column: int, cells: list[tuple[int, str]]) -> None:
        values = self.field(name)
        for r, text in cells:
            parsed = parse_date(text)
            if parsed and values[r] is None:
                values[r] = parsed
            else:
                self.put_extra(r, column, text)


def assemble(
    table: Table, slots: Sequence[Slot | None], path: str, warnings: list[ReadWarning]
) -> tuple[dict[str, list[Any]], int]:
    """Turn rows into per-field value lists; every non-empty cell lands in a field or in ``extra``.

    Rows with nothing that identifies a person or business are dropped as counted warnings
    naming their line. Returns the fields and the number of records kept.
    """
    columns = table.columns
    out = _Columns(table.n_rows, table.header)
    for r, surplus in table.overflow.items():
        out.extra[r] = dict(surplus)
    groups: dict[str, dict[str, int]] = {}
    for i, slot in enumerate(slots):
        if not any(columns[i]):
            continue
        if slot is not None and slot.group and slot.field not in SCALARS and slot.field != "url":
            groups.setdefault(f"{slot.field.split('_')[0]}:{slot.group}", {})[slot.part or slot.field] = i
            continue
        cells = _cells(columns[i])
        if slot is None:
            for r, text in cells:
                out.put_extra(r, i, text)
        elif slot.field in SCALARS:
            out.scalar(slot.field, i, cells)
        elif slot.field in ("email", "phone"):
            for r, text in cells:
                for value in _values(text, slot.split):
                    out.append(slot.field + "s", r, (slot.label, value))
        elif slot.field in ("url", "linkedin_url"):
            out.urls(cells, slot.split)
        elif slot.field == "tags":
            for r, text in cells:
                for value in _values(text, slot.split):
                    tag = value.lstrip("*").strip()
                    if tag and tag.casefold() not in ("mycontacts", "system group: my contacts"):
                        out.append("tags", r, tag)
        elif slot.field in ("birthday", "connected_on"):
            if slot.part:
                groups.setdefault(f"date:{slot.field}", {})[slot.part] = i
            else:
                out.dates(slot.field, i, cells)
        else:
            for r, text in cells:
                out.put_extra(r, i, text)
    for key, parts in groups.items():
        _group(out, key, parts, columns, slots)
    return _keep_content(out, table, warnings, path)


def _group(
    out: _Columns, key: str, parts: dict[str, int], columns: Sequence[Sequence[str]], slots: Sequence[Slot | None]
) -> None:
    """Columns that together describe one value: a labelled e-mail or phone, an address, a date."""
    kind = key.split(":")[0]
    if kind in ("email", "phone"):
        _labelled(out, kind, parts, columns)
        return
    rows = sorted({r for i in parts.values() for r, _ in _cells(columns[i])})
    for r in rows:
        texts = {part: columns[i][r] for part, i in parts.items() if columns[i][r]}
        if kind == "address":
            slot = slots[next(iter(parts.values()))]
            texts.setdefault("label", slot.label if slot and slot.label else "")
            address = _address(texts)
            if address:
                out.append("addresses", r, address)
        else:  # a date given as year, month and day columns
            field = key.split(":")[1]
            parsed = _date_from_parts(texts)
            if parsed and out.field(field)[r] is None:
                out.field(field)[r] = parsed
            for part, i in parts.items():
                if part in texts:
                    out.put_extra(r, i, texts[part])


def _labelled(out: _Columns, kind: str, parts: dict[str, int], columns: Sequence[Sequence[str]]) -> None:
    """Google's ``Phone 1 - Type`` + ``Phone 1 - Value``: values, each with the label beside it."""
    label_index = parts.get(f"{kind}_label")
    labels = columns[label_index] if label_index is not None else None
    value_index = parts.get(kind)
    values = columns[value_index] if value_index is not None else None
    if labels is not None and label_index is not None:
        for r, text in _cells(labels):
            if values is None or not values[r]:
                out.put_extra(r, label_index, text)
    if values is None:
        return
    target = out.field(kind + "s")
    for r, text in _cells(values):
        raw = labels[r] if labels is not None else ""
        if MULTI in text:
            items = _values(text, None)
            names = raw.split(MULTI) if MULTI in raw else [raw]
            if len(names) != len(items):
                names = [names[0]] * len(items)
            pairs = [(_label(name), item) for name, item in zip(names, items)]
        else:
            pairs = [(_label(raw), text)]
        if target[r] is None:
            target[r] = pairs
        else:
            target[r].extend(pairs)


def _keep_content(
    out: _Columns, table: Table, warnings: list[ReadWarning], path: str
) -> tuple[dict[str, list[Any]], int]:
    present = [out.fields[name] for name in CONTENT_FIELDS if name in out.fields]
    keep = [any(values) for values in zip(*present)] if present else [False] * out.n
    dropped = [r for r, kept in enumerate(keep) if not kept]
    lines = table.lines() if dropped else []
    blank_lines: list[int] = []
    for r in dropped:
        line = lines[r]
        if out.extra[r] or any(column[r] for column in table.columns):
            warnings.append(ReadWarning(path, line, "row has no name, e-mail, phone or organization; skipped"))
        else:
            blank_lines.append(line)
    if blank_lines:
        shown = ", ".join(map(str, blank_lines[:5])) + (" …" if len(blank_lines) > 5 else "")
        warnings.append(ReadWarning(path, None, f"{len(blank_lines)} empty row(s) skipped (lines {shown})"))
    fields = dict(out.fields, extra=out.extra)
    if all(keep):
        return fields, out.n
    return {name: [v for v, k in zip(values, keep) if k] for name, values in fields.items()}, sum(keep)
