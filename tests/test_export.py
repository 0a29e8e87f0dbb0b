"""Referral lists: privacy by default, each format field by field, CSV injection, vCard round trip."""

from __future__ import annotations

import csv
import io
import json

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.categorize import Taxonomy
from pipeline.export import PRIVATE_LABELS, entries, select, to_csv, to_html, to_markdown, to_vcard

TAXONOMY = Taxonomy.load()


def _contact(**fields):
    base = {
        "id": "c-aaaaaa",
        "name": "Maria Garcia",
        "given_name": "Maria",
        "family_name": "Garcia",
        "organization": "Garcia Studio",
        "title": "Photographer",
        "emails": [["work", "maria@garciastudio.com"], ["home", "maria.private@gmail.com"]],
        "phones": [["work", "(206) 555-0100"], ["home", "(206) 555-0199"], ["mobile", "+49 151 2345678"]],
        "phones_e164": ["+12065550100", "+12065550199", "+491512345678"],
        "urls": ["www.garciastudio.com", "https://www.linkedin.com/in/mgarcia"],
        "linkedin_url": "https://www.linkedin.com/in/mgarcia",
        "addresses": [
            {
                "label": "home",
                "street": "12 Elm St",
                "city": "Seattle",
                "region": "WA",
                "postcode": "98101",
                "country": "US",
            }
        ],
        "birthday": "1985-04-12",
        "connected_on": "2020-01-01",
        "notes": "owes me lunch",
        "tags": ["Photographers"],
        "categories": [
            {
                "category": "photographer",
                "name": "Photographer",
                "confidence": 0.95,
                "origin": "source",
                "reason": "tagged",
            }
        ],
        "trusted": True,
        "endorsement": "great headshots, fair price",
        "private": False,
        "record_ids": ["vcard:1"],
    }
    return {**base, **fields}


def test_a_shareable_entry_carries_work_details_and_nothing_private():
    (item,) = entries([_contact()], "US")
    assert item["emails"] == ["maria@garciastudio.com"]
    assert [p["number"] for p in item["phones"]] == ["+12065550100", "+491512345678"]
    assert [p["display"] for p in item["phones"]] == ["(206) 555-0100", "+49 1512345678"]
    assert item["website"] == "https://www.garciastudio.com" and item["city"] == "Seattle"
    assert item["categories"] == ["Photographer"] and item["endorsement"] == "great headshots, fair price"
    text = json.dumps(item)
    for secret in ("12 Elm St", "1985-04-12", "owes me lunch", "maria.private", "555-0199", "2020-01-01"):
        assert secret not in text
    (everything,) = entries([_contact()], "US", all_fields=True)
    assert everything["notes"] == "owes me lunch" and len(everything["phones"]) == 3


def test_private_contacts_and_filters():
    contacts = [_contact(), _contact(id="c-bbbbbb", private=True), _contact(id="c-cccccc", trusted=False)]
    assert [c["id"] for c in select(contacts, TAXONOMY)] == ["c-aaaaaa", "c-cccccc"]
    assert [c["id"] for c in select(contacts, TAXONOMY, trusted_only=True)] == ["c-aaaaaa"]
    assert len(select(contacts, TAXONOMY, all_fields=True)) == 3
    assert select(contacts, TAXONOMY, categories=["plumber"]) == []
    assert len(select(contacts, TAXONOMY, group="creative")) == 2


_label = st.sampled_from(["work", "home", "personal", "mobile", None, "private", "other"])
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_label, _text), max_size=3),
    st.lists(st.tuples(_label, _text), max_size=3),
    _text,
    _text,
    st.booleans(),
)
def test_no_private_value_ever_reaches_a_shareable_export(emails, phones, notes, street, private):
    contact = _contact(
        emails=[list(e) for e in emails],
        phones=[list(p) for p in phones],
        phones_e164=[None] * len(phones),
        notes="PRIVNOTE_" + notes,
        addresses=[
            {
                "label": "home",
                "street": "PRIVSTREET_" + street,
                "city": None,
                "region": None,
                "postcode": None,
                "country": None,
            }
        ],
        birthday="1970-01-01",
        private=private,
    )
    picked = select([contact], TAXONOMY)
    items = entries(picked, "US")
    for text in (
        to_csv(items, ["name", "emails", "phones", "city", "endorsement"]),
        to_vcard(items),
        to_markdown(items),
        to_html(items),
        json.dumps(items),
    ):
        assert "PRIVNOTE_" not in text and "PRIVSTREET_" not in text and "1970-01-01" not in text
        if private:
            assert "Maria Garcia" not in text
    for item in items:
        shared = {p["display"] for p in item["phones"]} | set(item["emails"])
        hidden = {v for label, v in emails + phones if (label or "") in PRIVATE_LABELS}
        assert not (hidden - {v for label, v in emails + phones if (label or "") not in PRIVATE_LABELS}) & shared


