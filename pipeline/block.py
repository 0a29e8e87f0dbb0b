"""Blocking: candidate pairs from the union of rules, never all n² pairs.

A rule is data: the normalized columns whose values must agree (``norm_given_key:1`` means the
first letter), or one column to sort on for a sorted neighbourhood. Records are sorted by the
block key and then by name, and each record is paired only with the next ``cap - 1`` records
of its block: a small block gives every pair, a block of a key shared by too many records (a
switchboard number, ``info@``, "Smith" alone) gives only near neighbours by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class BlockingRule:
    """Records agreeing on every column of ``on`` are candidates; ``window`` makes it a sorted
    neighbourhood over the single column instead (``:reversed`` sorts on the reversed text)."""

    name: str
    on: tuple[str, ...]
    cap: int = 30
    window: int = 0


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    # shared identifiers: blocks are small unless the value is not personal (a switchboard)
    BlockingRule("same e-mail", ("norm_email_keys",)),
    BlockingRule("same phone", ("norm_phones",)),
    BlockingRule("same LinkedIn profile", ("norm_linkedin_slug",)),
    # names with a second piece of evidence; big blocks fall back to the nearest names
    BlockingRule("family sound + given initial", ("norm_family_phonetic", "norm_given_key:1"), cap=8),
    BlockingRule("family sound + formal given name", ("norm_family_phonetic", "norm_given_canonical"), cap=12),
    BlockingRule("given name + birthday", ("norm_given_canonical", "birthday"), cap=12),
    BlockingRule("family name + birthday", ("norm_family_key", "birthday"), cap=12),
    BlockingRule("family name + postcode", ("norm_family_key", "norm_postcode"), cap=12),
    BlockingRule("organization + family sound", ("norm_org_key", "norm_family_phonetic"), cap=8),
    BlockingRule("birthday", ("birthday",), cap=12),
    BlockingRule("street", ("norm_street",), cap=12),
    BlockingRule("postcode + given initial", ("norm_postcode", "norm_given_key:1"), cap=12),
    BlockingRule("postcode + family initial", ("norm_postcode", "norm_family_key:1"), cap=12),
    BlockingRule("city + family sound", ("norm_city", "norm_family_phonetic"), cap=6),
    BlockingRule("given + family beginnings", ("norm_given_key:3", "norm_family_key:3"), cap=4),
    # sorted neighbourhoods catch what no key shares: typos at the start, swapped names
    BlockingRule("name neighbours", ("norm_name_key",), window=3),
    BlockingRule("sorted-name neighbours", ("norm_name_sorted",), window=3),
    BlockingRule("reversed-name neighbours", ("norm_name_key:reversed",), window=3),
    BlockingRule("street neighbours", ("norm_street",), window=3),
)


def _values(records: pd.DataFrame, spec: str) -> pd.Series:
    """One key part per record, or several rows per record for a column of tuples (exploded)."""
    column, _, modifier = spec.partition(":")
    values = records[column].reset_index(drop=True)
    first = values.dropna().head(1).tolist()
    if first and isinstance(first[0], tuple):  # columns hold one kind of value throughout
        values = values.explode()
    if modifier == "reversed":
        values = values.map(lambda v: v[::-1] if isinstance(v, str) else None)
    elif modifier.isdigit():
        width = int(modifier)
        values = values.map(lambda v: v[:width] if isinstance(v, str) else None)
    return values[values.notna() & (values != "")]


def _rule_keys(records: pd.DataFrame, rule: BlockingRule) -> pd.Series:
    """An integer block key per record for a rule (several rows for exploded values), indexed by
    record position; records missing any part have none."""
    if len(rule.on) == 1:
        part = _values(records, rule.on[0])
        return pd.Series(pd.factorize(part)[0], index=part.index, dtype=np.int64)
    n = len(records)
    key = np.zeros(n, dtype=np.int64)
    present = np.ones(n, dtype=bool)
    for spec in rule.on:
        part = _values(records, spec)
        if part.index.has_duplicates:
            raise ValueError(f"blocking rule {rule.name!r}: {spec} holds several values; use it alone")
        codes = np.full(n, -1, dtype=np.int64)
        codes[part.index.to_numpy()] = pd.factorize(part)[0]
        present &= codes >= 0
        key = key * (int(codes.max()) + 2) + codes + 1
    positions = np.flatnonzero(present)
    return pd.Series(pd.factorize(key[present])[0], index=positions, dtype=np.int64)


def _neighbour_pairs(codes: np.ndarray, order_index: np.ndarray, reach: int, same_block: bool) -> list[np.ndarray]:
    """Pairs of positions up to ``reach`` apart in sorted order (within one block if asked)."""
    found = []
    for distance in range(1, reach):
        if distance >= len(order_index):
            break
        left, right = order_index[:-distance], order_index[distance:]
        if same_block:
            same = codes[:-distance] == codes[distance:]
            if not same.any():
                break
            left, right = left[same], right[same]
        found.append(np.stack([left, right], axis=1))
    return found


def _sort_rank(values: pd.Series) -> np.ndarray:
    """Each value's position in sorted order, as integers: strings are sorted once per distinct value."""
    codes, uniques = pd.factorize(values)
    rank_of_unique = np.empty(len(uniques), dtype=np.int64)
    rank_of_unique[np.argsort(np.asarray(uniques, dtype=object), kind="stable")] = np.arange(len(uniques))
    ranks = np.full(len(codes), -1, dtype=np.int64)
    ranks[codes >= 0] = rank_of_unique[codes[codes >= 0]]
    return ranks


