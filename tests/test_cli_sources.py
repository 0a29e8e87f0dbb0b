"""Registered sources, sync and saved CSV mappings, through the command line on real files."""

from __future__ import annotations

import json
import shutil

from tests.conftest import FIXTURES, netplus


def test_sync_reimports_every_source_and_is_a_noop_when_nothing_changed(tmp_path):
    db = tmp_path / "n.db"
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(FIXTURES / "csv" / "google_contacts_new_format.csv", exports)
    netplus(db, "source", "add", "google", str(exports / "*.csv"), "--region", "us")
    netplus(db, "source", "add", "linkedin", str(FIXTURES / "linkedin" / "Connections.csv"))
    (google, linkedin) = json.loads(netplus(db, "source", "list", "--json").stdout)
    assert google["region"] == "US" and len(google["files"]) == 1 and linkedin["kind"] is None
    first = json.loads(netplus(db, "sync", "--json", "--quiet").stdout)
    assert first["records_new"] > 0 and {f["path"] for f in first["files"]} == {*google["files"], *linkedin["files"]}
    sources = json.loads(netplus(db, "stats", "--json").stdout)["records_by_source"]
    assert set(sources) == {"google", "linkedin"}
    again = json.loads(netplus(db, "sync", "--json", "--quiet").stdout)
    assert again["unchanged_files"] and again["records_new"] == again["records_changed"] == 0


def test_a_sources_csv_mapping_is_saved_and_an_edit_applies_on_the_next_sync(tmp_path):
    db = tmp_path / "n.db"
    csv = tmp_path / "club.csv"
    csv.write_text("Name,Handy,Notiz\nLena Park,0151 2345678,met at the club\n", encoding="utf-8")
    netplus(db, "source", "add", "club", str(csv), "--region", "DE")
    netplus(db, "sync", "--quiet")
    (layout,) = json.loads(netplus(db, "source", "mapping", "club", "--json").stdout)
    assert layout["Handy"].startswith("phone")
    netplus(db, "source", "mapping", "club", "--set", "Notiz=notes")
    changed = json.loads(netplus(db, "sync", "--json", "--quiet").stdout)
    assert changed["records_changed"] == 1
    (contact,) = json.loads(netplus(db, "list", "--json").stdout)
    assert contact["phones_e164"] == ["+491512345678"]
    bad = netplus(db, "source", "mapping", "club", "--set", "Notiz=shoe size", code=1)
    assert "is not a field" in bad.output
    assert "has no column" in netplus(db, "source", "mapping", "club", "--set", "Nope=notes", code=1).output


def test_source_errors_are_one_line(tmp_path):
    db = tmp_path / "n.db"
    assert "no sources registered" in netplus(db, "sync", code=1).output
    netplus(db, "source", "add", "gone", str(tmp_path / "*.vcf"))
    assert "matches no file" in netplus(db, "sync", code=1).output
    assert "exists" in netplus(db, "source", "add", "gone", str(tmp_path), code=1).output
    netplus(db, "source", "remove", "gone")
    assert "no source 'gone'" in netplus(db, "source", "remove", "gone", code=1).output
