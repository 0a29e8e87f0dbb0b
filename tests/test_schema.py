from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import SchemaError
from connectors.schema import (
    COLUMNS,
    display_name,
    empty_records,
    fold_key,
    records_from_rows,
    stable_key,
    validate,
)


def _records(**overrides):
    row = {"full_name": "Ana Souza", "emails": [("work", "ana@example.com")], **overrides}
    return records_from_rows([row], source_kind="csv", source_name="test", source_file="t.csv")


def test_empty_records_has_the_canonical_columns():
    assert tuple(empty_records().columns) == COLUMNS
    validate(empty_records())


def test_records_from_rows_fills_every_column_with_the_right_kind():
    record = _records().iloc[0]
    assert record["record_id"].startswith("csv:")
    assert record["emails"] == (("work", "ana@example.com"),)
    assert record["phones"] == ()
    assert record["given_name"] is None
    assert record["extra"] == {}


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("full_name", "nan", "blank or 'nan'"),
        ("full_name", "  ", "blank"),
        ("emails", ["not a tuple"], "expected tuple"),
        ("phones", (("mobile",),), "pairs"),
        ("tags", ("",), "non-empty"),
        ("extra", None, "dict"),
    ],
)
def test_validate_rejects_broken_values(column, value, message):
    records = _records()
    records[column] = pd.Series([value], dtype=object)
    with pytest.raises(SchemaError, match=message):
        validate(records)


def test_validate_rejects_missing_columns_and_duplicate_ids():
    with pytest.raises(SchemaError, match="missing"):
        validate(_records().drop(columns=["extra"]))
    doubled = pd.concat([_records(), _records()], ignore_index=True)
    with pytest.raises(SchemaError, match="duplicate record_id"):
        validate(doubled)


def test_repeated_rows_in_one_file_get_distinct_ids():
    rows = [{"full_name": "Ana Souza"}, {"full_name": "Ana Souza"}]
    records = records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv")
    first, second = records["record_id"]
    assert second == f"{first}~2"


def _id(row):
    return records_from_rows([row], source_kind="csv", source_name="t", source_file="t.csv")["record_id"][0]


def test_record_id_ignores_case_accents_spacing_and_phone_punctuation():
    one = {"full_name": "José  Núñez", "phones": [("work", "+34 912-345-678")]}
    two = {"full_name": "jose nunez", "phones": [(None, "+34912345678")]}
    assert _id(one) == _id(two)
    assert _id(one) != _id({"full_name": "José Núñez"})


def test_record_id_uses_name_parts_then_organization_then_contact():
    assert _id({"given_name": "Ana", "family_name": "Souza"}) == _id({"full_name": "ana souza"})
    assert _id({"organization": "Sunrise"}) != _id({"organization": "Sunset"})
    assert _id({"emails": [(None, "a@x.com")]}) != _id({"emails": [(None, "b@x.com")]})
    assert _id({"source_key": None, "_source_key": "UID-1", "full_name": "Ana"}) == "csv:UID-1"


def test_display_name_falls_back_to_organization_then_contact_points():
    assert display_name({"given_name": "Ana", "family_name": "Souza"}) == "Ana Souza"
    assert display_name({"organization": "Sunrise Window Washing"}) == "Sunrise Window Washing"
    assert display_name({"phones": (("work", "555-0155"),)}) == "555-0155"
    assert display_name({}) is None


@given(st.text())
def test_fold_key_is_idempotent(text):
    assert fold_key(fold_key(text)) == fold_key(text)


@given(st.lists(st.one_of(st.none(), st.text()), max_size=4))
def test_stable_key_is_deterministic_hex(parts):
    assert stable_key(*parts) == stable_key(*parts)
    assert len(stable_key(*parts)) == 16
