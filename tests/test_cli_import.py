from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import FIXTURES

FILES = [str(FIXTURES / "linkedin" / "Connections.csv"), str(FIXTURES / "vcard"), str(FIXTURES / "csv")]


def _run(db, *args: str):
    return CliRunner().invoke(cli, [*args], catch_exceptions=False, env={"NETPLUS_DB": str(db)})


def test_import_then_reimport_reports_in_json(tmp_path):
    db = tmp_path / "n.db"
    first = json.loads(_run(db, "import", "--json", "--quiet", "--region", "US", *FILES).stdout)
    keys = {
        "records_new",
        "records_changed",
        "records_unchanged",
        "records_missing",
        "contacts_new",
        "contacts_updated",
        "contacts_merged",
        "review_pending",
    }
    assert keys <= set(first)
    assert first["records_new"] > 0 and first["contacts_new"] > 0
    second = json.loads(_run(db, "import", "--json", "--quiet", "--region", "US", *FILES).stdout)
    assert second["unchanged_files"] and second["records_new"] == 0
    table = _run(db, "import", "--quiet", *FILES)
    assert "nothing changed" in table.output


def test_dry_run_writes_nothing(tmp_path):
    db = tmp_path / "n.db"
    result = _run(db, "import", "--dry-run", "--quiet", *FILES)
    assert result.exit_code == 0 and "dry run: nothing written" in result.output
    assert json.loads(_run(db, "list", "--json").stdout) == []


def test_a_bad_file_stops_the_import_before_anything_is_written(tmp_path):
    db = tmp_path / "n.db"
    result = CliRunner().invoke(
        cli, ["import", *FILES, str(FIXTURES / "broken" / "vcard_without_end.vcf")], env={"NETPLUS_DB": str(db)}
    )
    assert result.exit_code == 1
    assert "vcard_without_end.vcf:1: card has no END:VCARD" in result.output
    assert json.loads(_run(db, "stats", "--json").stdout)["records"] == 0


def test_list_show_history_and_stats(tmp_path):
    db = tmp_path / "n.db"
    _run(db, "import", "--quiet", "--region", "US", *FILES)
    contacts = json.loads(_run(db, "list", "--json", "--search", "blake").stdout)
    (jordan,) = contacts
    assert jordan["id"].startswith("c-") and jordan["name"] == "Jordan Blake"
    assert "linkedin:jordan-blake-cfp" in jordan["record_ids"]
    shown = json.loads(_run(db, "show", "--json", jordan["id"]).stdout)
    assert {r["record"]["record_id"] for r in shown["records"]} == set(jordan["record_ids"])
    assert "Jordan Blake" in _run(db, "show", jordan["id"]).output
    runs = json.loads(_run(db, "history", "--json").stdout)
    assert len(runs) == 1 and runs[0]["report"]["records_new"] > 0
    stats = json.loads(_run(db, "stats", "--json").stdout)
    assert stats["contacts"] == len(json.loads(_run(db, "list", "--json").stdout))
    missing = CliRunner().invoke(cli, ["show", "c-nobody"], env={"NETPLUS_DB": str(db)})
    assert missing.exit_code == 1 and "no contact 'c-nobody'" in missing.output