def test_csv_cells_never_run_as_formulas_and_excel_gets_a_bom():
    items = entries(
        [
            _contact(
                name='=HYPERLINK("http://evil")',
                title="+1 cmd",
                organization="@SUM(A1)",
                endorsement="-2+3",
                categories=[],
            )
        ],
        "US",
    )
    text = to_csv(items, ["name", "title", "organization", "endorsement", "phones"], excel=True)
    assert text.startswith("\ufeff")
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["name"].startswith("'=") and row["title"] == "'+1 cmd" and row["organization"] == "'@SUM(A1)"
    assert row["endorsement"] == "'-2+3" and row["phones_e164"].startswith("'+1206")


def test_vcard_3_and_4_parse_back_with_every_shared_field():
    items = entries([_contact()], "US")
    for version in ("3.0", "4.0"):
        card = next(vobject.readComponents(to_vcard(items, version)))
        assert card.version.value == version and card.fn.value == "Maria Garcia"
        assert card.n.value.family == "Garcia" and card.org.value == ["Garcia Studio"]
        assert [e.value for e in card.email_list] == ["maria@garciastudio.com"]
        assert any("+12065550100" in t.value for t in card.tel_list)
        assert card.categories.value == ["Photographer"] and card.note.value == "great headshots, fair price"
        assert card.adr.value.city == "Seattle" and not card.adr.value.street


def test_markdown_is_grouped_and_escaped():
    items = entries([_contact(name="*Bold* <b>"), _contact(id="c-2", name="Zed", categories=[])], "US")
    text = to_markdown(items)
    assert "## Photographer (1)" in text and "## Other (1)" in text
    assert text.index("## Photographer") < text.index("## Other")
    assert "\\*Bold\\* \\<b\\>" in text and "_great headshots, fair price_" in text


def test_html_is_self_contained_grouped_and_escaped():
    items = entries([_contact(name="<script>alert(1)</script>", endorsement='"><img src=x onerror=alert(1)>')], "US")
    page = to_html(items)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert 'href="tel:+12065550100"' in page and 'href="mailto:maria@garciastudio.com"' in page
    # nothing is loaded from elsewhere: no src, stylesheet link, import or font URL; links are only anchors
    assert "src=" not in page.replace("&quot;&gt;&lt;img src=x", "") and "<link" not in page
    assert "@import" not in page and "url(" not in page
    assert "Photographer <span" in page and "(1)" in page


def test_a_business_listed_under_its_own_name_is_not_named_twice():
    business = _contact(name="Evergreen Tree Care", given_name=None, family_name=None, title=None)
    business["organization"] = "Evergreen Tree Care"
    items = entries([business, _contact(id="c-2")], "US")
    text, page = to_markdown(items), to_html(items)
    assert "**Evergreen Tree Care** — Seattle ·" in text
    assert "**Maria Garcia** — Photographer, Garcia Studio — Seattle ·" in text
    assert '<b>Evergreen Tree Care</b> <span class="city">' in page


def test_a_contact_listed_under_its_address_or_number_shows_it_once():
    by_address = _contact(
        name="maria@garciastudio.com", given_name=None, family_name=None, organization=None, phones=[], phones_e164=[]
    )
    by_number = _contact(
        id="c-2", name="(206) 555-0100", given_name=None, family_name=None, organization=None, emails=[]
    )
    items = entries([by_address, by_number], "US")
    text, page = to_markdown(items), to_html(items)
    assert text.count("maria@garciastudio.com") == 1
    assert text.count("555-0100") == 1
    shown = [page.count(f">{value}<") + page.count(f'"mailto:{value}"') for value in ("maria@garciastudio.com",)]
    assert shown == [1]
    assert page.count(">(206) 555-0100<") == 1
    assert "+49 1512345678" in text  # the other number is still there
