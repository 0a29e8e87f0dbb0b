"""Manual decisions win, now and on every later import."""

from __future__ import annotations

import pytest

from connectors.errors import StoreError
from pipeline.decisions import (
    answer_review,
    apply_reviews,
    merge_contacts,
    review_pairs,
    split_contact,
    unapplied_decisions,
    unmerge_contact,
)
from pipeline.network import list_contacts
from pipeline.run import import_files
from pipeline.store import Store
from tests.conftest import FIXTURES


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "network.db") as opened:
        yield opened


def _contact_of(store, record_id):
    return store.query("SELECT contact_id FROM records WHERE record_id = ?", record_id)[0][0]


def test_a_split_survives_reimport_and_a_later_merge_undoes_it(store, tmp_path):
    export = tmp_path / "phone.csv"
    export.write_text("Name,Email,Phone\nLena Park,lena.park@gmail.com,\nLena Park,lena.park@gmail.com,206 555 0100\n")
    import_files([export], store, region="US")
    (lena,) = list_contacts(store)
    first, second = lena["record_ids"]
    report = split_contact(store, lena["id"], [second])
    assert report.contacts_new == 1
    assert _contact_of(store, first) == lena["id"] != _contact_of(store, second)
    export.write_text(export.read_text() + "Lena P.,lena.park@gmail.com,\n")  # a changed export: re-matches everything
    import_files([export], store, region="US")
    assert _contact_of(store, first) != _contact_of(store, second)
    moved = _contact_of(store, second)
    merge_contacts(store, [lena["id"], moved])
    assert _contact_of(store, first) == _contact_of(store, second) == lena["id"]
    assert store.resolve(moved) == lena["id"]


def test_a_merge_joins_contacts_the_scorer_kept_apart_and_survives_reimport(store, tmp_path):
    export = tmp_path / "book.csv"
    export.write_text("Name,Company\nDee,Hair by Dee\nDeirdre Walsh,\n")
    import_files([export], store, region="US")
    ids = [c["id"] for c in list_contacts(store)]
    assert len(ids) == 2
    merge_contacts(store, ids)
    assert len(list_contacts(store)) == 1
    export.write_text(export.read_text() + "Someone Else,\n")
    import_files([export], store, region="US")
    assert len(list_contacts(store)) == 2  # Dee/Deirdre still one, plus the new record


def test_bad_decisions_are_clear_errors(store):
    import_files([FIXTURES / "csv" / "phone_book_without_names.csv"], store, region="US")
    contact = list_contacts(store)[0]
    with pytest.raises(StoreError, match="at least two different contacts"):
        merge_contacts(store, [contact["id"], contact["id"]])
    with pytest.raises(StoreError, match="is not a record of"):
        split_contact(store, contact["id"], ["csv:nope"])
    with pytest.raises(StoreError, match="both sides"):
        split_contact(store, contact["id"], contact["record_ids"])


def test_unmerge_gives_the_absorbed_contact_its_id_back_for_good(store, tmp_path):
    export = tmp_path / "book.csv"
    export.write_text("Name,Company\nDee,Hair by Dee\nDeirdre Walsh,\n")
    import_files([export], store, region="US")
    dee, deirdre = sorted(list_contacts(store), key=lambda c: c["name"])
    merge_contacts(store, [dee["id"], deirdre["id"]])
    (merged,) = list_contacts(store)
    absorbed = deirdre["id"] if merged["id"] == dee["id"] else dee["id"]
    unmerge_contact(store, merged["id"])
    assert {c["id"] for c in list_contacts(store)} == {dee["id"], deirdre["id"]}
    assert store.resolve(absorbed) == absorbed  # no longer an alias
    export.write_text(export.read_text() + "Someone Else,\n")
    import_files([export], store, region="US")
    assert len(list_contacts(store)) == 3
    with pytest.raises(StoreError, match="no merge to undo"):
        unmerge_contact(store, dee["id"])


def test_review_answers_are_kept_at_once_and_applied_together(store, tmp_path):
    export = tmp_path / "book.csv"
    # same name, nothing else in common: uncertain, so both pairs wait for review
    export.write_text("Name,Company,City\nTom Nguyen,Acme Plumbing,Seattle\nTom Nguyen,Nguyen Dental,Bellevue\n")
    import_files([export], store, region="US")
    (pair,) = review_pairs(store)
    assert {pair["record_a"], pair["record_b"]} == set(store.records()["record_id"])
    answer_review(store, pair["record_a"], pair["record_b"], "s")
    (skipped,) = review_pairs(store)
    assert skipped["skipped"]
    answer_review(store, pair["record_a"], pair["record_b"], "n")
    assert review_pairs(store) == []
    apply_reviews(store, 1)
    export.write_text(export.read_text() + "Someone Else,,\n")  # a changed export matches everything again
    import_files([export], store, region="US")
    assert len(list_contacts(store)) == 3 and review_pairs(store) == []


def test_answers_a_stopped_review_never_applied_are_found(store, tmp_path):
    export = tmp_path / "book.csv"
    export.write_text("Name,Company,City\nTom Nguyen,Acme Plumbing,Seattle\nTom Nguyen,Nguyen Dental,Bellevue\n")
    import_files([export], store, region="US")
    (pair,) = review_pairs(store)
    assert unapplied_decisions(store) == 0
    answer_review(store, pair["record_a"], pair["record_b"], "y")  # then the process dies
    assert unapplied_decisions(store) == 1
    apply_reviews(store, 1)
    assert unapplied_decisions(store) == 0 and len(list_contacts(store)) == 1
