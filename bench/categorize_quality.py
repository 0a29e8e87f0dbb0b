"""Categorizer quality on the labelled (title, organization) set, and its speed on 100,000 contacts."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from pipeline.categorize import Taxonomy

LABELLED = Path(__file__).parents[1] / "fixtures" / "categories" / "labelled.csv"


def evaluate(taxonomy: Taxonomy | None = None) -> dict:
    """Per-category precision and recall of the top category, macro-F1 over all categories with examples."""
    taxonomy = taxonomy or Taxonomy.load()
    with LABELLED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    true_positive, predicted, actual = Counter(), Counter(), Counter()
    mistakes = []
    for row in rows:
        guess = taxonomy.categorize({"title": row["title"], "organization": row["organization"]})[0].category
        predicted[guess] += 1
        actual[row["category"]] += 1
        if guess == row["category"]:
            true_positive[guess] += 1
        else:
            mistakes.append((row["title"], row["organization"], row["category"], guess))
    per_category = {}
    for category in sorted(actual):
        p = true_positive[category] / predicted[category] if predicted[category] else 0.0
        r = true_positive[category] / actual[category]
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_category[category] = {"precision": p, "recall": r, "f1": f1, "examples": actual[category]}
    macro = sum(v["f1"] for v in per_category.values()) / len(per_category)
    return {"examples": len(rows), "macro_f1": macro, "per_category": per_category, "mistakes": mistakes}


def speed(n: int = 100_000) -> dict:
    """Contacts per second for n contacts built from the labelled titles and organizations with
    distinct names and e-mail domains (the caches see repeated titles, as in real networks)."""
    with LABELLED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    contacts = [
        {
            "title": rows[i % len(rows)]["title"],
            "organization": rows[(i * 7) % len(rows)]["organization"],
            "emails": [["work", f"person{i}@company{i % 5000}.com"]],
            "notes": None,
            "tags": [],
        }
        for i in range(n)
    ]
    taxonomy = Taxonomy.load()
    start = time.perf_counter()
    taxonomy.categorize_all(contacts)
    seconds = time.perf_counter() - start
    return {"contacts": n, "seconds": seconds, "per_second": n / seconds}


if __name__ == "__main__":
    result = evaluate()
    for category, v in result["per_category"].items():
        print(f"{category:20} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f} n={v['examples']}")
    print(f"macro-F1 {result['macro_f1']:.3f} over {result['examples']} examples")
    for m in result["mistakes"]:
        print("  ", m)
    print(speed())
