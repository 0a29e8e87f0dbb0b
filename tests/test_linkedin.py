from __future__ import annotations

import io
import zipfile

import pytest

from connectors import linkedin
from connectors.errors import InputError
from tests.conftest import FIXTURES, by_name

LI = FIXTURES / "linkedin"


def test_current_connections_with_preamble_url_and_no_final_newline():
    result = linkedin.read(LI / "Connections.csv")
    records = by_name(result.records, "family_name")
    maria = records["García-López"]
    assert maria["record_id"] == "linkedin:maria-garcia-lopez-photo"
    assert maria["given_name"] == "María"
    assert maria["organization"] == "García Studio"
    assert maria["connected_on"] == "2024-11-05"
    assert records["Blake, CFP®"]["emails"] == ((None, "jordan.blake@northwindwealth.com"),)
    assert records["Stipetić 🇭🇷"]["record_id"] == "linkedin:goran-stipetić-4a1b2c"
    assert records["Park"]["record_id"] == "linkedin:lenapark"
    assert len(result.records) == 6


def test_rows_with_only_a_date_are_counted_warnings_naming_the_line():
    result = linkedin.read(LI / "Connections.csv")
    assert [str(w) for w in result.warnings] == [
        f"{LI / 'Connections.csv'}:10: row has no name, e-mail, phone or organization; skipped"
    ]


def test_2018_connections_without_preamble_parse_us_dates_and_hash_ids():
    result = linkedin.read(LI / "Connections_2018_no_preamble.csv")
    records = by_name(result.records, "given_name")
    assert records["Maria"]["connected_on"] == "2018-01-08"
    assert records["Tom"]["connected_on"] == "2017-11-22"
    assert records["Maria"]["record_id"].startswith("linkedin:")
    assert records["Maria"]["linkedin_url"] is None


def test_2022_connections_with_preamble_and_no_url_column():
    result = linkedin.read(LI / "Connections_2022_no_url.csv")
    assert sorted(result.records["given_name"]) == ["Hannah", "Tom"]
    assert len(result.warnings) == 1


def test_ids_are_stable_across_reads():
    first = linkedin.read(LI / "Connections_2018_no_preamble.csv").records["record_id"].tolist()
    second = linkedin.read(LI / "Connections_2018_no_preamble.csv").records["record_id"].tolist()
    assert first == second


def test_contacts_csv_splits_multiple_phones_and_drops_literal_null():
    records = linkedin.read(LI / "Contacts.csv").records
    maria = by_name(records, "given_name")["Maria"]
    assert maria["phones"] == ((None, "+1 206-555-0173"), (None, "(206) 555-0100"))
    assert maria["organization"] is None
    assert maria["extra"]["Source"] == "GOOGLE_CONTACTS"
    email_only = records[records["given_name"].isna()].iloc[0]
    assert email_only["emails"] == ((None, "frontdesk@evergreendental.com"),)


def test_export_zip_uses_contact_files_and_says_what_it_ignored():
    result = linkedin.read(LI / "Basic_LinkedInDataExport_11-20-2026.zip")
    assert result.details["used"] == ["Connections.csv", "Contacts.csv"]
    assert result.details["ignored"] == ["Invitations.csv", "Profile.csv"]
    assert any("unsafe ZIP member path '../evil.csv'" in str(w) for w in result.warnings)
    assert len(result.records) == 9
    assert "Mallory" not in set(result.records["given_name"].dropna())


def test_zip_in_a_subfolder_is_found(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(LI / "Connections.csv", "Complete_LinkedInDataExport_09-12-2022/Connections.csv")
    (tmp_path / "export.zip").write_bytes(buffer.getvalue())
    result = linkedin.read(tmp_path / "export.zip")
    assert len(result.records) == 6


@pytest.mark.parametrize(
    "header, name",
    [
        ("From,To,Sent At,Message,Direction", "Invitations.csv"),
        ("Extension,Number,Type", "PhoneNumbers.csv"),
        ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary", "Profile.csv"),
    ],
)
def test_linkedin_files_without_contacts_are_named_in_the_error(tmp_path, header, name):
    path = tmp_path / name
    path.write_text(header + "\nx,y,z\n")
    with pytest.raises(InputError, match=f"LinkedIn's {name}, which lists no contacts"):
        linkedin.read(path)
