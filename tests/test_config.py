"""Effective settings: flag over environment over file over default, each with its origin."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from connectors.errors import InputError
from pipeline.cli import cli
from pipeline.config import Config


def test_each_setting_says_where_it_came_from(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('region = "de"\nmerge_threshold = 8\n[source_priority]\nname = ["vcard", "linkedin"]\n')
    monkeypatch.setenv("NETPLUS_CONFIG", str(config))
    monkeypatch.setenv("NETPLUS_DB", str(tmp_path / "env.db"))
    loaded = Config.load()
    assert loaded["region"] == "DE" and loaded.origins["region"] == f"file ({config})"
    assert loaded["db"] == str(tmp_path / "env.db") and loaded.origins["db"] == "environment (NETPLUS_DB)"
    assert loaded["review_threshold"] == 0.0 and loaded.origins["review_threshold"] == "default"
    assert loaded["source_priority"]["name"] == ("vcard", "linkedin")
    assert loaded["source_priority"]["default"]  # fields not given keep their default order
    flagged = Config.load(region="FR")
    assert flagged["region"] == "FR" and flagged.origins["region"] == "flag"
    assert flagged.matching().settings.merge == 8.0


def test_config_show_prints_json_for_scripts(tmp_path, monkeypatch):
    monkeypatch.setenv("NETPLUS_REGION", "BR")
    shown = json.loads(CliRunner().invoke(cli, ["config", "show", "--json", "--db", "x.db"]).stdout)
    settings = {row["setting"]: row for row in shown["settings"]}
    assert settings["region"]["value"] == "BR" and settings["region"]["from"] == "environment (NETPLUS_REGION)"
    assert settings["db"]["from"] == "flag"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("region = 'Germany'", "two-letter country code"),
        ("colour = 'blue'", "unknown setting 'colour'"),
        ("merge_threshold = 'high'", "must be a number"),
        ("[source_priority]\nname = ['fax']", "lists of source kinds"),
        ("region = ", "cannot read the config file"),
    ],
)
def test_a_bad_config_file_is_a_one_line_error_naming_it(tmp_path, monkeypatch, text, message):
    config = tmp_path / "config.toml"
    config.write_text(text)
    monkeypatch.setenv("NETPLUS_CONFIG", str(config))
    with pytest.raises(InputError, match=message) as error:
        Config.load()
    assert str(config) in str(error.value)
    result = CliRunner().invoke(cli, ["config", "show"])
    assert result.exit_code == 1 and message.split("'")[0] in result.output


def test_a_region_from_the_config_file_reads_local_numbers(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('region = "DE"\n')
    monkeypatch.setenv("NETPLUS_CONFIG", str(config))
    book = tmp_path / "book.csv"
    book.write_text("Name,Phone\nLena Park,0151 2345678\n")
    db = str(tmp_path / "n.db")
    CliRunner().invoke(cli, ["import", "--quiet", "--db", db, str(book)], catch_exceptions=False)
    (contact,) = json.loads(CliRunner().invoke(cli, ["list", "--json", "--db", db]).stdout)
    assert contact["phones_e164"] == ["+491512345678"]
