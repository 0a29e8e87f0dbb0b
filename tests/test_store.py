"""Re-import scenarios end to end on real files: the network store and import_files."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import threading
import time

import pytest

import pipeline.run
from connectors.errors import StoreError
from pipeline.migrations import LATEST
from pipeline.network import list_contacts, show_contact
from pipeline.run import import_files
from pipeline.store import Store
from tests.conftest import FIXTURES

GOOGLE = FIXTURES / "csv" / "google_contacts_old_format.csv"


def _dump(path) -> list:
    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return [(t, sorted(connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr)) for t in tables]
    finally:
        connection.close()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "network.db") as opened:
        yield opened


def test_the_store_file_is_private_and_versioned(store):
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert store.query("PRAGMA user_version")[0][0] == LATEST
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"


def test_identical_reimport_changes_nothing(store, tmp_path):
    first = import_files([FIXTURES / "csv", FIXTURES / "vcard"], store, region="US")
    assert first.records_new > 0 and first.contacts_new > 0
    before = _dump(store.path)
    again = import_files([FIXTURES / "csv", FIXTURES / "vcard"], store, region="US")
    assert again.unchanged_files and again.records_new == again.records_changed == 0
    assert again.records_unchanged == first.records_new
    assert _dump(store.path) == before


def test_a_record_s_digest_is_that_of_its_stored_json_without_the_file(store):
    """Stores written by earlier versions hashed the stored JSON text: the digests must stay the
    same, or every record of every store would read as changed."""
    import_files([FIXTURES / "csv", FIXTURES / "vcard"], store, region="US")
    rows = store.query("SELECT data, content_hash FROM records")
    assert len(rows) > 10
    for row in rows:
        data = json.loads(row["data"])
        data.pop("source_file")
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        assert row["content_hash"] == hashlib.sha256(text.encode()).hexdigest()


def test_an_edited_export_updates_one_record_and_keeps_the_old_version(store, tmp_path):
    export = tmp_path / "google.csv"
    shutil.copy(GOOGLE, export)
    import_files([export], store, region="US")
    ids_before = {c["name"]: c["id"] for c in list_contacts(store)}
    export.write_text(export.read_text().replace(",Plumber,", ",Master Plumber,"))
    report = import_files([export], store, region="US")
    assert (report.records_new, report.records_changed, report.records_missing) == (0, 1, 0)
    assert list(report.changed_fields.values()) == [["title"]]
    assert {c["name"]: c["id"] for c in list_contacts(store)} == ids_before
    tom = show_contact(store, ids_before["Tom Nguyen"])
    assert tom["title"] == "Master Plumber"
    assert tom["records"][0]["previous_versions"][0]["record"]["title"] == "Plumber"


def test_a_row_gone_from_a_newer_export_is_marked_missing_not_deleted(store, tmp_path):
    export = tmp_path / "google.csv"
    shutil.copy(GOOGLE, export)
    import_files([export], store, region="US")
    lines = export.read_text().splitlines(keepends=True)
    export.write_text("".join(line for line in lines if not line.startswith("Tom Nguyen")))
    report = import_files([export], store, region="US")
    assert report.records_missing == 1
    tom = next(c for c in list_contacts(store) if c["name"] == "Tom Nguyen")
    assert show_contact(store, tom["id"])["records"][0]["missing_since"] == report.import_id


def test_an_old_version_of_a_connection_is_no_second_row_of_its_export(store, tmp_path):
    # reconnected under a new e-mail (a new record id for a row without a profile URL) and a new
    # date: the old row is missing from the newer export, not a namesake listed beside it
    export = tmp_path / "Connections.csv"
    header = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    export.write_text(header + "Priya,Raman,priya@old.example,Globex,Designer,09 Sep 2019\n")
    import_files([export], store, region="US")
    export.write_text(header + "Priya,Raman,priya@new.example,Globex,Designer,14 Mar 2024\n")
    report = import_files([export], store, region="US")
    assert (report.records_new, report.records_missing) == (1, 1)
    (priya,) = list_contacts(store)
    assert len(show_contact(store, priya["id"])["records"]) == 2


def test_new_evidence_merges_two_contacts_and_the_old_id_still_resolves(store, tmp_path):
    first = tmp_path / "phone.csv"
    first.write_text("Name,Email,Phone\nAna Souza,ana@souza.com.br,\nA. Souza,,+55 11 91234-5678\n")
    import_files([first], store, region="BR")
    ids = sorted(c["id"] for c in list_contacts(store))
    assert len(ids) == 2
    second = tmp_path / "google.csv"
    second.write_text("Name,Email,Phone\nA. Souza,ana@souza.com.br,+55 11 91234-5678\n")
    report = import_files([second], store, region="BR")
    assert report.contacts_merged == 1
    (merged,) = list_contacts(store)
    assert merged["id"] in ids
    other = next(i for i in ids if i != merged["id"])
    assert store.resolve(other) == merged["id"]


def test_a_dry_run_writes_nothing(store):
    before = _dump(store.path)
    report = import_files([FIXTURES / "csv"], store, region="US", dry_run=True)
    assert report.dry_run and report.records_new > 0
    assert _dump(store.path) == before


def test_a_crash_in_the_merge_step_leaves_the_store_as_it_was(store, tmp_path, monkeypatch):
    import_files([FIXTURES / "vcard"], store, region="US")
    before = _dump(store.path)

    def crash(*args, **kwargs):
        raise RuntimeError("injected crash in the merge step")

    monkeypatch.setattr(pipeline.run, "dedupe", crash)  # fault injection, not a stand-in
    with pytest.raises(RuntimeError, match="injected"):
        import_files([FIXTURES / "csv"], store, region="US")
    assert _dump(store.path) == before


def test_a_second_import_waits_for_the_first_and_nothing_interleaves(tmp_path):
    path = tmp_path / "network.db"
    Store(path).close()
    started = threading.Event()

    def hold_the_lock():
        with Store(path) as holder, holder.transaction():
            started.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    assert started.wait(timeout=10)
    with Store(path) as second:
        waited = time.monotonic()
        report = import_files([FIXTURES / "vcard"], second, region="US")
        assert time.monotonic() - waited >= 0.5
        assert report.records_new > 0
        assert second.query("PRAGMA integrity_check")[0][0] == "ok"
    thread.join()


def test_an_unknown_contact_id_is_a_clear_error(store):
    with pytest.raises(StoreError, match="no contact 'c-nobody'"):
        store.resolve("c-nobody")


def test_a_namesake_in_another_source_does_not_overwrite_a_stored_record(store, tmp_path):
    (tmp_path / "work.csv").write_text("Name,Company\nJohn Smith,Acme\n")
    (tmp_path / "home.csv").write_text("Name,Company\nJohn Smith,Globex\n")
    import_files([tmp_path / "work.csv"], store, region="US")
    report = import_files([tmp_path / "home.csv"], store, region="US")
    assert (report.records_new, report.records_changed) == (1, 0)
    organizations = {
        r["record"]["organization"] for c in list_contacts(store) for r in show_contact(store, c["id"])["records"]
    }
    assert organizations == {"Acme", "Globex"}


def test_the_same_file_named_from_another_folder_is_recognised(store, monkeypatch):
    import_files([FIXTURES / "csv" / "google_contacts_old_format.csv"], store, region="US")
    monkeypatch.chdir(FIXTURES / "csv")
    assert import_files(["google_contacts_old_format.csv"], store, region="US").unchanged_files
