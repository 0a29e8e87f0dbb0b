"""Comparison: for every candidate pair, one level per comparison (vectorized with rapidfuzz).

Levels count from 0 (the strongest agreement) up to the last one (disagreement); -1 means a
value is missing on either side: unknown, which weighs nothing either way.

Values are compared as integer codes: equality is one numpy operation, and a string similarity
is computed once per distinct pair of values in a slice of pairs (many candidate pairs share "john"
vs "jon"), with rapidfuzz's ``cpdist`` on all cores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio, token_sort_ratio

from pipeline.normalize.names import canonical_given, formal_names, given_forms, given_initials, one_slip

MISSING = -1


class Coded:
    """Normalized records as integer codes per column, computed once and shared by the comparisons."""

    def __init__(self, records: pd.DataFrame) -> None:
        self.records = records
        self._codes: dict[tuple[str, ...], tuple[list[np.ndarray], np.ndarray]] = {}
        self._tables: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._left_out: dict[str, frozenset[Any]] = {}

    def codes(self, *columns: str) -> tuple[list[np.ndarray], np.ndarray]:
        """Codes of one or more columns over one shared vocabulary (-1 = missing), and the vocabulary."""
        if columns not in self._codes:
            stacked = pd.concat([self.records[c].reset_index(drop=True) for c in columns], ignore_index=True)
            found, uniques = pd.factorize(stacked)
            codes = found.astype(np.int32)  # pairs index these by the million: half the memory of int64
            n = len(self.records)
            self._codes[columns] = (
                [codes[i * n : (i + 1) * n] for i in range(len(columns))],
                np.asarray(uniques, dtype=object),
            )
        return self._codes[columns]

    def table(self, column: str) -> np.ndarray:
        """The first values of a multi-valued column as codes, one row per record (see ``_multi_codes``)."""
        return self._table(column)[0]

    def table_values(self, column: str) -> np.ndarray:
        """The values the codes of ``table(column)`` number."""
        return self._table(column)[1]

    def _table(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        if column not in self._tables:
            table, values, self._left_out[column] = _multi_codes(self.records, column, self.initials)
            self._tables[column] = (table, values)
        return self._tables[column]

    def left_out(self, column: str) -> frozenset[Any]:
        """The values of a multi-valued column that many different names hold (see ``SHARED_BY_MANY``)."""
        self.table(column)
        return self._left_out[column]

    @cached_property
    def initials(self) -> np.ndarray:
        """A code per record for the initials of its formal given name and family name, in either
        order (-1 for no name): names that differ in these are clearly different people, while a
        typo, a nickname (Tony = Anthony) or a swap keeps them."""
        given = self.records["norm_given_canonical"].where(
            self.records["norm_given_canonical"].notna(), self.records["norm_given_key"]
        )
        keys = [
            "".join(sorted({(g or "")[:1], (f or "")[:1]})) or None
            for g, f in zip(given.tolist(), self.records["norm_family_key"].tolist())
        ]
        codes, _ = pd.factorize(pd.Series(keys, dtype=object))
        return codes

    @cached_property
    def hints(self) -> tuple[list[np.ndarray], np.ndarray]:
        """E-mail company hints and organization keys without spaces, over one vocabulary."""
        squashed = self.records["norm_org_key"].map(lambda v: v.replace(" ", "") if isinstance(v, str) else None)
        stacked = pd.concat(
            [self.records["norm_company_hint"].reset_index(drop=True), squashed.reset_index(drop=True)],
            ignore_index=True,
        )
        found, uniques = pd.factorize(stacked)
        codes = found.astype(np.int32)
        n = len(self.records)
        return [codes[:n], codes[n:]], np.asarray(uniques, dtype=object)

    @cached_property
    def formal(self) -> tuple[np.ndarray, np.ndarray]:
        """Per record, the formal name of its given part and of its family part read as a given
        name (for a name entered family first: "Kakatolber Danny" is Daniel), over one vocabulary."""
        family = self.records["norm_family_key"].reset_index(drop=True)
        as_given = family.map({key: canonical_given(key) for key in family.dropna().unique()})
        given = self.records["norm_given_canonical"].reset_index(drop=True)
        codes, _ = pd.factorize(pd.concat([given, as_given], ignore_index=True))
        return codes[: len(family)], codes[len(family) :]

    @cached_property
    def name_letters(self) -> tuple[np.ndarray, np.ndarray]:
        """Per word of the names vocabulary, its first letter as a code and whether it is an initial."""
        vocabulary = self.names[2]
        first, _ = pd.factorize(pd.Series([v[:1] for v in vocabulary], dtype=object))
        initial = np.fromiter((len(v) == 1 for v in vocabulary), dtype=bool, count=len(vocabulary))
        return first, initial

    @cached_property
    def compound(self) -> np.ndarray:
        """Per word of the names vocabulary, whether it is several words ("garcia lopez")."""
        return np.fromiter((" " in v for v in self.names[2]), dtype=bool, count=len(self.names[2]))

    @cached_property
    def names(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Given and family name codes over one vocabulary (so they can be compared crosswise)."""
        (given, family), vocabulary = self.codes("norm_given_key", "norm_family_key")
        return given, family, vocabulary


