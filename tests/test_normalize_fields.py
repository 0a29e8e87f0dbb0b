"""E-mails, organizations, web addresses and places."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.emails import parse_email
from pipeline.normalize.organizations import canonical_url, organization, profile_slug
from pipeline.normalize.places import country_code, first_place


@pytest.mark.parametrize(
    "raw, address, key, free, hint",
    [
        (" Maria.Garcia.Photo@Gmail.com ", "maria.garcia.photo@gmail.com", "mariagarciaphoto@gmail.com", True, None),
        (
            "maria.garcia.photo+weddings@googlemail.com",
            "maria.garcia.photo+weddings@googlemail.com",
            "mariagarciaphoto@gmail.com",
            True,
            None,
        ),
        ("bob+shop@outlook.com", "bob+shop@outlook.com", "bob@outlook.com", True, None),
        (
            "jordan.blake@northwindwealth.com",
            "jordan.blake@northwindwealth.com",
            "jordan.blake@northwindwealth.com",
            False,
            "northwindwealth",
        ),
        ("first.last+x@acme.co.uk", "first.last+x@acme.co.uk", "first.last+x@acme.co.uk", False, "acme"),
        (
            "mailto:Renee@DuboisPlomberie.ca",
            "renee@duboisplomberie.ca",
            "renee@duboisplomberie.ca",
            False,
            "duboisplomberie",
        ),
        ("<sofia.mueller@web.de>", "sofia.mueller@web.de", "sofia.mueller@web.de", True, None),
        ("jürgen@bücher.de", "jürgen@bücher.de", "jürgen@bücher.de", False, "bücher"),
        # a hyphen in a domain is no part of the company's name: MCD Plumbing
        ("angus@mcd-plumbing.co.uk", "angus@mcd-plumbing.co.uk", "angus@mcd-plumbing.co.uk", False, "mcdplumbing"),
    ],
)
def test_parse_email(raw, address, key, free, hint):
    email = parse_email(raw)
    assert (email.address, email.key, email.free, email.company_hint) == (address, key, free, hint)


@pytest.mark.parametrize("raw", ["not an email", "a@b", "two@@signs.com", "john.doe@", "ÑÑÑÑ", ".lead@dot.com"])
def test_invalid_emails_are_flagged_not_dropped(raw):
    email = parse_email(raw)
    assert email.address is None and email.raw == raw


@given(st.text(max_size=40))
def test_parse_email_never_raises_and_is_idempotent(raw):
    email = parse_email(raw)
    assert email.raw == raw
    if email.address:
        assert parse_email(email.address).address == email.address


@pytest.mark.parametrize(
    "name, cleaned, key",
    [
        ("Acme, Inc.", "Acme", "acme"),
        ("ACME Inc", "ACME", "acme"),
        ("Acme", "Acme", "acme"),
        ("Northwind Wealth Management, LLC", "Northwind Wealth Management", "northwind wealth management"),
        ("Müller Steuerberatung GmbH", "Müller Steuerberatung", "muller steuerberatung"),
        ("Chen's Auto Repair", "Chen's Auto Repair", "chens auto repair"),
        ("Dubois & Fils Plomberie", "Dubois & Fils Plomberie", "dubois and fils plomberie"),
        ("Kovač d.o.o.", "Kovač", "kovac"),
        ("Globex GmbH & Co. KG", "Globex", "globex"),
        (None, None, None),
    ],
)
def test_organization(name, cleaned, key):
    assert organization(name) == (cleaned, key)


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("www.chensauto.com", "https://chensauto.com"),
        ("http://WWW.GarciaStudio.com/", "https://garciastudio.com"),
        ("https://garciastudio.com/portfolio/?utm_source=x&page=2", "https://garciastudio.com/portfolio?page=2"),
        ("nonsense", None),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_profile_slug_from_linkedin_url_or_other_urls():
    assert profile_slug("https://uk.linkedin.com/in/Lena-Park/?trk=x", ()) == "lena-park"
    assert profile_slug(None, ("https://example.com", "linkedin.com/in/samokafor")) == "samokafor"
    assert profile_slug(None, ("https://www.linkedin.com/company/acme",)) is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("USA", "US"),
        ("United States of America", "US"),
        ("us", "US"),
        ("Deutschland", "DE"),
        ("UK", "GB"),
        ("Canada", "CA"),
        ("BRA", "BR"),
        ("France", "FR"),
        ("日本", "JP"),
        ("Atlantis", None),
        (None, None),
    ],
)
def test_country_code(text, code):
    assert country_code(text) == code


def test_first_place_uses_the_first_address_with_a_place():
    addresses = (
        {"label": "home", "street": "1 Main", "city": None, "region": None, "postcode": None, "country": None},
        {
            "label": "work",
            "street": None,
            "city": "Montréal",
            "region": "QC",
            "postcode": "h2x 1y4",
            "country": "Canada",
        },
    )
    assert first_place(addresses) == ("1 main", None, None, None, None)
    assert first_place(addresses[1:]) == (None, "montreal", "qc", "CA", "H2X1Y4")
