from __future__ import annotations

import pytest

from connectors import csv_contacts
from connectors.errors import InputError
from tests.conftest import FIXTURES, by_name

CSV = FIXTURES / "csv"


def test_google_old_format_multi_values_labels_and_groups():
    result = csv_contacts.read(CSV / "google_contacts_old_format.csv")
    assert result.format == "Google CSV (old)"
    maria = by_name(result.records)["Maria Garcia"]
    assert maria["emails"] == ((None, "maria.garcia.photo@gmail.com"), (None, "maria@garciastudio.com"))
    assert maria["phones"] == (("mobile", "+1 206-555-0173"), ("work", "206 555 0100"))
    assert maria["tags"] == ("Photographers", "starred")
    assert maria["notes"] == "Photographer - met at Kim's wedding.\nDoes headshots too."
    assert maria["addresses"] == (
        {
            "label": "work",
            "street": "1201 2nd Ave\nSuite 400",
            "city": "Seattle",
            "region": "WA",
            "postcode": "98101",
            "country": "US",
        },
    )
    assert maria["organization"] == "Garcia Studio"
    assert maria["title"] == "Owner"
    assert maria["urls"] == ("garciastudio.com",)
    tom = by_name(result.records)["Tom Nguyen"]
    assert tom["phones"] == (("mobile", "(206) 555-0188"), ("mobile", "(206) 555-0111"))
    assert tom["emails"] == (("home", "tom.nguyen@acmeplumbing.com"),)


def test_a_row_without_a_name_is_still_a_record():
    records = csv_contacts.read(CSV / "google_contacts_old_format.csv").records
    nameless = records[records["full_name"].isna()].iloc[0]
    assert nameless["organization"] == "Evergreen Dental Care"
    assert nameless["phones"] == (("work", "+1 425 555 0190"),)


def test_google_new_format_localised_labels_and_yearless_birthday():
    result = csv_contacts.read(CSV / "google_contacts_new_format.csv")
    assert result.format == "Google CSV"
    bob = by_name(result.records, "given_name")["Robert"]
    assert bob["nickname"] == "Bob"
    assert bob["phones"] == (("móvil", "(206) 555-0199"), ("trabajo", "(206) 555-0142"))
    assert bob["emails"] == (("work", "bob@chensauto.com"),)
    assert bob["birthday"] == "--07-04"
    assert bob["tags"] == ("Auto",)
    sam = by_name(result.records, "given_name")["Samuel"]
    assert sam["linkedin_url"] == "https://www.linkedin.com/in/samokafor/"
    assert sam["suffix"] == "Jr."
    assert sam["extra"]["Organization Department"] == "Litigation"


def test_outlook_cp1252_quoted_crlf():
    result = csv_contacts.read(CSV / "outlook_desktop_cp1252.csv")
    assert result.details["encoding"] == "cp1252"
    renee = by_name(result.records, "given_name")["Renée"]
    assert renee["prefix"] == "Ms."
    assert renee["birthday"] == "1980-03-14"
    assert renee["addresses"][0]["city"] == "Montréal"
    bob = by_name(result.records, "given_name")["Robert"]
    assert bob["title"] == "Owner, ASE Certified Master Technician"
    assert bob["phones"] == (("work", "(206) 555-0142"), ("mobile", "(206) 555-0199"))
    assert bob["tags"] == ("Auto", "Trusted")
    assert bob["extra"]["Birthday"] == "0/0/00"
    assert bob["birthday"] is None


def test_semicolon_delimited_with_german_and_fuzzy_headers():
    result = csv_contacts.read(CSV / "semicolon_generic_headers.csv")
    assert result.details["delimiter"] == ";"
    sofia = by_name(result.records, "given_name")["Sofia"]
    assert sofia["emails"] == ((None, "sofia.mueller@beispiel.de"),)
    assert sofia["phones"] == (("mobile", "+49 151 2345 6789"),)
    assert sofia["extra"] == {"Lieblingsfarbe": "blau"}
    jonas = by_name(result.records, "given_name")["Jonas"]
    assert jonas["phones"] == (("mobile", "0171 9876543"), ("mobile", "+49 30 1234567"))
    assert jonas["birthday"] == "1990-05-12"


def test_excel_unicode_text_is_utf16_tab_separated():
    result = csv_contacts.read(CSV / "excel_unicode_text.txt")
    assert (result.details["encoding"], result.details["delimiter"]) == ("utf-16", "\t")
    ana = by_name(result.records)["Ana Souza"]
    assert ana["organization"] == "Souza Fotografia"
    assert ana["title"] == "Fotógrafa"


def test_phone_book_rows_without_names_are_records_and_empty_rows_counted():
    result = csv_contacts.read(CSV / "phone_book_without_names.csv")
    assert len(result.records) == 3
    assert {r["organization"] for r in result.records.to_dict("records")} == {"Sunrise Window Washing", None}
    assert [str(w) for w in result.warnings] == [
        f"{CSV / 'phone_book_without_names.csv'}: 1 empty row(s) skipped (lines 5)"
    ]


def test_cells_past_the_header_land_in_extra(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Email\nAna,ana@x.com,surplus\n")
    record = csv_contacts.read(path).records.iloc[0]
    assert record["extra"] == {"column 3": "surplus"}


def test_header_only_file_is_an_error(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("Name,Email\n")
    with pytest.raises(InputError, match="no data rows below the header"):
        csv_contacts.read(path)


def test_abbreviated_and_numbered_headers_of_a_database_dump(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text(
        "fname,lname,MI,Company,Company2,Mobile,Mobile2,e_mail,Address1,City\n"
        "Ann,Lee,Q,Acme,Globex,206-555-0100,206-555-0101,ann@x.com,1 Main St,Seattle\n"
    )
    ann = csv_contacts.read(path).records.iloc[0]
    assert (ann["given_name"], ann["family_name"], ann["additional_names"]) == ("Ann", "Lee", "Q")
    assert ann["full_name"] is None
    assert ann["phones"] == (("mobile", "206-555-0100"), ("mobile", "206-555-0101"))
    assert ann["emails"] == ((None, "ann@x.com"),)
    assert ann["addresses"][0]["street"] == "1 Main St"
    # one organization per record: the second column's value is kept, not dropped
    assert (ann["organization"], ann["extra"]) == ("Acme", {"Company2": "Globex"})
