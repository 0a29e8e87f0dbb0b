from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.cluster import cluster


def _matches(*pairs):
    return pd.DataFrame(pairs, columns=["left", "right", "weight"])


def test_connected_components_over_accepted_pairs():
    numbers = cluster(5, _matches((0, 1, 10.0), (1, 2, 9.0), (3, 4, 8.0)))
    assert numbers[0] == numbers[1] == numbers[2]
    assert numbers[3] == numbers[4] != numbers[0]


def test_a_weak_chain_cannot_glue_two_cannot_link_records_together():
    # 0 and 2 are different people (say, two LinkedIn profiles); 1 resembles both
    matches = _matches((0, 1, 20.0), (1, 2, 7.0))
    numbers = cluster(3, matches, cannot_link=[(0, 2)])
    assert numbers[0] == numbers[1]
    assert numbers[2] != numbers[0]


def test_stronger_pairs_win_the_contested_record():
    matches = _matches((1, 2, 7.0), (0, 1, 20.0))
    numbers = cluster(3, matches, cannot_link=[(0, 2)])
    assert numbers[0] == numbers[1] != numbers[2]


def test_every_record_gets_a_cluster():
    numbers = cluster(4, _matches())
    assert sorted(numbers.tolist()) == [0, 1, 2, 3]


def test_manual_decisions_win_over_scores():
    matches = _matches((0, 1, 20.0), (2, 3, 9.0))
    numbers = cluster(5, matches, must_link=[(3, 4)], never_link=[(0, 1)])
    assert numbers[0] != numbers[1]  # "different" beats the strongest score
    assert numbers[2] == numbers[3] == numbers[4]  # "same" joins what no score did


def test_a_manual_same_survives_a_cannot_link_between_the_two():
    numbers = cluster(2, _matches(), cannot_link=[(0, 1)], must_link=[(0, 1)])
    assert numbers[0] == numbers[1]


def test_contested_and_untouched_components_side_by_side():
    # 0-1-2 hold a cannot-link inside; 3-4-5 only one to a record of another component
    matches = _matches((0, 1, 20.0), (1, 2, 7.0), (3, 4, 9.0), (4, 5, 8.0))
    numbers = cluster(7, matches, cannot_link=np.array([[0, 2], [5, 6], [3, 0]]))
    assert numbers[0] == numbers[1] != numbers[2]
    assert numbers[3] == numbers[4] == numbers[5]
    assert len(set(numbers.tolist())) == 4
    assert sorted(set(numbers.tolist())) == [0, 1, 2, 3]
