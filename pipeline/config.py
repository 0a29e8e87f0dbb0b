"""Effective settings: a flag wins over the environment, which wins over the config file, which
wins over the built-in default; ``netplus config show`` prints each with where it came from."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs
import pycountry

import connectors
from connectors.errors import InputError
from pipeline.categorize import Taxonomy
from pipeline.merge import Survivorship
from pipeline.normalize import default_region
from pipeline.run import Matching
from pipeline.score import MatchSettings
from pipeline.store import default_path

CONFIG_ENV = "NETPLUS_CONFIG"


def config_path() -> Path:
    """``NETPLUS_CONFIG``, else ``config.toml`` in the user's config directory (XDG on Linux)."""
    return Path(os.environ.get(CONFIG_ENV) or Path(platformdirs.user_config_dir("netplus")) / "config.toml")


def _user_taxonomy() -> str | None:
    """``taxonomy.toml`` beside the config file, when there is one."""
    path = config_path().with_name("taxonomy.toml")
    return str(path) if path.exists() else None


def _path(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a file path")
    return str(Path(value).expanduser())


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be text")
    return value.strip()


def _region(value: Any) -> str:
    if not isinstance(value, str) or pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValueError("must be a two-letter country code such as US or DE")
    return value.upper()


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number (a match weight in log2 odds)")
    return float(value)


def _priority(value: Any) -> dict[str, tuple[str, ...]]:
    kinds = set(connectors.REGISTRY)
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(k in kinds for k in v) for v in value.values()
    ):
        raise ValueError(f"must map field names to lists of source kinds ({', '.join(sorted(kinds))})")
    return {**Survivorship().priority, **{k: tuple(v) for k, v in value.items()}}


@dataclass(frozen=True)
class Setting:
    name: str
    env: str | None
    default: Callable[[], Any]
    parse: Callable[[Any], Any]
    help: str


_DEFAULTS = MatchSettings.from_toml
SETTINGS: tuple[Setting, ...] = (
    Setting("db", "NETPLUS_DB", lambda: str(default_path()), _path, "the store file"),
    Setting("region", "NETPLUS_REGION", default_region, _region, "country of numbers written without one"),
    Setting("merge_threshold", None, lambda: _DEFAULTS().merge, _number, "match weight at or above which to merge"),
    Setting(
        "review_threshold", None, lambda: _DEFAULTS().review, _number, "match weight from which pairs wait for review"
    ),
    Setting("source_priority", None, lambda: Survivorship().priority, _priority, "which source wins each field"),
    Setting("name", "NETPLUS_NAME", lambda: None, _text, "your name, to sign drafted messages"),
    Setting("taxonomy", "NETPLUS_TAXONOMY", _user_taxonomy, _path, "a taxonomy file adding or changing categories"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]
    origins: dict[str, str]  # flag, environment (NAME), file (PATH) or default

    @classmethod
    def load(cls, path: Path | None = None, **flags: Any) -> Config:
        """The effective settings; ``flags`` are command-line values, None when not given."""
        path = path or config_path()
        file_values = _read_file(path)
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for setting in SETTINGS:
            if flags.get(setting.name) is not None:
                raw, origin = flags[setting.name], "flag"
            elif setting.env and os.environ.get(setting.env):
                raw, origin = os.environ[setting.env], f"environment ({setting.env})"
            elif setting.name in file_values:
                raw, origin = file_values[setting.name], f"file ({path})"
            else:
                values[setting.name], origins[setting.name] = setting.default(), "default"
                continue
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                where = {"flag": f"--{setting.name}", "file": str(path)}.get(origin.split()[0], setting.env or "")
                raise InputError(where, f"{setting.name} {exc}") from None
            origins[setting.name] = origin
        return cls(values, origins)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def templates(self) -> Path:
        """Where the user's message templates live: ``templates/`` beside the config file."""
        return config_path().with_name("templates")

    def taxonomy(self) -> Taxonomy:
        return Taxonomy.load(self["taxonomy"])

    def matching(self, on_stage: Callable[[str], None] | None = None) -> Matching:
        """How imports and manual decisions match, from these settings (``on_stage`` hears progress)."""
        settings = replace(_DEFAULTS(), merge=self["merge_threshold"], review=self["review_threshold"])
        return Matching(self["region"], settings, Survivorship(self["source_priority"]), self["taxonomy"], on_stage)


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"cannot read the config file ({exc})") from None
    unknown = sorted(set(data) - set(_BY_NAME))
    if unknown:
        raise InputError(path, f"unknown setting {unknown[0]!r}; known: {', '.join(_BY_NAME)}")
    return data
