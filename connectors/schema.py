"""The canonical record: the one contract between connectors and the pipeline.

Every connector returns a DataFrame with exactly ``COLUMNS``, in this order. Multi-valued
fields are tuples, a missing single value is ``None`` and nothing is ever the string "nan".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import pandas as pd

from connectors.errors import SchemaError

_NOT_KEY = re.compile(r"[^\w@]|_")  # what a phone or e-mail key ignores: punctuation, spaces
SOURCE_KINDS = ("linkedin", "vcard", "csv")

# column -> kind: "str" (str or None), "tuple" (tuple of str), "pairs" (tuple of (label, value)),
# "addresses" (tuple of dicts), "dict" (the extra mapping)
COLUMN_KINDS: dict[str, str] = {
    "record_id": "str",
    "source_kind": "str",
    "source_name": "str",
    "source_file": "str",
    "full_name": "str",
    "given_name": "str",
    "family_name": "str",
    "additional_names": "str",
    "prefix": "str",
    "suffix": "str",
    "nickname": "str",
    "emails": "pairs",
    "phones": "pairs",
    "organization": "str",
    "title": "str",
    "urls": "tuple",
    "linkedin_url": "str",
    "addresses": "addresses",
    "notes": "str",
    "tags": "tuple",
    "connected_on": "str",
    "birthday": "str",
    "extra": "dict",
}
COLUMNS: tuple[str, ...] = tuple(COLUMN_KINDS)
REQUIRED = ("record_id", "source_kind", "source_name", "source_file")
ADDRESS_KEYS = ("label", "street", "city", "region", "postcode", "country")
NAME_FIELDS = ("full_name", "given_name", "family_name", "additional_names", "prefix", "suffix")


@dataclass(frozen=True)
class ReadWarning:
    """A recoverable problem in an input file: counted and shown, never silent."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ReadResult:
    """What a connector read from one file."""

    records: pd.DataFrame
    warnings: list[ReadWarning] = field(default_factory=list)
    format: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def fold_key(text: str) -> str:
    """Casefold, strip accents and collapse whitespace: the form ids are hashed from."""
    if text.isascii():
        return " ".join(text.lower().split())
    # casefold between two decompositions: each can produce input the other changes (𝑨 -> A -> a)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def stable_key(*parts: str | None) -> str:
    """A short hex digest over folded parts; stable across runs and machines (never ``hash()``)."""
    joined = "\x1f".join(fold_key(p) if p else "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def display_name(record: Mapping[str, Any]) -> str | None:
    """The best human label a record has: its name, else its organization, e-mail or phone."""
    if record.get("full_name"):
        return str(record["full_name"])
    parts = [record.get(k) for k in ("prefix", "given_name", "additional_names", "family_name", "suffix")]
    joined = " ".join(str(p) for p in parts if p)
    if joined:
        return joined
    if record.get("nickname"):
        return str(record["nickname"])
    if record.get("organization"):
        return str(record["organization"])
    for key in ("emails", "phones"):
        values = record.get(key) or ()
        if values:
            return str(values[0][1])
    return None


# fields that make a record worth keeping: something that names or reaches a person or business
CONTENT_FIELDS = (
    *NAME_FIELDS,
    "nickname",
    "organization",
    "title",
    "linkedin_url",
    "notes",
    "emails",
    "phones",
    "urls",
    "addresses",
)


def has_content(record: Mapping[str, Any]) -> bool:
    """True when a record says anything about a person or business (a name, a way to reach them)."""
    return any(record.get(column) for column in CONTENT_FIELDS)


def empty_records() -> pd.DataFrame:
    """A DataFrame with the canonical columns and no rows."""
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in COLUMNS})


def _record_ids(
    columns: Mapping[str, list[Any]], n: int, source_kind: str, source_keys: Sequence[str | None] | None
) -> list[str]:
    """Natural keys where the source has them, else hashed ones; repeats in one file get ``~2``.

    Hashed keys fold the display name (name, else organization, else first e-mail or phone)
    and the first e-mail or phone without punctuation.
    """
    none = [None] * n

    def column(name: str) -> list[Any]:
        return columns.get(name) or none

    keys = source_keys or none
    parts = zip(
        column("prefix"), column("given_name"), column("additional_names"), column("family_name"), column("suffix")
    )
    counts: dict[str, int] = {}
    ids = []
    for key, full, name_parts, nick, org, emails, phones in zip(
        keys, column("full_name"), parts, column("nickname"), column("organization"), column("emails"), column("phones")
    ):
        if not key:
            name = full or " ".join(p for p in name_parts if p) or nick or org
            contact = (emails or phones or ((None, ""),))[0][1]
            key = stable_key(name or contact, _NOT_KEY.sub("", contact))
        rid = f"{source_kind}:{key}"
        if rid in counts:
            counts[rid] += 1
            rid = f"{rid}~{counts[rid]}"
        else:
            counts[rid] = 1
        ids.append(rid)
    return ids


