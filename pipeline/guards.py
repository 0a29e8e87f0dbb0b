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
    "two connections in one LinkedIn export",
    "different generations (Jr./Sr., II/III)",
    "shared phone or e-mail but clearly different given names",
    "strong evidence against",
)


def _written_out(keys: pd.Series) -> np.ndarray:
    """Name parts of more than one letter (not missing, not an initial)."""
    return keys.fillna("").str.replace(".", "", regex=False).str.len().to_numpy() > 1


def cannot_link(
    records: pd.DataFrame, scored: pd.DataFrame, features: pd.DataFrame, settings: MatchSettings
) -> np.ndarray:
    """Per scored pair, why it must never end up in one cluster: the number of its reason in
    ``REASONS``, -1 when nothing forbids it (an int8 a pair: there are millions of pairs)."""
    left, right = scored["left"].to_numpy(), scored["right"].to_numpy()
    coded = Coded(records)
    (generation,), _ = coded.codes("norm_generation")
    g_left, g_right = generation[left], generation[right]
    phone = features["phone"].to_numpy()
    personal = (phone == 0) | (features["e-mail"].to_numpy() == 0)
    household = phone == 1
    # on a person's own number or address, an initial that differs ("T." for Tony, Anthony's
    # nickname) is no proof of another person; on a household's number it is, as for relatives
    written_out = _written_out(records["norm_given_key"]) & _written_out(records["norm_family_key"])
    both_written = written_out[left] & written_out[right]
    # one LinkedIn export lists each connection once: two of its rows connected on different days
    # are two people, even when neither has a profile URL. Across exports the date is no proof
    # (a connection removed and made again gets a new one), and within one file two versions of
    # a connection (an older import of the same path) share theirs
    (connected,), _ = coded.codes("connected_on")
    (source_file,), _ = coded.codes("source_file")
    checks = (
        features["LinkedIn profile"].to_numpy() == 1,
        (connected[left] >= 0)
        & (connected[right] >= 0)
        & (connected[left] != connected[right])
        & (source_file[left] == source_file[right]),
        (g_left >= 0) & (g_right >= 0) & (g_left != g_right),
        np.isin(features["name"].to_numpy(), DIFFERENT_GIVEN) & ((personal & both_written) | (household & ~personal)),
        scored["weight"].to_numpy() <= settings.cannot_link,
    )
    reason = np.full(len(scored), -1, dtype=np.int8)
    for number, hit in reversed(list(enumerate(checks))):
        reason[hit] = number
    return reason
