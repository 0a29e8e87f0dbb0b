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
    BlockingRule("same e-mail", ("norm_email_keys",)),
    BlockingRule("same phone", ("norm_phones",)),
    BlockingRule("same LinkedIn profile", ("norm_linkedin_slug",)),
    BlockingRule("family sound + given initial", ("norm_family_phonetic", "norm_given_key:1")),
    BlockingRule("family sound + formal given name", ("norm_family_phonetic", "norm_given_canonical")),
    BlockingRule("given name + birthday", ("norm_given_canonical", "birthday")),
    BlockingRule("family name + birthday", ("norm_family_key", "birthday")),
    BlockingRule("family name + postcode", ("norm_family_key", "norm_postcode")),
    BlockingRule("organization + family sound", ("norm_org_key", "norm_family_phonetic")),
    BlockingRule("birthday", ("birthday",)),
    BlockingRule("street", ("norm_street",)),
    BlockingRule("postcode + given initial", ("norm_postcode", "norm_given_key:1")),
    BlockingRule("postcode + family initial", ("norm_postcode", "norm_family_key:1")),
    BlockingRule("city + family sound", ("norm_city", "norm_family_phonetic")),
    BlockingRule("given + family beginnings", ("norm_given_key:3", "norm_family_key:3")),
    BlockingRule("name neighbours", ("norm_name_key",), window=4),
    BlockingRule("sorted-name neighbours", ("norm_name_sorted",), window=4),
    BlockingRule("reversed-name neighbours", ("norm_name_key:reversed",), window=4),
    BlockingRule("street neighbours", ("norm_street",), window=4),
)


def _values(records: pd.DataFrame, spec: str) -> pd.Series:
    """One key part per record (exploded when the column holds several values)."""
    column, _, modifier = spec.partition(":")
    values = records[column]
    if modifier == "reversed":
        return values.map(lambda v: v[::-1] if isinstance(v, str) else None)
    if modifier.isdigit():
        width = int(modifier)
        return values.map(lambda v: v[:width] if isinstance(v, str) and v else None)
    return values


def _rule_keys(records: pd.DataFrame, rule: BlockingRule) -> pd.Series:
    """The block key of every record for a rule, indexed by record position; None keys dropped."""
    key: pd.Series | None = None
    for spec in rule.on:
        part = _values(records, spec).reset_index(drop=True)
        if part.map(lambda v: isinstance(v, tuple)).any():
            part = part.explode()
        part = part[part.notna() & (part.astype(str) != "")].astype(str)
        key = part if key is None else (key[key.index.isin(part.index)] + "\x1f" + part[part.index.isin(key.index)])
        key = key.dropna()
    assert key is not None
    return key


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


def _rule_pairs(records: pd.DataFrame, rule: BlockingRule, names: np.ndarray) -> np.ndarray:
    keys = _rule_keys(records, rule)
    if keys.empty:
        return np.empty((0, 2), dtype=np.int64)
    positions = keys.index.to_numpy(dtype=np.int64)
    if rule.window:
        order = np.argsort(keys.to_numpy(dtype=object), kind="stable")
        return _stack(_neighbour_pairs(np.empty(0), positions[order], rule.window + 1, same_block=False))
    codes, _ = pd.factorize(keys, sort=False)
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
    names = records["norm_name_key"].fillna("").to_numpy(dtype=object).astype(str)
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
    rule_names = np.array([rule.name for rule in rules], dtype=object)
    return pd.DataFrame({"left": unique // n, "right": unique % n, "rule": rule_names[rules_used[first]]})
