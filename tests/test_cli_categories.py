"""categories, find, tag/untag, trust/untrust and list --category through the command line."""

from __future__ import annotations

import json

from tests.conftest import netplus


def _network(tmp_path):
    db = tmp_path / "n.db"
    book = tmp_path / "book.csv"
    book.write_text(
        "Name,Title,Company,Labels\n"
        "Bob Chen,Owner,Chen's Auto Repair,\n"
        "Ray Diaz,ASE Certified Master Technician,,\n"
        "Ana Silva,VP Engineering,Initech,\n"
        "Joy Park,,,Photographers\n"
    )
    netplus(db, "import", "--quiet", "--region", "US", str(book))
    ids = {c["name"]: c["id"] for c in json.loads(netplus(db, "list", "--json").stdout)}
    return db, book, ids


def test_list_by_category_and_counts(tmp_path):
    db, _, ids = _network(tmp_path)
    mechanics = json.loads(netplus(db, "list", "--json", "--category", "mechanic").stdout)
    assert {c["name"] for c in mechanics} == {"Bob Chen", "Ray Diaz"}
    assert all(c["categories"][0]["reason"] for c in mechanics)
    counts = {r["category"]: r["contacts"] for r in json.loads(netplus(db, "categories", "--json").stdout)}
    assert counts == {"auto_mechanic": 2, "photographer": 1, "other": 1}
    every = json.loads(netplus(db, "categories", "--all", "--json").stdout)
    assert len(every) == 34  # the 33 service categories and "other"
    assert "no category" in netplus(db, "list", "--category", "astronaut", code=1).output


def test_manual_tags_win_and_survive_reimport(tmp_path):
    db, book, ids = _network(tmp_path)
    netplus(db, "tag", ids["Ana Silva"], "software developer")
    netplus(db, "untag", ids["Joy Park"], "photographer")
    book.write_text(book.read_text() + "Someone New,Florist,,\n")
    netplus(db, "import", "--quiet", "--region", "US", str(book))
    contacts = {c["name"]: c for c in json.loads(netplus(db, "list", "--json").stdout)}
    assert contacts["Ana Silva"]["categories"][0] == {
        "category": "software_developer",
        "confidence": 1.0,
        "origin": "manual",
        "reason": "tagged by you",
        "name": "Software developer",
    }
    assert [c["category"] for c in contacts["Joy Park"]["categories"]] == ["other"]
    assert contacts["Someone New"]["categories"][0]["category"] == "florist"


def test_find_puts_trusted_contacts_first(tmp_path):
    db, _, ids = _network(tmp_path)
    found = json.loads(netplus(db, "find", "someone to fix my car", "--json").stdout)
    assert {f["name"] for f in found} == {"Bob Chen", "Ray Diaz"}
    netplus(db, "trust", ids["Ray Diaz"], "--note", "honest, fixed my brakes")
    found = json.loads(netplus(db, "find", "someone to fix my car", "--json").stdout)
    assert found[0]["name"] == "Ray Diaz" and found[0]["endorsement"] == "honest, fixed my brakes"
    assert "✓" in netplus(db, "list").output  # wrapped in the narrow test terminal
    netplus(db, "untrust", ids["Ray Diaz"])
    assert not json.loads(netplus(db, "show", ids["Ray Diaz"], "--json").stdout)["trusted"]
    assert "nobody in your network" in netplus(db, "find", "astrophysics").output


def test_a_phone_book_that_writes_trades_into_names(tmp_path):
    db = tmp_path / "n.db"
    book = tmp_path / "phone.csv"
    book.write_text(
        "First Name,Last Name,Mobile Phone\n"
        "Bob,Plumber,206-555-0101\n"
        "Jane,Carpenter,206-555-0102\n"
        'Ana,"Chen, DDS",206-555-0103\n'
        "ABC Plumbing,,206-555-0104\n"
    )
    netplus(db, "import", "--quiet", "--region", "US", str(book))
    listed = {c["name"]: c for c in json.loads(netplus(db, "list", "--json").stdout)}
    assert [c["category"] for c in listed["Bob Plumber"]["categories"]] == ["plumber"]
    assert [c["category"] for c in listed["Jane Carpenter"]["categories"]] == ["other"]
    assert [c["category"] for c in listed["Ana Chen"]["categories"]] == ["dentist"]
    assert [c["category"] for c in listed["ABC Plumbing"]["categories"]] == ["plumber"]
    plumbers = json.loads(netplus(db, "list", "--json", "--category", "plumber").stdout)
    assert {c["name"] for c in plumbers} == {"Bob Plumber", "ABC Plumbing"}
