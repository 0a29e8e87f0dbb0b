"""The whole matching stage over records, without a store: block → compare → score → cluster → merge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.block import DEFAULT_RULES, BlockingRule, block
from pipeline.cluster import cluster
from pipeline.compare import compare
from pipeline.guards import cannot_link
from pipeline.merge import Survivorship, merge
from pipeline.normalize import normalize
from pipeline.score import MatchSettings, estimate, score


@dataclass(frozen=True)
class DedupeResult:
    """``clusters``: record_id → cluster; ``pairs``: every scored candidate pair; ``contacts``: golden records."""

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    contacts: pd.DataFrame
    settings: MatchSettings

    def __iter__(self):  # noqa: ANN204 - lets callers write ``clusters, pairs = dedupe(records)``
        return iter((self.clusters, self.pairs))


def prepare(records: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Normalized records with a fresh positional index (pairs refer to row positions)."""
    normalized = records if "norm_name_key" in records.columns else normalize(records, region=region)
    return normalized.reset_index(drop=True)


def dedupe(
    records: pd.DataFrame,
    *,
    settings: MatchSettings | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    region: str | None = None,
    train: bool = True,
    survivorship: Survivorship | None = None,
) -> DedupeResult:
    """Find and merge duplicates among canonical (or already normalized) records.

    With ``train`` the weights are re-estimated from the records themselves (u from random
    pairs, m by EM); small inputs keep the documented defaults.
    """
    prepared = prepare(records, region)
    settings = settings or MatchSettings.from_toml()
    pairs = block(prepared, rules)
    features = compare(prepared, pairs, settings.comparisons)
    if train:
        settings = estimate(prepared, pairs, features, settings)
    scored = score(prepared, pairs, features, settings)
    forbidden = cannot_link(prepared, scored, features, settings)
    forbidden_keys = set(zip(forbidden["left"].tolist(), forbidden["right"].tolist()))
    is_forbidden = np.fromiter(((a, b) in forbidden_keys for a, b in zip(scored["left"], scored["right"])),
                               dtype=bool, count=len(scored)) if forbidden_keys else np.zeros(len(scored), bool)
    scored = scored.assign(cannot_link=is_forbidden)
    accepted = scored[(scored["decision"] == "match") & ~is_forbidden]
    numbers = cluster(len(prepared), accepted, zip(forbidden["left"], forbidden["right"]))
    ids = prepared["record_id"].to_numpy()
    clusters = pd.DataFrame({"record_id": ids, "cluster": numbers})
    pairs_out = scored.assign(record_id_l=ids[scored["left"].to_numpy()], record_id_r=ids[scored["right"].to_numpy()])
    features_out = features.add_prefix("level: ")
    pairs_out = pd.concat([pairs_out, features_out], axis=1)
    contacts = merge(prepared, numbers, survivorship, region=region or "US")
    return DedupeResult(clusters, pairs_out, contacts, settings)
