"""Reading the bytes users give us: encodings, binary junk and LinkedIn ZIP members."""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from charset_normalizer import from_bytes

from connectors.errors import InputError, NoContactsError

# A member larger than this, or compressed better than this ratio, is treated as a zip bomb.
MAX_MEMBER_BYTES = 1 << 30
MAX_COMPRESSION_RATIO = 200
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Text:
    """Decoded text of a file, with the encoding it was read as."""

    text: str
    encoding: str


def read_bytes(path: str | Path, limit: int = -1) -> bytes:
    """The file's bytes (the first ``limit`` only, when given), or an InputError naming it."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(limit)
    except IsADirectoryError:
        raise InputError(path, "is a directory; give the files inside it") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(text: str) -> bool:
    sample = text[:8000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v\x1b")
    return "\x00" in sample or controls > len(sample) * 0.01


def unicode_encoding(data: bytes) -> str | None:
    """The Unicode encoding bytes are certainly in (a BOM, UTF-16 without BOM, valid UTF-8)."""
    chosen = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    chosen = chosen or _utf16_without_bom(data)
    if chosen:
        return chosen
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


# Among equally clean decodings, the code pages contact exports are most often written in.
_PREFERRED = ("cp1252", "latin_1", "cp1250", "shift_jis", "cp932", "gb18030", "big5", "cp1251", "euc_kr")


def guess_encoding(data: bytes) -> str | None:
    """The cleanest decoding charset-normalizer finds for bytes that are not Unicode.

    Short files often decode equally cleanly in several code pages; then the common
    Windows and East-Asian ones win over rare DOS ones (cp1252 over cp775).
    """
    candidates: list[tuple[float, int, str]] = []
    for match in from_bytes(data[:200_000]):
        # a match stands for every code page that decodes the bytes to the same text
        for encoding in match.could_be_from_charset or [match.encoding]:
            preferred = _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)
            candidates.append((round(match.chaos, 2), preferred, encoding))
    return min(candidates)[2] if candidates else None


def binary_file(path: str | Path, kind: str = "a contact export") -> NoContactsError:
    return NoContactsError(path, f"looks like a binary file, not {kind}", skipped="a binary file, not a contact list")


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> Text:
    """Decode bytes: a given encoding, else a BOM, UTF-16 without BOM, UTF-8, then detection.

    Raises InputError for empty files, binary junk and bytes no encoding explains.
    """
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(path, "file is empty")
    name = encoding or unicode_encoding(data)
    if name is None:
        if b"\x00" in data[:8000]:
            raise binary_file(path)
        name = guess_encoding(data)
    if name is None:
        line = data[: _first_bad_utf8(data)].count(b"\n") + 1
        raise InputError(path, "undecodable bytes; try --encoding cp1252", line=line)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(path, f"cannot be decoded as {name} ({exc}); try --encoding") from None
    if looks_binary(text):
        raise binary_file(path)
    return Text(text.lstrip("\ufeff"), name)


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return len(data)


def read_text(path: str | Path, encoding: str | None = None) -> Text:
    """Read and decode a file in one step."""
    return decode(read_bytes(path), path, encoding)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def zip_members(data: bytes, path: str | Path) -> tuple[dict[str, bytes], list[str]]:
    """Every safe member of a ZIP, read in memory, keyed by its path inside the archive.

    Members with ``..`` or absolute paths are skipped and listed second; a member whose size
    or compression ratio is absurd (a zip bomb) is refused with an InputError.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"not a readable ZIP archive ({exc})") from None
    members: dict[str, bytes] = {}
    unsafe: list[str] = []
    with archive:
        for info in archive.infolist():
            name = info.filename
            pure = PurePosixPath(name.replace("\\", "/"))
            if info.is_dir():
                continue
            if pure.is_absolute() or ".." in pure.parts or ":" in name:
                unsafe.append(name)
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 1 << 20 and ratio > MAX_COMPRESSION_RATIO):
                raise InputError(
                    path, f"ZIP member {name} would unpack to {info.file_size} bytes; refused as a zip bomb"
                )
            try:
                with archive.open(info) as member:
                    content = member.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                raise InputError(path, f"ZIP member {name} cannot be read ({exc})") from None
            if len(content) > MAX_MEMBER_BYTES:
                raise InputError(path, f"ZIP member {name} is larger than it claims; refused as a zip bomb")
            members[str(pure)] = content
    return members, unsafe


def head_text(head: bytes) -> str:
    """A lenient decode of a file's first bytes, enough to recognise its format."""
    name = next((n for bom, n in _BOMS if head.startswith(bom)), None) or _utf16_without_bom(head) or "utf-8"
    if name in ("utf-16", "utf-32"):
        # a cut in the middle of a code unit must not fail the decode
        head = head[: len(head) - len(head) % (4 if name == "utf-32" else 2)]
    return head.decode(name, errors="replace").lstrip("\ufeff")
