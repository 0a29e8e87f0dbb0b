"""The categorizer: hard titles, precedence of source tags, negatives, typos, user taxonomies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import InputError
from pipeline.categorize import FLOOR, OTHER, Taxonomy, names_no_one, which_name_no_one, words

TAXONOMY = Taxonomy.load()


def _top(title=None, organization=None, **more):
    return TAXONOMY.categorize({"title": title, "organization": organization, **more})[0].category


@pytest.mark.parametrize(
    ("title", "organization", "category"),
    [
        ("Wealth Management Associate", None, "financial_advisor"),
        ("ASE Certified Master Technician", None, "auto_mechanic"),
        ("Realtor®", None, "real_estate_agent"),
        ("Owner", "Joe's Garage", "auto_mechanic"),
        ("Owner, Joe's Garage", None, "auto_mechanic"),
        ("Software Engineer", "Allstate", "software_developer"),
        ("VP Engineering", "Acme", OTHER),
        ("Mechanical Engineer", "Boeing", OTHER),
        ("Accountant", "Joe's Garage", "accountant"),
        ("Plumbr", None, "plumber"),
        ("Chief of Staff", None, OTHER),  # not a misspelt "chef"
        ("Program Manager", None, OTHER),  # not a misspelt "programmer"
        (None, "Sparkle Cleaning Co.", "house_cleaner"),
    ],
)
def test_hard_titles(title, organization, category):
    assert _top(title, organization) == category


def test_a_contact_can_hold_several_categories_each_with_a_reason():
    found = TAXONOMY.categorize({"title": "Photographer & Videographer"})
    assert {a.category for a in found} == {"photographer", "videographer"}
    assert all(a.confidence >= FLOOR and a.reason.startswith("title has") for a in found)


def test_source_tags_come_before_rules():
    (first, *_) = TAXONOMY.categorize({"title": "Software Engineer", "tags": ["Plumbers"]})
    assert first.category == "plumber" and first.origin == "source"


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Bob Plumber", "plumber"),  # a phone book's way of saying what someone does
        ("Plumber Bob", "plumber"),
        ("Mike (electrician)", "electrician"),
        ("Sue the realtor", "real_estate_agent"),
        ("ABC Plumbing", "plumber"),
        ("Joe's Auto Repair", "auto_mechanic"),
        # people's names that are trades too stay people's names
        ("Jane Carpenter", OTHER),
        ("Mason Lee", OTHER),
        ("Edward Jones", OTHER),  # not the brokerage
        ("Sherlock Holmes", OTHER),  # not a misspelt "homes"
        ("Test Contact", OTHER),  # not a misspelt "contract"
    ],
)
def test_a_trade_written_into_the_name(name, category):
    assert _top(name=name) == category


def test_a_trade_in_the_name_is_weaker_than_a_title_and_a_business_s_own_name_counts_once():
    (found,) = TAXONOMY.categorize({"name": "Bob Plumber"})
    assert found.confidence < TAXONOMY.categorize({"title": "Plumber"})[0].confidence
    assert found.reason == "name has 'plumber'"
    business = TAXONOMY.categorize({"name": "ABC Plumbing", "organization": "ABC Plumbing"})
    assert [a.reason for a in business] == ["organization has 'plumbing'"]


def test_a_title_that_says_the_trade_outranks_the_name():
    assert [a.category for a in TAXONOMY.categorize({"name": "Bob Plumber", "title": "Software Engineer"})] == [
        "software_developer"
    ]
    assert _top("Owner", name="ABC Plumbing") == "plumber"  # "Owner" says nothing of the trade


def test_credentials_in_the_name_suffix_say_the_profession():
    assert _top(suffix="DDS") == "dentist"
    assert _top(suffix="CPA, CFP") in ("accountant", "financial_advisor")
    assert _top(suffix="Jr.") == OTHER


def test_an_email_domain_names_the_business():
    assert _top(None, None, emails=[["work", "joe@joesplumbing.com"]]) == "plumber"
    assert _top(None, None, emails=[["home", "joe@gmail.com"]]) == OTHER


def test_a_user_taxonomy_adds_categories_and_replaces_fields(tmp_path):
    mine = tmp_path / "taxonomy.toml"
    mine.write_text(
        '[beekeeper]\nname = "Beekeeper"\ngroup = "home"\ntitle = ["beekeeper", "apiarist"]\n'
        '[plumber]\ntitle = ["pipe whisperer"]\n'
    )
    taxonomy = Taxonomy.load(mine)
    assert taxonomy.categorize({"title": "Apiarist"})[0].category == "beekeeper"
    assert taxonomy.categorize({"title": "Pipe Whisperer"})[0].category == "plumber"
    assert taxonomy.categorize({"title": "Master Plumber"})[0].category == OTHER  # its title list was replaced
    assert taxonomy.resolve("mechanic") == "auto_mechanic"
    mine.write_text("[broken]\ntitle = 3\n")
    with pytest.raises(InputError, match="broken"):
        Taxonomy.load(mine)


@given(st.text(max_size=60), st.text(max_size=60))
def test_any_text_gets_categories_above_their_floor_or_other(title, organization):
    found = TAXONOMY.categorize({"title": title, "organization": organization})
    assert found
    assert all(a.category == OTHER or a.confidence >= TAXONOMY.categories[a.category].floor for a in found)
    assert len({a.category for a in found}) == len(found)


@given(st.text(max_size=40))
def test_words_are_folded_and_stable(text):
    assert words(text) == words(text.upper()) or not text.isascii()
    assert all(w == w.lower() and w.isascii() for w in words(text))


_NAMES = st.sampled_from(
    ["Mom", "My landlord", "Plumber", "Dentist office", "Linda Smith", "Bob Plumber", "MD", "Mamá", "", "Realtors"]
)


@given(st.lists(_NAMES | st.text(max_size=20) | st.none(), max_size=12))
def test_names_that_name_no_one_read_one_by_one_or_all_at_once_alike(names):
    assert [bool(x) for x in which_name_no_one(names)] == [names_no_one(n) for n in names]
    assert names_no_one("Mom") and names_no_one("Dentist office") and not names_no_one("Linda Smith")
