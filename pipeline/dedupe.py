"""The whole matching stage over records, without a store: block → compare → score → cluster → merge."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from connectors.errors import InputError
from connectors.schema import COLUMNS
from pipeline.block import DEFAULT_RULES, BlockingRule, block
from pipeline.cluster import cluster
from pipeline.compare import Coded, compare
from pipeline.guards import REASONS, cannot_link, standing_reasons
from pipeline.merge import Survivorship, merge
from pipeline.normalize import normalize
from pipeline.normalize.names import whole_key
from pipeline.normalize.text import word_key
from pipeline.score import MatchSettings, Rarity, contributions, estimate, probability, score

STAGES = ("normalize", "block", "compare", "estimate", "score", "cluster", "merge")


@dataclass(frozen=True)
class DedupeResult:
    """``clusters``: record_id → cluster; ``pairs``: the scored candidate pairs that are matches
    or wait for review, ``cannot_link`` marking those a guard forbids (the clear non-matches are
    only counted, in ``candidates``); ``contacts``: golden records."""

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    contacts: pd.DataFrame
    settings: MatchSettings
    timings: dict[str, float]  # seconds per stage, for the benchmark and --verbose
    candidates: int = 0  # candidate pairs blocking proposed and scoring weighed

    def __iter__(self) -> Iterator[pd.DataFrame]:  # lets callers write ``clusters, pairs = dedupe(records)``
        return iter((self.clusters, self.pairs))


def distinct_ids(records: pd.DataFrame) -> pd.DataFrame:
    """One row per record id.

    The same record read twice (Connections.csv beside the export ZIP that holds it) is kept
    once, the last copy. Different records that share a hashed id (two files that each list a
    "John Smith" with nothing else) are both kept, the later ones renamed ``<id>@<source name>``.
    """
    repeated = records["record_id"].duplicated(keep=False)
    if not repeated.any():
        return records
    content = [c for c in COLUMNS if c not in ("source_name", "source_file")]
    fingerprint = records.loc[repeated, content].astype(str).agg("\x1f".join, axis=1)
    same_copy = fingerprint.duplicated(keep="last").reindex(records.index, fill_value=False)
    records = records[~same_copy].copy()
    clash = records["record_id"].duplicated(keep="first")
    renamed = records.loc[clash, "record_id"] + "@" + records.loc[clash, "source_name"]
    records.loc[clash, "record_id"] = renamed
    numbered = records["record_id"].duplicated(keep="first")
    if numbered.any():
        counts = records.groupby("record_id").cumcount() + 1
        records.loc[numbered, "record_id"] = records.loc[numbered, "record_id"] + "~" + counts[numbered].astype(str)
    return records


# the normalized columns blocking, comparison, guards and merge read; the others (invalid
# values, phone details, URLs…) are for `netplus inspect` and would only take memory here
MATCHING_COLUMNS = (
    "norm_name",
    "norm_given",
    "norm_middle",
    "norm_family",
    "norm_prefix",
    "norm_suffix",
    "norm_generation",
    "norm_given_key",
    "norm_given_canonical",
    "norm_family_key",
    "norm_family_phonetic",
    "norm_name_key",
    "norm_name_sorted",
    "norm_sound_initials",
    "norm_email_keys",
    "norm_email_item_keys",
    "norm_company_hint",
    "norm_phones",
    "norm_household_phones",
    "norm_phone_item_keys",
    "norm_org_key",
    "norm_title_key",
    "norm_linkedin_slug",
    "norm_street",
    "norm_city",
    "norm_postcode",
)


def prepare(records: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Normalized records, one row per record id, with a fresh positional index (pairs refer to
    row positions)."""
    records = distinct_ids(records)
    if "norm_name_key" not in records.columns:
        records = normalize(records, region=region, columns=MATCHING_COLUMNS)
    if records.index.equals(pd.RangeIndex(len(records))):
        return records  # already positional: resetting would copy every column
    return records.reset_index(drop=True)


