"""merge, split, unmerge and review through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import cli


def _run(db, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, [*args, "--db", str(db)], input=input, catch_exceptions=False)


def _namesakes(tmp_path):
    book = tmp_path / "book.csv"
    book.write_text(
        "Name,Company,City\nTom Nguyen,Acme Plumbing,Seattle\nTom Nguyen,Nguyen Dental,Bellevue\n"
        "Ana Silva,Silva Law,Tacoma\nAna Silva,Silva Bakery,Olympia\n"
    )
    return book


def test_review_asks_side_by_side_and_resumes_where_it_stopped(tmp_path):
    db = tmp_path / "n.db"
    _run(db, "import", "--quiet", "--region", "US", str(_namesakes(tmp_path)))
    pending = json.loads(_run(db, "review", "--json").stdout)
    assert len(pending) == 2
    first = _run(db, "review", input="y\nq\n")
    assert "Acme Plumbing" in first.output or "Silva Law" in first.output
    assert "1 answer applied" in first.output and "1 pair still waiting" in first.output
    assert len(json.loads(_run(db, "list", "--json").stdout)) == 3
    second = _run(db, "review", input="n\n")
    assert "0 pairs still waiting" in second.output
    assert _run(db, "review").output.strip() == "nothing to review"
    assert len(json.loads(_run(db, "list", "--json").stdout)) == 3


def test_a_skipped_pair_comes_back_last(tmp_path):
    db = tmp_path / "n.db"
    _run(db, "import", "--quiet", "--region", "US", str(_namesakes(tmp_path)))
    before = json.loads(_run(db, "review", "--json").stdout)
    _run(db, "review", input="s\nq\n")
    after = json.loads(_run(db, "review", "--json").stdout)
    assert [p["record_a"] for p in after] == [before[1]["record_a"], before[0]["record_a"]]
    assert after[1]["skipped"] and not after[0]["skipped"]


def test_unmerge_undoes_a_merge(tmp_path):
    db = tmp_path / "n.db"
    _run(db, "import", "--quiet", "--region", "US", str(_namesakes(tmp_path)))
    ids = sorted(c["id"] for c in json.loads(_run(db, "list", "--json").stdout))
    _run(db, "merge", ids[0], ids[1])
    assert len(json.loads(_run(db, "list", "--json").stdout)) == 3
    _run(db, "unmerge", ids[0])
    assert sorted(c["id"] for c in json.loads(_run(db, "list", "--json").stdout)) == ids
    again = CliRunner().invoke(cli, ["unmerge", ids[0], "--db", str(db)])
    assert again.exit_code == 1 and "no merge to undo" in again.output
