"""Comparison: for every candidate pair, one level per comparison (vectorized with rapidfuzz).

Levels count from 0 (the strongest agreement) up to the last one (disagreement); -1 means a
value is missing on either side: unknown, which weighs nothing either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio, token_sort_ratio

MISSING = -1


@dataclass(frozen=True)
class Comparison:
    """One piece of evidence: a name, the labels of its levels, and how to compute them."""

    name: str
    levels: tuple[str, ...]
    compute: Callable[[pd.DataFrame, np.ndarray, np.ndarray], np.ndarray]
    tf_column: str | None = None  # exact agreement on a rare value weighs more (level 0)


def _strings(records: pd.DataFrame, column: str) -> np.ndarray:
    return records[column].to_numpy(dtype=object)


def _present(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Both sides have a value (normalized columns hold None, never NaN, for a missing one)."""
    return np.not_equal(a, None) & np.not_equal(b, None)


def _pairwise(scorer: Callable[..., float], left: np.ndarray, right: np.ndarray) -> np.ndarray:
    if len(left) == 0:
        return np.empty(0)
    return process.cpdist(list(left), list(right), scorer=scorer, workers=-1)


def _string_levels(
    records: pd.DataFrame, left: np.ndarray, right: np.ndarray, column: str, thresholds: Sequence[float]
) -> np.ndarray:
    """0 exact, then one level per Jaro-Winkler threshold, then disagreement."""
    values = _strings(records, column)
    a, b = values[left], values[right]
    present = _present(a, b)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    exact = present & (a == b)
    levels[present] = len(thresholds) + 1
    fuzzy = present & ~exact
    if fuzzy.any():
        similarity = _pairwise(JaroWinkler.normalized_similarity, a[fuzzy], b[fuzzy])
        fuzzy_levels = np.full(len(similarity), len(thresholds) + 1, dtype=np.int8)
        for number, threshold in reversed(list(enumerate(thresholds, start=1))):
            fuzzy_levels[similarity >= threshold] = number
        levels[fuzzy] = fuzzy_levels
    levels[exact] = 0
    return levels


def _codes(records: pd.DataFrame, column: str, width: int = 3) -> np.ndarray:
    """The first ``width`` values of a multi-valued column as integer codes, -1 for none."""
    values = records[column]
    exploded = values.explode()
    codes, _ = pd.factorize(exploded)
    frame = pd.DataFrame({"row": exploded.index, "code": codes})
    frame = frame[frame["code"] >= 0]
    frame["slot"] = frame.groupby("row").cumcount()
    frame = frame[frame["slot"] < width]
    table = np.full((len(records), width), -1, dtype=np.int64)
    positions = records.index.get_indexer(frame["row"])
    table[positions, frame["slot"].to_numpy()] = frame["code"].to_numpy()
    return table


def _shared_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray, column: str) -> np.ndarray:
    """0 when the records share any value, 1 when both have values but share none."""
    table = _codes(records, column)
    a, b = table[left], table[right]
    has_a, has_b = a[:, 0] >= 0, b[:, 0] >= 0
    shared = np.zeros(len(left), dtype=bool)
    for i in range(a.shape[1]):
        for j in range(b.shape[1]):
            shared |= (a[:, i] == b[:, j]) & (a[:, i] >= 0)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    levels[has_a & has_b] = 1
    levels[shared] = 0
    return levels


def given_name_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """exact, same formal name (Bob = Robert), JW >= .92, JW >= .80, initial only, different."""
    levels = _string_levels(records, left, right, "norm_given_key", (0.92, 0.80))
    levels[levels == 3] = 5
    levels[levels == 2] = 3
    levels[levels == 1] = 2
    canonical = _strings(records, "norm_given_canonical")
    same_formal = (levels > 0) & pd.notna(canonical[left]) & (canonical[left] == canonical[right])
    levels[same_formal] = 1
    unmatched = np.flatnonzero(levels >= 3)
    if len(unmatched):  # "J" against "John": an initial agrees, weakly
        given = records["norm_given_key"].fillna("")
        first = given.str[:1].to_numpy(dtype=object)
        initial = (given.str.len() == 1).to_numpy()
        a, b = left[unmatched], right[unmatched]
        agree = (initial[a] | initial[b]) & (first[a] == first[b])
        levels[unmatched[agree]] = 4
    return levels


def family_name_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """exact, JW >= .92, JW >= .80, different."""
    return _string_levels(records, left, right, "norm_family_key", (0.92, 0.80))


def _swap_names(records: pd.DataFrame, left: np.ndarray, right: np.ndarray, features: pd.DataFrame) -> None:
    """Given and family names entered the other way round: where comparing them crosswise agrees
    better than comparing them straight, the crosswise levels count."""
    poor = np.flatnonzero((features["given name"].to_numpy() >= 2) | (features["family name"].to_numpy() >= 1))
    if len(poor) == 0:
        return
    columns = ["norm_given_key", "norm_family_key", "norm_given_canonical"]
    swapped = pd.DataFrame(
        {
            "norm_given_key": records["norm_family_key"],
            "norm_family_key": records["norm_given_key"],
            "norm_given_canonical": records["norm_family_key"],
        }
    )
    # rows n..2n-1 hold every record with its names exchanged
    both = pd.concat([records[columns], swapped[columns]], ignore_index=True)
    a, b = left[poor], right[poor] + len(records)
    given_cross, family_cross = given_name_levels(both, a, b), family_name_levels(both, a, b)
    straight = features["given name"].to_numpy()[poor].astype(int) + features["family name"].to_numpy()[poor]
    better = (given_cross >= 0) & (family_cross >= 0) & (given_cross <= 2) & (family_cross <= 1)
    better &= given_cross.astype(int) + family_cross < straight
    rows = features.index[poor[better]]
    features.loc[rows, "given name"] = given_cross[better]
    features.loc[rows, "family name"] = family_cross[better]