def _rule_pairs(records: pd.DataFrame, rule: BlockingRule, names: np.ndarray) -> np.ndarray:
    keys = _rule_keys(records, rule)
    if keys.empty:
        return np.empty((0, 2), dtype=np.int64)
    positions = keys.index.to_numpy(dtype=np.int64)
    if rule.window:
        order = np.argsort(_sort_rank(_values(records, rule.on[0])), kind="stable")
        return _stack(_neighbour_pairs(np.empty(0), positions[order], rule.window + 1, same_block=False))
    codes = keys.to_numpy()
    sizes = np.bincount(codes)
    shared = sizes[codes] > 1
    codes, positions = codes[shared], positions[shared]
    order = np.lexsort((names[positions], codes))
    return _stack(_neighbour_pairs(codes[order], positions[order], rule.cap, same_block=True))


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)


def block(records: pd.DataFrame, rules: Sequence[BlockingRule] = DEFAULT_RULES) -> pd.DataFrame:
    """Candidate pairs of normalized records: columns ``left``, ``right`` (row positions, left <
    right) and ``rule`` (the first rule that proposed the pair)."""
    n = len(records)
    names = _sort_rank(records["norm_name_key"].reset_index(drop=True))
    seen: list[np.ndarray] = []
    rule_of: list[np.ndarray] = []
    for number, rule in enumerate(rules):
        pairs = _rule_pairs(records, rule, names)
        if len(pairs) == 0:
            continue
        left, right = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
        codes = left[left != right] * n + right[left != right]
        seen.append(codes)
        rule_of.append(np.full(len(codes), number, dtype=np.int16))
    if not seen:
        return pd.DataFrame({"left": np.empty(0, np.int64), "right": np.empty(0, np.int64), "rule": []})
    codes = np.concatenate(seen)
    rules_used = np.concatenate(rule_of)
    unique, first = np.unique(codes, return_index=True)
    # a category per pair, not a string: there are millions of pairs and a handful of rules
    # (pandas documents int arrays for codes; its stubs only admit sequences and Index categories)
    proposed_by = pd.Categorical.from_codes(rules_used[first], [rule.name for rule in rules])  # type: ignore[arg-type]
    return pd.DataFrame({"left": unique // n, "right": unique % n, "rule": proposed_by})
