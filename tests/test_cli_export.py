"""export and restore through the command line on the fixture network."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import FIXTURES, netplus

FILES = [str(FIXTURES / "linkedin"), str(FIXTURES / "vcard"), str(FIXTURES / "csv")]


def _network(tmp_path):
    db = tmp_path / "n.db"
    netplus(db, "import", "--quiet", "--region", "US", *FILES)
    return db


def _by_name(db):
    return {c["name"]: c for c in json.loads(netplus(db, "list", "--json").stdout)}


def test_every_format_on_the_fixture_network(tmp_path):
    db = _network(tmp_path)
    rows = list(csv.DictReader(io.StringIO(netplus(db, "export", "--category", "dentist").stdout)))
    assert {r["name"] for r in rows} >= {"Hannah Weiss", "Kenji Watanabe"}
    assert all(r["categories"].startswith("Dentist") for r in rows)
    listed = json.loads(netplus(db, "export", "--format", "json", "--group", "home").stdout)
    assert listed and all(set(item) >= {"id", "name", "phones", "emails", "city"} for item in listed)
    md = netplus(db, "export", "--format", "md", "--category", "plumber").stdout
    assert md.startswith("# Referrals") and "## Plumber (" in md
    page = tmp_path / "list.html"
    netplus(db, "export", "--format", "html", "-o", str(page))
    assert page.read_text().startswith("<!DOCTYPE html>")
    narrow = list(csv.DictReader(io.StringIO(netplus(db, "export", "--fields", "name,phones").stdout)))
    assert set(narrow[0]) == {"id", "name", "phones", "phones_e164"}
    assert "private fields need --all-fields" in netplus(db, "export", "--fields", "notes", code=1).output


def test_a_private_contact_never_leaves_but_a_full_export_has_it(tmp_path):
    db = _network(tmp_path)
    hannah = _by_name(db)["Hannah Weiss"]["id"]
    netplus(db, "private", hannah)
    for form in ("csv", "vcf", "json", "md", "html"):
        assert "Hannah" not in netplus(db, "export", "--format", form).stdout
    assert "Hannah" in netplus(db, "export", "--all-fields", "--format", "json").stdout
    netplus(db, "private", hannah, "--undo")
    assert "Hannah" in netplus(db, "export").stdout


def test_trusted_only_carries_the_endorsement(tmp_path):
    db = _network(tmp_path)
    bob = _by_name(db)["Bob Chen"]["id"]
    netplus(db, "trust", bob, "--note", "honest, fair prices")
    (item,) = json.loads(netplus(db, "export", "--trusted-only", "--format", "json").stdout)
    assert item["name"] == "Bob Chen" and item["endorsement"] == "honest, fair prices"


def test_vcard_export_imports_back_as_the_same_contacts(tmp_path):
    db = _network(tmp_path)
    for version in ("3.0", "4.0"):
        cards = tmp_path / f"referrals-{version}.vcf"
        netplus(db, "export", "--format", "vcf", "--vcard-version", version, "-o", str(cards))
        again = tmp_path / f"again-{version}.db"
        netplus(again, "import", "--quiet", "--region", "US", str(cards))
        before = {i["name"]: i for i in json.loads(netplus(db, "export", "--format", "json").stdout)}
        after = {i["name"]: i for i in json.loads(netplus(again, "export", "--format", "json").stdout)}
        assert set(after) == set(before)
        for name, item in before.items():
            for field in ("organization", "title", "emails", "city"):
                assert after[name][field] == item[field], (version, name, field)
            assert sorted(after[name]["categories"]) == sorted(item["categories"])
            assert [p["number"] for p in after[name]["phones"]] == [p["number"] for p in item["phones"]]


def test_full_backup_restores_everything_including_decisions(tmp_path):
    db = _network(tmp_path)
    ids = sorted(_by_name(db)[n]["id"] for n in ("Marcus Bell", "Emi Ito"))
    netplus(db, "merge", *ids)
    netplus(db, "trust", ids[0], "--note", "fixed the fence in a day")
    backup = tmp_path / "backup.json"
    netplus(db, "export", "--full-backup", "-o", str(backup))
    restored = tmp_path / "restored.db"
    netplus(restored, "restore", str(backup))
    assert netplus(restored, "list", "--json").stdout == netplus(db, "list", "--json").stdout
    assert netplus(restored, "history", "--json").stdout == netplus(db, "history", "--json").stdout
    assert "already holds a network" in netplus(restored, "restore", str(backup), code=1).output
    netplus(restored, "restore", str(backup), "--replace")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    assert "not a netplus backup" in netplus(tmp_path / "x.db", "restore", str(bad), code=1).output