def _exact_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray, column: str) -> np.ndarray:
    values = _strings(records, column)
    a, b = values[left], values[right]
    present = _present(a, b)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    levels[present] = 1
    levels[present & (a == b)] = 0
    return levels


def organization_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """same company, similar company (or one's e-mail domain names the other's company), different."""
    org = _strings(records, "norm_org_key")
    hint = _strings(records, "norm_company_hint")
    levels = np.full(len(left), MISSING, dtype=np.int8)
    a, b = org[left], org[right]
    present = _present(a, b)
    levels[present] = 2
    if present.any():
        similarity = _pairwise(token_set_ratio, a[present], b[present])
        levels[np.flatnonzero(present)[similarity >= 90]] = 1
    levels[present & (a == b)] = 0
    squash = np.vectorize(lambda v: v.replace(" ", "") if isinstance(v, str) else None, otypes=[object])
    org_squashed = squash(org)
    hint_match = (pd.notna(hint[left]) & (hint[left] == org_squashed[right])) | (
        pd.notna(hint[right]) & (hint[right] == org_squashed[left])
    )
    hint_match |= pd.notna(hint[left]) & (hint[left] == hint[right])
    levels[(levels != 0) & hint_match] = 1
    return levels


def street_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """same, same words in another order or nearly so (address lines swapped, a typo), different."""
    values = _strings(records, "norm_street")
    a, b = values[left], values[right]
    present = _present(a, b)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    levels[present] = 2
    if present.any():
        reordered = _pairwise(token_sort_ratio, a[present], b[present]) >= 95
        similar = _pairwise(JaroWinkler.normalized_similarity, a[present], b[present]) >= 0.9
        levels[np.flatnonzero(present)[reordered | similar]] = 1
    levels[present & (a == b)] = 0
    return levels


def postcode_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """exact, one character off, different."""
    values = _strings(records, "norm_postcode")
    a, b = values[left], values[right]
    present = _present(a, b)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    levels[present] = 2
    if present.any():
        distance = _pairwise(Levenshtein.distance, a[present], b[present])
        levels[np.flatnonzero(present)[distance <= 1]] = 1
    levels[present & (a == b)] = 0
    return levels


def birthday_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """exact, day and month transposed, one digit off, same year, different."""
    values = _strings(records, "birthday")
    a, b = values[left], values[right]
    present = _present(a, b)
    levels = np.full(len(left), MISSING, dtype=np.int8)
    levels[present] = 4
    for k in np.flatnonzero(present):
        x, y = a[k], b[k]
        if x == y:
            levels[k] = 0
        elif x[-5:-3] == y[-2:] and x[-2:] == y[-5:-3] and x[:-5] == y[:-5]:
            levels[k] = 1
        elif len(x) == len(y) and sum(p != q for p, q in zip(x, y)) == 1:
            levels[k] = 2
        elif not x.startswith("--") and x[:4] == y[:4]:
            levels[k] = 3
    return levels


def _column_levels(
    kind: str, column: str, *args: float
) -> Callable[[pd.DataFrame, np.ndarray, np.ndarray], np.ndarray]:
    def compute(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        if kind == "shared":
            return _shared_levels(records, left, right, column)
        if kind == "exact":
            return _exact_levels(records, left, right, column)
        return _string_levels(records, left, right, column, args)

    return compute


DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "given name",
        ("exact", "same formal name", "similar", "somewhat similar", "initial", "different"),
        given_name_levels,
        tf_column="norm_given_key",
    ),
    Comparison(
        "family name",
        ("exact", "similar", "somewhat similar", "different"),
        family_name_levels,
        tf_column="norm_family_key",
    ),
    Comparison("e-mail", ("shared", "different"), _column_levels("shared", "norm_email_keys")),
    Comparison("phone", ("shared", "different"), _column_levels("shared", "norm_phones")),
    Comparison("LinkedIn profile", ("same", "different"), _column_levels("exact", "norm_linkedin_slug")),
    Comparison("organization", ("same", "similar", "different"), organization_levels),
    Comparison("title", ("same", "similar", "different"), _column_levels("string", "norm_title_key", 0.9)),
    Comparison("street", ("same", "similar", "different"), street_levels),
    Comparison("postcode", ("same", "one character off", "different"), postcode_levels),
    Comparison("city", ("same", "similar", "different"), _column_levels("string", "norm_city", 0.9)),
    Comparison(
        "birthday", ("same", "day and month swapped", "one digit off", "same year", "different"), birthday_levels
    ),
)


def compare(
    records: pd.DataFrame, pairs: pd.DataFrame, comparisons: Sequence[Comparison] = DEFAULT_COMPARISONS
) -> pd.DataFrame:
    """One int8 level column per comparison for each pair (``left``/``right`` row positions).

    Given and family names that were swapped are compared crosswise.
    """
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    features = pd.DataFrame({c.name: c.compute(records, left, right) for c in comparisons}, index=pairs.index)
    if "given name" in features and "family name" in features:
        _swap_names(records, left, right, features)
    return features
