"""The reciprocity loop end to end through the command line: needs and offers, suggestions,
introductions, encounters and follow-ups, due reminders, balance."""

from __future__ import annotations

import json

import vobject

from tests.conftest import netplus


def _network(tmp_path, monkeypatch):
    monkeypatch.setenv("NETPLUS_NAME", "Sam Rivera")
    db = tmp_path / "n.db"
    book = tmp_path / "book.csv"
    book.write_text(
        "Name,Title,Company,Email\n"
        "Maria Garcia,Wedding Photographer,Garcia Studio,maria@garciastudio.com\n"
        "Ana Souza,Portrait Photographer,Souza Foto,ana@souzafoto.com\n"
        "Priv Ate,Photographer,Hidden Studio,priv@hidden.com\n"
        "Lena Park,Career Coach,Freelance,lena@parkcoaching.com\n"
        "John Smith,Accountant,Globex,jsmith@globex.com\n"
        "Jordan Blake,Financial Advisor,Globex,jordan@globex.com\n"
    )
    netplus(db, "import", "--quiet", "--region", "US", str(book))
    ids = {c["name"]: c["id"] for c in json.loads(netplus(db, "list", "--json").stdout)}
    return db, ids


def test_a_need_met_by_a_trusted_contact_is_suggested_first_and_private_ones_only_to_you(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    netplus(db, "need", ids["Lena Park"], "a wedding photographer in Seattle")
    netplus(db, "need", "me", "a photographer for headshots")
    netplus(db, "private", ids["Priv Ate"])
    before = json.loads(netplus(db, "suggest", "--json").stdout)
    netplus(db, "trust", ids["Ana Souza"], "--note", "lovely portraits")
    after = json.loads(netplus(db, "suggest", "--json").stdout)
    lenas = next(item for item in after if item["need"]["contact_id"] == ids["Lena Park"])
    assert lenas["suggestions"][0]["name"] == "Ana Souza" and lenas["suggestions"][0]["trusted"]
    assert before[0]["suggestions"][0]["name"] != "Ana Souza"  # it was the trust that moved her up
    assert "Priv Ate" not in {s["name"] for s in lenas["suggestions"]}
    mine = next(item for item in after if item["need"]["contact_id"] == "me")
    assert "Priv Ate" in {s["name"] for s in mine["suggestions"]}
    assert all(s["reason"] for s in mine["suggestions"])
    listed = json.loads(
        netplus(db, "needs", "--done", str(lenas["need"]["id"]), "--by", ids["Ana Souza"], "--json").stdout
    )
    assert next(n for n in listed if n["id"] == lenas["need"]["id"])["closed_by"] == ids["Ana Souza"]
    assert len(json.loads(netplus(db, "needs", "--open", "--json").stdout)) == 1


def test_offers_count_in_suggestions_and_suggest_for_one_contact(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    netplus(db, "offer", ids["Jordan Blake"], "help with retirement planning and budgeting")
    netplus(db, "offer", "me", "résumé reviews, Python tutoring")
    netplus(db, "need", ids["Lena Park"], "someone to review my résumé")
    netplus(db, "need", ids["John Smith"], "budgeting advice for a side business")
    found = json.loads(netplus(db, "suggest", ids["Lena Park"], "--json").stdout)
    assert [o["text"] for o in found["your_offers"]] == ["résumé reviews, Python tutoring"]
    budget = json.loads(netplus(db, "suggest", ids["John Smith"], "--json").stdout)
    assert budget["their_needs"][0]["suggestions"][0]["name"] == "Jordan Blake"
    assert budget["introductions"][0]["with"]["name"] == "Jordan Blake"
    offers = json.loads(netplus(db, "offers", "--json").stdout)
    assert {o["name"] for o in offers} == {"Jordan Blake", "Sam Rivera"}


def test_followup_has_takeaways_offers_mutuals_and_a_linkedin_line(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    netplus(db, "offer", "me", "résumé reviews")
    netplus(db, "need", ids["John Smith"], "someone to look over my résumé")
    netplus(
        db,
        "log",
        ids["John Smith"],
        "--kind",
        "interview",
        "--date",
        "2026-11-20",
        "--takeaway",
        "most roles are filled through referrals",
        "--takeaway",
        "ask for the hiring manager",
        "--mutual",
        ids["Lena Park"],
    )
    text = netplus(db, "followup", ids["John Smith"]).stdout
    assert text.startswith("Subject: Thank you, John")
    assert "the informational interview on 2026-11-20" in text
    assert "- most roles are filled through referrals" in text and "- ask for the hiring manager" in text
    assert "I'm happy to help with résumé reviews." in text
    assert "Lena Park (you both know them)" in text and "Jordan Blake (also at Globex)" in text
    assert "LinkedIn invitation" in text and text.rstrip().endswith("Sam Rivera")
    md = netplus(db, "followup", ids["John Smith"], "--markdown").stdout
    assert md.startswith("**Subject:**") and "**What I took away:**" in md
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "followup.txt").write_text("Dear $first, thanks! $takeaways -- $me\n")
    monkeypatch.setenv("NETPLUS_CONFIG", str(tmp_path / "config.toml"))
    assert netplus(db, "followup", ids["John Smith"]).stdout.startswith("Dear John, thanks!")


def test_due_reminders_and_their_calendar_file(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    netplus(db, "log", ids["Lena Park"], "--kind", "coffee", "--date", "2026-01-05")
    netplus(db, "log", ids["John Smith"], "--kind", "call", "--date", "2026-02-01")
    netplus(db, "followup", ids["John Smith"], "--sent")
    netplus(db, "cadence", ids["John Smith"], "30d")
    reminders = json.loads(netplus(db, "due", "--json").stdout)
    assert {(r["kind"], r["contact_id"], r["due"]) for r in reminders} == {
        ("follow-up", ids["Lena Park"], "2026-01-08"),
        ("keep in touch", ids["John Smith"], "2026-03-03"),
    }
    ics = tmp_path / "due.ics"
    netplus(db, "due", "--ics", "-o", str(ics))
    calendar = vobject.readOne(ics.read_text())
    assert sorted(str(e.dtstart.value) for e in calendar.vevent_list) == ["2026-01-08", "2026-03-03"]
    netplus(db, "cadence", ids["John Smith"], "off")
    assert len(json.loads(netplus(db, "due", "--json").stdout)) == 1
    assert "not a period" in netplus(db, "cadence", ids["John Smith"], "often", code=1).output


def test_intros_balance_and_a_merge_keeps_both_logs(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    drafted = netplus(db, "introduce", ids["Lena Park"], ids["John Smith"], "--why", "Lena needs an accountant")
    assert (
        "Hi Lena," in drafted.stdout and "Hi John," in drafted.stdout and "Lena needs an accountant." in drafted.stdout
    )
    netplus(db, "intros", "--set", "1", "sent")
    (intro,) = json.loads(netplus(db, "intros", "--json").stdout)
    assert intro["status"] == "sent" and intro["age_days"] == 0
    netplus(db, "log", ids["Maria Garcia"], "--kind", "interview", "--date", "2026-10-01", "--takeaway", "A")
    netplus(db, "log", ids["Ana Souza"], "--kind", "coffee", "--date", "2026-10-02", "--takeaway", "B")
    rows = {r["name"]: r for r in json.loads(netplus(db, "balance", "--json").stdout)}
    assert rows["Maria Garcia"]["one_sided"] and not rows["Lena Park"]["one_sided"]
    assert rows["Lena Park"]["you_gave"] == ["you introduced them to John Smith"]
    netplus(db, "merge", ids["Maria Garcia"], ids["Ana Souza"])
    listed = {c["id"] for c in json.loads(netplus(db, "list", "--json").stdout)}
    (merged,) = listed & {ids["Maria Garcia"], ids["Ana Souza"]}
    logged = json.loads(netplus(db, "followup", merged, "--json").stdout)
    assert logged["encounter"]["takeaways"] == ["B"]  # the latest of both contacts' encounters
    (both,) = json.loads(netplus(db, "balance", merged, "--json").stdout)
    assert both["they_gave"] == ["interview on 2026-10-01", "coffee on 2026-10-02"]


def test_show_lists_what_the_log_holds_about_a_contact(tmp_path, monkeypatch):
    db, ids = _network(tmp_path, monkeypatch)
    netplus(db, "need", ids["Lena Park"], "an accountant")
    netplus(db, "log", ids["Lena Park"], "--kind", "coffee", "--date", "2026-11-01", "--takeaway", "ask early")
    shown = json.loads(netplus(db, "show", ids["Lena Park"], "--json").stdout)
    assert [n["text"] for n in shown["needs"]] == ["an accountant"] and shown["offers"] == []
    assert shown["encounters"][0]["takeaways"] == ["ask early"]
    text = netplus(db, "show", ids["Lena Park"]).stdout
    assert "need #1 (open): an accountant" in text and "coffee on 2026-11-01 (no follow-up yet): ask early" in text