def records_from_columns(
    columns: Mapping[str, list[Any]],
    n: int,
    *,
    source_kind: str,
    source_name: str,
    source_file: str,
    source_keys: Sequence[str | None] | None = None,
) -> pd.DataFrame:
    """The canonical DataFrame from per-field value lists (missing fields become empty), validated."""
    data: dict[str, list[Any]] = {
        "record_id": _record_ids(columns, n, source_kind, source_keys),
        "source_kind": [source_kind] * n,
        "source_name": [source_name] * n,
        "source_file": [source_file] * n,
    }
    for column, kind in COLUMN_KINDS.items():
        if column in data:
            continue
        values = columns.get(column)
        if values is None:
            data[column] = [{} for _ in range(n)] if kind == "dict" else [None if kind == "str" else ()] * n
        elif kind == "str":
            data[column] = [v or None for v in values]
        elif kind == "dict":
            data[column] = [v or {} for v in values]
        else:
            data[column] = [tuple(v) if v else () for v in values]
    records = pd.DataFrame({c: pd.Series(data[c], dtype=object) for c in COLUMNS}, columns=list(COLUMNS))
    return validate(records)


def records_from_rows(
    rows: Sequence[dict[str, Any]], *, source_kind: str, source_name: str, source_file: str
) -> pd.DataFrame:
    """The canonical DataFrame from connector row dicts (``_source_key`` is the natural key)."""
    columns = {column: [row.get(column) for row in rows] for column in COLUMN_KINDS}
    keys = [row.get("_source_key") for row in rows]
    return records_from_columns(
        columns, len(rows), source_kind=source_kind, source_name=source_name, source_file=source_file, source_keys=keys
    )


def _column_problem(column: str, kind: str, values: list[Any]) -> str | None:
    """One problem in a column, checked at C speed (``map``/``set``) so validation stays cheap."""
    types = set(map(type, values))
    if kind == "str":
        if not types <= {str, type(None)}:
            return f"expected str or None, got {sorted(t.__name__ for t in types)}"
        if column in REQUIRED and type(None) in types:
            return "missing value"
        stripped = set(map(str.strip, [v for v in values if v is not None]))
        if "" in stripped or "nan" in stripped:
            return "blank or 'nan' string"
        return None
    if kind == "dict":
        return None if types <= {dict} else "expected dict"
    if not types <= {tuple}:
        return f"expected tuple, got {sorted(t.__name__ for t in types)}"
    items = list(chain.from_iterable(values))
    if not items:
        return None
    item_types = set(map(type, items))
    if kind == "tuple":
        if item_types != {str} or not all(items):
            return "expected non-empty str items"
    elif kind == "pairs":
        if item_types != {tuple} or set(map(len, items)) != {2}:
            return "expected (label, value) pairs"
        _, texts = zip(*items)
        if set(map(type, texts)) != {str} or not all(texts):
            return "expected a non-empty str value in every pair"
    elif kind == "addresses":
        if item_types != {dict} or set(map(frozenset, items)) != {frozenset(ADDRESS_KEYS)}:
            return f"expected address dicts with keys {ADDRESS_KEYS}"
    return None


def validate(records: pd.DataFrame) -> pd.DataFrame:
    """Check the canonical-record contract; raise SchemaError listing every problem found."""
    if tuple(records.columns) != COLUMNS:
        missing = [c for c in COLUMNS if c not in records.columns]
        unknown = [c for c in records.columns if c not in COLUMN_KINDS]
        raise SchemaError(f"columns differ from the canonical record: missing {missing}, unknown {unknown}")
    problems = []
    for column, kind in COLUMN_KINDS.items():
        problem = _column_problem(column, kind, records[column].tolist())
        if problem:
            problems.append(f"{column}: {problem}")
    if not records["source_kind"].isin(SOURCE_KINDS).all():
        problems.append("source_kind outside " + ", ".join(SOURCE_KINDS))
    duplicated = records["record_id"].duplicated()
    if duplicated.any():
        problems.append(f"duplicate record_id {records.loc[duplicated, 'record_id'].tolist()[:5]}")
    if problems:
        raise SchemaError("; ".join(problems))
    return records
