"""Clustering: accepted pairs joined in descending score order, never across a cannot-link.

A cluster is one person or business. Because pairs are joined strongest first and a union is
refused when any record of one side cannot link with any record of the other, one weak chain
A–B–C cannot glue two different people together.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


class _Clusters:
    """Union-find over record positions that remembers which records may never be joined."""

    def __init__(self, n: int, cannot_link: Iterable[tuple[int, int]]) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}  # only clusters of two or more
        self.forbidden: dict[int, set[int]] = {}  # root -> records that may not join its cluster
        for a, b in cannot_link:
            self.forbidden.setdefault(int(a), set()).add(int(b))
            self.forbidden.setdefault(int(b), set()).add(int(a))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def forbid(self, a: int, b: int) -> None:
        """A cannot-link added after some unions: recorded on the clusters a and b are in now."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return  # already joined by a manual decision, which wins
        self.forbidden.setdefault(ra, set()).update(self.members.get(rb, [rb]))
        self.forbidden.setdefault(rb, set()).update(self.members.get(ra, [ra]))

    def union(self, a: int, b: int) -> bool:
        """Join the clusters of a and b unless that joins a cannot-link pair; True when joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        members_a, members_b = self.members.get(ra, [ra]), self.members.get(rb, [rb])
        if len(members_a) > len(members_b):
            ra, rb, members_a, members_b = rb, ra, members_b, members_a
        # cannot-links are symmetric, so checking the larger side's list against the smaller side suffices
        blocked = self.forbidden.get(rb)
        if blocked and any(member in blocked for member in members_a):
            return False
        self.parent[ra] = rb
        self.members[rb] = members_b + members_a
        self.members.pop(ra, None)
        moved = self.forbidden.pop(ra, None)
        if moved:
            self.forbidden[rb] = (blocked or set()) | moved
        return True


def cluster(
    n: int,
    matches: pd.DataFrame,
    cannot_link: Iterable[tuple[int, int]] = (),
    *,
    must_link: Iterable[tuple[int, int]] = (),
    never_link: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """A cluster number per record position (0..n-1), from pairs with ``left``, ``right``, ``weight``.

    Manual decisions win: ``must_link`` pairs are joined first (refused only by a manual
    ``never_link``), then the scorer's ``cannot_link`` pairs are forbidden, then matches join.
    """
    clusters = _Clusters(n, never_link)
    for a, b in must_link:
        clusters.union(int(a), int(b))
    for a, b in cannot_link:
        clusters.forbid(int(a), int(b))
    ordered = matches.sort_values("weight", ascending=False, kind="stable")
    for a, b in zip(ordered["left"].to_numpy().tolist(), ordered["right"].to_numpy().tolist()):
        clusters.union(a, b)
    roots = np.fromiter((clusters.find(x) for x in range(n)), dtype=np.int64, count=n)
    _, numbers = np.unique(roots, return_inverse=True)
    return numbers
