"""The normalize() entry point over real connector output."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import connectors
from connectors.schema import COLUMNS, records_from_rows
from pipeline.normalize import NORMALIZED_COLUMNS, default_region, normalize
from pipeline.normalize.emails import parse_email
from pipeline.normalize.phones import parse_phone
from tests.conftest import FIXTURES, by_name


def _fixture_records() -> pd.DataFrame:
    files = [
        "linkedin/Connections.csv",
        "csv/google_contacts_old_format.csv",
        "vcard/iphone_grouped_labels.vcf",
        "csv/outlook_desktop_cp1252.csv",
    ]
    return pd.concat([connectors.read(FIXTURES / f).records for f in files], ignore_index=True)


def test_normalize_adds_columns_and_leaves_canonical_ones_untouched():
    records = _fixture_records()
    normalized = normalize(records, region="US")
    assert list(normalized.columns) == [*COLUMNS, *NORMALIZED_COLUMNS]
    pd.testing.assert_frame_equal(normalized[list(COLUMNS)], records)
    assert list(records.columns) == list(COLUMNS)  # the caller's frame gets no new columns


def test_normalizing_again_replaces_the_normalized_columns_and_keeps_the_input():
    records = _fixture_records()
    once = normalize(records, region="US")
    before = once.copy()
    again = normalize(once, region="US")
    assert list(again.columns) == [*COLUMNS, *NORMALIZED_COLUMNS]
    pd.testing.assert_frame_equal(again, once)
    pd.testing.assert_frame_equal(once, before)


def test_per_value_caches_are_emptied_after_a_batch_and_reference_data_stays():
    from pipeline.normalize.names import _namer, parse_name
    from pipeline.normalize.phones import parse_phone

    normalize(_fixture_records(), region="US")
    assert parse_name.cache_info().currsize == 0 and parse_phone.cache_info().currsize == 0
    assert _namer.cache_info().currsize == 1  # the loaded name parser is kept


def test_equal_keys_share_one_object():
    normalized = normalize(_fixture_records(), region="US")
    keys = [k for k in normalized["norm_family_key"] if k]
    assert len({id(k) for k in keys}) == len(set(keys))


def test_the_same_person_from_three_sources_gets_the_same_keys():
    normalized = normalize(_fixture_records(), region="US")
    marias = normalized[normalized["norm_family_key"].isin(["garcia", "garcia lopez"])]
    assert set(marias["norm_given_canonical"]) == {"maria"}
    assert set(marias["norm_org_key"]) == {"garcia studio"}
    google, apple = by_name(marias[marias["source_kind"] != "linkedin"], "source_kind").values()
    assert set(google["norm_phones"]) & set(apple["norm_phones"]) == {"+12065550173", "+12065550100"}
    assert set(google["norm_email_keys"]) & set(apple["norm_email_keys"]) == {"maria@garciastudio.com"}


def test_nicknames_phonetics_and_contact_country():
    normalized = by_name(normalize(_fixture_records(), region="US"), "norm_name")
    assert normalized["Bob Chen"]["norm_given_canonical"] == "robert"
    assert normalized["Mr. Robert Chen"]["norm_given_canonical"] == "robert"
    renee = normalized["Ms. Renée Dubois"]
    assert (renee["norm_country"], renee["norm_country_source"], renee["norm_city"]) == ("CA", "address", "montreal")
    tom = normalized["Tom Nguyen"]
    assert (tom["norm_country"], tom["norm_country_source"]) == ("US", "phone")
    assert normalized["Jordan Blake"]["norm_company_hint"] == "northwindwealth"
    assert normalized["María García-López"]["norm_linkedin_slug"] == "maria-garcia-lopez-photo"


def test_the_contacts_own_country_decides_local_numbers():
    rows = [
        {
            "full_name": "Sofia Müller",
            "phones": [("work", "030 1234567")],
            "addresses": [
                {
                    "label": "work",
                    "street": None,
                    "city": "Berlin",
                    "region": None,
                    "postcode": None,
                    "country": "Deutschland",
                }
            ],
        },
        {"full_name": "Ana", "phones": [("mobile", "030 1234567")]},
    ]
    records = records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv")
    sofia, ana = normalize(records, region="US").to_dict("records")
    assert sofia["norm_phones"] == ("+49301234567",)
    assert ana["norm_phone_info"] == ()
    assert ana["norm_phones_invalid"] == ("030 1234567",)


def test_default_region_is_a_country_code():
    region = default_region()
    assert len(region) == 2 and region.isupper()


def test_normalize_is_idempotent():
    once = normalize(_fixture_records(), region="US")
    twice = normalize(once, region="US")
    pd.testing.assert_frame_equal(once, twice)


text = st.one_of(st.none(), st.text(max_size=25).filter(lambda t: t.strip() and t.strip() != "nan"))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "full_name": text,
                "given_name": text,
                "family_name": text,
                "organization": text,
                "title": text,
                "emails": st.lists(
                    st.tuples(st.none(), st.text(min_size=1, max_size=20).filter(str.strip)), max_size=2
                ),
                "phones": st.lists(
                    st.tuples(st.none(), st.text(min_size=1, max_size=20).filter(str.strip)), max_size=2
                ),
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_normalize_never_raises_and_never_loses_the_original(rows):
    records = records_from_rows(
        [{k: v.strip() if isinstance(v, str) else v for k, v in row.items()} for row in rows],
        source_kind="csv",
        source_name="t",
        source_file="t.csv",
    )
    normalized = normalize(records, region="US")
    pd.testing.assert_frame_equal(normalized[list(COLUMNS)], records)
    for row in normalized.to_dict("records"):
        for _, raw in row["emails"]:
            assert parse_email(raw).address in row["norm_emails"] or raw in row["norm_emails_invalid"]
        for _, raw in row["phones"]:
            phone = parse_phone(raw, "US")
            assert phone.e164 in row["norm_phones"] or raw in row["norm_phones_invalid"]
