from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import FIXTURES


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_inspect_shows_format_mapping_and_records():
    result = _run("inspect", str(FIXTURES / "csv" / "semicolon_generic_headers.csv"))
    assert result.exit_code == 0
    assert "CSV via csv, 2 records, 0 warnings" in result.output
    assert "column mapping" in result.output
    assert "Vorname" in result.output and "given_name [exact]" in result.output
    assert "Müller" in result.output and "Steuerber" in result.output


def test_inspect_json_lists_every_record_with_its_fields():
    result = _run("inspect", "--json", str(FIXTURES / "linkedin" / "Connections.csv"))
    assert result.exit_code == 0
    (report,) = json.loads(result.stdout)
    assert report["format"] == "LinkedIn Connections.csv"
    assert report["records_read"] == 6 == len(report["records"])
    assert report["records"][0]["linkedin_url"] == "https://www.linkedin.com/in/maria-garcia-lopez-photo"
    assert report["warnings"] == [
        f"{FIXTURES / 'linkedin' / 'Connections.csv'}:10: row has no name, e-mail, phone or organization; skipped"
    ]


def test_inspect_reads_directories_and_warns_on_stderr():
    result = _run("inspect", str(FIXTURES / "linkedin"))
    assert result.exit_code == 0
    assert result.output.count("via linkedin") == 5
    assert "warning:" in result.stderr


def test_a_directory_reached_through_dot_dot_reads_but_hidden_files_inside_do_not(tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    (folder / ".cache").mkdir(parents=True)
    (folder / "Contacts.csv").write_bytes((FIXTURES / "linkedin" / "Contacts.csv").read_bytes())
    (folder / ".cache" / "old.csv").write_bytes((FIXTURES / "linkedin" / "Contacts.csv").read_bytes())
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = _run("inspect", "--json", "../exports")
    assert result.exit_code == 0
    assert [report["file"] for report in json.loads(result.stdout)] == [str(Path("../exports/Contacts.csv"))]


def test_limit_zero_shows_the_file_summary_without_records():
    result = _run("inspect", "--limit", "0", str(FIXTURES / "linkedin" / "Connections.csv"))
    assert result.exit_code == 0
    assert "6 records" in result.output and "first" not in result.output


def test_quiet_silences_warnings():
    result = _run("inspect", "--quiet", str(FIXTURES / "linkedin" / "Connections.csv"))
    assert result.stderr == ""


def test_a_bad_file_is_one_error_line_and_exit_1_while_others_still_show():
    good = FIXTURES / "csv" / "phone_book_without_names.csv"
    bad = FIXTURES / "broken" / "vcard_without_end.vcf"
    result = _run("inspect", "--quiet", str(good), str(bad))
    assert result.exit_code == 1
    assert "3 records" in result.output
    noisy = _run("inspect", str(bad))
    assert f"error: {bad}:1: card has no END:VCARD (file truncated?)" in noisy.stderr
    assert "Traceback" not in noisy.output


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    result = _run("inspect", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_source_option_forces_a_connector():
    result = _run("inspect", "--json", "--source", "csv", str(FIXTURES / "linkedin" / "Contacts.csv"))
    assert json.loads(result.stdout)[0]["connector"] == "csv"


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (FIXTURES.parent / "README.md").read_text()
    commands = {}
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            commands.update({f"{name} {sub}": c for sub, c in command.commands.items()})
        else:
            commands[name] = command
    for name, command in commands.items():
        assert command.help and "Example:" in command.help, name
        assert f"netplus {name}" in readme, name


def test_version():
    result = _run("--version")
    assert result.output.startswith("netplus, version ")


def test_inspect_normalized_adds_the_keys_matching_uses():
    result = _run(
        "inspect", "--json", "--normalized", "--region", "US", str(FIXTURES / "csv" / "google_contacts_new_format.csv")
    )
    assert result.exit_code == 0
    bob = json.loads(result.stdout)[0]["records"][0]
    assert bob["given_name"] == "Robert"
    assert bob["norm_given_canonical"] == "robert"
    assert bob["norm_phones"] == ["+12065550199", "+12065550142"]
    assert bob["norm_org_key"] == "chens auto repair"
    table = _run("inspect", "--normalized", str(FIXTURES / "csv" / "google_contacts_new_format.csv"))
    assert "given" in table.output
