from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.schema import records_from_rows
from pipeline.compare import (
    DEFAULT_COMPARISONS,
    MISSING,
    compare,
    could_be_one_given,
    could_be_one_name,
    given_names_agree,
    names_agree,
)
from pipeline.normalize import normalize


def _levels(left: dict, right: dict) -> dict[str, str]:
    return _first_pair_levels([left, right])


def _first_pair_levels(rows: list[dict]) -> dict[str, str]:
    """The levels of the first two of ``rows`` (the others are there to be held against them)."""
    records = normalize(records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv"), region="US")
    features = compare(records, pd.DataFrame({"left": [0], "right": [1]}))
    names = {c.name: c.levels for c in DEFAULT_COMPARISONS}
    return {k: ("missing" if int(v) == MISSING else names[k][int(v)]) for k, v in features.iloc[0].items()}


@pytest.mark.parametrize(
    "left, right, level",
    [
        ({"full_name": "Robert Chen"}, {"full_name": "Robert Chen"}, "same name"),
        ({"full_name": "Bob Chen"}, {"full_name": "Robert Chen"}, "same family, same formal given"),
        ({"full_name": "Jon Smith"}, {"full_name": "John Smith"}, "same family, similar given"),
        ({"full_name": "J. Smith"}, {"full_name": "John Smith"}, "same family, initial"),
        ({"full_name": "Ana Kowalczyk"}, {"full_name": "Ana Kowalcyzk"}, "similar family, same given"),
        ({"full_name": "John Smyth"}, {"full_name": "John Smith"}, "same given, family somewhat similar"),
        ({"given_name": "Chen", "family_name": "Robert"}, {"full_name": "Robert Chen"}, "same name"),
        (
            {"given_name": "Sebregts", "family_name": "James"},
            {"given_name": "James", "family_name": "Sebretgs"},
            "similar family, same given",  # the first is the one entered family first
        ),
        # entered family first, against a nickname or an initial: either record may be the swapped one
        (
            {"given_name": "Kakatolber", "family_name": "Danny"},
            {"full_name": "Daniel Kakatolber"},
            "same family, same formal given",
        ),
        (
            {"full_name": "Daniel Kakatolber"},
            {"given_name": "Kakatolber", "family_name": "Danny"},
            "same family, same formal given",
        ),
        ({"given_name": "Zenbriwic", "family_name": "Berdora"}, {"full_name": "B. Zenbriwic"}, "same family, initial"),
        ({"full_name": "B. Zenbriwic"}, {"given_name": "Zenbriwic", "family_name": "Berdora"}, "same family, initial"),
        ({"full_name": "Anna Kowalski"}, {"full_name": "Peter Kowalski"}, "same family, given different"),
        ({"full_name": "Anna Kowalski"}, {"full_name": "Anna Nowak"}, "same given, family different"),
        # alike but for a last vowel: a brother and a sister, not a typo
        ({"full_name": "Mario Rossi"}, {"full_name": "Maria Rossi"}, "same family, given different"),
        # a vowel left out at the end is a typo as often (Isabell): Paul and Paula stay alike
        ({"full_name": "Paul Rossi"}, {"full_name": "Paula Rossi"}, "same family, similar given"),
        ({"full_name": "Mraio Rossi"}, {"full_name": "Mario Rossi"}, "same family, similar given"),
        ({"family_name": "Kowalski"}, {"full_name": "Peter Kowalski"}, "same family, given unknown"),
        ({"full_name": "山田 太郎"}, {"full_name": "山田 太郎"}, "same name"),
        ({"full_name": "Ahmed Omar"}, {"full_name": "Kenji Watanabe"}, "different"),
        ({"organization": "Acme"}, {"full_name": "John Smith"}, "missing"),
        # one of two family names: many go by either
        (
            {"given_name": "María", "family_name": "García-López"},
            {"full_name": "Maria Garcia"},
            "similar family, same given",
        ),
        ({"full_name": "Anna Smith-Jones"}, {"full_name": "Anna Jones"}, "similar family, same given"),
        ({"full_name": "Ana García Pérez"}, {"full_name": "Ana García López"}, "same given, family different"),
        # a name in part only, held in a whole one
        ({"full_name": "Dee"}, {"full_name": "Hair by Dee"}, "similar names"),
        ({"full_name": "Dee"}, {"full_name": "Hair by Lee"}, "different"),
        # a given name alone and a family name alone: two parts that may be one name
        ({"given_name": "Alfie"}, {"family_name": "Long"}, "missing"),
        ({"family_name": "Long"}, {"given_name": "Alfie"}, "missing"),
        ({"given_name": "Alfie"}, {"given_name": "Long"}, "different"),
        # a Jr. on one record only: the other may be his father
        ({"full_name": "Tom Lee"}, {"full_name": "Tom Lee Jr."}, "similar names"),
        ({"full_name": "Tom Lee Jr."}, {"full_name": "Tom Lee, Jr"}, "same name"),
    ],
)
def test_name_levels(left, right, level):
    assert _levels(left, right)["name"] == level


def test_contact_points_are_shared_or_different_and_missing_is_unknown():
    a = {"full_name": "Ana", "emails": [(None, "Ana.Souza+news@gmail.com")], "phones": [(None, "(206) 555-0100")]}
    b = {"full_name": "Ana", "emails": [(None, "anasouza@gmail.com")], "phones": [(None, "+1 312 555 0100")]}
    levels = _levels(a, b)
    assert (levels["e-mail"], levels["phone"], levels["LinkedIn profile"]) == ("shared", "different", "missing")


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        (("Tom Carr", "tcarr@lewis-kline.com"), ("Tom Carr", "tcarr@lweis-kine.com"), "a typo apart"),
        (("Tom Carr", "kimashley@nguyen.info"), ("T. Carr", "kimaslhey@ngyuen.info"), "a typo apart"),
        (("Joe Wilson", "joe.wilson@acme.com"), ("Joe Wilson", "joe.wilson2@acme.com"), "different"),  # another Joe
        (("John Smith", "john.smith@acme.com"), ("Joan Smith", "joan.smith@acme.com"), "different"),  # a couple
        (("Anna Kowalski", "anna.k@acme.com"), ("Anna Muller", "anna.m@acme.com"), "different"),  # colleagues
        (("Carr Ethan", "ethan.carr@acme.com"), ("Ethan Carr", "ethan.carr@acme.co"), "a typo apart"),
        (("Carr Ethan", "ethan.carr@acme.com"), ("Ethan Carr", "ethn.carr@acme.com"), "a typo apart"),
        (("Tom Carr", "tcarr@lewis-kline.com"), ("Tom Carr", "tom@carr.family"), "different"),
    ],
)
def test_addresses_a_typo_apart(left, right, level):
    rows = [{"full_name": name, "emails": [(None, address)]} for name, address in (left, right)]
    assert _levels(*rows)["e-mail"] == level


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ([("cell", "206 555 0100")], [(None, "(206) 555-0100")], "shared"),
        ([("home", "206 555 0199")], [("home", "(206) 555-0199")], "shared a household number only"),
        (
            [("cell", "206 555 0101"), ("home", "206 555 0199")],
            [("cell", "206 555 0102"), ("home", "206 555 0199")],
            "shared a household number only",
        ),
        ([("mobile", "206 555 0101"), ("home", "206 555 0199")], [("cell", "206 555 0101")], "shared"),
        ([("home", "206 555 0199")], [("cell", "206 555 0102")], "different"),
    ],
)
def test_a_shared_household_number_says_less_than_a_shared_mobile(left, right, level):
    assert _levels({"full_name": "Ana", "phones": left}, {"full_name": "Ana", "phones": right})["phone"] == level


