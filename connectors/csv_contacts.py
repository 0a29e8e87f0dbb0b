"""Address-book CSVs: Google (old and new), Outlook, Thunderbird, Yahoo and any other."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from connectors._files import head_text, read_text
from connectors._table import Slot, assemble, read_table
from connectors.csv_mapping import map_headers, normalize_header
from connectors.errors import InputError, NoContactsError
from connectors.schema import ReadResult, ReadWarning, records_from_columns

NAME = "csv"
_LAYOUTS = (
    ("Google CSV (old)", {"given name", "family name", "group membership"}),
    ("Google CSV", {"first name", "last name", "labels", "organization name"}),
    ("Outlook CSV", {"first name", "last name", "email address", "business phone"}),
    ("Thunderbird CSV", {"first name", "last name", "display name", "primary email"}),
    ("Yahoo CSV", {"first", "last", "email", "yahoo id"}),
)


def can_read(path: Path, head: bytes) -> int:
    """Any delimited text with a header line can be a contact CSV; the extension says more."""
    first = next((line for line in head_text(head).splitlines() if line.strip()), "")
    if any(d in first for d in (",", ";", "\t")):
        return 50 if path.suffix.lower() in (".csv", ".tsv", ".txt") else 30
    return 0


def layout(header: list[str]) -> str:
    keys = {normalize_header(h) for h in header}
    return next((name for name, needed in _LAYOUTS if needed <= keys), "CSV")


def read(
    path: str | Path,
    *,
    source_name: str | None = None,
    encoding: str | None = None,
    mappings: Sequence[Mapping[str, Slot | None]] = (),
) -> ReadResult:
    """Read a contact CSV of any layout; every column lands in a field or in ``extra``.

    ``mappings`` are saved choices (header → slot, None for ``extra``), one per layout: the one
    whose headers are exactly this file's wins over detection. ``details["slots"]`` gives the
    mapping used, to save."""
    path = Path(path)
    text = read_text(path, encoding)
    table = read_table(text.text, str(path))
    slots, how = map_headers(table.header, table.columns)
    saved = next((m for m in mappings if set(m) == set(table.header)), None)
    if saved is not None:
        slots, how = [saved[h] for h in table.header], ["saved"] * len(table.header)
    if not any(slot is not None for slot in slots):
        raise NoContactsError(
            path,
            "no column maps to a contact field (name, e-mail, phone, company); is this a contact export?",
            skipped="no column maps to a contact field",
            line=table.header_line,
        )
    warnings: list[ReadWarning] = []
    if not table.n_rows:
        raise InputError(path, "no data rows below the header", line=table.header_line)
    fields, count = assemble(table, slots, str(path), warnings)
    if not count:
        raise NoContactsError(
            path,
            f"{table.n_rows} data rows but none holds a name, e-mail, phone or organization",
            skipped="no row holds a name, e-mail, phone or organization",
        )
    records = records_from_columns(
        fields, count, source_kind=NAME, source_name=source_name or path.stem, source_file=str(path)
    )
    details = {
        "encoding": text.encoding,
        "delimiter": table.delimiter,
        "rows": table.n_rows,
        "mapping": {h: (f"{s.describe()} [{m}]" if s else "extra") for h, s, m in zip(table.header, slots, how)},
        "slots": dict(zip(table.header, slots)),
    }
    return ReadResult(records, warnings, layout(table.header), details)
