from __future__ import annotations

import pandas as pd

from connectors.schema import records_from_rows
from pipeline.block import DEFAULT_RULES, BlockingRule, block
from pipeline.normalize import normalize


def _records(rows):
    return normalize(records_from_rows(rows, source_kind="csv", source_name="t", source_file="t.csv"), region="US")


def _pairs(records, rules=DEFAULT_RULES):
    found = block(records, rules)
    names = records["full_name"].tolist()
    return {tuple(sorted((names[a], names[b]))) for a, b in zip(found["left"], found["right"])}


def test_shared_email_phone_and_name_variants_become_candidates():
    records = _records(
        [
            {"full_name": "Robert Chen", "emails": [(None, "bob@chensauto.com")]},
            {"full_name": "BOB CHEN", "emails": [(None, "Bob@ChensAuto.com")]},
            {"full_name": "Ana Souza", "phones": [(None, "+1 206 555 0100")]},
            {"full_name": "A. Souza", "phones": [(None, "(206) 555-0100")]},
            {"full_name": "Kenji Watanabe"},
        ]
    )
    pairs = _pairs(records)
    assert ("BOB CHEN", "Robert Chen") in pairs
    assert ("A. Souza", "Ana Souza") in pairs


def test_a_rule_only_pairs_records_that_agree_on_every_part():
    records = _records([{"full_name": "Ana Souza"}, {"full_name": "Ana Silva"}, {"full_name": "Ana Souza"}])
    rule = BlockingRule("family", ("norm_family_key",))
    found = block(records, [rule])
    assert found[["left", "right"]].values.tolist() == [[0, 2]]
    assert found["rule"].tolist() == ["family"]


def test_big_blocks_are_capped_to_near_neighbours():
    rows = [{"full_name": f"Person{i:03d} Smith", "phones": [(None, "+1 206 555 0100")]} for i in range(200)]
    records = _records(rows)
    rule = BlockingRule("switchboard", ("norm_phones",), cap=5)
    found = block(records, [rule])
    assert len(found) == 4 * 199 - (4 * 3) // 2  # each record meets its next 4 by name, not all 19,900 pairs
    assert (found["left"] < found["right"]).all()


def test_sorted_neighbourhood_catches_names_no_key_shares():
    records = _records([{"full_name": "Katherine Zeta"}, {"full_name": "Katherine Zetta"}, {"full_name": "Ahmed Omar"}])
    rule = BlockingRule("neighbours", ("norm_name_key",), window=1)
    assert _pairs(records, [rule]) == {("Ahmed Omar", "Katherine Zeta"), ("Katherine Zeta", "Katherine Zetta")}


def test_names_entered_the_other_way_round_become_candidates():
    records = _records(
        [
            {"given_name": "Rovskuo", "family_name": "Sellinhallin"},
            {"given_name": "Sellinhallin", "family_name": "R."},  # swapped, and only an initial
            {"given_name": "Rovskuo", "family_name": "Petrov"},
        ]
    )
    rules = [rule for rule in DEFAULT_RULES if rule.on == ("norm_sound_initials",)]
    assert block(records, rules)[["left", "right"]].values.tolist() == [[0, 1]]


def test_records_sharing_nothing_give_no_pairs():
    records = _records([{"organization": "Acme"}, {"organization": "Globex"}])
    found = block(records)
    assert isinstance(found, pd.DataFrame) and found.empty


def test_colleagues_names_written_either_way_round_share_their_initials():
    records = _records(
        [
            {"given_name": "Sofia", "family_name": "Khan", "organization": "Trywicka Systems"},
            {"given_name": "Khan", "family_name": "Sofia", "organization": "Trywicka Systems, Inc"},
            {"given_name": "Sofia", "family_name": "Lund", "organization": "Trywicka Systems"},
            {"given_name": "Sofia", "family_name": "Khan", "organization": "Globex"},
        ]
    )
    rules = [rule for rule in DEFAULT_RULES if rule.name == "organization + both initials"]
    assert block(records, rules)[["left", "right"]].values.tolist() == [[0, 1]]