def test_organization_matches_through_legal_form_and_email_domain():
    levels = _levels({"full_name": "A", "organization": "Acme, Inc."}, {"full_name": "A", "organization": "ACME"})
    assert levels["organization"] == "same"
    levels = _levels(
        {"full_name": "A", "organization": "Northwind Wealth"},
        {"full_name": "A", "organization": "Globex", "emails": [(None, "a@northwindwealth.com")]},
    )
    assert levels["organization"] == "similar"


@pytest.mark.parametrize(
    "left, right, level",
    [
        ("1980-03-14", "1980-03-14", "same"),
        ("1980-04-03", "1980-03-04", "day and month swapped"),
        ("1980-03-14", "1980-03-15", "one digit off"),
        ("1980-03-14", "1980-11-30", "same year"),
        ("1980-03-14", "1975-07-01", "different"),
        ("--07-04", "--04-07", "day and month swapped"),
    ],
)
def test_birthday_levels(left, right, level):
    assert _levels({"full_name": "A", "birthday": left}, {"full_name": "A", "birthday": right})["birthday"] == level


def test_postcode_one_character_off():
    address = {"label": None, "street": None, "city": None, "region": None, "country": None}
    left = {"full_name": "A", "addresses": [{**address, "postcode": "98101"}]}
    right = {"full_name": "A", "addresses": [{**address, "postcode": "98110"}]}
    assert _levels(left, right)["postcode"] == "different"
    right = {"full_name": "A", "addresses": [{**address, "postcode": "98102"}]}
    assert _levels(left, right)["postcode"] == "one character off"