def dedupe(
    records: pd.DataFrame,
    *,
    settings: MatchSettings | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    region: str | None = None,
    train: bool = True,
    survivorship: Survivorship | None = None,
    decisions: Sequence[tuple[str, str, str]] = (),
    on_stage: Callable[[str], None] | None = None,
) -> DedupeResult:
    """Find and merge duplicates among canonical (or already normalized) records.

    With ``train`` the weights are re-estimated from the records themselves (u from random
    pairs, m by EM); small inputs keep the documented defaults. ``decisions`` are manual
    ``(kind, record_id, record_id)`` answers, kind ``same`` or ``different``; they win.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    announce = on_stage or (lambda _: None)

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now
        following = STAGES[STAGES.index(stage) + 1 :]
        if following:
            announce(f"matching {len(records):,} records: {following[0]}")

    announce(f"matching {len(records):,} records: {STAGES[0]}")
    prepared = prepare(records, region)
    lap("normalize")
    settings = settings or MatchSettings.from_toml()
    pairs = block(prepared, rules)
    lap("block")
    coded = Coded(prepared)
    features = compare(coded, pairs, settings.comparisons)
    lap("compare")
    if train:
        settings = estimate(coded, pairs, features, settings)
    rarity = Rarity.from_coded(coded, settings.comparisons)
    del coded  # the records' codes: a hundred megabytes and more at a million records
    lap("estimate")
    n = len(prepared)
    manual = []
    if decisions:
        position = {rid: i for i, rid in enumerate(prepared["record_id"])}
        manual = [(kind, position[a], position[b]) for kind, a, b in decisions if a in position and b in position]
    rarity, standing = _counted_in_people(prepared, pairs, features, settings, rarity)
    scored, is_forbidden, forbidden = _guarded(prepared, pairs, features, settings, rarity, standing)
    del standing, rarity  # codes and counts of every record's values
    candidates = len(pairs)
    # only matches and pairs for review are kept: most candidates are clear non-matches (and
    # cannot-links by strong evidence against), and at a million records they are most of the memory
    kept = (scored["decision"] != "non-match").to_numpy()
    scored = scored[kept].reset_index(drop=True)
    scored.insert(list(scored.columns).index("decision"), "probability", probability(scored["weight"].to_numpy()))
    scored["cannot_link"] = is_forbidden[kept]
    features = features[kept].reset_index(drop=True)
    del is_forbidden, kept, pairs  # every candidate pair: a hundred megabytes at a million records
    lap("score")
    numbers = _clustered(n, scored[(scored["decision"] == "match") & ~scored["cannot_link"]], forbidden, manual)
    lap("cluster")
    ids = prepared["record_id"].to_numpy()
    clusters = pd.DataFrame({"record_id": ids, "cluster": numbers})
    left, right = scored["left"].to_numpy(), scored["right"].to_numpy()
    # columns added in place rather than by assign/concat, which would copy every pair again
    scored["record_id_l"], scored["record_id_r"] = ids[left], ids[right]
    scored["same_contact"] = numbers[left] == numbers[right]
    for name in features.columns:
        scored[f"level: {name}"] = features[name].to_numpy()
    del features
    contacts = merge(prepared, numbers, survivorship)
    lap("merge")
    return DedupeResult(clusters, scored, contacts, settings, timings, candidates)


def _guarded(
    prepared: pd.DataFrame,
    pairs: pd.DataFrame,
    features: pd.DataFrame,
    settings: MatchSettings,
    rarity: Rarity,
    standing: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The scored pairs, which of them a guard forbids, and those as an array of (left, right)."""
    scored = score(prepared, pairs, features, settings, rarity)  # shares the pairs' columns
    is_forbidden = cannot_link(prepared, scored, features, settings, standing) >= 0
    forbidden = np.column_stack((scored["left"].to_numpy()[is_forbidden], scored["right"].to_numpy()[is_forbidden]))
    return scored, is_forbidden, forbidden


def _clustered(
    n: int, accepted: pd.DataFrame, forbidden: np.ndarray, manual: Sequence[tuple[str, int, int]]
) -> np.ndarray:
    """A cluster number per record: accepted pairs joined, never across a forbidden pair, manual answers winning."""
    return cluster(
        n,
        accepted,
        forbidden,
        must_link=[(a, b) for kind, a, b in manual if kind == "same"],
        never_link=[(a, b) for kind, a, b in manual if kind == "different"],
    )


