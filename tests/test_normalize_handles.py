from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from connectors.schema import records_from_rows
from pipeline.normalize import normalize
from pipeline.normalize.handles import handles, name_words, spelled


def test_handles_are_the_slug_and_each_local_part():
    texts = handles("kakao-vasrovbripol-17e42", ["liam.ashlorensel3230@gmail.com", "j.smith+news@example.com"])
    assert list(texts) == ["kakao-vasrovbripol-17e42", "liam.ashlorensel3230", "j.smith"]
    assert list(handles("company/northwind", [])) == []


def test_name_words_leave_out_ids_numbers_titles_and_initials():
    assert name_words("kakao-vasrovbripol-17e42") == ["kakao", "vasrovbripol"]
    assert name_words("liam.ashlorensel3230") == ["liam", "ashlorensel"]
    assert name_words("dr-jane-q-doe-mba") == ["jane", "doe"]
    assert name_words("søren-kierkegaard") == ["søren", "kierkegaard"]
    assert name_words("info") == name_words("x") == []


# (written given key, written family key, handles) -> the keys matching compares
CASES = [
    # a written initial is filled in, from a slug or an address
    (("k", "vasrovbripol", ["kakao.vasrovbripol"]), ("kakao", "vasrovbripol")),
    (("b", "trytollinzen", ["bertoli.trytollinzen"]), ("bertoli", "trytollinzen")),
    # Tony signs with a T
    (("t", "gurtrywic", ["anthony.gurtrywic"]), ("anthony", "gurtrywic")),
    # one slip of a key in either name, the other name the same
    (("ltam", "ashlorensel", ["liamashlorensel"]), ("liam", "ashlorensel")),
    (("robret", "morfeylosel", ["robert.morfeylosel"]), ("robert", "morfeylosel")),
    (("zenquio", "gurhllpolbri", ["zenquio.gurhalpolbri"]), ("zenquio", "gurhalpolbri")),
    # an initial and a slip in the family name
    (("s", "kabriahl", ["soren.kabrihal"]), ("soren", "kabrihal")),
    # family name first in the handle
    (("m", "chen", ["chen.mei"]), ("mei", "chen")),
    # the family name a phone book left out
    (("liam", None, ["liam.ashlorensel"]), ("liam", "ashlorensel")),
    # a letters-only profile id after the name
    (("d", "briquiuxmor", ["danuxo.briquiuxmor.fdeb"]), ("danuxo", "briquiuxmor")),
    # no name at all, as a mail client collects an address: two words, the first a given name
    ((None, None, ["john.doe"]), ("john", "doe")),
    ((None, None, ["info", "jen_lee42"]), ("jen", "lee")),
]
UNCHANGED = [
    # a spouse's address is not her name
    ("mary", "smith", ["john.smith"]),
    ("m", "smith", ["john.smith"]),
    # Jon and John are two names, not a slip
    ("jon", "smith", ["john.smith"]),
    # two slips are another name
    ("jonas", "berlinfeytam", ["jonis.berlinfeytan"]),
    # one word that begins with the given name is no family name
    ("anna", None, ["annabelle"]),
    # the first handle spells the name as written: a later one does not correct it
    ("anne", "smith", ["anne.smith", "anna.smith"]),
    # a slip must keep the first letter
    ("mila", "okafor", ["lila.okafor"]),
    # nothing to go on
    ("kate", "smith", []),
    (None, "smith", ["kate.smith"]),
    # no name, and no address that spells one: a role, a household, a given name run together
    (None, None, ["sales.team"]),
    (None, None, ["customer.service"]),
    (None, None, ["mary.and.john"]),
    (None, None, ["jdoe", "johndoe"]),
]


@pytest.mark.parametrize(
    "written, expected", CASES, ids=[" ".join(map(str, (*c[0][:2], *c[0][2][-1:]))) for c in CASES]
)
def test_spelled(written, expected):
    assert spelled(*written)[:2] == expected


@pytest.mark.parametrize(
    "given_key, family_key, texts", UNCHANGED, ids=[f"{c[0]} {c[1]} {c[2][-1:]}" for c in UNCHANGED]
)
def test_not_spelled(given_key, family_key, texts):
    assert spelled(given_key, family_key, texts) is None


