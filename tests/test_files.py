from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors._files import decode, zip_members
from connectors.errors import InputError

TEXT = "Name,Phone\nRenée Dubois,+1 514 555 0123\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_finds_the_encoding(data, encoding):
    text = decode(data, "f.csv")
    assert text.text == TEXT
    assert text.encoding == encoding


def test_decode_errors_name_the_file():
    with pytest.raises(InputError, match=r"^f.csv: file is empty$"):
        decode(b"  \n", "f.csv")
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 4, "f.csv")
    with pytest.raises(InputError, match=r"f.csv: cannot be decoded as utf-8"):
        decode(TEXT.encode("cp1252"), "f.csv", "utf-8")


@given(st.binary(max_size=300))
def test_decode_raises_only_input_errors(data):
    try:
        decode(data, "junk.csv")
    except InputError:
        pass


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_members_skips_unsafe_paths():
    data = _zip({"Connections.csv": b"a", "../evil.csv": b"b", "/abs.csv": b"c", "dir/ok.csv": b"d"})
    members, unsafe = zip_members(data, "export.zip")
    assert sorted(members) == ["Connections.csv", "dir/ok.csv"]
    assert sorted(unsafe) == ["../evil.csv", "/abs.csv"]


def test_zip_bomb_is_refused():
    data = _zip({"Connections.csv": b"\0" * (50 * 1024 * 1024)})
    with pytest.raises(InputError, match="zip bomb"):
        zip_members(data, "bomb.zip")


def test_corrupt_zip_is_an_input_error():
    with pytest.raises(InputError, match="not a readable ZIP"):
        zip_members(b"PK\x03\x04garbage", "bad.zip")
