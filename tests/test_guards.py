from __future__ import annotations

from dataclasses import replace

import pandas as pd

from connectors.schema import records_from_rows
from pipeline.compare import compare
from pipeline.guards import REASONS, cannot_link
from pipeline.normalize import normalize
from pipeline.score import MatchSettings, score


def _reasons(left: dict, right: dict, settings: MatchSettings | None = None) -> list[str]:
    records = normalize(
        records_from_rows([left, right], source_kind="csv", source_name="t", source_file="t.csv"), region="US"
    )
    pairs = pd.DataFrame({"left": [0], "right": [1]})
    features = compare(records, pairs)
    settings = settings or MatchSettings.from_toml()
    reasons = cannot_link(records, score(records, pairs, features, settings), features, settings)
    return [REASONS[r] for r in reasons if r >= 0]


def _on_one_mobile(name: str, other: str) -> list[str]:
    """The guard reasons for two full names on one mobile number, written two ways."""
    return _reasons(
        {"full_name": name, "phones": [("mobile", "503 555 0150")]},
        {"full_name": other, "phones": [("mobile", "(503) 555-0150")]},
    )


def test_two_linkedin_profiles_are_two_people():
    assert _reasons(
        {"full_name": "John Smith", "linkedin_url": "linkedin.com/in/john-smith-1"},
        {"full_name": "John Smith", "linkedin_url": "linkedin.com/in/john-smith-2"},
    ) == ["different LinkedIn profiles"]


