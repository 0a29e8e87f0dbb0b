from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from connectors.errors import InputError
from connectors.schema import records_from_rows
from pipeline.block import block
from pipeline.compare import compare
from pipeline.normalize import normalize
from pipeline.score import MatchSettings, Rarity, contributions, estimate, probability, score, settings_to_toml


def _normalized(rows):
    return normalize(records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv"), region="US")


def test_default_weights_are_documented_and_point_the_right_way():
    settings = MatchSettings.from_toml()
    for name in settings.m:
        weights = settings.weights(name)
        # evidence for at one end, against at the other; or none until estimated (the file)
        assert weights[0] > 0 > weights[-1] or not weights.any(), name
    assert settings.merge > settings.review > settings.cannot_link


def test_agreeing_on_a_rare_family_name_weighs_more_than_on_a_common_one():
    rows = [{"full_name": f"{g} Smith"} for g in ("Ann", "Bea", "Cy", "Dee", "Eve", "Flo")] * 3
    rows += [{"full_name": "Ann Kowalczyk"}, {"full_name": "Ann Kowalczyk"}]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 18], "right": [6, 19]})  # Ann Smith twice; Ann Kowalczyk twice
    scored = score(records, pairs, compare(records, pairs), MatchSettings.from_toml())
    common, rare = scored["weight"]
    assert rare > common


def test_a_name_is_as_rare_as_the_other_records_that_hold_it():
    # Kowalczyk: only the pair's own two records; Nowak: the pair and one more record
    rows = [{"full_name": n} for n in ("Ann Kowalczyk", "Ann Kowalczyk", "Ann Nowak", "Ann Nowak", "Bo Nowak")]
    rows += [{"full_name": f"Cy {f}"} for f in ("Lind", "Park", "Ruiz", "Sato", "Tam", "Vance")]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 2], "right": [1, 3]})
    kowalczyk, nowak = contributions(records, pairs, compare(records, pairs), MatchSettings.from_toml())["name"]
    # one other record holds Nowak; none holds Kowalczyk, which counts as 2·F2/F1 other records
    # (Good–Turing: one family name is held twice, six once): 1/3, so log2(3) bits rarer
    assert kowalczyk - nowak == pytest.approx(np.log2(3), abs=1e-5)


def test_a_persons_other_records_do_not_make_their_name_common():
    # Kowalczyk: one person's three records; Nowak: the pair and nobody else
    rows = [{"full_name": n} for n in ["Ann Kowalczyk"] * 3 + ["Ann Nowak"] * 2]
    rows += [{"full_name": f"Cy {f}"} for f in ("Lind", "Park", "Ruiz", "Sato", "Tam", "Vance")]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 3], "right": [1, 4]})
    features = compare(records, pairs)
    settings = MatchSettings.from_toml()
    kowalczyk, nowak = contributions(records, pairs, features, settings)["name"]
    assert kowalczyk < nowak  # counted in records, the third Kowalczyk record looks like a namesake
    # counted in the people of a first clustering, both names are one person's
    people = np.array([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7])
    kowalczyk, nowak = contributions(records, pairs, features, settings, Rarity(records, people))["name"]
    assert kowalczyk == pytest.approx(nowak)