def test_a_slip_is_told_from_a_fill():
    assert spelled("ltam", "ashlorensel", ["liamashlorensel"])[2]
    assert not spelled("l", "ashlorensel", ["liamashlorensel"])[2]


_word = st.text(alphabet="abdeilmnorst", min_size=1, max_size=8)
# handles as people write them: name words joined by a dot, a hyphen or nothing, a number after
_handles = st.lists(
    st.builds(
        lambda words, joint, number: joint.join(words) + number,
        st.lists(_word, min_size=1, max_size=3),
        st.sampled_from([".", "-", ""]),
        st.sampled_from(["", "42"]),
    ),
    max_size=3,
)


@given(_word, st.one_of(st.none(), _word), _handles)
def test_a_handle_fills_an_initial_or_a_missing_name_or_corrects_one_slip(given_key, family_key, texts):
    new_given, new_family, _ = spelled(given_key, family_key, texts) or (given_key, family_key, False)
    given_slipped = new_given != given_key and len(given_key) > 1
    family_slipped = new_family != family_key and family_key is not None
    assert not (given_slipped and family_slipped)
    assert not given_slipped or OSA.distance(given_key, new_given) == 1
    assert not family_slipped or OSA.distance(family_key, new_family) == 1
    assert new_given == given_key or new_given[0] == given_key[0] or len(given_key) == 1


@given(_word.filter(lambda w: len(w) > 1), _word.filter(lambda w: len(w) > 1), _handles)
def test_a_handle_that_spells_the_name_as_written_keeps_it(given_key, family_key, texts):
    assert spelled(given_key, family_key, [f"{given_key}.{family_key}", *texts]) is None
    assert spelled(given_key, family_key, []) is None


def _normalized(rows):
    return normalize(records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv"))


def test_normalize_compares_the_name_the_handle_spells_and_keeps_the_name_as_written():
    records = _normalized(
        [
            {
                "given_name": "K.",
                "family_name": "Vasrovbripol",
                "linkedin_url": "https://www.linkedin.com/in/kakao-vasrovbripol-426",
            },
            {"full_name": "Liam", "emails": [("home", "liam.ashlorensel3230@gmail.com")]},
        ]
    )
    assert records["norm_name_key"].tolist() == ["kakao vasrovbripol", "liam ashlorensel"]
    assert records["norm_given_canonical"].tolist() == ["kakao", "liam"]
    assert records["norm_given"].tolist() == ["K.", "Liam"]
    assert records["norm_name"].tolist() == ["K. Vasrovbripol", "Liam"]


def test_a_record_known_only_by_its_address_is_compared_under_the_name_it_spells():
    records = _normalized([{"full_name": "john.doe@company.com", "emails": [(None, "john.doe@company.com")]}])
    assert records["norm_name_key"].tolist() == ["john doe"]
    assert records["norm_name"].tolist() == [None]  # it shows no name it was not given


def test_of_a_name_and_its_handle_one_slip_apart_the_spelling_more_records_write_is_compared():
    name_slipped = {"full_name": "Ltam Ashlorensel", "emails": [("home", "liamashlorensel3230@gmail.com")]}
    handle_slipped = {"full_name": "Ethan Carr", "emails": [("home", "ethn.carr@acme.com")]}
    others = [{"full_name": "Liam Chen"}, {"full_name": "Ethan Park"}]
    records = _normalized([name_slipped, handle_slipped, *others])
    assert records["norm_name_key"].tolist()[:2] == ["liam ashlorensel", "ethan carr"]
    assert records["norm_given"].tolist()[:2] == ["Ltam", "Ethan"]
    # alone, no other record says which of the two holds the slip: the name stays as written
    assert _normalized([name_slipped])["norm_name_key"].tolist() == ["ltam ashlorensel"]
    # a tie (the one record against another that writes "Liam"): the handle, mostly copied, wins
    together = _normalized([name_slipped, {"full_name": "Liam Ashlorensel"}])
    assert together["norm_name_key"].tolist() == ["liam ashlorensel"] * 2
