"""The whole matching stage on the fixture files, through the library API."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.errors import InputError
from pipeline.dedupe import dedupe, explain
from pipeline.inspect import load_records
from tests.conftest import FIXTURES

SOURCES = [
    FIXTURES / "linkedin" / "Connections.csv",
    FIXTURES / "linkedin" / "Contacts.csv",
    FIXTURES / "vcard",
    FIXTURES / "csv",
]


@pytest.fixture(scope="module")
def result():
    records, _ = load_records(SOURCES)
    return dedupe(records, region="US")


def _cluster_of(result, record_id: str) -> set[str]:
    clusters = result.clusters
    number = clusters.loc[clusters["record_id"] == record_id, "cluster"].iloc[0]
    return set(clusters.loc[clusters["cluster"] == number, "record_id"])


def _ids(records: pd.DataFrame, **where: str) -> list[str]:
    mask = pd.Series(True, index=records.index)
    for column, value in where.items():
        mask &= records[column] == value
    return records.loc[mask, "record_id"].tolist()


def test_api_unpacks_into_clusters_and_pairs(result):
    clusters, pairs = result
    assert {"record_id", "cluster"} <= set(clusters.columns)
    assert {"record_id_l", "record_id_r", "weight", "decision", "cannot_link"} <= set(pairs.columns)


def test_clear_non_matches_are_counted_but_not_kept(result):
    pairs = result.pairs
    assert result.candidates > len(pairs) > 0
    assert (pairs["decision"] != "non-match").all()
    assert pairs["cannot_link"].any()  # the namesakes fixture has relatives sharing a landline


def test_the_same_person_across_sources_is_one_contact(result):
    records, _ = load_records(SOURCES)
    jordan = _cluster_of(result, "linkedin:jordan-blake-cfp")
    assert set(_ids(records, full_name="Jordan Blake")) <= jordan  # the vCard, matched by e-mail
    bob = _cluster_of(result, _ids(records, given_name="Robert", family_name="Chen")[0])
    assert "vcard:7C2A9D1E-2B6F-4D8A-8E3B-6A5C4D3E2F10" in bob  # "Bob Chen" from the phone, by number
    lena = _cluster_of(result, "linkedin:lenapark")
    assert len(lena) == 2


def test_namesakes_relatives_and_generations_stay_apart(result):
    records, _ = load_records([FIXTURES / "csv" / "namesakes_and_relatives.csv"])
    for record_id in records["record_id"]:
        assert _cluster_of(result, record_id) == {record_id}


def test_every_record_is_in_exactly_one_contact(result):
    ids = [rid for ids in result.contacts["record_ids"] for rid in ids]
    assert sorted(ids) == sorted(result.clusters["record_id"])


def test_explain_lists_every_comparison_and_the_decision():
    records, _ = load_records(SOURCES)
    table = explain(records, "linkedin:lenapark", _ids(records, full_name="Lena Park")[0], region="US")
    assert table["comparison"].tolist()[:3] == ["name", "e-mail", "phone"]
    assert table["level"].iloc[0] == "same name"
    total = table.iloc[-1]
    assert total["comparison"] == "total" and total["level"] == "match"
    assert abs(table["weight"].iloc[:-1].sum() - total["weight"]) < 0.05
    with pytest.raises(InputError, match="no record with id 'nobody'"):
        explain(records, "nobody", "linkedin:lenapark")


def test_a_record_read_twice_counts_once_but_namesakes_in_two_files_both_stay(tmp_path):
    from pipeline.dedupe import prepare

    (tmp_path / "a.csv").write_text("Name,Company\nJohn Smith,Acme\n")
    (tmp_path / "b.csv").write_text("Name,Company\nJohn Smith,Globex\n")
    records, _ = load_records(
        [
            FIXTURES / "linkedin" / "Connections.csv",
            FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip",
            tmp_path / "a.csv",
            tmp_path / "b.csv",
        ]
    )
    prepared = prepare(records, region="US")
    assert prepared["record_id"].is_unique
    assert (prepared["record_id"] == "linkedin:lenapark").sum() == 1
    smiths = prepared[prepared["full_name"] == "John Smith"]
    assert sorted(smiths["organization"]) == ["Acme", "Globex"]
    assert smiths["record_id"].iloc[1] == smiths["record_id"].iloc[0] + "@b"


def test_long_work_announces_each_stage_in_order():
    records, _ = load_records([FIXTURES / "csv"])
    heard: list[str] = []
    dedupe(records, region="US", on_stage=heard.append)
    stages = [text.rsplit(": ", 1)[1] for text in heard]
    assert stages == ["normalize", "block", "compare", "estimate", "score", "cluster", "merge"]
    assert heard[0].startswith(f"matching {len(records):,} records")


def test_explain_says_when_a_shared_number_is_one_many_names_hold():
    from connectors.schema import records_from_rows

    office = [("work", "+1 206 555 0100")]
    names = ("Maria Garcia", "Maria Lopez", "John Park", "Wei Chen")
    records = records_from_rows(
        [{"full_name": n, "phones": office} for n in names], source_kind="csv", source_name="t", source_file="t.csv"
    )
    ids = records["record_id"].tolist()
    table = explain(records, ids[0], ids[1], region="US", train=False).set_index("comparison")
    assert table.loc["phone", "level"] == "not counted: many different names hold +12065550100"
    assert table.loc["phone", "weight"] == 0
    assert table.loc["total", "level"] != "match"


def test_explain_says_when_a_name_is_read_as_its_e_mail_address_spells_it():
    from connectors.schema import records_from_rows

    rows = [
        {"full_name": "K. Vasrovbripol", "emails": [(None, "kakao.vasrovbripol7607@outlook.com")]},
        {"full_name": "Kakao Vasrovbripol", "organization": "Northwind"},
    ]
    records = records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv")
    ids = records["record_id"].tolist()
    table = explain(records, ids[0], ids[1], region="US", train=False).set_index("comparison")
    assert table.loc["name", "level"] == (
        "same name; 'K. Vasrovbripol' read as 'kakao vasrovbripol', as its profile or e-mail address spells it"
    )
    # a record known only by its address
    rows = [{"emails": [(None, "kate.vasrovbripol@outlook.com")]}, {"full_name": "Kate Vasrovbripol"}]
    records = records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv")
    ids = records["record_id"].tolist()
    table = explain(records, ids[0], ids[1], region="US", train=False).set_index("comparison")
    assert table.loc["name", "level"] == (
        "same name; a record without a name read as 'kate vasrovbripol', as its profile or e-mail address spells it"
    )


def test_explain_names_the_guard_that_keeps_two_records_apart():
    from connectors.schema import records_from_rows

    rows = [
        {"full_name": "Tom Nguyen Sr.", "phones": [(None, "425 555 0199")], "emails": [(None, "tom@nguyen.net")]},
        {"full_name": "Tom Nguyen Jr.", "phones": [(None, "425 555 0199")], "emails": [(None, "tom@nguyen.net")]},
    ]
    records = records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv")
    ids = records["record_id"].tolist()
    total = explain(records, ids[0], ids[1], region="US", train=False).iloc[-1]
    assert total["weight"] > 6  # the weights alone would merge them
    assert total["level"] == "cannot-link: different generations (Jr./Sr., II/III)"


def test_a_jr_on_one_record_only_takes_more_than_the_name_to_merge(tmp_path):
    path = tmp_path / "generations.csv"
    path.write_text(
        "First Name,Last Name,Suffix,E-mail Address,Mobile Phone\n"
        "Tom,Lee,,tom@lee.com,\n"
        "Tom,Lee,Jr.,tomjr@lee.com,\n"
        "Sam,Park,,,(206) 555-0142\n"
        "Sam,Park,Jr.,,+1 206 555 0142\n"
    )
    records, _ = load_records([path])
    result = dedupe(records, region="US")
    tom, tom_jr, sam, sam_jr = records["record_id"]
    assert _cluster_of(result, tom) == {tom}
    assert _cluster_of(result, sam) == {sam, sam_jr}  # his own mobile number


def test_a_record_with_only_an_e_mail_joins_the_named_record_that_has_it(tmp_path):
    path = tmp_path / "other_contacts.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address\n"
        ",,bobby.t@gmail.com\n"
        "Bobby,Tables,Bobby.T@gmail.com\n"
        "Ann,Lee,ann@lee.com\n"
    )
    records, _ = load_records([path])
    bare, bobby, ann = records["record_id"]
    result = dedupe(records, region="US")
    assert _cluster_of(result, bare) == {bare, bobby}
    assert _cluster_of(result, ann) == {ann}