@pytest.mark.parametrize(
    "left, right, level",
    [
        ("4 Fox Place\nCabbage Tree", "Cabbage Tree\n4 Fox Place", "similar"),
        ("4 Fox Place\nCabbage Tree", "4 Fox Pblace", "partly the same"),  # a line left out, a typo
        ("13 Marrakai Street\nArkaba", "Marrakai Street\nArkava", "partly the same"),  # no house number
        ("29 Barrett Street", "29 Smith Street", "different"),
        ("8 Oak Avenue\nUnit 2", "8 Elm Road", "different"),
    ],
)
def test_street_levels(left, right, level):
    address = {"label": None, "city": None, "region": None, "postcode": None, "country": None}
    levels = _levels(
        {"full_name": "A", "addresses": [{**address, "street": left}]},
        {"full_name": "A", "addresses": [{**address, "street": right}]},
    )
    assert levels["street"] == level


def test_comparing_a_slice_at_a_time_gives_the_same_levels():
    from pipeline.block import block
    from pipeline.inspect import load_records
    from tests.conftest import FIXTURES

    records = normalize(load_records([FIXTURES / "vcard", FIXTURES / "csv"])[0].reset_index(drop=True), region="US")
    pairs = block(records)
    assert len(pairs) > 10
    pd.testing.assert_frame_equal(compare(records, pairs, slice_size=3), compare(records, pairs))


def test_a_switchboard_or_info_address_held_by_many_names_is_no_evidence():
    office = [("work", "+1 206 555 0100")]
    two = [{"full_name": "Maria Garcia", "phones": office}, {"full_name": "Maria Lopez", "phones": office}]
    assert _first_pair_levels(two)["phone"] == "shared"
    others = [
        {"full_name": "John Park", "phones": office},
        {"full_name": "Wei Chen", "phones": [("", "(206) 555-0100")]},
    ]
    assert _first_pair_levels(two + others)["phone"] == "missing"
    info = [("work", "info@acme.example")]
    holders = [{"full_name": n, "emails": info} for n in ("Ana Silva", "Ana Souza", "Tom Baker", "Lee Wong")]
    assert _first_pair_levels(holders)["e-mail"] == "missing"


