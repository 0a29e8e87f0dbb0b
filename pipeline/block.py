"""Blocking: candidate pairs from the union of rules, never all n² pairs.

A rule is data: the normalized columns whose values must agree (``norm_given_key:1`` means the
first letter), or one column to sort on for a sorted neighbourhood. Records are sorted by the
block key and then by name, and each record is paired only with the next ``cap - 1`` records
of its block: a small block gives every pair, a block of a key shared by too many records (a
switchboard number, ``info@``, "Smith" alone) gives only near neighbours by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
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
    # family sound + given initial, and the other way round for names entered swapped
    BlockingRule("a name's sound + the other's initial", ("norm_sound_initials",), cap=3),
    BlockingRule("family sound + formal given name", ("norm_family_phonetic", "norm_given_canonical"), cap=12),
    BlockingRule("given name + birthday", ("norm_given_canonical", "birthday"), cap=12),
    BlockingRule("family name + birthday", ("norm_family_key", "birthday"), cap=12),
    BlockingRule("family name + postcode", ("norm_family_key", "norm_postcode"), cap=12),
    BlockingRule("organization + family sound", ("norm_org_key", "norm_family_phonetic"), cap=8),
    BlockingRule("organization + given initial", ("norm_org_key", "norm_given_key:1"), cap=4),
    BlockingRule("organization + family initial", ("norm_org_key", "norm_family_key:1"), cap=4),
    BlockingRule("organization + both initials", ("norm_org_key", "norm_name_sorted:initials"), cap=4),
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


class _Keys:
    """Key parts of the records as integer codes, each spec worked out once per ``block`` call
    (rules share columns) and each prefix or reversal taken once per distinct value."""

    def __init__(self, records: pd.DataFrame, specs: Iterable[str]) -> None:
        self.records = records
        self._cache: dict[str, tuple[pd.Series, np.ndarray]] = {}
        self._uses = Counter(specs)  # a spec's codes are dropped after their last use

    def codes(self, spec: str) -> tuple[pd.Series, np.ndarray]:
        """Codes of the present values indexed by record position (a column of tuples gives a
        row per item), and the distinct values the codes number."""
        found = self._cache.get(spec) or self._compute(spec)
        self._uses[spec] -= 1
        if self._uses[spec] > 0:
            self._cache[spec] = found
        else:
            self._cache.pop(spec, None)
        return found

    def _compute(self, spec: str) -> tuple[pd.Series, np.ndarray]:
        column, _, modifier = spec.partition(":")
        values = self.records[column].reset_index(drop=True)
        # columns hold one kind of value throughout: the first one present tells (isna over a
        # million values to find it took longer)
        first = next((v for v in values.to_numpy() if isinstance(v, (str, tuple))), None)
        if isinstance(first, tuple):
            values = values.explode()
        codes, found = pd.factorize(values)
        uniques = np.asarray(found, dtype=object)
        if modifier:
            changed = [_modified(v, modifier) if isinstance(v, str) else None for v in uniques]
            recoded, found = pd.factorize(pd.Series(changed, dtype=object))
            uniques = np.asarray(found, dtype=object)
            codes = np.append(recoded, -1)[codes]  # code -1 (missing) picks the appended -1
        empty = np.flatnonzero(uniques == "")
        present = codes >= 0
        if len(empty):
            present &= codes != empty[0]
        return pd.Series(codes[present], index=values.index[present], dtype=np.int64), uniques


def _modified(value: str, modifier: str) -> str:
    """``3``: the first three characters; ``reversed``: the text backwards; ``initials``: the
    first letter of each word (of a sorted name, the same for "Sofia Khan" and "Khan Sofia")."""
    if modifier.isdigit():
        return value[: int(modifier)]
    if modifier == "initials":
        return "".join(word[0] for word in value.split())
    return value[::-1]


def _rule_keys(keys: _Keys, n: int, rule: BlockingRule) -> tuple[pd.Series, np.ndarray | None]:
    """An integer block key per record for a rule (several rows for exploded values), indexed by
    record position, records missing any part have none; and for a one-column rule the values
    the keys number."""
    if len(rule.on) == 1:
        return keys.codes(rule.on[0])
    key = np.zeros(n, dtype=np.int64)
    present = np.ones(n, dtype=bool)
    for spec in rule.on:
        part, uniques = keys.codes(spec)
        if part.index.has_duplicates:
            raise ValueError(f"blocking rule {rule.name!r}: {spec} holds several values; use it alone")
        codes = np.full(n, -1, dtype=np.int64)
        codes[part.index.to_numpy()] = part.to_numpy()
        present &= codes >= 0
        key = key * (len(uniques) + 1) + codes + 1
    positions = np.flatnonzero(present)
    return pd.Series(pd.factorize(key[present])[0], index=positions, dtype=np.int64), None


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


def _sort_rank(codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """Each value's position in sorted order, as integers: strings are sorted once per distinct value."""
    values = uniques.tolist()
    rank_of_unique = np.empty(len(uniques), dtype=np.int64)
    # Python's own sort compares a list of strings in C, twice as fast as numpy's object argsort
    rank_of_unique[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(uniques))
    return np.append(rank_of_unique, -1)[codes]


