from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors._values import clean_label, linkedin_slug, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05 Nov 2024", "2024-11-05"),
        ("9-Sep-22", "2022-09-09"),
        ("6-Feb-26", "2026-02-06"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("3/14/1980", "1980-03-14"),
        ("Feb 17, 1998", "1998-02-17"),
        ("1986-04-12", "1986-04-12"),
        ("19860412", "1986-04-12"),
        ("1970-01-01T00:00:00Z", "1970-01-01"),
        ("--07-04", "--07-04"),
        ("--0704", "--07-04"),
        ("12.05.1990", "1990-05-12"),
        ("0/0/00", None),
        ("31 Feb 2020", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@given(st.text())
def test_parse_date_never_raises_and_is_idempotent(text):
    parsed = parse_date(text)
    if parsed is not None:
        assert parse_date(parsed) == parsed


@pytest.mark.parametrize(
    "url, slug",
    [
        ("https://www.linkedin.com/in/maria-garcia-lopez-photo", "maria-garcia-lopez-photo"),
        ("http://linkedin.com/in/LenaPark/", "lenapark"),
        ("https://uk.linkedin.com/in/john-smith-123?trk=public", "john-smith-123"),
        ("www.linkedin.com/in/goran-stipeti%C4%87-4a1b2c", "goran-stipetić-4a1b2c"),
        ("https://www.linkedin.com/company/acme-inc/", "company/acme-inc"),
        ("https://example.com/in/someone", None),
        ("", None),
    ],
)
def test_linkedin_slug(url, slug):
    assert linkedin_slug(url) == slug


@pytest.mark.parametrize(
    "label, expected",
    [("* Home", "home"), ("_$!<Mobile>!$_", "mobile"), ("* ", None), ("Work", "work"), (None, None)],
)
def test_clean_label(label, expected):
    assert clean_label(label) == expected
