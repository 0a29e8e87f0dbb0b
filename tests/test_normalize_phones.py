from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.phones import national_format, parse_phone

# (as written, region of the contact) -> (E.164, type, region) ; None E.164 = kept as written, flagged
CASES = [
    ("(206) 555-0142", "US", "+12065550142", "fixed or mobile", "US"),
    ("206.555.0100", "US", "+12065550100", "fixed or mobile", "US"),
    ("+1 (206) 555-0173", "DE", "+12065550173", "fixed or mobile", "US"),
    ("1-800-555-0199", "US", "+18005550199", "toll-free", "US"),
    ("001 206 555 0142", "FR", "+12065550142", "fixed or mobile", "US"),
    ("tel:+1-206-555-0155", "US", "+12065550155", "fixed or mobile", "US"),
    ("+1 514 555 0123", "US", "+15145550123", "fixed or mobile", "CA"),
    ("(416) 555-0188", "CA", "+14165550188", "fixed or mobile", "CA"),
    ("020 7946 0018", "GB", "+442079460018", "fixed", "GB"),
    ("+44 7400 123456", "US", "+447400123456", "mobile", "GB"),
    ("07400 123456", "GB", "+447400123456", "mobile", "GB"),
    ("030 1234567", "DE", "+49301234567", "fixed", "DE"),
    ("0171 9876543", "DE", "+491719876543", "mobile", "DE"),
    ("+49 151 2345 6789", "US", "+4915123456789", "mobile", "DE"),
    ("01 42 68 53 00", "FR", "+33142685300", "fixed", "FR"),
    ("06 12 34 56 78", "FR", "+33612345678", "mobile", "FR"),
    ("06 1234 5678", "IT", "+390612345678", "fixed", "IT"),
    ("+39 347 123 4567", "US", "+393471234567", "mobile", "IT"),
    ("+34 912 345 678", "US", "+34912345678", "fixed", "ES"),
    ("612 34 56 78", "ES", "+34612345678", "mobile", "ES"),
    ("090-1234-5678", "JP", "+819012345678", "mobile", "JP"),
    ("03-1234-5678", "JP", "+81312345678", "fixed", "JP"),
    ("+86 138 0013 8000", "US", "+8613800138000", "mobile", "CN"),
    ("+55 11 91234-5678", "US", "+5511912345678", "mobile", "BR"),
    ("(11) 3456-7890", "BR", "+551134567890", "fixed", "BR"),
    ("+91 98765 43210", "US", "+919876543210", "mobile", "IN"),
    ("0412 345 678", "AU", "+61412345678", "mobile", "AU"),
    ("+61 2 9876 5432", "US", "+61298765432", "fixed", "AU"),
    ("+48 512 345 678", "US", "+48512345678", "mobile", "PL"),
    ("+234 803 123 4567", "US", "+2348031234567", "mobile", "NG"),
    ("+52 55 1234 5678", "US", "+525512345678", "fixed or mobile", "MX"),
]


@pytest.mark.parametrize("raw, region, e164, kind, home", CASES, ids=[c[0] for c in CASES])
def test_parse_phone(raw, region, e164, kind, home):
    phone = parse_phone(raw, region)
    assert (phone.e164, phone.type, phone.region, phone.valid) == (e164, kind, home, True)
    assert phone.raw == raw


def test_extension_kept_and_facts_from_offline_data():
    phone = parse_phone("(206) 555-0142 ext. 12", "US")
    assert (phone.e164, phone.extension) == ("+12065550142", "12")
    assert phone.description == "Washington State"
    assert phone.time_zones == ("America/Los_Angeles",)


@pytest.mark.parametrize("raw", ["12", "BusinessPhone", "+1 555", "not a number", "", "+999 123"])
def test_impossible_numbers_are_kept_and_flagged(raw):
    phone = parse_phone(raw, "US")
    assert phone.valid is False
    assert phone.e164 is None
    assert phone.raw == raw


def test_national_format_for_readability():
    assert national_format("+12065550142") == "(206) 555-0142"
    assert national_format("+442079460018") == "020 7946 0018"


@given(st.text(max_size=30), st.sampled_from(["US", "DE", "JP", "BR", None]))
def test_parse_phone_never_raises_and_is_idempotent(raw, region):
    phone = parse_phone(raw, region)
    assert phone.raw == raw
    if phone.e164:
        assert parse_phone(phone.e164, region).e164 == phone.e164
