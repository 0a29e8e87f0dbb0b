"""One test per quirk the pre-pass repairs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from connectors.vcard_repair import decode_line, decode_lines, logical_lines


def _texts(physical: list[str]) -> tuple[list[str], dict[str, int]]:
    repaired = logical_lines(physical, "utf-8")
    return [line.text for line in repaired.lines], dict(repaired.repairs)


def test_rfc_folding_is_unfolded_without_counting_a_repair():
    lines, repairs = _texts(["NOTE:one", " two", "\tthree"])
    assert lines == ["NOTE:onetwothree"]
    assert repairs == {}


def test_quoted_printable_soft_break_with_unindented_continuation():
    lines, repairs = _texts(["NOTE;ENCODING=QUOTED-PRINTABLE:abc=", "def=", "ghi", "TEL:1"])
    assert lines == ["NOTE;ENCODING=QUOTED-PRINTABLE:abcdefghi", "TEL:1"]
    assert repairs == {"quoted-printable soft break": 2}


def test_base64_block_ends_at_blank_line_or_next_property():
    lines, repairs = _texts(["PHOTO;ENCODING=BASE64:AAAA", "BBBB", "", "FN:x", "LOGO;BASE64:CC", "DD", "END:VCARD"])
    assert lines == ["PHOTO;ENCODING=BASE64:AAAABBBB", "FN:x", "LOGO;BASE64:CCDD", "END:VCARD"]
    assert repairs == {"unindented base64 line": 2}


def test_comment_lines_are_dropped_and_counted():
    lines, repairs = _texts(["# exported", "FN:x"])
    assert lines == ["FN:x"]
    assert repairs == {"comment line": 1}


def test_line_that_cannot_start_a_property_continues_the_previous_one():
    lines, repairs = _texts(["LABEL:1 Main St", "Albany, New York  12345", "TEL:1"])
    assert lines == ["LABEL:1 Main St\nAlbany, New York  12345", "TEL:1"]
    assert repairs == {"continuation line without indent": 1}


def test_doubled_carriage_returns_are_one_line_break():
    lines, encoding, doubled = decode_lines(b"BEGIN:VCARD\r\r\nFN:x\r\r\n y\r\r\nEND:VCARD\r\r\n", "f.vcf")
    assert [line.text for line in logical_lines(lines, encoding, doubled).lines] == [
        "BEGIN:VCARD",
        "FN:xy",
        "END:VCARD",
    ]
    assert doubled == 4


def test_lines_in_different_encodings_decode_one_by_one():
    assert decode_line("Zoë".encode("cp1252")) == "Zoë"
    assert decode_line("N;CHARSET=SHIFT_JIS:山田".encode("shift_jis")) == "N;CHARSET=SHIFT_JIS:山田"
    assert decode_line("José".encode()) == "José"


@given(st.lists(st.text(max_size=30), max_size=20))
def test_logical_lines_never_raise_and_keep_line_numbers_increasing(physical):
    lines = logical_lines(physical, "utf-8").lines
    numbers = [line.line for line in lines]
    assert numbers == sorted(numbers)
