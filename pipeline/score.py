"""Scoring: a Fellegi–Sunter match weight per pair, explainable feature by feature.

Each comparison level carries a weight log2(m/u). Exact agreement on a name is weighted by how
rare that name is in the data (term-frequency adjustment), so "Smith" counts for less than
"Kowalczyk" and precision holds as the data grows. ``estimate`` re-estimates m by
expectation–maximisation over the candidate pairs and u from random pairs of records.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from connectors.errors import InputError, SchemaError
from pipeline.compare import DEFAULT_COMPARISONS, MISSING, SLICE, Coded, Comparison, compare

# m and u are kept inside these bounds so no single level can decide alone
_FLOOR, _CEILING = 1e-6, 1 - 1e-6
_TINY = 1e-300  # no u is zero


@dataclass(frozen=True)
class MatchSettings:
    """Weights and thresholds; built from the packaged TOML, a user file, or estimation."""

    m: dict[str, tuple[float, ...]]
    u: dict[str, tuple[float, ...]]
    # the chance a pair is one person before its evidence: among candidate pairs for the packaged
    # weights (their u describe candidates), among all pairs once estimated (u from random pairs)
    prior: float = 0.01
    merge: float = 6.0
    review: float = 0.0
    cannot_link: float = -12.0
    comparisons: tuple[Comparison, ...] = field(default=DEFAULT_COMPARISONS, repr=False)

    @classmethod
    def from_toml(cls, path: str | Path | None = None) -> MatchSettings:
        """The packaged defaults, updated by a user's TOML file of the same shape when given."""
        text = files("pipeline.data").joinpath("matching.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
        user: dict[str, Any] = {}
        if path is not None:
            try:
                user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise InputError(path, f"cannot read match weights ({exc})") from None
            data["thresholds"] = {**data["thresholds"], **user.get("thresholds", {})}
            data["levels"] = {**data["levels"], **user.get("levels", {})}
        if path is not None and "estimated" in user:
            data["thresholds"]["prior"] = float(user["estimated"]["prior"])
        m = {name: tuple(level["m"]) for name, level in data["levels"].items()}
        u = {name: tuple(level["u"]) for name, level in data["levels"].items()}
        for name in m:
            if len(m[name]) != len(u[name]):
                raise SchemaError(f"{path}: [levels.{name}] m and u differ in length")
        return cls(m=m, u=u, **data["thresholds"])

    @property
    def prior_weight(self) -> float:
        """The prior as a weight: log2 of its odds, where every pair's total starts."""
        return float(np.log2(self.prior / (1 - self.prior)))

    def weights(self, name: str) -> np.ndarray:
        m = np.clip(np.asarray(self.m[name]), _FLOOR, _CEILING)
        u = np.clip(np.asarray(self.u[name]), _FLOOR, _CEILING)
        # u carried over from the candidates to all pairs is far below the floor that keeps a
        # rarely sampled level from weighing absurdly, and rightly so: estimate floored it itself
        carried = [c.u_among_candidates for c in self.comparisons if c.name == name]
        for level in carried[0] if carried else ():
            u[level] = max(self.u[name][level], _TINY)
        return np.log2(m / u)

    def to_dict(self) -> dict[str, Any]:
        return {
            "prior": self.prior,
            "merge": self.merge,
            "review": self.review,
            "cannot_link": self.cannot_link,
            "m": {k: list(v) for k, v in self.m.items()},
            "u": {k: list(v) for k, v in self.u.items()},
        }


def _holders(codes: np.ndarray, people: np.ndarray | None = None) -> np.ndarray:
    """Per value code, how many hold it: people (a label per record, from a first clustering)
    when given, else records."""
    held = codes >= 0
    if people is None:
        return np.bincount(codes[held])
    span = np.int64(people.max()) + 1
    return np.bincount(np.unique(codes[held].astype(np.int64) * span + people[held]) // span)


def _agreement_chance(holders: np.ndarray) -> float:
    """The chance that two random holders of a value (two different ones) hold the same value."""
    total = max(int(holders.sum()), 2)
    return float((holders * (holders - 1.0)).sum() / total / (total - 1))


@dataclass(frozen=True)
class _Values:
    """A column's values as codes, worked out once for every way of counting their holders."""

    codes: np.ndarray  # per record: its value, -1 for none
    neutral: np.ndarray  # per record: no value, or a single letter, which has no rarity
    in_records: np.ndarray  # per value: how many records hold it


@dataclass(frozen=True)
class _Column:
    """How many people hold each record's value of a column, and what a share of them means."""

    values: _Values
    others: np.ndarray  # per record: how many others hold its value (float32)
    total: int  # holders of any value
    average: float  # the chance two random records agree, as in the level's u (see ``_random_u``)
    unique: float  # how many other holders a value only one holds is worth (Good–Turing)

    def rarity(self, rows: np.ndarray, partners: np.ndarray, apart: np.ndarray) -> np.ndarray:
        """log2(average / the chance another person holds the value) for the records ``rows`` of
        pairs with ``partners``.

        The other people are the holders less the pair's own person, or its two people when
        the pair is ``apart`` and both hold the value (a person of four records holds a name
        once). A value no one else holds counts ``unique`` others: in a long tail of names a
        unique name is rarer than in a short one.
        """
        if self.average <= 0:  # no two records agree on the column: it says nothing of rarity
            return np.zeros(len(rows), dtype=np.float32)
        codes = self.values.codes
        others = self.others[rows]  # float32, like every array here: there are millions of pairs
        others -= apart & (codes[rows] == codes[partners])
        share = np.where(others >= 1, others, np.float32(self.unique))
        share /= np.float32(self.total - 1)
        rarity = np.log2(np.float32(max(self.average, _FLOOR)) / np.clip(share, np.float32(_FLOOR), np.float32(1.0)))
        rarity[self.values.neutral[rows]] = 0.0
        return rarity


def _values(codes: np.ndarray, uniques: Iterable[Any]) -> _Values:
    # "H." of a name entered family first is one of 26 letters wherever it stands
    letter = np.array([len(str(v).replace(".", "").strip()) <= 1 for v in uniques] + [True])
    return _Values(codes, letter[codes], _holders(codes))


class Rarity:
    """How rare the values pairs agree on are: + for rare values, − for common ones.

    Holders of a value are counted in ``people`` (a label per record, from a first clustering)
    when given, else in records; ``counted_in`` gives the same records counted otherwise, sharing
    the work on their values. Several columns add up their rarities (as if independent); a record
    missing one of them (a name not split into given and family) takes the rarity of its whole
    name instead.
    """

    def __init__(self, records: pd.DataFrame, people: np.ndarray | None = None) -> None:
        self.records = records
        self.people = people
        self._values: dict[str, _Values] = {}
        self._columns: dict[str, _Column] = {}

    def counted_in(self, people: np.ndarray) -> Rarity:
        counted = Rarity(self.records, people)
        counted._values = self._values
        return counted

    @classmethod
    def from_coded(cls, coded: Coded, comparisons: Sequence[Comparison]) -> Rarity:
        """Counted in records, with the value codes of the term-frequency columns taken from
        ``coded``, which comparison and estimation already worked out, rather than factorizing a
        million values again."""
        rarity = cls(coded.records)
        for comparison in comparisons:
            for columns in (comparison.tf or {}).values():
                for name in (columns,) if isinstance(columns, str) else (*columns, "norm_name_key"):
                    if name not in rarity._values:
                        (codes,), uniques = coded.codes(name)
                        rarity._values[name] = _values(codes, uniques)
        return rarity

    def values(self, name: str) -> _Values:
        if name not in self._values:
            codes, uniques = pd.factorize(self.records[name])
            self._values[name] = _values(codes.astype(np.int32), uniques)
        return self._values[name]

    def column(self, name: str) -> _Column:
        if name not in self._columns:
            values = self.values(name)
            holders = values.in_records if self.people is None else _holders(values.codes, self.people)
            once = int((holders == 1).sum())
            others = np.append(holders - 1, 0).astype(np.float32)[values.codes]
            self._columns[name] = _Column(
                values=values,
                others=others - self._of_other_generations(values.codes),
                total=max(int(holders.sum()), 2),
                average=_agreement_chance(values.in_records),
                unique=min(1.0, max(2 * int((holders == 2).sum()), 1) / once) if once else 1.0,
            )
        return self._columns[name]

    def _of_other_generations(self, codes: np.ndarray) -> np.ndarray:
        """Per record of a generation (Jr., Sr., II…), how many holders of its value are of another
        one: a Jr.'s namesake father is no stranger who might be him (a guard keeps the two
        apart), so for a pair of two Jr. records he does not make the name common. A pair with a
        generation on one record only is not weighed by rarity (see ``compare.name_levels``)."""
        if "norm_generation" not in self.records.columns:
            return np.zeros(len(codes), dtype=np.float32)
        generation = self.values("norm_generation").codes
        marked = (generation >= 0) & (codes >= 0)
        if not marked.any():
            return np.zeros(len(codes), dtype=np.float32)
        span = int(generation.max()) + 1
        value_generation = np.where(marked, codes.astype(np.int64) * span + generation, -1)
        per_pair = _holders(value_generation, self.people)  # holders of each (value, generation)
        per_value = np.bincount(np.arange(len(per_pair)) // span, weights=per_pair)  # of any generation
        rows = np.flatnonzero(marked)
        other = np.zeros(len(codes), dtype=np.float32)
        other[rows] = per_value[codes[rows]] - per_pair[value_generation[rows]]
        return other

    def _side(
        self, columns: str | tuple[str, ...], rows: np.ndarray, partners: np.ndarray, apart: np.ndarray
    ) -> np.ndarray:
        if isinstance(columns, str):
            return self.column(columns).rarity(rows, partners, apart)
        complete = np.logical_and.reduce([self.values(c).codes[rows] >= 0 for c in columns])
        total = np.sum([self._side(c, rows, partners, apart) for c in columns], axis=0)
        return np.where(complete, total, self._side("norm_name_key", rows, partners, apart)).astype(np.float32)

    def of(self, columns: str | tuple[str, ...], left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Per pair, the rarity of the more common of its two values (see ``_weights``)."""
        apart = np.ones(len(left), dtype=bool) if self.people is None else self.people[left] != self.people[right]
        return np.minimum(self._side(columns, left, right, apart), self._side(columns, right, left, apart))


def _weights(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    rarity: Rarity | None,
) -> Iterator[tuple[str, np.ndarray]]:
    """(comparison, the weight it adds to each pair); 0 where a value is missing.

    A level with a term-frequency column adds the rarity of the more common of the pair's two
    values: they are the same for a plain agreement, but names that agree crosswise ("Chen
    William" against "William Chen") would otherwise count as rare as the swapped spelling is.
    """
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    rarity = rarity or Rarity(records)
    for comparison in settings.comparisons:
        levels = features[comparison.name].to_numpy()
        table = np.append(settings.weights(comparison.name), 0.0).astype(np.float32)  # index -1: missing
        added = table[levels]
        for level, column in (comparison.tf or {}).items():
            agreeing = np.flatnonzero(levels == level)
            for start in range(0, len(agreeing), SLICE):  # each pair's rarity takes a few dozen bytes
                part = agreeing[start : start + SLICE]
                added[part] += rarity.of(column, left[part], right[part])
        yield comparison.name, added


def contributions(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    rarity: Rarity | None = None,
) -> pd.DataFrame:
    """The weight each comparison adds to each pair, one column per comparison (for explaining)."""
    return pd.DataFrame(dict(_weights(records, pairs, features, settings, rarity)), index=features.index)


DECISIONS = ("non-match", "review", "match")


def score(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    rarity: Rarity | None = None,
) -> pd.DataFrame:
    """Pairs with ``weight`` (log2 odds) and ``decision``: match, review or non-match.

    ``rarity`` says how rare the values are that pairs agree on; by default counted in records,
    while dedupe counts them in the people of a first clustering (see ``Rarity``).
    """
    weight = np.full(len(pairs), settings.prior_weight, dtype=np.float32)
    for _, added in _weights(records, pairs, features, settings, rarity):
        weight += added
    codes = (weight >= settings.review).astype(np.int8) + (weight >= settings.merge).astype(np.int8)
    # pandas documents int arrays for codes; its stubs only admit sequences and Index categories
    decision = pd.Categorical.from_codes(codes, categories=list(DECISIONS))  # type: ignore[arg-type]
    # the pairs' own columns are shared, not copied (assign would copy millions of them)
    scored = pairs.copy(deep=False)
    scored["weight"] = weight
    scored["decision"] = decision
    return scored


def probability(weight: np.ndarray) -> np.ndarray:
    """The chance that a pair is one person, from its weight: 2^w / (1 + 2^w), without overflow.
    Worked out only for the pairs kept: every candidate pair's would be 46 MB at a million records."""
    return expit(weight * np.float32(np.log(2)))


def _level_shares(
    features: pd.DataFrame | dict[str, np.ndarray],
    comparisons: Sequence[Comparison],
    weights: np.ndarray | None,
    fallback: dict[str, tuple[float, ...]],
) -> dict[str, tuple[float, ...]]:
    shares = {}
    for comparison in comparisons:
        levels = np.asarray(features[comparison.name])
        known = levels != MISSING
        w = np.ones(len(levels)) if weights is None else weights
        total = w[known].sum()
        if total < 1e-9:
            shares[comparison.name] = fallback[comparison.name]
            continue
        counts = np.bincount(levels[known], weights=w[known], minlength=len(comparison.levels))
        # a little of the default keeps unseen levels possible
        mixed = (counts + 0.5 * np.asarray(fallback[comparison.name])) / (total + 0.5)
        shares[comparison.name] = tuple(float(x) for x in mixed)
    return shares


def _random_levels(
    coded: Coded, comparisons: Sequence[Comparison], sample_pairs: int, rng: np.random.Generator
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per comparison, random pairs of the records that hold a value for it (left, right) and
    their levels.

    Drawing among those records only (a record compared with itself is "missing" exactly when it
    lacks the value) gives every comparison the whole sample: a birthday that one record in
    twenty holds would otherwise be compared on a handful of random pairs.
    """
    everyone = np.arange(len(coded.records))
    drawn = {}
    for comparison in comparisons:
        holders = everyone[comparison.compute(coded, everyone, everyone) != MISSING]
        if len(holders) < 2:
            drawn[comparison.name] = (holders[:0], holders[:0], np.empty(0, dtype=np.int8))
            continue
        left, right = holders[rng.integers(0, len(holders), (2, sample_pairs))]
        keep = left != right
        left, right = left[keep], right[keep]
        drawn[comparison.name] = (left, right, comparison.compute(coded, left, right))
    return drawn


def _strangers(
    coded: Coded,
    left: np.ndarray,
    right: np.ndarray,
    levels: np.ndarray,
    name: str,
    judge: MatchSettings,
    rarity: Rarity,
) -> np.ndarray:
    """Per random pair, the chance that its two records are two different people under ``judge``.

    Only pairs at a level of comparison ``name`` where one person's pairs may be more than one
    in a thousand (its weight lifts the prior that far) are weighed with all their comparisons;
    the rest count as strangers.
    """
    chance = np.ones(len(levels))
    table = judge.weights(name) + judge.prior_weight
    evidence = np.flatnonzero((levels != MISSING) & (table[np.maximum(levels, 0)] > np.log2(1e-3)))
    if len(evidence):
        pairs = pd.DataFrame({"left": left[evidence], "right": right[evidence]})
        features = compare(coded, pairs, judge.comparisons)
        weight = score(coded.records, pairs, features, judge, rarity)["weight"]
        chance[evidence] = 1 - probability(weight.to_numpy())
    return chance


def _agreeing_pairs(
    coded: Coded, columns: tuple[str, ...], sample_pairs: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of two different records that agree on the columns, each such pair as likely."""
    parts, vocabulary = coded.codes(*columns)
    key = np.zeros(len(coded.records), dtype=np.int64)
    for part in parts:
        key = key * (len(vocabulary) + 1) + part + 1  # 0 in any part: a value missing
    held = np.flatnonzero(np.logical_and.reduce([part >= 0 for part in parts]))
    order = held[np.argsort(key[held], kind="stable")]
    keys = key[order]
    starts = np.searchsorted(keys, keys, "left")
    others = np.searchsorted(keys, keys, "right") - starts - 1
    if others.sum() == 0:
        return order[:0], order[:0]
    # a record is drawn as often as it has partners, then one partner at random: every pair as likely
    first = rng.choice(len(order), sample_pairs, p=others / others.sum())
    partner = rng.integers(0, others[first])
    partner += partner >= first - starts[first]  # not the record itself
    return order[first], order[starts[first] + partner]


def _random_u(
    coded: Coded,
    settings: MatchSettings,
    sample_pairs: int,
    rng: np.random.Generator,
    judged_by: Callable[[dict[str, tuple[float, ...]]], MatchSettings] | None = None,
) -> MatchSettings:
    """u measured on random pairs of records.

    A level with a term-frequency column holds only pairs that agree there (the same family
    name, and an initial): it is the chance two random records agree on the column, known exactly
    from the counts, times the level's share among random pairs that agree on it. Random pairs
    alone would see a handful of such pairs in a hundred thousand.

    u is the chance of a level between two different people, and random pairs include one
    person's records: with ``judged_by`` (the scoring weights a u gives) each random pair counts
    as much as it is likely two people, worked out twice; so does each pair in the shares of the
    term-frequency levels. Counted whole, the pairs of a person of five records that share a
    birthday made that birthday seem shared by strangers one pair in two hundred (Splink's
    fake_1000: a shared birthday weighed 7.5 bits; 12.6 now), and a person's own records with
    an initial for a given name made "same family, initial" look common among namesakes.
    """
    drawn = _random_levels(coded, settings.comparisons, sample_pairs, rng)
    levels = {name: found for name, (_, _, found) in drawn.items()}
    agreeing = {c.name: _agreeing_draws(coded, c, sample_pairs, rng) for c in settings.comparisons}
    u = _level_shares(levels, settings.comparisons, None, settings.u)
    for comparison in settings.comparisons:
        measured = _agreeing_u(agreeing[comparison.name], comparison, settings.u)
        u[comparison.name] = tuple(measured.get(level, x) for level, x in enumerate(u[comparison.name]))
    if judged_by is None:
        return replace(settings, u=u)
    rarity = Rarity.from_coded(coded, settings.comparisons)
    for _ in range(2):  # the weights judge the pairs that give the weights: a second round settles them
        judge = judged_by(u)
        for comparison in settings.comparisons:
            strangers = partial(_strangers, coded, name=comparison.name, judge=judge, rarity=rarity)
            shares = _level_shares(levels, [comparison], strangers(*drawn[comparison.name]), settings.u)
            measured = _agreeing_u(agreeing[comparison.name], comparison, settings.u, strangers)
            u[comparison.name] = tuple(measured.get(level, x) for level, x in enumerate(shares[comparison.name]))
    return replace(settings, u=u)


_Draw = tuple[str | tuple[str, ...], float, np.ndarray, np.ndarray, np.ndarray]


def _agreeing_draws(coded: Coded, comparison: Comparison, sample_pairs: int, rng: np.random.Generator) -> list[_Draw]:
    """Per column (or columns) of the comparison's term-frequency levels: the chance two random
    records agree on it, and random pairs that agree on it (left, right) with their levels."""
    draws = []
    for columns in dict.fromkeys((comparison.tf or {}).values()):  # in order: the draws repeat
        parts = (columns,) if isinstance(columns, str) else columns
        left, right = _agreeing_pairs(coded, parts, sample_pairs, rng)
        if not len(left):
            continue
        chance = float(np.prod([_agreement_chance(_holders(coded.codes(column)[0][0])) for column in parts]))
        draws.append((columns, chance, left, right, comparison.compute(coded, left, right)))
    return draws


def _agreeing_u(
    draws: list[_Draw],
    comparison: Comparison,
    fallback: dict[str, tuple[float, ...]],
    weigh: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> dict[int, float]:
    """u of the comparison's term-frequency levels: the chance two random records agree on the
    level's columns times the level's share among random pairs that agree on them (each pair
    counted as much as ``weigh`` says it is two people, when given)."""
    measured = {}
    for columns, chance, left, right, found in draws:
        strangers = None
        if weigh is not None:  # a fifth of the pairs tells the shares well enough, at a fifth of the cost
            left, right, found = left[: len(left) // 5], right[: len(right) // 5], found[: len(found) // 5]
            strangers = weigh(left, right, found)
        shares = _level_shares({comparison.name: found}, [comparison], strangers, fallback)[comparison.name]
        for level, tf_columns in (comparison.tf or {}).items():
            if tf_columns == columns:
                measured[level] = chance * shares[level]
    return measured


def _constrained(candidate: MatchSettings, defaults: MatchSettings) -> MatchSettings:
    """Keep an estimate only where it makes sense: agreeing must count for, disagreeing against.

    EM over candidate pairs can settle on a split that is not "same person" (people who share a
    city, or two namesakes); a comparison whose estimated weights say agreement is evidence
    against (or disagreement evidence for) falls back to its documented m.
    """
    m = dict(candidate.m)
    for name in m:
        weights = candidate.weights(name)
        if weights[0] <= 0 or weights[-1] >= 0:
            m[name] = defaults.m[name]
    return replace(candidate, m=m)


def estimate(
    records: pd.DataFrame | Coded,
    pairs: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    *,
    sample_pairs: int = 100_000,
    iterations: int = 40,
    seed: int = 0,
    min_records: int = 1000,
) -> MatchSettings:
    """Re-estimate weights from the data: m by expectation–maximisation over the candidate pairs,
    u on random pairs of records (each counted as much as the weights say it is two people, see
    ``_random_u``), and the prior as the share of matches among all pairs.

    EM needs u among the candidate pairs (blocking picked them for agreeing on a name, a phone or
    a firm, so there agreement is common even between strangers): it starts from the documented
    weights, which describe candidates, and estimates u alongside m. Scoring uses u among all
    pairs instead: the candidates' u counts agreement on the name that put a pair among the
    candidates against it, and its other comparisons as if they were drawn the same way, so a
    common name at the same small firm scored like a stranger (Febrl4 F1 0.9960 with candidate
    u, 0.9981 with random u). A level only candidates reach (a shared e-mail address, number or
    profile) takes the candidates' u carried over to all pairs (``Comparison.u_among_candidates``):
    random pairs that share one are mostly one person's records, so measured there a shared
    address alone was a coin toss (at 10,000 generated records, 0 of 200 records holding only an
    address or number merged; 196 now). Levels where strangers agree through a tie keep the
    candidates' u as it is (``Comparison.ties``). Each comparison's weights are kept the right way round
    (``_constrained``). Small data (fewer than 1,000 records or 200 candidate pairs) keeps the
    default weights unless ``min_records`` says otherwise, with the prior scaled to its size.
    """
    coded = records if isinstance(records, Coded) else Coded(records)
    n = len(coded.records)
    if n < min_records or len(pairs) < min(200, min_records) or n < 2 or len(pairs) == 0:
        # the chance that two records are one person falls as a file grows: with each record
        # holding about one other record of its person, it is one in n - 1. The documented
        # prior describes a file of a hundred; kept at 600 records it merged strangers with a
        # common name as soon as nothing told them apart (generated files: precision down to 0.974)
        return replace(settings, prior=min(settings.prior, 1 / (n - 1))) if n > 1 else settings
    if len(features) > sample_pairs:
        features = features.iloc[np.random.default_rng(seed).choice(len(features), sample_pairs, replace=False)]
    level_matrix = {c.name: features[c.name].to_numpy() for c in settings.comparisons}
    current, prior = settings, 0.05
    for _ in range(iterations):
        log_m = np.zeros(len(features))
        log_u = np.zeros(len(features))
        for comparison in settings.comparisons:
            levels = level_matrix[comparison.name]
            known = levels != MISSING
            m = np.clip(np.asarray(current.m[comparison.name]), _FLOOR, _CEILING)
            u = np.clip(np.asarray(current.u[comparison.name]), _FLOOR, _CEILING)
            log_m[known] += np.log(m[levels[known]])
            log_u[known] += np.log(u[levels[known]])
        odds = np.exp(np.clip(np.log(prior) - np.log(1 - prior) + log_m - log_u, -700, 700))
        posterior = odds / (1 + odds)
        previous, prior = prior, float(np.clip(posterior.mean(), 1e-6, 0.999))
        if abs(prior - previous) < 1e-5:
            break
        current = replace(
            current,
            m=_level_shares(features, settings.comparisons, posterior, settings.m),
            u=_level_shares(features, settings.comparisons, 1 - posterior, settings.u),
        )
        current = _constrained(current, settings)
    if not 0 < prior < 0.5:  # EM found no minority of matches: keep the documented weights
        return settings
    overall = prior * len(pairs) / (n * (n - 1) / 2)  # of all pairs, each as likely one person
    # of all pairs of two different people, the share that are candidates: a level only
    # candidates reach is that much rarer among all pairs than among the candidates
    strangers = (1 - prior) * len(pairs) / ((1 - overall) * n * (n - 1) / 2)

    def scoring_u(comparison: Comparison, level: int, random: float) -> float:
        among_candidates = current.u[comparison.name][level]
        if level in comparison.ties:
            return among_candidates
        if level in comparison.u_among_candidates:
            return max(among_candidates, _FLOOR) * strangers
        return random

    def scoring(random: dict[str, tuple[float, ...]]) -> MatchSettings:
        u = {c.name: tuple(scoring_u(c, i, x) for i, x in enumerate(random[c.name])) for c in settings.comparisons}
        return _constrained(replace(current, u=u, prior=overall), settings)

    return scoring(_random_u(coded, settings, sample_pairs, np.random.default_rng(seed), scoring).u)


def settings_to_toml(settings: MatchSettings) -> str:
    """The settings in the TOML shape ``MatchSettings.from_toml`` reads (for ``netplus train -o``)."""
    lines = ["# Match weights estimated by `netplus train`; use with --weights.", "", "[thresholds]"]
    lines += [f"{name} = {getattr(settings, name)!r}" for name in ("merge", "review", "cannot_link")]
    lines += ["", "[estimated]", f"prior = {settings.prior!r}"]
    for name in settings.m:
        lines += [
            "",
            f'[levels."{name}"]',
            f"m = {[float(f'{x:.6g}') for x in settings.m[name]]}",
            f"u = {[float(f'{x:.6g}') for x in settings.u[name]]}",
        ]
    return "\n".join(lines) + "\n"
