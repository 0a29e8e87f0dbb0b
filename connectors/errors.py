"""Every error netplus raises on purpose. The CLI turns these into one-line messages."""

from __future__ import annotations

from pathlib import Path


class NetplusError(Exception):
    """Base of all errors netplus raises deliberately."""


class InputError(NetplusError):
    """A file the user gave us cannot be read; names the file and, where known, the line."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class NoContactsError(InputError):
    """A file that is no contact list (LinkedIn's Invitations.csv, a CSV of skills, a photo): an
    error when named, skipped with the warning ``skipped`` when found in a folder the user gave."""

    def __init__(self, path: str | Path, reason: str, *, skipped: str, line: int | None = None) -> None:
        self.skipped = skipped
        super().__init__(path, reason, line)


class SchemaError(NetplusError):
    """A connector produced records that break the canonical-record contract."""


class StoreError(NetplusError):
    """The network store cannot do what was asked."""
