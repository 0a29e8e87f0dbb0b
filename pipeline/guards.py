"""Guards: evidence that two records are certainly different people (cannot-link)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from pipeline.categorize import names_no_one
from pipeline.compare import Coded, could_be_one_given, letters_shuffled, name_keys, with_year
from pipeline.normalize.text import word_key
from pipeline.score import MatchSettings

# name levels (see compare.NAME_LEVELS) that say the given names are clearly different
DIFFERENT_GIVEN = (10, 12)
REASONS = (
    "different LinkedIn profiles",
    "two connections in one LinkedIn export",
    "different generations (Jr./Sr., II/III)",
    "shared phone or e-mail but clearly different given names",
    "strong evidence against",
)


def _clearly_different(
    records: pd.DataFrame, left: np.ndarray, right: np.ndarray, pairs: np.ndarray, same_day: np.ndarray
) -> np.ndarray:
    """Per pair, whether the given names cannot be one person's, as written or swapped with the
    family names (a name entered family first); only ``pairs`` are looked at. Names that are not
    split into given and family (most Chinese, Japanese and Korean names), and that the name
    comparison found different as a whole, are clearly different too. Of two records born on
    the ``same_day``, names made of the same letters shuffled are not (see ``letters_shuffled``)."""
    given, family = name_keys(records)
    middle, shown = records["norm_middle"].to_numpy(), records["norm_name"].to_numpy()
    found = np.zeros(len(left), dtype=bool)
    for k in np.flatnonzero(pairs).tolist():
        a, b = int(left[k]), int(right[k])
        if not (given[a] or family[a] or given[b] or family[b]):
            found[k] = True
            continue
        if names_no_one(shown[a]) or names_no_one(shown[b]):
            continue
        swapped = could_be_one_given(family[a], given[b]) and could_be_one_given(given[a], family[b])
        shuffled = same_day[k] and letters_shuffled(given[a], family[a], given[b], family[b])
        # many go by their middle name: "F. Scott Fitzgerald" is Scott, "John Robert Smith" may be Robert
        by_middle = any(could_be_one_given(word, given[b]) for word in _words(middle[a])) or any(
            could_be_one_given(given[a], word) for word in _words(middle[b])
        )
        found[k] = not could_be_one_given(given[a], given[b]) and not swapped and not shuffled and not by_middle
    return found


@lru_cache(maxsize=65536)
def _words(name: str | None) -> tuple[str, ...]:
    """The keys of the words of a name part, as ``name_keys`` gives given names (no dots)."""
    return tuple((word_key(name) or "").split())


def _held_apart(codes: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Positions of the pairs whose two records both hold a value and hold different ones: few
    records hold a generation or a connection date, so pairs are gathered only where both do."""
    held = codes >= 0
    both = np.flatnonzero(held[left] & held[right])
    return both[codes[left[both]] != codes[right[both]]]


def standing_reasons(records: pd.DataFrame, pairs: pd.DataFrame, features: pd.DataFrame) -> np.ndarray:
    """Per pair, the number of the first reason in ``REASONS`` that the records themselves give
    (all but strong evidence, which depends on the weights), -1 for none."""
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    coded = Coded(records)
    phone = features["phone"].to_numpy()
    personal = (phone == 0) | (features["e-mail"].to_numpy() == 0)
    household = phone == 1
    # on a person's own number or address, given names that differ are proof of another person
    # only when no nickname, typo, initial or swap explains them; on a household's number their
    # difference is proof, as for relatives
    different_given = np.isin(features["name"].to_numpy(), DIFFERENT_GIVEN)
    born = records["birthday"].to_numpy()
    same_day = features["birthday"].to_numpy() == 0
    same_day[same_day] = [with_year(born[row]) for row in left[same_day].tolist()]
    clearly = _clearly_different(records, left, right, different_given & personal, same_day)
    # one LinkedIn export lists each connection once: two of its rows connected on different days
    # are two people, even when neither has a profile URL. Across exports the date is no proof
    # (a connection removed and made again gets a new one), and within one file two versions of
    # a connection (an older import of the same path) share theirs
    (connected,), _ = coded.codes("connected_on")
    (source_file,), _ = coded.codes("source_file")
    dated = _held_apart(connected, left, right)
    in_file = source_file[left[dated]]
    (generation,), _ = coded.codes("norm_generation")
    checks = (
        features["LinkedIn profile"].to_numpy() == 1,
        dated[(in_file >= 0) & (in_file == source_file[right[dated]])],  # gone from its file's latest import: in none
        _held_apart(generation, left, right),
        (personal & clearly) | (different_given & household & ~personal),
    )
    reason = np.full(len(pairs), -1, dtype=np.int8)
    for number, hit in reversed(list(enumerate(checks))):
        reason[hit] = number
    return reason


def cannot_link(
    records: pd.DataFrame,
    scored: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    standing: np.ndarray | None = None,
) -> np.ndarray:
    """Per scored pair, why it must never end up in one cluster: the number of its reason in
    ``REASONS``, -1 when nothing forbids it (an int8 a pair: there are millions of pairs).
    ``standing``: the pairs' ``standing_reasons``, when already worked out."""
    reason = standing_reasons(records, scored, features) if standing is None else standing.copy()
    # the evidence, not the odds: the prior of all pairs (-16 bits at 100,000 records) would
    # make every pair without evidence for it a cannot-link and cut clusters apart
    against = scored["weight"].to_numpy() - settings.prior_weight <= settings.cannot_link
    reason[against & (reason < 0)] = REASONS.index("strong evidence against")
    return reason
