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
    """A file of a known kind that lists no contacts (LinkedIn's Invitations.csv): an error when
    named, skipped with a warning when it is one of the files of a folder the user gave."""

    def __init__(self, path: str | Path, kind: str, hint: str) -> None:
        self.kind = kind
        super().__init__(path, f"this is {kind}, which lists no contacts; {hint}")


class SchemaError(NetplusError):
    """A connector produced records that break the canonical-record contract."""


class StoreError(NetplusError):
    """The network store cannot do what was asked."""