@dataclass(frozen=True)
class Comparison:
    """One piece of evidence: a name, the labels of its levels, and how to compute them."""

    name: str
    levels: tuple[str, ...]
    compute: Callable[[Coded, np.ndarray, np.ndarray], np.ndarray]
    # level -> column (or columns whose rarities add up): agreeing on a rare value there weighs more
    tf: dict[int, str | tuple[str, ...]] | None = None
    shares: str | None = None  # the multi-valued column whose shared values it reads (see SHARED_BY_MANY)
    # levels that only blocking brings pairs to (a shared address, number or profile): their u is
    # measured among the candidate pairs, where EM tells strangers from one person, and carried
    # over to all pairs. Random pairs almost never share one, and those that do are mostly one
    # person's two records, which made a shared address alone a coin toss (see score.estimate)
    u_among_candidates: frozenset[int] = frozenset()
    # levels where strangers agree through a tie, not by chance (housemates share a home number):
    # they keep the candidates' u as it is, which weighs them far less than carried over to all
    # pairs would, for the tie makes the rest agree too (relatives share a family name, and often
    # a given name that is alike), which the other comparisons count again
    ties: frozenset[int] = frozenset()


def _similarity(vocabulary: np.ndarray, a: np.ndarray, b: np.ndarray, scorer: Callable[..., float]) -> np.ndarray:
    """scorer(vocabulary[a], vocabulary[b]) per pair, computed once per distinct (unordered) pair."""
    if len(a) == 0:
        return np.empty(0)
    pair = np.minimum(a, b).astype(np.int64)
    pair *= len(vocabulary)
    pair += np.maximum(a, b)
    inverse, keys = pd.factorize(pair)  # hashing: no sorted copies of millions of pairs
    del pair
    values = process.cpdist(
        list(vocabulary[keys // len(vocabulary)]),
        list(vocabulary[keys % len(vocabulary)]),
        scorer=scorer,
        workers=-1,
    )
    return np.asarray(values)[inverse]


def _graded(
    ca: np.ndarray, cb: np.ndarray, vocabulary: np.ndarray, scorer: Callable[..., float], thresholds: Sequence[float]
) -> np.ndarray:
    """0 exact, then one level per similarity threshold (highest first), then disagreement."""
    present = (ca >= 0) & (cb >= 0)
    levels = np.full(len(ca), MISSING, dtype=np.int8)
    levels[present] = len(thresholds) + 1
    fuzzy = np.flatnonzero(present & (ca != cb))
    if len(fuzzy) and thresholds:
        similarity = _similarity(vocabulary, ca[fuzzy], cb[fuzzy], scorer)
        graded = np.full(len(fuzzy), len(thresholds) + 1, dtype=np.int8)
        for number, threshold in reversed(list(enumerate(thresholds, start=1))):
            graded[similarity >= threshold] = number
        levels[fuzzy] = graded
    levels[present & (ca == cb)] = 0
    return levels


def _given_levels(
    given_l: np.ndarray, given_r: np.ndarray, coded: Coded, canonical: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """exact, same formal name (Bob = Robert), JW >= .92, JW >= .80, initial only, different.
    ``given_l`` and ``given_r`` are codes of the names vocabulary (``Coded.names``)."""
    vocabulary = coded.names[2]
    graded = _graded(given_l, given_r, vocabulary, JaroWinkler.normalized_similarity, (0.92, 0.80))
    levels = np.choose(graded + 1, [MISSING, 0, 2, 3, 5]).astype(np.int8)
    # names alike but for a last vowel (Mario and Maria) are two names
    alike = np.flatnonzero((levels == 2) | (levels == 3))
    other = [_other_ending(x, y) for x, y in zip(vocabulary[given_l[alike]], vocabulary[given_r[alike]])]
    levels[alike[np.array(other, dtype=bool)]] = 5
    levels[(levels > 0) & (canonical[0] >= 0) & (canonical[0] == canonical[1])] = 1
    weak = np.flatnonzero(levels >= 3)
    if len(weak):  # "J" against "John": an initial agrees, weakly
        first, initial = coded.name_letters
        a, b = given_l[weak], given_r[weak]
        agree = (initial[a] | initial[b]) & (first[a] == first[b])
        levels[weak[agree]] = 4
    return levels


NAME_LEVELS = (
    "same name",
    "same family, same formal given",
    "same family, similar given",
    "similar family, same given",
    "same family, initial",
    "same family, given somewhat similar",
    "similar names",
    "same given, family somewhat similar",
    "same family, given unknown",
    "same given, family unknown",
    "same family, given different",
    "same given, family different",
    "different",
)
_U = -1  # unknown
# joint level by [family level + 1][given level + 1]; given levels: exact, formal, similar, somewhat similar,
# initial, different; family levels: exact, similar, somewhat similar, different; -1 missing
_JOINT = np.array(
    [
        [_U, 9, 9, _U, _U, _U, 12],
        [8, 0, 1, 2, 5, 4, 10],
        [6, 3, 3, 6, 6, 6, 12],
        [12, 7, 7, 6, 12, 12, 12],
        [12, 11, 11, 12, 12, 12, 12],
    ],
    dtype=np.int8,
)
# the name part whose rarity weighs in a level (term-frequency adjustment). A whole name is as rare
# as its given name times its family name: counting whole names would take one person's three
# records for three namesakes, and in a large address book nearly every name looks equally rare.
# A nickname against its formal name ("Bill" and "William") is as rare as the formal name times
# the family name: a rare family name alone made two William Okafors look like one person.
NAME_TF: dict[int, str | tuple[str, ...]] = {
    0: ("norm_given_key", "norm_family_key"),
    1: ("norm_given_canonical", "norm_family_key"),
    2: "norm_family_key",
    3: "norm_given_key",
    4: "norm_family_key",
    5: "norm_family_key",
    8: "norm_family_key",
    10: "norm_family_key",
    7: "norm_given_key",
    9: "norm_given_key",
    11: "norm_given_key",
}
_SIMILARITY = JaroWinkler.normalized_similarity


def _crosswise_fits(given: np.ndarray, family: np.ndarray) -> np.ndarray:
    """Given levels exact, formal, similar or initial with family levels exact or similar."""
    return (given >= 0) & ((given <= 2) | (given == 4)) & (family >= 0) & (family <= 1)


def _given_where_family_fits(
    given_l: np.ndarray,
    given_r: np.ndarray,
    coded: Coded,
    canonical: tuple[np.ndarray, np.ndarray],
    family: np.ndarray,
) -> np.ndarray:
    """``_given_levels`` of the pairs whose family levels could make a crosswise reading fit
    (exact or similar), MISSING elsewhere: most pairs read crosswise are two different names,
    and comparing their given names is the costliest part of comparing names."""
    levels = np.full(len(family), MISSING, dtype=np.int8)
    near = np.flatnonzero((family >= 0) & (family <= 1))
    levels[near] = _given_levels(given_l[near], given_r[near], coded, (canonical[0][near], canonical[1][near]))
    return levels


def _one_of_two_family_names(levels: np.ndarray, a: np.ndarray, b: np.ndarray, coded: Coded) -> None:
    """Family levels made "similar" where one family name is the other's with a name left out
    ("García" of "García López", "Jones" of "Smith-Jones"): many go by one of their two."""
    compound = coded.compound
    apart = np.flatnonzero((levels >= 2) & (a >= 0) & (b >= 0))
    apart = apart[compound[a[apart]] | compound[b[apart]]]
    levels[_held_within(apart, a, b, coded.names[2])] = 1


def _held_within(positions: np.ndarray, a: np.ndarray, b: np.ndarray, vocabulary: np.ndarray) -> np.ndarray:
    """Those of ``positions`` where both names are known (codes ``a`` and ``b`` into ``vocabulary``)
    and every word of the shorter (of three letters or more each) is one of the longer's."""
    held = []
    for k, x, y in zip(positions.tolist(), a[positions].tolist(), b[positions].tolist()):
        if x >= 0 and y >= 0:
            shorter, longer = sorted((vocabulary[x].split(), vocabulary[y].split()), key=len)
            if len(shorter) < len(longer) and all(len(w) >= 3 and w in longer for w in shorter):
                held.append(k)
    return np.array(held, dtype=np.int64)


def name_levels(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Given and family names judged together (agreeing on both says more than the sum of each).

    Names entered the other way round are compared crosswise where that agrees better; records
    with only an unsplit name (CJK, a business-like name) compare their whole folded names.
    """
    given, family, vocabulary = coded.names
    (canonical,), _ = coded.codes("norm_given_canonical")
    g = _given_levels(given[left], given[right], coded, (canonical[left], canonical[right]))
    f = _graded(family[left], family[right], vocabulary, _SIMILARITY, (0.92, 0.80))
    _one_of_two_family_names(f, family[left], family[right], coded)
    poor = np.flatnonzero((g >= 2) | (f >= 1))
    if len(poor):
        a, b = left[poor], right[poor]
        # either record may be the one entered family first: its family part is then the given
        # name to hold against the other's given name (an initial or a nickname there agrees too)
        formal_given, formal_family = coded.formal
        f_cross = _graded(family[a], given[b], vocabulary, _SIMILARITY, (0.92, 0.80))
        f_other = _graded(given[a], family[b], vocabulary, _SIMILARITY, (0.92, 0.80))
        g_cross = _given_where_family_fits(given[a], family[b], coded, (formal_given[a], formal_family[b]), f_cross)
        g_other = _given_where_family_fits(family[a], given[b], coded, (formal_family[a], formal_given[b]), f_other)
        # a crosswise reading counts when the family names agree (nearly) and the given names do
        # at least as an initial or a similar spelling; of two such readings, the closer one
        fits, fits_other = _crosswise_fits(g_cross, f_cross), _crosswise_fits(g_other, f_other)
        other = fits_other & (~fits | (g_other.astype(int) + f_other < g_cross.astype(int) + f_cross))
        g_cross[other], f_cross[other] = g_other[other], f_other[other]
        better = (fits | fits_other) & (g_cross.astype(int) + f_cross < g[poor].astype(int) + f[poor])
        g[poor[better]], f[poor[better]] = g_cross[better], f_cross[better]
    levels = _JOINT[f.astype(np.int64) + 1, g.astype(np.int64) + 1]
    unsplit = np.flatnonzero((g < 0) & (f < 0))
    if len(unsplit):
        (whole,), words = coded.codes("norm_name_key")
        graded = _graded(whole[left[unsplit]], whole[right[unsplit]], words, _SIMILARITY, (0.92,))
        # a given name alone against a family name alone ("Alfie" and "Long") are two parts of
        # a name that may be one: they say nothing unless they are alike
        a, b = left[unsplit], right[unsplit]
        parts = ((given[a] >= 0) & (family[b] >= 0)) | ((family[a] >= 0) & (given[b] >= 0))
        levels[unsplit] = np.choose(graded + 1, [_U, 0, 6, 12]).astype(np.int8)
        levels[unsplit[parts & (graded == 2)]] = _U
    similar = NAME_LEVELS.index("similar names")
    # a name in part only against a whole one that holds it ("Dee" and "Hair by Dee"): similar
    partial = (given[left] < 0) | (family[left] < 0) | (given[right] < 0) | (family[right] < 0)
    held = np.flatnonzero((levels == NAME_LEVELS.index("different")) & partial)
    if len(held):
        (whole,), words = coded.codes("norm_name_key")
        levels[held[_held_within(np.arange(len(held)), whole[left[held]], whole[right[held]], words)]] = similar
    # "Tom Lee" and "Tom Lee Jr." are only similar names: a Jr. says a Tom Lee Sr. exists, who
    # may be the other record (two different generations are a guard's business)
    (generation,), _ = coded.codes("norm_generation")
    one_sided = (generation[left] >= 0) != (generation[right] >= 0)
    levels[one_sided & (levels >= 0) & (levels < similar)] = similar
    return levels


def name_keys(records: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per record, its given and family name keys without dots ("" for none), as the
    ``could_be_one_*`` checks read them."""
    given = records["norm_given_key"].fillna("").str.replace(".", "", regex=False).to_numpy()
    family = records["norm_family_key"].fillna("").str.replace(".", "", regex=False).to_numpy()
    return given, family


def given_names_agree(x: str, y: str) -> bool:
    """Two given names (keys without dots) that agree: one is missing, the same name or formal
    name (Bob is Robert), or an initial that some form of the other begins with ("T." and
    Anthony, who is Tony; B. and R. may be Bob and Robert)."""
    if not x or not y:
        return True
    short, full = sorted((x, y), key=len)
    if len(short) == 1 and short.upper() != short.lower():  # a one-character Chinese name is no initial
        return len(full) == 1 or short in given_initials(full)
    return (canonical_given(x) or x) == (canonical_given(y) or y)


def could_be_one_given(x: str, y: str) -> bool:
    """Two given names (keys without dots) that one person may go by: names that agree, a short
    form and any of the formal names it stands for (Ted and Edward), names a typo apart, as
    written or as formal names ("Dbeorah" and Deb, who is Deborah), one a slip of a form of the
    other ("Mkie" and Michael), or letters slipped about ("Etnah" and Ethan, "Chirla" and
    Charlie: see ``_letters_slipped``); not names alike but for a last vowel (Mario and Maria:
    see ``_other_ending``)."""
    if given_names_agree(x, y) or formal_names(x) & formal_names(y):
        return True
    short = min(x, y, key=len)
    if len(short) == 1 and short.upper() != short.lower():  # an initial that no form begins with
        return False
    if _other_ending(x, y):
        return False
    formal_x, formal_y = canonical_given(x) or x, canonical_given(y) or y
    # the "somewhat similar" threshold of the name comparison
    if max(_SIMILARITY(x, y), _SIMILARITY(formal_x, formal_y)) >= 0.8 or _letters_slipped(x, y):
        return True
    # a nickname mistyped ("Mkie" for Michael, who goes by Mike)
    return any(one_slip(x, form) for form in given_forms(y)) or any(one_slip(y, form) for form in given_forms(x))


def could_be_one_family(x: str, y: str) -> bool:
    """Two family names (keys) one person may be written with: one is missing, a typo apart
    (Jaro-Winkler >= .80, the "somewhat similar" threshold), or letters slipped about."""
    if not x or not y:
        return True
    return _SIMILARITY(x, y) >= 0.8 or _letters_slipped(x, y)


def could_be_one_name(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Two names one person may go by, as written or with either entered family first."""
    return _either_way_round(could_be_one_given, given_a, family_a, given_b, family_b)


def names_agree(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Two names whose given names agree and whose family names are a typo apart at most, as
    written or with either entered family first."""
    return _either_way_round(given_names_agree, given_a, family_a, given_b, family_b)


def _either_way_round(
    given_fit: Callable[[str, str], bool], given_a: str, family_a: str, given_b: str, family_b: str
) -> bool:
    """Given names that fit and family names a typo apart at most; or, with one name entered
    family first, each part fitting the other's crosswise part as a given name."""
    as_written = given_fit(given_a, given_b) and could_be_one_family(family_a, family_b)
    return as_written or (given_fit(family_a, given_b) and given_fit(given_a, family_b))


def _other_ending(x: str, y: str) -> bool:
    """Given names alike but for another last vowel: Mario and Maria, Daniele and Daniela.
    Brothers, sisters and spouses go by such pairs; a typo seldom turns a last vowel into
    another. (A vowel added or left out at the end is a typo as often, Isabell for Isabella, so
    Paul and Paula stay alike.)"""
    return len(x) == len(y) >= 3 and x[:-1] == y[:-1] and x[-1] != y[-1] and {x[-1], y[-1]} <= _VOWELS


_VOWELS = frozenset("aeio")


def _letters_slipped(x: str, y: str) -> bool:
    """Names of four letters or more that begin alike and are made of nearly the same letters in
    another order: typing slips that move letters about, which Jaro-Winkler punishes when they
    are several ("Etnah" and Ethan). Names that begin otherwise are other names (Liam and Mila,
    Lena and Neal: siblings, not slips)."""
    if min(len(x), len(y)) < 4 or x[0] != y[0]:
        return False
    return _same_letters(x, y)


def _same_letters(x: str, y: str) -> bool:
    """Names of three letters or more made of nearly the same letters, in any order."""
    x, y = x.replace(" ", ""), y.replace(" ", "")
    return min(len(x), len(y)) >= 3 and Indel.normalized_similarity(sorted(x), sorted(y)) >= 0.85


def letters_shuffled(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Whether a given name is made of nearly the same letters as the other record's given name,
    or as its family name (a name entered family first), in any order: "lmeAi" and Amelia, "yarH"
    and Harry. Alone this proves nothing (Liam and Mila are siblings); of two records born on
    one day it says the names are one person's, mistyped: relatives who share a number or an
    address are born on other days, and twins' names are not each other's letters shuffled."""
    crosswise = ((given_a, given_b), (given_a, family_b), (family_a, given_b))
    return any(x and y and _same_letters(x, y) for x, y in crosswise)


def with_year(birthday: object) -> bool:
    """Whether a birthday gives its year ("1987-02-06", not "--02-06"): a day and month alone
    are one person's in 365."""
    return isinstance(birthday, str) and not birthday.startswith("--")


# a number or address that records of this many clearly different names hold is a switchboard,
# an office line or info@: not identity evidence
SHARED_BY_MANY = 3


def _multi_codes(
    records: pd.DataFrame, column: str, people: np.ndarray, width: int = 3
) -> tuple[np.ndarray, np.ndarray, frozenset[Any]]:
    """The first ``width`` personal values of a multi-valued column as integer codes, -1 for none;
    the values the codes number; and the values left out.

    Values held by records of ``SHARED_BY_MANY`` or more clearly different names (``people``:
    a code per record, -1 for no name) are left out, as if the records did not list them.
    """
    exploded = records[column].reset_index(drop=True).explode()
    codes, values = pd.factorize(exploded)
    frame = pd.DataFrame({"row": exploded.index, "code": codes})
    frame = frame[frame["code"] >= 0]
    holders = pd.DataFrame({"code": frame["code"].to_numpy(), "person": people[frame["row"].to_numpy()]})
    holders = holders[holders["person"] >= 0].drop_duplicates()
    names_per_value = holders.groupby("code").size()
    many = names_per_value.index[names_per_value >= SHARED_BY_MANY]
    if len(many):  # initials differ under a typo or a swap too: count the names that cannot be one
        given, family = name_keys(records)
        named = frame[frame["code"].isin(many)]
        named = named[people[named["row"].to_numpy()] >= 0]
        rows = named.groupby("code")["row"].unique()
        born = records["birthday"].to_numpy()
        many = pd.Index(
            [c for c in many if _different_names(rows[c], given, family, born) >= SHARED_BY_MANY], dtype=np.int64
        )
    frame = frame[~frame["code"].isin(many)]
    frame["slot"] = frame.groupby("row").cumcount()
    frame = frame[frame["slot"] < width]
    table = np.full((len(records), width), -1, dtype=np.int32)
    table[frame["row"].to_numpy(), frame["slot"].to_numpy()] = frame["code"].to_numpy()
    vocabulary = np.asarray(values, dtype=object)
    return table, vocabulary, frozenset(vocabulary[many.to_numpy()])


def _different_names(rows: np.ndarray, given: np.ndarray, family: np.ndarray, born: np.ndarray) -> int:
    """How many names of the records ``rows`` cannot be one person's, counted up to
    ``SHARED_BY_MANY``; names of records born on one day may be one person's letters shuffled
    (see ``letters_shuffled``)."""
    kept: list[tuple[str, str, str | None]] = []
    for row in rows.tolist():
        name, day = (given[row], family[row]), born[row] if with_year(born[row]) else None
        if not any(
            could_be_one_name(*name, *other[:2]) or (day and day == other[2] and letters_shuffled(*name, *other[:2]))
            for other in kept
        ):
            kept.append((*name, day))
            if len(kept) >= SHARED_BY_MANY:
                break
    return len(kept)


def _shared(column: str) -> Callable[[Coded, np.ndarray, np.ndarray], np.ndarray]:
    """0 when the records share any value of a multi-valued column, 1 when both have values but share none."""

    def compute(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        table = coded.table(column)
        a, b = table[left], table[right]
        shared = np.zeros(len(left), dtype=bool)
        for i in range(a.shape[1]):
            for j in range(b.shape[1]):
                shared |= (a[:, i] == b[:, j]) & (a[:, i] >= 0)
        levels = np.full(len(left), MISSING, dtype=np.int8)
        levels[(a[:, 0] >= 0) & (b[:, 0] >= 0)] = 1
        levels[shared] = 0
        return levels

    return compute


def email_levels(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """shared an address, addresses a typo apart, different.

    A typo apart: alike as a whole (OSA similarity >= .85: "tcarr@lewis-kline.com" and
    "tcarr@lweis-kine.com"), with the same digits (joe.wilson2@ is the second Joe Wilson at the
    firm), and the same part before the @ unless the names agree: otherwise the names explain the
    difference (anna.k@ and anna.m@ are Anna Kowalski and Anna Muller, and john.smith@ and
    joan.smith@ a couple, not a slip).
    """
    levels = _shared("norm_email_keys")(coded, left, right)
    result = np.where(levels == 1, 2, levels).astype(np.int8)
    apart = np.flatnonzero(levels == 1)
    if len(apart) == 0:
        return result
    table, values = coded.table("norm_email_keys"), coded.table_values("norm_email_keys")
    a, b = table[left[apart]], table[right[apart]]
    near = np.zeros(len(apart), dtype=bool)
    slips: dict[int, tuple[int, int]] = {}  # alike but for the part before the @: the names decide
    for i in range(a.shape[1]):
        for j in range(b.shape[1]):
            both = np.flatnonzero((a[:, i] >= 0) & (b[:, j] >= 0) & ~near)
            alike = both[_similarity(values, a[both, i], b[both, j], OSA.normalized_similarity) >= 0.85]
            for k, x, y in zip(alike.tolist(), values[a[alike, i]].tolist(), values[b[alike, j]].tolist()):
                if [c for c in x if c.isdigit()] != [c for c in y if c.isdigit()]:
                    continue
                if x.partition("@")[0] == y.partition("@")[0]:
                    near[k] = True
                else:
                    slips[k] = (int(left[apart[k]]), int(right[apart[k]]))
    if slips:
        rows = sorted({row for pair in slips.values() for row in pair})
        given, family = name_keys(coded.records.iloc[rows])
        at = {row: n for n, row in enumerate(rows)}
        for k, (one, other) in slips.items():
            near[k] |= names_agree(given[at[one]], family[at[one]], given[at[other]], family[at[other]])
    result[apart[near]] = 1
    return result


def phone_levels(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """shared a number one person answers (mobile, work, unlabelled), shared only a household number
    (labelled home in either record: relatives share those), different."""
    levels = _shared("norm_phones")(coded, left, right)
    result = np.where(levels == 1, 2, levels).astype(np.int8)
    sharing = np.flatnonzero(levels == 0)
    if len(sharing) and "norm_household_phones" in coded.records:
        phones = coded.records["norm_phones"].to_numpy()
        household = coded.records["norm_household_phones"].to_numpy()
        for k, a, b in zip(sharing.tolist(), left[sharing].tolist(), right[sharing].tolist()):
            if household[a] or household[b]:
                if set(phones[a]) & set(phones[b]) <= set(household[a]) | set(household[b]):
                    result[k] = 1
    return result


def _exact(column: str) -> Callable[[Coded, np.ndarray, np.ndarray], np.ndarray]:
    def compute(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        (codes,), _ = coded.codes(column)
        return _graded(codes[left], codes[right], np.empty(0, dtype=object), JaroWinkler.similarity, ())

    return compute


def _fuzzy(
    column: str, scorer: Callable[..., float], *thresholds: float
) -> Callable[[Coded, np.ndarray, np.ndarray], np.ndarray]:
    def compute(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        (codes,), vocabulary = coded.codes(column)
        return _graded(codes[left], codes[right], vocabulary, scorer, thresholds)

    return compute


def organization_levels(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """same company, similar company (or one's e-mail domain names the other's company), different."""
    (org,), vocabulary = coded.codes("norm_org_key")
    levels = _graded(org[left], org[right], vocabulary, token_set_ratio, (90,))
    (hint, company), _ = coded.hints
    match = ((hint[left] >= 0) & ((hint[left] == company[right]) | (hint[left] == hint[right]))) | (
        (hint[right] >= 0) & (hint[right] == company[left])
    )
    levels[(levels != 0) & match] = 1
    return levels


def _holds(longer: str, shorter: str) -> bool:
    """Every word of the shorter address is in the longer one: numbers exactly, words of four or
    more letters up to one typo ("4 fox pblace" in "4 fox place, cabbage tree")."""
    words = longer.split()
    known = set(words)
    for w in shorter.split():
        if w in known:
            continue
        if len(w) < 4 or w.isdigit() or not any(OSA.distance(w, t, score_cutoff=1) <= 1 for t in words):
            return False
    return True


def _street_similarity(a: str, b: str, **_: object) -> float:
    """1 for the same lines in another order or nearly the same (Jaro-Winkler >= .9), .5 when one
    address holds the other's words plus more (a line or the house number left out), 0 otherwise."""
    if token_sort_ratio(a, b) >= 95 or JaroWinkler.normalized_similarity(a, b) >= 0.9:
        return 1.0
    longer, shorter = (a, b) if a.count(" ") >= b.count(" ") else (b, a)
    return 0.5 if token_set_ratio(a, b) >= 90 or _holds(longer, shorter) else 0.0


def file_levels(coded: Coded, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """different files, the same file. An export lists most people once, so two records of one
    file are less often one person than two records of two files; how much less, EM learns from
    the data (a phone book with duplicates in it says less than a LinkedIn export)."""
    (files,), _ = coded.codes("source_file")
    a, b = files[left], files[right]
    levels = (a == b).astype(np.int8)
    levels[(a < 0) | (b < 0)] = MISSING
    return levels


def _postcode_similarity(a: str, b: str, **_: object) -> float:
    return 1.0 if Levenshtein.distance(a, b) <= 1 else 0.0


def _birthday_similarity(x: str, y: str, **_: object) -> float:
    """1 day and month swapped, .75 one digit off, .5 same year, 0 different."""
    if x[-5:-3] == y[-2:] and x[-2:] == y[-5:-3] and x[:-5] == y[:-5]:
        return 1.0
    if len(x) == len(y) and sum(p != q for p, q in zip(x, y)) == 1:
        return 0.75
    if not x.startswith("--") and x[:4] == y[:4]:
        return 0.5
    return 0.0


DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    Comparison("name", NAME_LEVELS, name_levels, tf=NAME_TF),
    Comparison(
        "e-mail",
        ("shared", "a typo apart", "different"),
        email_levels,
        shares="norm_email_keys",
        u_among_candidates=frozenset({0, 1}),
    ),
    Comparison(
        "phone",
        ("shared", "shared a household number only", "different"),
        phone_levels,
        shares="norm_phones",
        u_among_candidates=frozenset({0}),
        ties=frozenset({1}),
    ),
    Comparison(
        "LinkedIn profile", ("same", "different"), _exact("norm_linkedin_slug"), u_among_candidates=frozenset({0})
    ),
    Comparison("organization", ("same", "similar", "different"), organization_levels, tf={0: "norm_org_key"}),
    Comparison(
        "title",
        ("same", "similar", "different"),
        _fuzzy("norm_title_key", JaroWinkler.normalized_similarity, 0.9),
        tf={0: "norm_title_key"},
    ),
    Comparison(
        "street",
        ("same", "similar", "partly the same", "different"),
        _fuzzy("norm_street", _street_similarity, 1.0, 0.5),
    ),
    Comparison(
        "postcode", ("same", "one character off", "different"), _fuzzy("norm_postcode", _postcode_similarity, 1.0)
    ),
    Comparison("city", ("same", "similar", "different"), _fuzzy("norm_city", JaroWinkler.normalized_similarity, 0.9)),
    Comparison("file", ("different files", "same file"), file_levels),
    Comparison(
        "birthday",
        ("same", "day and month swapped", "one digit off", "same year", "different"),
        _fuzzy("birthday", _birthday_similarity, 1.0, 0.75, 0.5),
    ),
)


SLICE = 1 << 20  # pairs compared (and weighed) at once


def compare(
    records: pd.DataFrame | Coded,
    pairs: pd.DataFrame,
    comparisons: Sequence[Comparison] = DEFAULT_COMPARISONS,
    slice_size: int = SLICE,
) -> pd.DataFrame:
    """One int8 level column per comparison for each pair (``left``/``right`` row positions).

    Pairs are compared a slice at a time: the intermediate arrays of a comparison take about a
    hundred bytes a pair, and a million records give millions of pairs.
    """
    coded = records if isinstance(records, Coded) else Coded(records)
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    levels = {c.name: np.empty(len(pairs), dtype=np.int8) for c in comparisons}
    for start in range(0, len(pairs), slice_size):
        part = slice(start, start + slice_size)
        for c in comparisons:
            levels[c.name][part] = c.compute(coded, left[part], right[part])
    return pd.DataFrame(levels, index=pairs.index)
