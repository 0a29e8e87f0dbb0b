"""A tolerant pre-pass that repairs real vCard files before vobject parses their lines.

Real exports break the RFCs in a handful of recurring ways. Each quirk has one small
function here; ``logical_lines`` runs them over the physical lines in one pass and counts
every repair, so nothing is fixed silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from connectors._files import binary_file, decode, guess_encoding, looks_binary, unicode_encoding

_PARAMS_END = re.compile(r"^[^:]*:")
_PROPERTY = re.compile(r"^[A-Za-z0-9_.-]+(?:;[^:]*)?:", re.ASCII)
_LINE_BREAK = re.compile(r"\r*\n|\r")
_BYTE_LINE_BREAK = re.compile(rb"\r*\n|\r")
_CHARSET = re.compile(rb"CHARSET=([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass
class Logical:
    """One content line after unfolding, with the physical line it started on."""

    line: int
    text: str


@dataclass
class Repaired:
    """The logical lines of a file and what had to be repaired to get them."""

    lines: list[Logical]
    encoding: str
    repairs: Counter[str] = field(default_factory=Counter)


def _params(text: str) -> str:
    """The name-and-parameters part of a content line, upper-cased."""
    match = _PARAMS_END.match(text)
    return match.group(0).upper() if match else ""


def is_comment(physical: str) -> bool:
    """Some exporters write ``#`` comment lines, which no vCard version allows."""
    return physical.startswith("#")


def is_qp_soft_break(previous: Logical | None) -> bool:
    """A quoted-printable value ending in ``=`` continues on the next, unindented, line."""
    return previous is not None and previous.text.endswith("=") and "QUOTED-PRINTABLE" in _params(previous.text)


def is_base64_continuation(previous: Logical | None, physical: str) -> bool:
    """vCard 2.1 base64 blocks continue on unindented lines until a blank line or a property."""
    if previous is None or not physical.strip() or ":" in physical:
        return False
    params = _params(previous.text)
    return "BASE64" in params or "ENCODING=B;" in params or "ENCODING=B:" in params


def is_orphan_continuation(previous: Logical | None, physical: str) -> bool:
    """A line that cannot start a property belongs to the one before (a fold that lost its indent)."""
    return previous is not None and bool(physical.strip()) and not _PROPERTY.match(physical)


def decode_lines(data: bytes, path: str, encoding: str | None = None) -> tuple[list[str], str, int]:
    """Decode a vCard file to physical lines.

    Unicode files (BOM, UTF-16 without BOM, UTF-8) and files with a given encoding are
    decoded whole. Others may mix encodings, such as UTF-8 cards beside Shift_JIS or
    Windows-1252 ones, so each line is decoded alone: UTF-8 first, then the line's own
    CHARSET, then the file's detected encoding, then Windows-1252. Also returns the
    encoding used and how many line breaks were CR CR LF (some Apple exports), one break each.
    """
    if encoding or unicode_encoding(data):
        text = decode(data, path, encoding)
        return _LINE_BREAK.split(text.text), text.encoding, text.text.count("\r\r\n")
    if not data.strip():
        decode(data, path)  # raises the empty-file error
    guess = guess_encoding(data) or "cp1252"
    lines = [decode_line(raw, guess) for raw in _BYTE_LINE_BREAK.split(data)]
    if looks_binary("\n".join(lines[:200])):
        raise binary_file(path, "a vCard")
    return lines, f"mixed ({guess})", data.count(b"\r\r\n")


def decode_line(raw: bytes, fallback: str = "cp1252") -> str:
    """One physical line: UTF-8, else its CHARSET parameter, else the fallback encoding."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(raw.split(b":", 1)[0])
    for name in ([match.group(1).decode("ascii")] if match else []) + [fallback]:
        try:
            return raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="replace")


def logical_lines(physical_lines: list[str], encoding: str, doubled_cr: int = 0) -> Repaired:
    """Unfold physical lines into content lines, repairing the known quirks on the way."""
    result = Repaired([], encoding)
    if doubled_cr:
        result.repairs["line ending with a doubled CR"] = doubled_cr
    previous: Logical | None = None
    for number, physical in enumerate(physical_lines, start=1):
        if physical[:1] in (" ", "\t") and previous is not None:
            # RFC folding; a QP soft break may also be followed by an indented line
            if is_qp_soft_break(previous):
                previous.text = previous.text[:-1] + physical.lstrip()
            else:
                previous.text += physical[1:]
            continue
        if is_qp_soft_break(previous):
            assert previous is not None
            previous.text = previous.text[:-1] + physical
            result.repairs["quoted-printable soft break"] += 1
            continue
        if is_base64_continuation(previous, physical):
            assert previous is not None
            previous.text += physical.strip()
            result.repairs["unindented base64 line"] += 1
            continue
        if not physical.strip():
            previous = None  # a blank line ends a base64 block and any continuation
            continue
        if is_comment(physical):
            result.repairs["comment line"] += 1
            continue
        if is_orphan_continuation(previous, physical):
            assert previous is not None
            previous.text += "\n" + physical
            result.repairs["continuation line without indent"] += 1
            continue
        previous = Logical(number, physical)
        result.lines.append(previous)
    return result
