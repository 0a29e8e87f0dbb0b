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


def test_an_unzipped_linkedin_export_imports_its_connections_and_skips_the_rest(tmp_path):
    export = tmp_path / "Basic_LinkedInDataExport"
    (export / "Jobs").mkdir(parents=True)
    (export / "Connections.csv").write_bytes((FIXTURES / "linkedin" / "Connections.csv").read_bytes())
    # files about the member that a generic CSV reader would take for contacts or fail on
    (export / "Positions.csv").write_text("Company Name,Title,Location,Started On\nAcme,Engineer,,Jan 2020\n")
    (export / "Company Follows.csv").write_text("Organization,Followed On\nGlobex,2021-01-01 10:00:00 UTC\n")
    (export / "Skills.csv").write_text("Name\nPython\n")
    (export / "Jobs" / "Job Applications.csv").write_text("Contact Email,Company Name\nme@x.com,Initech\n")
    (export / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    db = tmp_path / "n.db"
    result = _run(db, "import", "--json", "--region", "US", str(export))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["records_new"] == 6  # the connections, nothing else
    for name in ("Positions.csv", "Company Follows.csv", "Skills.csv", "Job Applications.csv"):
        assert f"{name}: LinkedIn's {name} lists no contacts; skipped" in result.stderr
    assert "photo.jpg: a binary file, not a contact list; skipped" in result.stderr
    # named on its own, a file is read as asked
    named = _run(tmp_path / "m.db", "import", "--json", "--quiet", "--region", "US", str(export / "Positions.csv"))
    assert named.exit_code == 0 and json.loads(named.stdout)["records_new"] == 1


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


def test_merge_and_split_commands(tmp_path):
    db = tmp_path / "n.db"
    book = tmp_path / "book.csv"
    book.write_text("Name,Company\nDee,Hair by Dee\nDeirdre Walsh,\n")
    _run(db, "import", "--quiet", str(book))
    ids = [c["id"] for c in json.loads(_run(db, "list", "--json").stdout)]
    merged = json.loads(_run(db, "merge", "--json", *ids).stdout)
    assert merged["contacts_merged"] == 1
    (contact,) = json.loads(_run(db, "list", "--json").stdout)
    result = _run(db, "split", contact["id"], contact["record_ids"][1])
    assert "contacts new: 1" in result.output
    assert len(json.loads(_run(db, "list", "--json").stdout)) == 2
    wrong = CliRunner().invoke(cli, ["merge", contact["id"]], env={"NETPLUS_DB": str(db)})
    assert wrong.exit_code == 1 and "at least two different contacts" in wrong.output
