from __future__ import annotations

import pytest

from connectors._table import Slot
from connectors.csv_mapping import header_slot, map_headers, value_slot


@pytest.mark.parametrize(
    "header, field, label",
    [
        ("Given Name", "given_name", None),
        ("First Name", "given_name", None),
        ("Vorname", "given_name", None),
        ("Mobile", "phone", "mobile"),
        ("Cell phone", "phone", "mobile"),
        ("Cellphone", "phone", "mobile"),
        ("Business Phone 2", "phone", "work"),
        ("Home Fax", "phone", "home fax"),
        ("Mobile Number", "phone", "mobile"),
        ("E-mail 2", "email", None),
        ("E-mail 2 Address", "email", None),
        ("Primary Email", "email", "pref"),
        ("Company Name", "organization", None),
        ("Company_Name", "organization", None),
        ("Job Title", "title", None),
        ("JobTitle", "title", None),
        ("Organization 1 - Title", "title", None),
        ("Notes", "notes", None),
        ("Web Page 2", "url", None),
        ("LinkedIn Profile URL", "linkedin_url", None),
        ("Group Membership", "tags", None),
        ("fname", "given_name", None),
        ("lname", "family_name", None),
        ("middleInitial", "additional_names", None),
        ("MI", "additional_names", None),
        ("preferred_name", "nickname", None),
        ("org_name", "organization", None),
        ("e_mail", "email", None),
        ("EmailAddress", "email", None),
        ("Home Mail", "email", "home"),
        ("street_address", "address", None),
    ],
)
def test_header_slot(header, field, label):
    slot, _ = header_slot(header)
    assert slot is not None
    assert (slot.field, slot.label) == (field, label)


@pytest.mark.parametrize(
    "header, slot",
    [
        ("Phone 3 - Type", Slot("phone_label", group="phone 3")),
        ("Phone 3 - Value", Slot("phone", group="phone 3")),
        ("E-mail 1 - Label", Slot("email_label", group="email 1")),
        ("Address 2 - Postal Code", Slot("address", group="address 2", part="postcode")),
        ("Home ZipCode", Slot("address", label="home", group="home", part="postcode")),
        ("Business Country/Region", Slot("address", label="work", group="work", part="country")),
        ("Birth Month", Slot("birthday", part="month")),
    ],
)
def test_grouped_columns(header, slot):
    assert header_slot(header)[0] == slot


@pytest.mark.parametrize(
    "header",
    # a short abbreviation is one letter from a synonym: "cname" (company) and "uname" (user) are no "name"
    # "Family" alone may flag relatives ("yes"), not hold their family names
    ["IM 1 - Value", "Lieblingsfarbe", "Gender", "E-mail Display Name", "cname", "uname", "Family"],
)
def test_columns_that_map_nowhere(header):
    assert header_slot(header)[0] is None


def test_outlook_title_is_the_name_prefix_beside_a_job_title():
    slots, _ = map_headers(["Title", "First Name", "Job Title"], [])
    assert [s.field for s in slots] == ["prefix", "given_name", "title"]
    slots, _ = map_headers(["Name", "Title"], [])
    assert slots[1] == Slot("title")
    slots, _ = map_headers(["Name", "Title", "Title 2"], [])
    assert slots[1] == Slot("title")


def test_home_address_is_formatted_when_a_street_column_exists():
    slots, _ = map_headers(["Home Address", "Home Street", "Home City"], [])
    assert [s.part for s in slots] == ["formatted", "street", "city"]


def test_unknown_headers_are_recognised_from_their_values():
    columns = [
        ["a@x.com", "b@y.org"],
        ["+1 206 555 0100", "(206) 555-0101"],
        ["https://linkedin.com/in/a", "https://www.linkedin.com/in/b"],
        ["blue", "red"],
    ]
    slots, how = map_headers(["Kontakt", "Nummer", "Profil", "Farbe"], columns)
    assert [s.field if s else None for s in slots] == ["email", "phone", "linkedin_url", None]
    assert how == ["values", "values", "values", "none"]
    assert value_slot(["", "  "]) is None
