"""The canonical-record contract, checked for every connector on every fixture file."""

from __future__ import annotations

import pytest

import connectors
from connectors.schema import COLUMNS, validate
from tests.conftest import CONTACT_FIXTURES, CORPUS, FIXTURES


@pytest.mark.parametrize("path", CONTACT_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_reads_into_valid_canonical_records(path):
    result = connectors.read(path)
    assert tuple(result.records.columns) == COLUMNS
    validate(result.records)
    assert len(result.records) > 0
    for record_id, kind in zip(result.records["record_id"], result.records["source_kind"]):
        assert record_id.startswith(f"{kind}:")
    assert "nan" not in result.records.astype(str).to_numpy()


@pytest.mark.parametrize(
    "name, kind",
    [
        ("linkedin/Connections.csv", "linkedin"),
        ("linkedin/Connections_2018_no_preamble.csv", "linkedin"),
        ("linkedin/Basic_LinkedInDataExport_11-20-2026.zip", "linkedin"),
        ("vcard/utf16_without_bom.vcf", "vcard"),
        ("csv/excel_unicode_text.txt", "csv"),
        ("csv/google_contacts_old_format.csv", "csv"),
    ],
)
def test_detect_picks_the_connector_from_content(name, kind):
    assert connectors.detect(FIXTURES / name).NAME == kind


def test_detect_reads_content_not_extension(tmp_path):
    disguised = tmp_path / "export.txt"
    disguised.write_bytes((FIXTURES / "vcard" / "iphone_grouped_labels.vcf").read_bytes())
    assert connectors.detect(disguised).NAME == "vcard"


def test_source_overrides_detection():
    result = connectors.read(FIXTURES / "linkedin" / "Contacts.csv", source="csv")
    assert result.records["source_kind"].eq("csv").all()


@pytest.mark.parametrize("connector", list(connectors.REGISTRY.values()), ids=lambda c: c.NAME)
def test_every_connector_rejects_an_empty_file(connector, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(connectors.InputError, match="empty"):
        connector.read(empty)


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.csv", r"empty\.csv: file is empty$"),
        ("binary_junk.vcf", r"binary_junk\.vcf: looks like a binary file"),
        ("unknown_columns.csv", r"unknown_columns\.csv:1: no column maps to a contact field"),
        ("vcard_without_end.vcf", r"vcard_without_end\.vcf:1: card has no END:VCARD"),
        ("zip_without_linkedin_files.zip", r"zip_without_linkedin_files\.zip: ZIP holds no LinkedIn"),
        ("linkedin_rows_without_data.csv", r"2 data rows but none holds"),
    ],
)
def test_broken_inputs_give_one_line_errors(name, message):
    with pytest.raises(connectors.InputError, match=message) as caught:
        connectors.read(FIXTURES / "broken" / name)
    assert "\n" not in str(caught.value)


def _corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".csv", ".vcf"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_real_exports_read_or_fail_with_one_clean_line(path):
    try:
        result = connectors.read(path)
    except connectors.InputError as exc:
        assert "\n" not in str(exc)
        assert any(key in path.name for key in ("Profile", "Invitations", "PhoneNumbers", "unparsable"))
    else:
        validate(result.records)
        assert len(result.records) > 0