def _rule_pairs(keys: _Keys, n: int, rule: BlockingRule, names: np.ndarray) -> np.ndarray:
    codes, values = _rule_keys(keys, n, rule)
    if codes.empty:
        return np.empty((0, 2), dtype=np.int64)
    positions = codes.index.to_numpy(dtype=np.int64)
    if rule.window and values is not None:
        order = np.argsort(_sort_rank(codes.to_numpy(), values), kind="stable")
        return _stack(_neighbour_pairs(np.empty(0), positions[order], rule.window + 1, same_block=False))
    block_of = codes.to_numpy()
    sizes = np.bincount(block_of)
    shared = sizes[block_of] > 1
    block_of, positions = block_of[shared], positions[shared]
    order = np.lexsort((names[positions], block_of))
    return _stack(_neighbour_pairs(block_of[order], positions[order], rule.cap, same_block=True))


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)


def block(records: pd.DataFrame, rules: Sequence[BlockingRule] = DEFAULT_RULES) -> pd.DataFrame:
    """Candidate pairs of normalized records: columns ``left``, ``right`` (row positions, left <
    right) and ``rule`` (the first rule that proposed the pair)."""
    n = len(records)
    keys = _Keys(records, ["norm_name_key", *(spec for rule in rules for spec in rule.on)])
    name_codes, name_values = keys.codes("norm_name_key")
    names = np.full(n, -1, dtype=np.int64)
    names[name_codes.index.to_numpy()] = _sort_rank(name_codes.to_numpy(), name_values)
    seen: list[np.ndarray] = []
    for number, rule in enumerate(rules):
        pairs = _rule_pairs(keys, n, rule, names)
        if len(pairs) == 0:
            continue
        left, right = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
        # the pair and the rule in one integer: sorting then puts each pair's first rule first
        seen.append((left[left != right] * n + right[left != right]) * len(rules) + number)
    position = np.int32 if n < 2**31 else np.int64  # half the memory of millions of pairs
    if not seen:
        return pd.DataFrame({"left": np.empty(0, position), "right": np.empty(0, position), "rule": []})
    proposed = _concatenated(seen)
    proposed.sort()  # in place: a million records propose tens of millions of pairs
    # split pair and rule in place, then keep each pair's first (lowest-numbered) rule
    proposer = np.empty(len(proposed), dtype=np.int8 if len(rules) < 128 else np.int32)
    np.remainder(proposed, len(rules), out=proposer, casting="unsafe")
    np.floor_divide(proposed, len(rules), out=proposed)
    first = np.empty(len(proposed), dtype=bool)
    first[0] = True
    np.not_equal(proposed[1:], proposed[:-1], out=first[1:])
    pair, proposer = proposed[first], proposer[first]
    del proposed, first
    # a category per pair, not a string: there are millions of pairs and a handful of rules
    # (pandas documents int arrays for codes; its stubs only admit sequences and Index categories)
    proposed_by = pd.Categorical.from_codes(proposer, [rule.name for rule in rules])  # type: ignore[arg-type]
    return pd.DataFrame(
        {"left": (pair // n).astype(position), "right": (pair % n).astype(position), "rule": proposed_by}
    )


def _concatenated(parts: list[np.ndarray]) -> np.ndarray:
    """The parts one after the other, each freed once copied (``parts`` is emptied): the whole
    and all its parts never take memory at once."""
    whole = np.empty(sum(len(p) for p in parts), dtype=np.int64)
    start = 0
    while parts:
        part = parts.pop(0)
        whole[start : start + len(part)] = part
        start += len(part)
        del part
    return whole
