"""`netplus suggest` over 100,000 contacts and 1,000 open needs: matcher built once, every need ranked."""

from __future__ import annotations

import random
import time

from export_speed import contacts

from pipeline.categorize import Taxonomy
from pipeline.suggest import Matcher, suggest_needs

_NEEDS = [
    "a wedding photographer in Seattle",
    "someone to fix my car",
    "a plumber for a leaking pipe",
    "an accountant who knows freelancers",
    "a dentist for my kids",
    "help with my taxes",
    "a photographer for headshots",
    "someone to clean the house weekly",
    "brakes squeaking, need a mechanic",
    "intro to a recruiter in fintech",
]


def suggest_speed(n_contacts: int = 100_000, n_needs: int = 1_000) -> dict:
    rng = random.Random(11)
    people = contacts(n_contacts)
    needs = [
        {
            "id": i,
            "contact_id": people[rng.randrange(n_contacts)]["id"],
            "text": f"{rng.choice(_NEEDS)} ({i})",
            "category": None,
            "closed": None,
        }
        for i in range(n_needs)
    ]
    offers = [
        {
            "id": n_needs + i,
            "contact_id": people[i * 97]["id"],
            "text": "help with taxes and bookkeeping",
            "closed": None,
        }
        for i in range(500)
    ]
    taxonomy = Taxonomy.load()
    start = time.perf_counter()
    result = suggest_needs(Matcher(people, taxonomy, offers), needs)
    seconds = time.perf_counter() - start
    return {
        "contacts": n_contacts,
        "needs": n_needs,
        "seconds": seconds,
        "suggestions": sum(len(r["suggestions"]) for r in result),
    }


if __name__ == "__main__":
    print(suggest_speed())
