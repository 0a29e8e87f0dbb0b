"""What files parse into, without touching any store: the library side of ``netplus inspect``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

import pandas as pd

import connectors
from connectors import linkedin
from connectors._table import Slot
from connectors.errors import InputError, NoContactsError
from connectors.schema import ReadWarning, display_name, empty_records
from pipeline.normalize import normalize


@dataclass
class FileReport:
    """One input file: the format found, its records and warnings, or the error that stopped it."""

    path: str
    format: str = ""
    connector: str = ""
    records: pd.DataFrame = field(default_factory=empty_records)
    warnings: list[ReadWarning] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    slots: dict[str, Slot | None] | None = None  # a CSV's column mapping, header → slot, to save with a source
    error: str | None = None
    exception: InputError | None = field(default=None, repr=False)

    def to_dict(self, *, with_records: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "file": self.path,
            "format": self.format,
            "connector": self.connector,
            "records_read": len(self.records),
            "warnings": [str(w) for w in self.warnings],
            "details": self.details,
            "error": self.error,
        }
        if with_records:
            result["records"] = records_to_json(self.records)
        return result


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every non-hidden file under each directory, in sorted order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def inspect_file(
    path: str | Path,
    *,
    source: str | None = None,
    encoding: str | None = None,
    normalized: bool = False,
    region: str | None = None,
    source_name: str | None = None,
    mappings: Sequence[Mapping[str, Slot | None]] = (),
) -> FileReport:
    """Read one file (and normalize it when asked); an InputError becomes the report's error."""
    try:
        connector = connectors.REGISTRY[source] if source else connectors.detect(path)
        result = connectors.read(
            path, source=connector.NAME, encoding=encoding, source_name=source_name, mappings=mappings
        )
    except InputError as exc:
        return not_read(Path(path), exc)
    report = FileReport(str(path))
    report.connector = connector.NAME
    report.format = result.format
    report.records = normalize(result.records, region=region) if normalized else result.records
    report.warnings = result.warnings
    report.details = dict(result.details)
    report.slots = report.details.pop("slots", None)
    return report


def inspect_files(
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    encoding: str | None = None,
    normalized: bool = False,
    region: str | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> list[FileReport]:
    """A report per file (directories expanded); files with errors do not stop the others.

    A file found in a folder that is no contact list (the rest of an unzipped LinkedIn export,
    a photo, a CSV of something else) is skipped with a warning rather than failing the folder.
    """
    paths = list(paths)  # read twice: for the names given and to expand the folders
    named = {Path(p) for p in paths}
    files = expand_paths(paths)
    members = export_members(files)
    reports = []
    for number, path in enumerate(files, start=1):
        if on_stage:
            on_stage(f"reading {path.name} ({number}/{len(files)})")
        read = inspect_file if path in named else partial(read_found, members=members)
        reports.append(read(path, source=source, encoding=encoding, normalized=normalized, region=region))
    return reports


def read_found(path: Path, *, members: set[Path], **options: Any) -> FileReport:
    """A file found in a folder or by a pattern, not named by the user: read with ``inspect_file``'s
    options, or skipped with a warning when it is no contact list (see ``export_members``)."""
    if path in members:
        report = not_read(path, linkedin.no_contacts(path, path.name))
    else:
        report = inspect_file(path, **options)
    if isinstance(report.exception, NoContactsError):
        report.warnings = [ReadWarning(report.path, report.exception.line, f"{report.exception.skipped}; skipped")]
        report.error = report.exception = None
    return report


def export_members(files: Sequence[Path]) -> set[Path]:
    """The files of an unzipped LinkedIn export that are not its contact files: by name, in or
    below a folder that holds the export's Connections.csv or Contacts.csv."""
    exports = {f.parent for f in files if f.name.lower() in linkedin.CONTACT_MEMBERS}
    return {
        f for f in files if f.name.lower() in linkedin.OTHER_MEMBERS and any(folder in exports for folder in f.parents)
    }


def not_read(path: Path, error: InputError) -> FileReport:
    """The report of a file not read for ``error``."""
    report = FileReport(str(path))
    report.error, report.exception = str(error), error
    return report


def load_records(
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    encoding: str | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, list[FileReport]]:
    """All records of the files (directories expanded) in one frame; the first unreadable file raises."""
    reports = inspect_files(paths, source=source, encoding=encoding, on_stage=on_stage)
    for report in reports:
        if report.exception is not None:
            raise report.exception
    frames = [r.records for r in reports if len(r.records)]
    if not frames:
        raise InputError(", ".join(str(p) for p in paths), "no records read")
    return pd.concat(frames, ignore_index=True), reports


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def records_to_json(records: pd.DataFrame) -> list[dict[str, Any]]:
    """Canonical records as plain JSON values (tuples become lists, labels stay pairs)."""
    return [_jsonable(row) for row in records.to_dict("records")]


def summary_rows(records: pd.DataFrame, limit: int) -> list[dict[str, str]]:
    """The first records reduced to what a person scans in a table (normalized keys when present)."""
    rows = []
    for record in cast(list[dict[str, Any]], records.head(limit).to_dict("records")):
        if "norm_name_key" in record:
            rows.append(
                {
                    "record_id": record["record_id"],
                    "name key": record["norm_name_key"] or "",
                    "given": record["norm_given_canonical"] or "",
                    "phonetic": record["norm_family_phonetic"] or "",
                    "e-mail keys": " ".join(record["norm_email_keys"]),
                    "phones": " ".join(record["norm_phones"]),
                    "company": record["norm_org_key"] or record["norm_company_hint"] or "",
                    "place": " ".join(p for p in (record["norm_city"], record["norm_country"]) if p),
                }
            )
            continue
        rows.append(
            {
                "record_id": record["record_id"],
                "name": display_name(record) or "",
                "email": record["emails"][0][1] if record["emails"] else "",
                "phone": record["phones"][0][1] if record["phones"] else "",
                "organization": record["organization"] or "",
                "title": record["title"] or "",
            }
        )
    return rows
