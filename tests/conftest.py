from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
CONTACT_FIXTURES = sorted(
    p for kind in ("linkedin", "vcard", "csv") for p in (FIXTURES / kind).iterdir() if p.is_file()
)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def by_name(records, column: str = "full_name") -> dict:
    """Records of a DataFrame keyed by a column, as plain dicts; the keys must be unique."""
    keyed = {row[column]: row for row in records.to_dict("records")}
    assert len(keyed) == len(records), f"{column} does not tell the records apart"
    return keyed


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path, monkeypatch):
    """Tests never read the developer's own config file or netplus environment."""
    monkeypatch.setenv("NETPLUS_CONFIG", str(tmp_path / "no-config.toml"))
    for name in ("NETPLUS_DB", "NETPLUS_REGION", "NETPLUS_TAXONOMY"):
        monkeypatch.delenv(name, raising=False)


def netplus(db, *args: str, code: int = 0, input: str | None = None):
    """Run a netplus command on a store through click's CliRunner; the exit code must be ``code``."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, [*args, "--db", str(db)], input=input)
    assert result.exit_code == code, result.output
    return result