def test_one_person_under_typos_nicknames_and_a_swapped_name_keeps_their_number():
    mobile = [("cell", "+1 303 261 0231")]
    names = ("Deborah Selwicash", "Debbie Selwicsah", "Selwicash Deborah", "D. Selwicash")
    assert _first_pair_levels([{"full_name": n, "phones": mobile} for n in names])["phone"] == "shared"
    # a typo at the start changes the initials too ("aHry", "Rhomas")
    address = [(None, "sandra26@anderson-davis.com")]
    names = ("Harry Thomas", "aHry Thomas", "Harry Rhomas", "Thomas Harry")
    assert _first_pair_levels([{"full_name": n, "emails": address} for n in names])["e-mail"] == "shared"


def test_one_person_born_on_one_day_under_shuffled_names_keeps_their_address():
    address = [(None, "coltonray@lee.com")]
    names = ("Harry Taylor", "yarH Taylor", "rrayH Taylor", "ryHar Taylor")
    born = [{"full_name": n, "emails": address, "birthday": "2017-11-24"} for n in names]
    assert _first_pair_levels(born)["e-mail"] == "shared"
    # born on other days, the shuffled names are as many people, and the address is theirs all
    days = ("2017-11-24", "1990-01-02", "1975-06-30", "2001-03-15")
    others = [{"full_name": n, "emails": address, "birthday": d} for n, d in zip(names, days)]
    assert _first_pair_levels(others)["e-mail"] == "missing"


def test_records_of_one_file_and_of_two():
    rows = [{"full_name": "Ana Souza"}, {"full_name": "Ana Souza"}, {"full_name": "Ana Souza"}]
    records = normalize(
        pd.concat(
            [
                records_from_rows(rows[:2], source_kind="vcard", source_name="phone", source_file="phone.vcf"),
                records_from_rows(rows[2:], source_kind="csv", source_name="google", source_file="google.csv"),
            ],
            ignore_index=True,
        ),
        region="US",
    )
    features = compare(records, pd.DataFrame({"left": [0, 0], "right": [1, 2]}))
    levels = next(c.levels for c in DEFAULT_COMPARISONS if c.name == "file")
    assert [levels[v] for v in features["file"]] == ["same file", "different files"]


_NAME_KEYS = st.text(alphabet="abcdehilmnorstyz", max_size=9) | st.sampled_from(
    ["", "j", "bob", "robert", "ethan", "etnah"]
)


@given(_NAME_KEYS, _NAME_KEYS, _NAME_KEYS, _NAME_KEYS)
def test_name_checks_do_not_depend_on_which_record_comes_first(given_a, family_a, given_b, family_b):
    assert given_names_agree(given_a, given_b) == given_names_agree(given_b, given_a)
    assert could_be_one_given(given_a, given_b) == could_be_one_given(given_b, given_a)
    assert could_be_one_name(given_a, family_a, given_b, family_b) == could_be_one_name(
        given_b, family_b, given_a, family_a
    )
    assert names_agree(given_a, family_a, given_b, family_b) == names_agree(given_b, family_b, given_a, family_a)
    # agreeing is the stricter of the two, and every name may be its own
    assert not given_names_agree(given_a, given_b) or could_be_one_given(given_a, given_b)
    assert could_be_one_name(given_a, family_a, given_a, family_a) and names_agree(given_a, family_a, given_a, family_a)


@pytest.mark.parametrize(
    "short, formal",
    [
        ("ted", "edward"),  # Ted is Edward, Theodore or Edmund: any of them may be the one
        ("ted", "theodore"),
        ("sally", "sarah"),
        ("molly", "mary"),
        ("manny", "manuel"),
        ("pepe", "jose"),  # short forms of other languages, from the curated table
        ("paco", "francisco"),
        ("dima", "dmitry"),
    ],
)
def test_a_short_form_could_be_any_formal_name_it_stands_for(short, formal):
    assert could_be_one_given(short, formal)


@pytest.mark.parametrize("x, y", [("sally", "mary"), ("ted", "david"), ("mario", "maria"), ("pepe", "juan")])
def test_names_that_no_short_form_joins_stay_two(x, y):
    assert not could_be_one_given(x, y)
