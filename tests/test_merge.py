from __future__ import annotations

import numpy as np
import pandas as pd

from connectors.schema import records_from_rows
from pipeline.merge import Survivorship, merge
from pipeline.normalize import normalize


def _records(rows_by_kind):
    frames = [
        records_from_rows(rows, source_kind=kind, source_name=kind, source_file=f"{kind}.x")
        for kind, rows in rows_by_kind
    ]
    return normalize(pd.concat(frames, ignore_index=True), region="US")


def test_golden_record_takes_names_and_titles_from_linkedin_and_unions_contact_points():
    records = _records(
        [
            (
                "linkedin",
                [
                    {
                        "given_name": "Robert",
                        "family_name": "Chen",
                        "title": "Owner",
                        "organization": "Chen's Auto",
                        "linkedin_url": "https://www.linkedin.com/in/bobchen",
                        "connected_on": "2024-01-02",
                        "_source_key": "bobchen",
                    }
                ],
            ),
            (
                "vcard",
                [
                    {
                        "full_name": "BOB CHEN",
                        "title": "Mechanic",
                        "phones": [("cell", "(206) 555-0142")],
                        "emails": [(None, "Bob@ChensAuto.com")],
                    }
                ],
            ),
            (
                "csv",
                [
                    {
                        "full_name": "Bob Chen",
                        "phones": [(None, "+1 206 555 0142"), ("work", "206-555-0100")],
                        "emails": [("work", "bob@chensauto.com")],
                        "tags": ["Auto"],
                    }
                ],
            ),
        ]
    )
    (contact,) = merge(records, np.zeros(3, dtype=int)).to_dict("records")
    assert contact["name"] == "Robert Chen"
    assert contact["title"] == "Owner"
    assert contact["provenance"]["title"]["alternates"] == ("Mechanic",)
    assert contact["provenance"]["title"]["sources"] == ("linkedin:bobchen",)
    assert contact["phones"] == (("cell", "(206) 555-0142"), ("work", "206-555-0100"))
    assert contact["emails"] == (("work", "bob@chensauto.com"),)
    assert contact["tags"] == ("Auto",)
    assert len(contact["record_ids"]) == 3


def test_blanks_never_overwrite_and_all_caps_loses():
    records = _records(
        [
            (
                "vcard",
                [
                    {"full_name": "ANA SOUZA", "organization": "Souza Fotografia"},
                    {"full_name": "Ana Souza", "organization": None},
                ],
            )
        ]
    )
    (contact,) = merge(records, np.zeros(2, dtype=int)).to_dict("records")
    assert contact["name"] == "Ana Souza"
    assert contact["organization"] == "Souza Fotografia"


def test_a_single_record_contact_keeps_its_fields_and_has_no_provenance_table():
    records = _records([("csv", [{"full_name": "Dee", "phones": [(None, "206 555 0166"), (None, "(206) 555-0166")]}])])
    (contact,) = merge(records, np.zeros(1, dtype=int)).to_dict("records")
    assert contact["phones"] == ((None, "206 555 0166"),)
    assert contact["provenance"] is None


def test_no_records_make_no_contacts():
    records = _records([("csv", [{"full_name": "Dee"}])]).iloc[:0]
    contacts = merge(records, np.zeros(0, dtype=int))
    assert len(contacts) == 0 and {"record_ids", "name", "phones", "provenance"} <= set(contacts.columns)


def test_source_priority_is_configurable():
    records = _records(
        [
            ("linkedin", [{"full_name": "Ana Souza", "title": "Photographer"}]),
            ("csv", [{"full_name": "Ana Souza", "title": "Fotógrafa"}]),
        ]
    )
    phone_first = Survivorship(priority={"title": ("csv", "linkedin"), "default": ("csv",)})
    (contact,) = merge(records, np.zeros(2, dtype=int), phone_first).to_dict("records")
    assert contact["title"] == "Fotógrafa"


def test_each_cluster_takes_its_most_recent_value_and_lists_where_every_value_came_from():
    records = _records(
        [
            (
                "csv",
                [
                    {"full_name": "Ana Souza", "title": "Photographer", "connected_on": "2020-01-01"},
                    {"full_name": "Ben Ode"},
                    {"full_name": "Ana Souza", "title": "Fotógrafa", "connected_on": "2023-05-01"},
                    {"full_name": "Ana Souza", "title": "Photographer"},
                    {"full_name": "Ben Ode", "phones": [("cell", "206 555 0166")]},
                ],
            )
        ]
    )
    ids = records["record_id"].tolist()
    ben, ana = merge(records, np.array([1, 0, 1, 1, 0])).to_dict("records")
    assert ben["record_ids"] == (ids[1], ids[4]) and ana["record_ids"] == (ids[0], ids[2], ids[3])
    assert ben["phones"] == (("cell", "206 555 0166"),)
    assert ben["provenance"]["phones"] == {"sources": (ids[4],)}
    assert ana["title"] == "Fotógrafa"
    assert ana["provenance"]["title"] == {"sources": (ids[2],), "alternates": ("Photographer",)}
    assert ana["provenance"]["name"] == {"sources": (ids[2], ids[0], ids[3]), "alternates": ()}
    assert ana["phones"] == () and "phones" not in ana["provenance"]


def test_a_name_written_with_an_initial_loses_to_the_full_name_but_a_middle_initial_does_not():
    records = _records(
        [
            ("linkedin", [{"full_name": "J. Doe"}, {"full_name": "Mary Blige"}]),
            ("csv", [{"full_name": "Jane Doe"}, {"full_name": "Mary J. Blige"}]),
        ]
    )
    jane, mary = merge(records, np.array([0, 1, 0, 1])).to_dict("records")
    assert (jane["name"], jane["given_name"]) == ("Jane Doe", "Jane")
    assert jane["provenance"]["name"]["alternates"] == ("J. Doe",)
    assert mary["name"] == "Mary Blige"  # LinkedIn's, as for any name both write well


def test_a_name_that_names_no_one_loses_to_a_person_s_name_in_every_name_field():
    records = _records(
        [
            ("vcard", [{"full_name": "Mom"}, {"given_name": "Bob", "family_name": "Plumber"}]),
            ("csv", [{"full_name": "Linda Smith"}, {"given_name": "Bob", "family_name": "Jones"}]),
        ]
    )
    linda, bob = merge(records, np.array([0, 1, 0, 1])).to_dict("records")
    # the phone's card outranks a CSV for names, but "Mom" is what Linda is to its owner
    assert (linda["name"], linda["given_name"], linda["family_name"]) == ("Linda Smith", "Linda", "Smith")
    assert linda["provenance"]["name"]["alternates"] == ("Mom",)
    # "Bob Plumber" is a name (Bob's): the card's, whole
    assert (bob["name"], bob["given_name"], bob["family_name"]) == ("Bob Plumber", "Bob", "Plumber")


def test_of_an_items_copies_a_labelled_one_in_normal_case_is_kept():
    records = _records(
        [
            ("vcard", [{"full_name": "Tim Cole", "emails": [(None, "TIM@COLE.IO"), ("home", "TIM@GMAIL.COM")]}]),
            ("csv", [{"full_name": "Tim Cole", "emails": [(None, "tim@cole.io"), (None, "tim@gmail.com")]}]),
        ]
    )
    (contact,) = merge(records, np.zeros(2, dtype=int)).to_dict("records")
    assert contact["emails"] == ((None, "tim@cole.io"), ("home", "TIM@GMAIL.COM"))