def test_a_pair_left_apart_by_the_first_clustering_is_weighed_as_one_person():
    rows = [{"full_name": n} for n in ["Ann Kowalczyk"] * 3 + ["Bo Nowak"] * 2]
    rows += [{"full_name": f"Cy {f}"} for f in ("Lind", "Park", "Ruiz", "Sato", "Tam", "Vance")]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 3], "right": [1, 4]})
    # Kowalczyk's pair is one person and a third record another; Nowak's two records were left apart
    people = np.array([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    features = compare(records, pairs)
    kowalczyk, nowak = contributions(records, pairs, features, MatchSettings.from_toml(), Rarity(records, people))[
        "name"
    ]
    # one other person holds Kowalczyk; if Nowak's two are one person, nobody else holds Nowak,
    # which counts as 2·F2/F1 = 2·2/6 of a person (Good–Turing): log2(1.5) bits rarer
    assert nowak - kowalczyk == pytest.approx(np.log2(1.5), abs=1e-5)


def test_a_jr_s_namesake_father_does_not_make_the_son_s_name_common():
    others = [{"full_name": f"Cy {f}"} for f in ("Lind", "Park", "Ruiz", "Sato", "Tam", "Vance")]
    sons = [{"full_name": "Tom Okafor Jr."}] * 2
    pairs = pd.DataFrame({"left": [0], "right": [1]})
    settings = MatchSettings.from_toml()

    def weight(third: str) -> float:
        records = _normalized([*sons, {"full_name": third}, *others])
        return float(contributions(records, pairs, compare(records, pairs), settings)["name"].iloc[0])

    # for two Jr. records, a Tom Okafor Sr. is no namesake who might be the son; a third
    # Tom Okafor Jr., or a Tom Okafor with no generation (who may be either), is
    assert weight("Tom Okafor Sr.") > weight("Tom Okafor") + 1
    assert weight("Tom Okafor Jr.") == pytest.approx(weight("Tom Okafor"))


def test_one_persons_several_records_do_not_make_a_rare_name_common():
    given = ("Ann", "Bo", "Cy", "Dee")
    people = [f"{g} {f}" for f in ("Smith", "Lee") for g in given * 2]  # 16 people of 2 family names
    rare_families = ("Oduya", "Lind", "Park", "Vance", "Quill", "Ruiz", "Sato", "Tam")
    people += [f"{g} {f}" for g, f in zip(given * 2, rare_families)]
    records = _normalized([{"full_name": name} for name in people for _ in range(2)])  # everyone listed twice
    pairs = pd.DataFrame({"left": [0, 32], "right": [1, 33]})  # Ann Smith's two records; Ann Oduya's two
    settings = MatchSettings.from_toml()
    level = settings.weights("name")[0]
    common, rare = contributions(records, pairs, compare(records, pairs), settings)["name"]
    # counted as whole names, "Ann Smith" is barely commoner than "Ann Oduya"; counted by parts,
    # eight people are called Smith and one is called Oduya
    assert rare > level + 1 > level > common


def test_a_nickname_of_a_common_given_name_weighs_less_than_one_of_a_rare_one():
    families = ("Oduya", "Lind", "Park", "Vance", "Quill", "Ruiz", "Sato", "Tam", "Ng", "Roy")
    rows = [{"given_name": "William", "family_name": f} for f in families]  # William is common here
    rows += [{"given_name": g, "family_name": "Blom"} for g in ("Bill", "William")]
    rows += [{"given_name": g, "family_name": "Kerr"} for g in ("Ted", "Theodore")]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [10, 12], "right": [11, 13]})
    features = compare(records, pairs)
    assert features["name"].tolist() == [1, 1]  # same family, same formal given
    william, theodore = contributions(records, pairs, features, MatchSettings.from_toml())["name"]
    assert theodore > william + 2


def test_a_name_agreeing_crosswise_is_as_common_as_the_name_itself():
    rows = [{"given_name": "William", "family_name": "Chen"}] * 4 + [{"given_name": "Chen", "family_name": "William"}]
    rows += [{"given_name": g, "family_name": f} for g, f in (("Ann", "Park"), ("Bo", "Lind"), ("Cy", "Oduya"))]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 4], "right": [1, 0]})  # written alike; the swapped spelling against it
    features = compare(records, pairs)
    assert features["name"].tolist() == [0, 0]
    alike, swapped = score(records, pairs, features, MatchSettings.from_toml())["weight"]
    # the rare swapped spelling does not make it a rare name: it is as common as William Chen,
    # whom three records besides the swapped one's partner hold (two besides the alike pair),
    # in the given and in the family column
    assert swapped == pytest.approx(alike - 2 * np.log2(3 / 2), abs=1e-4)


def test_decisions_follow_the_thresholds():
    records = _normalized(
        [
            {"full_name": "Lena Park", "emails": [(None, "lena@x.com")], "phones": [(None, "206 555 0100")]},
            {"full_name": "Lena Park", "emails": [(None, "lena@x.com")], "phones": [(None, "(206) 555-0100")]},
            {"full_name": "Omar Haddad", "emails": [(None, "omar@y.com")]},
        ]
    )
    pairs = pd.DataFrame({"left": [0, 0], "right": [1, 2]})
    scored = score(records, pairs, compare(records, pairs), MatchSettings.from_toml())
    assert scored["decision"].tolist() == ["match", "non-match"]
    assert probability(scored["weight"].to_numpy())[0] > 0.99


