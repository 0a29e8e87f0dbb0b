from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import vcard
from connectors.errors import InputError
from connectors.schema import stable_key
from tests.conftest import FIXTURES, by_name

VC = FIXTURES / "vcard"


def test_apple_grouped_labels_categories_org_units_and_photo():
    records = by_name(vcard.read(VC / "iphone_grouped_labels.vcf").records)
    maria = records["María García"]
    assert maria["record_id"] == "vcard:5B1F0E77-1B5C-4E4B-9C43-1F0F6E2D3A11"
    assert maria["phones"] == (("mobile", "+1 (206) 555-0173"), ("studio", "206.555.0100"))
    assert maria["emails"] == (("work,pref", "maria@garciastudio.com"),)
    assert maria["urls"] == ("https://garciastudio.com",)
    assert maria["organization"] == "García Studio"
    assert maria["extra"]["department"] == "Weddings"
    assert maria["tags"] == ("photographer", "Trusted")
    assert maria["notes"] == "Shot our wedding in 2019\nGreat with families"
    assert maria["birthday"] == "1986-04-12"
    assert maria["addresses"][0]["street"] == "1201 2nd Ave, Suite 400"
    assert maria["addresses"][0]["label"] == "work,pref"
    assert maria["extra"]["photo"] == "[embedded data not imported]"


def test_quoted_printable_with_soft_breaks_and_charset():
    records = by_name(vcard.read(VC / "android_21_quoted_printable.vcf").records)
    tom = records["Tom Nguyễn"]
    assert tom["family_name"] == "Nguyễn"
    assert tom["notes"] == (
        "Fixed the water heater in one visit. Fair price, shows up on time. Call the mobile number."
    )
    assert tom["phones"] == (("cell,pref", "+12065550188"), ("work", "(206) 555-0111"))
    assert "李娜" in records


def test_base64_block_ended_by_blank_line_and_one_line_logo():
    result = vcard.read(VC / "outlook_21_base64_blank_line.vcf")
    records = by_name(result.records)
    assert records["Dr. Hannah Weiss DDS"]["prefix"] == "Dr."
    assert records["Dr. Hannah Weiss DDS"]["phones"] == (("work,voice", "(425) 555-0190"),)
    assert records["Samuel Okafor"]["extra"]["logo"] == "[embedded data not imported]"
    assert result.warnings == []
    assert result.details["repairs"] == {"unindented base64 line": 2}


def test_cards_with_only_org_only_n_or_only_fn():
    records = vcard.read(VC / "v4_org_only_n_only_fn_only.vcf").records
    assert len(records) == 3
    org_only = records[records["organization"].notna()].iloc[0]
    assert org_only["phones"] == (("work,voice", "+1-206-555-0155"),)
    assert set(records["family_name"].dropna()) == {"Kowalczyk"}
    assert set(records["full_name"].dropna()) == {"Hair by Dee"}


def test_a_company_card_names_the_business_not_a_person():
    records = vcard.read(VC / "company_cards.vcf").records
    names = records[["full_name", "given_name", "family_name", "organization"]].to_numpy().tolist()
    assert names == [
        [None, None, None, "Evergreen Tree Care"],  # Apple: FN copies ORG, X-ABShowAs:COMPANY
        [None, None, None, "Lakeside Veterinary Clinic"],  # vCard 4: KIND:org, the name in FN only
        ["Carmen Reyes", "Carmen", "Reyes", "Reyes Bookkeeping"],  # a person named in N stays one
    ]
    assert records["extra"].iloc[0]["x-abshowas"] == "COMPANY"
    # hashed from the organization now, as from the FN that copied it before: the same ids
    assert records["record_id"].iloc[0] == "vcard:" + stable_key("Evergreen Tree Care", "4255550161")


def test_comment_lines_skipped_and_unparsable_line_kept_with_its_card():
    result = vcard.read(VC / "comment_lines_and_garbage.vcf")
    lena = by_name(result.records)["Lena Park"]
    assert lena["linkedin_url"] == "https://www.linkedin.com/in/lenapark"
    assert result.details["repairs"]["comment line"] == 2
    assert len(result.records) == 2


def test_nested_agent_card_becomes_its_own_record():
    records = by_name(vcard.read(VC / "nested_agent_card.vcf").records)
    assert records["Jordan Blake"]["phones"] == (("work", "+1-206-555-0120"),)
    assert records["Emi Ito"]["title"] == "Client Service Associate"


def test_utf16_without_bom_and_mixed_encodings():
    sofia = vcard.read(VC / "utf16_without_bom.vcf").records.iloc[0]
    assert sofia["full_name"] == "Sofia Müller"
    names = set(vcard.read(VC / "mixed_utf8_shiftjis_cp1252.vcf").records["full_name"])
    assert names == {"José Núñez", "山田 太郎", "Zoë Lefèvre"}


def test_unparsable_line_is_a_counted_warning_and_other_cards_import(tmp_path):
    path = tmp_path / "bad.vcf"
    path.write_text(
        'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;TYPE="unclosed:555\nEND:VCARD\n'
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ben\nEND:VCARD\n"
    )
    result = vcard.read(path)
    assert sorted(result.records["full_name"]) == ["Ana", "Ben"]
    assert [w.line for w in result.warnings] == [4]


def test_card_without_anything_is_a_warning(tmp_path):
    path = tmp_path / "thin.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Ben\nEND:VCARD\n")
    result = vcard.read(path)
    assert [str(w) for w in result.warnings] == [f"{path}:1: card has no name, e-mail, phone or organization; skipped"]


def test_text_that_is_no_vcard_is_an_error(tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_text("hello\nworld\n")
    with pytest.raises(InputError, match="no BEGIN:VCARD found"):
        vcard.read(path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=8))
def test_vcard_reader_raises_only_input_errors(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("vcf") / "fuzz.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\n" + "\n".join(lines) + "\nFN:Someone\nEND:VCARD\n", encoding="utf-8")
    try:
        result = vcard.read(path)
    except InputError:
        return
    assert len(result.records) >= 1


def test_one_unterminated_card_among_good_ones_is_kept_with_a_warning(tmp_path):
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Ben\nTEL:555-0100\n")
    result = vcard.read(path)
    assert sorted(result.records["full_name"]) == ["Ana", "Ben"]
    assert [str(w) for w in result.warnings] == [f"{path}:5: card has no END:VCARD; read up to the end of the file"]
