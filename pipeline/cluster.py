"""Clustering: accepted pairs joined in descending score order, never across a cannot-link.

A cluster is one person or business. Because pairs are joined strongest first and a union is
refused when any record of one side cannot link with any record of the other, one weak chain
A–B–C cannot glue two different people together.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components


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


def _pairs(pairs: Iterable[tuple[int, int]] | np.ndarray) -> np.ndarray:
    values = pairs if isinstance(pairs, np.ndarray) else list(pairs)
    return np.asarray(values, dtype=np.int64).reshape(-1, 2)


def cluster(
    n: int,
    matches: pd.DataFrame,
    cannot_link: Iterable[tuple[int, int]] | np.ndarray = (),
    *,
    must_link: Iterable[tuple[int, int]] = (),
    never_link: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """A cluster number per record position (0..n-1), from pairs with ``left``, ``right``, ``weight``.

    Manual decisions win: ``must_link`` pairs are joined first (refused only by a manual
    ``never_link``), then the scorer's ``cannot_link`` pairs are forbidden, then matches join.

    Unions never leave a connected component of the accepted and must-link pairs, so a
    component with no forbidden pair inside it is one cluster whatever the order; only the
    few components that hold one are joined pair by pair (a million records have millions
    of cannot-link pairs, nearly all between records no accepted pair brings together).
    """
    must, never, cannot = _pairs(must_link), _pairs(never_link), _pairs(cannot_link)
    accepted = matches[["left", "right"]].to_numpy(dtype=np.int64).reshape(-1, 2)
    edges = np.concatenate([accepted, must])
    graph = coo_array((np.ones(len(edges), dtype=np.float32), (edges[:, 0], edges[:, 1])), shape=(n, n))
    component = connected_components(graph, directed=False)[1].astype(np.int64)
    forbidden = np.concatenate([never, cannot])
    inside = forbidden[component[forbidden[:, 0]] == component[forbidden[:, 1]]]
    contested = np.isin(component, component[inside.ravel()])
    if contested.any():

        def within(pairs: np.ndarray) -> list[tuple[int, int]]:
            return [(int(a), int(b)) for a, b in pairs[contested[pairs[:, 0]]]]

        clusters = _Clusters(n, within(never))
        for a, b in within(must):
            clusters.union(a, b)
        for a, b in within(cannot):
            clusters.forbid(a, b)
        joining = matches[contested[accepted[:, 0]]]
        ordered = joining.sort_values("weight", ascending=False, kind="stable")
        for a, b in zip(ordered["left"].to_numpy().tolist(), ordered["right"].to_numpy().tolist()):
            clusters.union(a, b)
        positions = np.flatnonzero(contested)
        component[positions] = n + np.fromiter(map(clusters.find, positions.tolist()), np.int64, len(positions))
    _, numbers = np.unique(component, return_inverse=True)
    return numbers
