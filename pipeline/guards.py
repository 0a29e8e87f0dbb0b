"""Guards: evidence that two records are certainly different people (cannot-link)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.compare import Coded
from pipeline.score import MatchSettings

# name levels (see compare.NAME_LEVELS) that say the given names are clearly different
DIFFERENT_GIVEN = (10, 12)
REASONS = (
    "different LinkedIn profiles",
    "different generations (Jr./Sr., II/III)",
    "shared phone or e-mail but clearly different given names",
    "strong evidence against",
)


def cannot_link(
    records: pd.DataFrame, scored: pd.DataFrame, features: pd.DataFrame, settings: MatchSettings
) -> np.ndarray:
    """Per scored pair, why it must never end up in one cluster (None when nothing forbids it)."""
    left, right = scored["left"].to_numpy(), scored["right"].to_numpy()
    (generation,), _ = Coded(records).codes("norm_generation")
    g_left, g_right = generation[left], generation[right]
    phone = features["phone"].to_numpy()
    shared_contact = (phone == 0) | (phone == 1) | (features["e-mail"].to_numpy() == 0)
    checks = (
        features["LinkedIn profile"].to_numpy() == 1,
        (g_left >= 0) & (g_right >= 0) & (g_left != g_right),
        shared_contact & np.isin(features["name"].to_numpy(), DIFFERENT_GIVEN),
        scored["weight"].to_numpy() <= settings.cannot_link,
    )
    reason = np.full(len(scored), None, dtype=object)
    for text, hit in reversed(list(zip(REASONS, checks))):
        reason[hit] = text
    return reason