def _counted_in_people(
    prepared: pd.DataFrame, pairs: pd.DataFrame, features: pd.DataFrame, settings: MatchSettings, rarity: Rarity
) -> tuple[Rarity, np.ndarray]:
    """``rarity`` (names counted in records) counted instead in the people of a first clustering
    with it, for the scoring that decides (see ``score.Rarity``); and the pairs' guard reasons
    that do not depend on weights (``guards.standing_reasons``), worked out once for both scorings.

    Manual answers are left out of the first clustering: answering one pair must not move the
    weights of others.
    """
    standing = standing_reasons(prepared, pairs, features)
    scored, is_forbidden, forbidden = _guarded(prepared, pairs, features, settings, rarity, standing)
    accepted = scored[(scored["decision"] == "match").to_numpy() & ~is_forbidden]
    del scored, is_forbidden  # every candidate pair's weight: hundreds of megabytes at a million records
    return rarity.counted_in(_clustered(len(prepared), accepted, forbidden, ())), standing


def explain(
    records: pd.DataFrame,
    a: str,
    b: str,
    *,
    settings: MatchSettings | None = None,
    region: str | None = None,
    train: bool = True,
) -> pd.DataFrame:
    """Every comparison for two records (by record_id): level, weight; plus the total and decision.

    Weights are estimated on all of ``records`` first when ``train`` is set, and names are as
    rare as the people of a first clustering hold them, exactly as dedupe does.
    """
    prepared = prepare(records, region)
    ids = prepared["record_id"].tolist()
    missing = [x for x in (a, b) if x not in ids]
    if missing:
        raise InputError("records", f"no record with id {missing[0]!r}; see `netplus inspect --json` for ids")
    settings = settings or MatchSettings.from_toml()
    coded = Coded(prepared)
    pairs = block(prepared)
    candidates = compare(coded, pairs, settings.comparisons)
    if train:
        settings = estimate(coded, pairs, candidates, settings)
    rarity, _ = _counted_in_people(
        prepared, pairs, candidates, settings, Rarity.from_coded(coded, settings.comparisons)
    )
    left, right = ids.index(a), ids.index(b)
    pair = pd.DataFrame({"left": [left], "right": [right]})
    features = compare(coded, pair, settings.comparisons)
    weights = contributions(prepared, pair, features, settings, rarity)
    rows = []
    for comparison in settings.comparisons:
        level = int(features[comparison.name].iloc[0])
        label = "missing" if level < 0 else comparison.levels[level]
        if level < 0 and comparison.shares:
            held = prepared[comparison.shares].tolist()
            common = set(held[left]) & set(held[right]) & coded.left_out(comparison.shares)
            if common:
                label = f"not counted: many different names hold {', '.join(sorted(map(str, common)))}"
        if comparison.name == "name":
            label += "".join(_as_spelled(prepared.iloc[i]) for i in (left, right))
        rows.append(
            {"comparison": comparison.name, "level": label, "weight": round(float(weights[comparison.name].iloc[0]), 2)}
        )
    scored = score(prepared, pair, features, settings, rarity)
    rows.append(
        {"comparison": "prior (one person, before evidence)", "level": "", "weight": round(settings.prior_weight, 2)}
    )
    # a guard overrules the weights: say which, where the decision is shown
    (reason,) = cannot_link(prepared, scored, features, settings)
    decision = f"cannot-link: {REASONS[reason]}" if reason >= 0 else str(scored["decision"].iloc[0])
    rows.append({"comparison": "total", "level": decision, "weight": round(float(scored["weight"].iloc[0]), 2)})
    return pd.DataFrame(rows)


def _as_spelled(record: pd.Series) -> str:
    """Where matching compares the name the record's profile or e-mail address spells rather
    than the one written (see ``normalize.handles``), a note saying so."""
    written = whole_key(word_key(record["norm_given"]), word_key(record["norm_family"]), record["norm_name"])
    if written == record["norm_name_key"]:
        return ""
    shown = repr(record["norm_name"]) if record["norm_name"] else "a record without a name"
    return f"; {shown} read as {record['norm_name_key']!r}, as its profile or e-mail address spells it"


def train_weights(
    records: pd.DataFrame, *, settings: MatchSettings | None = None, region: str | None = None
) -> MatchSettings:
    """Weights estimated from the records (what ``dedupe`` does before scoring), for ``netplus train``."""
    prepared = prepare(records, region)
    settings = settings or MatchSettings.from_toml()
    pairs = block(prepared)
    return estimate(prepared, pairs, compare(prepared, pairs, settings.comparisons), settings, min_records=0)
