"""Connectors: one module per input format, each turning files into canonical records.

Each connector module has ``NAME``, ``can_read(path, head) -> int`` (a confidence from 0 to
100 given the file's first bytes) and ``read(path, *, source_name, encoding) -> ReadResult``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from connectors import csv_contacts, linkedin, vcard
from connectors._files import read_bytes
from connectors._table import Slot
from connectors.errors import InputError, NetplusError, NoContactsError, SchemaError, StoreError
from connectors.schema import COLUMNS, ReadResult, ReadWarning, validate

__all__ = [
    "COLUMNS",
    "REGISTRY",
    "Connector",
    "InputError",
    "NetplusError",
    "ReadResult",
    "ReadWarning",
    "SchemaError",
    "StoreError",
    "detect",
    "read",
    "validate",
]

HEAD_BYTES = 64 * 1024


class Connector(Protocol):
    NAME: str

    def can_read(self, path: Path, head: bytes) -> int: ...

    def read(self, path: str | Path, *, source_name: str | None = None, encoding: str | None = None) -> ReadResult: ...


REGISTRY: dict[str, Connector] = {
    linkedin.NAME: linkedin,
    vcard.NAME: vcard,
    csv_contacts.NAME: csv_contacts,
}


def detect(path: str | Path) -> Connector:
    """The connector for a file, chosen from its content first and its extension second."""
    path = Path(path)
    head = read_bytes(path, HEAD_BYTES)
    if not head.strip():
        raise InputError(path, "file is empty")
    scores = {name: connector.can_read(path, head) for name, connector in REGISTRY.items()}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] <= 0:
        raise NoContactsError(
            path,
            "not a format netplus knows (LinkedIn export, vCard, contact CSV); try --source",
            skipped="not a contact file netplus knows",
        )
    return REGISTRY[best]


def read(
    path: str | Path,
    *,
    source: str | None = None,
    source_name: str | None = None,
    encoding: str | None = None,
    mappings: Sequence[Mapping[str, Slot | None]] = (),
) -> ReadResult:
    """Read one file with the connector ``source`` names, or the one ``detect`` picks; ``mappings``
    are saved CSV column mappings, one per layout (other formats have fixed fields)."""
    if source is not None and source not in REGISTRY:
        raise InputError(path, f"unknown source kind {source!r}; choose from {', '.join(REGISTRY)}")
    connector = REGISTRY[source] if source else detect(path)
    if connector is csv_contacts:
        return csv_contacts.read(path, source_name=source_name, encoding=encoding, mappings=mappings)
    return connector.read(path, source_name=source_name, encoding=encoding)