def _population(n_people: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n_people):
        given = rng.choice(["Ana", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo"])
        family = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)).capitalize()
        phone = f"+1206{rng.randint(2000000, 9999999)}"
        for copy in range(rng.choice([1, 2, 2, 3])):
            typo = family if copy == 0 or rng.random() < 0.7 else family[:-1]
            rows.append(
                {
                    "given_name": given,
                    "family_name": typo,
                    "phones": [(None, phone)] if rng.random() < 0.6 else [],
                    "extra": {"person": str(i)},
                }
            )
    return _normalized(rows)


def test_estimation_learns_sane_weights_and_a_minority_of_matches():
    records = _population(1200)
    pairs = block(records)
    features = compare(records, pairs)
    estimated = estimate(records, pairs, features, MatchSettings.from_toml())
    assert 0 < estimated.prior < 0.5
    assert estimated.weights("name")[0] > 0 > estimated.weights("name")[-1]
    assert estimated.weights("phone")[0] > 5
    truth = (
        records["extra"].map(lambda e: e["person"]).to_numpy()[pairs["left"]]
        == records["extra"].map(lambda e: e["person"]).to_numpy()[pairs["right"]]
    )
    # the prior is the share of matches among all pairs: among the candidates, less what blocking left out
    all_pairs = len(records) * (len(records) - 1) / 2
    assert estimated.prior * all_pairs == pytest.approx(truth.sum(), rel=0.15)


def test_estimated_u_is_among_random_pairs_and_exact_for_a_same_name():
    records = _population(1200)
    pairs = block(records)
    estimated = estimate(records, pairs, compare(records, pairs), MatchSettings.from_toml())

    def agreeing(column):  # the chance that two different random records agree on the column
        counts = records[column].value_counts()
        return (counts * (counts - 1)).sum() / (counts.sum() * (counts.sum() - 1))

    # two random records share a name as often as they share a given name times a family name
    assert estimated.u["name"][0] == pytest.approx(agreeing("norm_given_key") * agreeing("norm_family_key"), rel=0.01)
    # random pairs almost never share a phone number; candidate pairs often do
    assert estimated.u["phone"][0] < 0.001


def test_small_data_keeps_the_defaults():
    records = _population(20)
    pairs = block(records)
    defaults = MatchSettings.from_toml()
    assert estimate(records, pairs, compare(records, pairs), defaults) == defaults


def test_small_data_keeps_the_default_weights_with_a_prior_of_one_in_as_many_records():
    records = _population(250)
    assert 200 < len(records) < 1000
    pairs = block(records)
    defaults = MatchSettings.from_toml()
    kept = estimate(records, pairs, compare(records, pairs), defaults)
    assert (kept.m, kept.u) == (defaults.m, defaults.u)
    assert kept.prior == pytest.approx(1 / (len(records) - 1))


def test_weights_round_trip_through_toml(tmp_path):
    defaults = MatchSettings.from_toml()
    # u carried over from the candidates to all pairs is tiny at a hundred thousand records
    settings = replace(defaults, u={**defaults.u, "e-mail": (1.9e-10, 3e-10, 0.9999)})
    path = tmp_path / "weights.toml"
    path.write_text(settings_to_toml(settings))
    again = MatchSettings.from_toml(path)
    assert again.merge == settings.merge
    for name in settings.m:
        assert np.allclose(again.m[name], settings.m[name]) and np.allclose(again.u[name], settings.u[name])
        assert np.allclose(again.weights(name), settings.weights(name)), name
    assert settings.weights("e-mail")[0] == pytest.approx(np.log2(0.6 / 1.9e-10))