def test_two_connections_in_one_linkedin_export_are_two_people():
    assert _reasons(
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2019-03-02"},
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2023-11-20"},
    ) == ["two connections in one LinkedIn export"]
    # the same connection as an older import of the same file had it: same day
    assert (
        _reasons(
            {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2019-03-02"},
            {"full_name": "Priya Patel", "organization": "Initech", "connected_on": "2019-03-02"},
        )
        == []
    )


def test_connections_in_two_linkedin_exports_may_be_one_person():
    rows = [
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2019-03-02"},
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2023-11-20"},
    ]
    records = normalize(
        pd.concat(
            [
                records_from_rows([row], source_kind="linkedin", source_name=name, source_file=f"{name}.csv")
                for row, name in zip(rows, ("2020", "2024"))
            ],
            ignore_index=True,
        ),
        region="US",
    )
    pairs = pd.DataFrame({"left": [0], "right": [1]})
    features = compare(records, pairs)
    settings = MatchSettings.from_toml()
    assert (cannot_link(records, score(records, pairs, features, settings), features, settings) < 0).all()


def test_junior_and_senior_are_two_people():
    assert _reasons(
        {"full_name": "Tom Nguyen Sr.", "phones": [(None, "425 555 0199")]},
        {"full_name": "Tom Nguyen Jr.", "phones": [(None, "425 555 0199")]},
    ) == ["different generations (Jr./Sr., II/III)"]


def test_relatives_sharing_a_landline_are_two_people():
    assert _reasons(
        {"full_name": "Anna Kowalski", "phones": [(None, "503 555 0150")]},
        {"full_name": "Peter Kowalski", "phones": [(None, "(503) 555-0150")]},
    ) == ["shared phone or e-mail but clearly different given names"]


def test_the_same_person_has_no_guard():
    assert (
        _reasons(
            {"full_name": "Bob Chen", "phones": [(None, "206 555 0142")]},
            {"full_name": "Robert Chen", "phones": [(None, "(206) 555-0142")]},
        )
        == []
    )


def test_an_initial_that_differs_on_a_persons_own_number_is_no_proof():
    # "T. Brown" may be Tony, Anthony's nickname: the same mobile keeps them mergeable
    assert _on_one_mobile("T. Brown", "Anthony Brown") == []
    # "J." is no form of Renée: on her own number too, that is another person
    assert _on_one_mobile("J. Brown", "Renée Brown") == ["shared phone or e-mail but clearly different given names"]
    # on a household's number the same difference is how relatives look
    assert _reasons(
        {"full_name": "T. Brown", "phones": [("home", "503 555 0150")]},
        {"full_name": "Anthony Brown", "phones": [("home", "(503) 555-0150")]},
    ) == ["shared phone or e-mail but clearly different given names"]


def test_a_nickname_a_typo_or_a_swap_on_a_shared_address_is_no_proof():
    for left, right in (
        ("Khan Daniel", "Dan Khan"),  # entered family first, and a nickname
        ("Deb Okafor", "Dbeorah Okafor"),  # Deb's formal name, misspelt
        ("Okafor S.", "Susan Okafor"),  # family first, with an initial
        ("Etnah Okafor", "Ethan Okafor"),  # letters slipped about
        ("Chirla Okafor", "Charlie Okafor"),
        ("Mkie Okafor", "Michael Okafor"),  # his nickname, mistyped
        ("Beht Okafor", "Elizabeth Okafor"),
    ):
        assert (
            _reasons(
                {"full_name": left, "emails": [(None, "d.k@example.com")]},
                {"full_name": right, "emails": [(None, "d.k@example.com")]},
            )
            == []
        ), (left, right)


def test_names_of_other_letters_on_a_shared_address_are_two_people():
    for left, right in (
        ("John Okafor", "Mary Okafor"),
        ("Ethan Okafor", "Nathan Okafor"),
        ("Amy Okafor", "May Okafor"),  # too short to tell a slip from another name
        ("Liam Okafor", "Mila Okafor"),  # the same letters, but a slip keeps the first one
        ("Lena Okafor", "Neal Okafor"),
        ("Mario Rossi", "Maria Rossi"),  # alike but for a last vowel: brother and sister
        ("Daniele Rossi", "Daniela Rossi"),
        ("Trydano Nesgurbertol", "Trydane Nesgurbertol"),
        ("Dan Okafor", "Donald Okafor"),  # Don, a letter from Dan: too short to call a slip
    ):
        assert _reasons(
            {"full_name": left, "emails": [(None, "okafor.family@example.com")]},
            {"full_name": right, "emails": [(None, "okafor.family@example.com")]},
        ) == ["shared phone or e-mail but clearly different given names"], (left, right)


def test_given_names_of_shuffled_letters_are_one_person_s_when_both_records_give_one_birthday():
    shared = [(None, "icampbell@allen-lewis.org")]
    for left, right in (
        ("Amelia Alexander", "lmeAi Alexander"),  # the same letters, beginning otherwise
        ("Harry Taylor", "yarH Taylor"),
        ("Isabella Cooper", "Cooper ropeCi"),  # entered family first, too
    ):
        born = {"emails": shared, "birthday": "1983-05-19"}
        assert _reasons({"full_name": left, **born}, {"full_name": right, **born}) == [], (left, right)
        # born on other days, or with no year to tell a person from one in 365: relatives' names
        for days in (("1983-05-19", "1985-02-11"), ("--05-19", "--05-19"), (None, None)):
            assert _reasons(
                {"full_name": left, "emails": shared, "birthday": days[0]},
                {"full_name": right, "emails": shared, "birthday": days[1]},
            ) == ["shared phone or e-mail but clearly different given names"], (left, right, days)


def test_twins_on_one_landline_are_two_people():
    born = {"phones": [("home", "503 555 0150")], "birthday": "2004-08-30"}
    assert _reasons({"full_name": "Mary Okafor", **born}, {"full_name": "Kate Okafor", **born}) == [
        "shared phone or e-mail but clearly different given names"
    ]


def test_strong_evidence_against_leaves_the_prior_out():
    # two different names and nothing else: about 6 bits against, far from strong evidence,
    # however small the prior of a large data set makes the pair's odds
    different = ({"full_name": "Ann Lind"}, {"full_name": "Bo Ruiz"})
    assert _reasons(*different) == []
    assert _reasons(*different, settings=replace(MatchSettings.from_toml(), prior=1e-6)) == []
    # a name, an employer and a birthday all different are
    assert _reasons(
        {"full_name": "Ann Lind", "organization": "Globex", "birthday": "1980-04-02"},
        {"full_name": "Bo Ruiz", "organization": "Initech", "birthday": "1991-11-23"},
    ) == ["strong evidence against"]


def test_records_gone_from_their_files_are_no_rows_of_one_export():
    rows = [
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2019-03-02"},
        {"full_name": "Priya Patel", "organization": "Acme", "connected_on": "2023-11-20"},
    ]
    records = records_from_rows(rows, source_kind="linkedin", source_name="t", source_file="Connections.csv")
    records["source_file"] = None  # as the store hands over records missing from the latest import
    records = normalize(records, region="US")
    pairs = pd.DataFrame({"left": [0], "right": [1]})
    features = compare(records, pairs)
    settings = MatchSettings.from_toml()
    assert (cannot_link(records, score(records, pairs, features, settings), features, settings) < 0).all()


def test_names_not_split_that_differ_on_a_shared_address_are_two_people():
    shared = [("home", "family@yahoo.com.cn")]
    assert _reasons({"full_name": "魏莎", "emails": shared}, {"full_name": "张伟", "emails": shared}) == [
        "shared phone or e-mail but clearly different given names"
    ]
    assert _reasons({"full_name": "魏莎", "emails": shared}, {"full_name": "魏莎", "emails": shared}) == []


def test_a_one_character_given_name_without_letter_case_is_a_name_not_an_initial():
    shared = [("home", "family@sina.cn")]
    assert _reasons(
        {"given_name": "莎", "family_name": "魏", "emails": shared},
        {"given_name": "婕", "family_name": "曾", "emails": shared},
    ) == ["shared phone or e-mail but clearly different given names"]


def test_a_person_who_goes_by_a_middle_name_on_their_own_number_is_no_proof():
    for written in ("F. Scott Fitzgerald", "Francis Scott Fitzgerald"):
        assert _on_one_mobile(written, "Scott Fitzgerald") == [], written
    assert (
        _reasons(
            {"given_name": "Mary", "additional_names": "Ann", "family_name": "Jones", "emails": [(None, "mj@x.org")]},
            {"given_name": "Ann", "family_name": "Jones", "emails": [(None, "mj@x.org")]},
        )
        == []
    )
    # a middle name that is no form of the other's given name leaves them apart
    assert _on_one_mobile("Mary Ann Jones", "Peter Jones") == [
        "shared phone or e-mail but clearly different given names"
    ]


def test_a_name_field_that_says_what_the_contact_is_to_its_owner_is_no_proof():
    for label in ("Mom", "My landlord", "Plumber", "Dentist office"):
        assert _on_one_mobile(label, "Linda Smith") == [], label
    # a person's name beside the trade is a name: Bob is not Linda
    assert _on_one_mobile("Bob Plumber", "Linda Smith") == ["shared phone or e-mail but clearly different given names"]