def test_unreadable_weights_file_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[levels\n")
    with pytest.raises(InputError, match="bad.toml: cannot read match weights"):
        MatchSettings.from_toml(path)


def test_u_of_a_level_within_a_family_is_measured_among_records_of_that_family():
    from pipeline.compare import Coded
    from pipeline.score import _random_u

    # 2,000 families of four: Ann, A., Bob and Cy. Of the six pairs within a family, one is
    # "same family, initial" (Ann and A.); 20,000 random pairs would hold about one such pair
    families = 2000
    rows = [
        {"given_name": g, "family_name": f"Fam{i:04d}ly"} for i in range(families) for g in ("Ann", "A.", "Bob", "Cy")
    ]
    records = _normalized(rows)
    u = _random_u(Coded(records), MatchSettings.from_toml(), 20_000, np.random.default_rng(0)).u["name"]
    same_family = families * 4 * 3 / (families * 4 * (families * 4 - 1))
    assert u[4] == pytest.approx(same_family / 6, rel=0.05)


def test_estimation_gives_the_same_weights_in_every_run():
    # random pairs are drawn from a seeded generator; nothing may depend on the order of a set,
    # which changes from one Python process to the next (string hashing is salted per process)
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    program = (
        "import json; from tests.test_score import _population; from pipeline.block import block; "
        "from pipeline.compare import compare; from pipeline.score import MatchSettings, estimate; "
        "r = _population(1200); p = block(r); "
        "print(json.dumps(estimate(r, p, compare(r, p), MatchSettings.from_toml()).to_dict()))"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", program],
                cwd=Path(__file__).parents[1],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]


def test_an_initial_is_not_rare_wherever_it_stands():
    # "Smith J." and "Smith K." entered family first: the initials land in the family column,
    # where letters are rare; two records hold J., four hold K.
    rows = [{"given_name": "Smith", "family_name": f} for f in ("J.", "J.", "K.", "K.", "K.", "K.")]
    rows += [{"given_name": "Gus", "family_name": f} for f in ("Lind", "Park", "Ruiz", "Sato", "Tam", "Vance")]
    records = _normalized(rows)
    pairs = pd.DataFrame({"left": [0, 2], "right": [1, 3]})
    features = compare(records, pairs)
    assert features["name"].tolist() == [0, 0]
    j, k = contributions(records, pairs, features, MatchSettings.from_toml())["name"]
    assert j == pytest.approx(k)  # a letter says nothing about how rare the name is


def test_u_counts_random_pairs_as_much_as_they_are_two_people():
    # 400 people of four records each, every person born on a day no one else was: strangers
    # never share a birthday, yet one random pair in about 530 is one person's two records
    rng = random.Random(5)
    rows = []
    for i in range(400):
        family = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)).capitalize()
        born = (pd.Timestamp("1950-01-01") + pd.Timedelta(days=37 * i)).date().isoformat()
        given = rng.choice(["Ana", "Ben", "Cara", "Dev"])
        rows += [{"given_name": given, "family_name": family, "birthday": born}] * 4
    records = _normalized(rows)
    pairs = block(records)
    estimated = estimate(records, pairs, compare(records, pairs), MatchSettings.from_toml())
    one_person = 400 * 6 / (1600 * 1599 / 2)
    assert estimated.u["birthday"][0] < one_person / 10


def test_a_persons_own_records_do_not_make_a_name_level_common_among_strangers():
    # 400 people of four records each, two with the given name and two with its initial, all
    # four with the person's number, and no two people share a family name: strangers are never
    # "same family, initial", though one random pair in about 800 is
    rng = random.Random(6)
    rows = []
    for i in range(400):
        family = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)).capitalize()
        given, phone = rng.choice(["Ana", "Ben", "Cara", "Dev"]), f"+1206555{i:04d}"
        for name in (given, given, given[0] + ".", given[0] + "."):
            rows.append({"given_name": name, "family_name": family, "phones": [("cell", phone)]})
    records = _normalized(rows)
    pairs = block(records)
    estimated = estimate(records, pairs, compare(records, pairs), MatchSettings.from_toml())
    same_family = 400 * 4 * 3 / (1600 * 1599)
    initial = MatchSettings.from_toml().comparisons[0].levels.index("same family, initial")
    assert estimated.u["name"][initial] < same_family * (4 / 6) / 10
