"""Export speed and size for 100,000 contacts in each format, and how fast the HTML page filters
5,000 contacts as you type (in headless Chromium, when it is installed)."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.export import FORMATS, SHAREABLE_FIELDS, entries, render

_CATEGORIES = [
    ("plumber", "Plumber"),
    ("photographer", "Photographer"),
    ("dentist", "Dentist"),
    ("auto_mechanic", "Auto mechanic"),
    ("other", "Other"),
]
_FIRST = ["Ana", "Bob", "Chen", "Dee", "Emi", "Femi", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "María", "Noor"]
_LAST = ["Garcia", "Smith", "Nguyen", "Müller", "Okafor", "Park", "Rossi", "Silva", "Tanaka", "Weiss"]


def contacts(n: int, seed: int = 7) -> list[dict]:
    """Contacts shaped as `list_contacts` returns them."""
    rng = random.Random(seed)
    result = []
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        cid, cname = rng.choice(_CATEGORIES)
        number = f"+1206555{i % 10000:04d}"
        result.append(
            {
                "id": f"c-{i:06d}",
                "name": f"{first} {last}",
                "given_name": first,
                "family_name": last,
                "organization": f"{last} & Co",
                "title": cname,
                "emails": [["work", f"{first}.{last}{i}@example.com"]],
                "phones": [["work", number], ["home", "+12065550000"]],
                "phones_e164": [number, "+12065550000"],
                "urls": [f"https://example.com/{i}"],
                "linkedin_url": None,
                "addresses": [
                    {
                        "label": "work",
                        "street": None,
                        "city": "Seattle",
                        "region": "WA",
                        "postcode": None,
                        "country": "US",
                    }
                ],
                "categories": [
                    {"category": cid, "name": cname, "confidence": 0.9, "origin": "rule", "reason": "title"}
                ],
                "trusted": i % 10 == 0,
                "endorsement": "great work" if i % 10 == 0 else None,
                "private": False,
            }
        )
    return result


def export_speed(n: int = 100_000) -> list[dict]:
    people = contacts(n)
    rows = []
    for form in FORMATS:
        start = time.perf_counter()
        text = render(entries(people, "US"), form, list(SHAREABLE_FIELDS), excel=False, vcard_version="3.0")
        rows.append(
            {
                "format": form,
                "contacts": n,
                "seconds": time.perf_counter() - start,
                "mb": len(text.encode("utf-8")) / 1e6,
            }
        )
    return rows


def html_filter_ms(n: int = 5_000) -> float | None:
    """Milliseconds the page takes to filter n contacts after one keystroke, in headless Chromium."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    page = Path(tempfile.mkdtemp()) / "referrals.html"
    page.write_text(render(entries(contacts(n), "US"), "html", [], excel=False, vcard_version="3.0"), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        driver.get(page.as_uri())
        return driver.execute_script(
            "var box = document.getElementById('q'); var t = performance.now();"
            "box.value = 'garcia plumb'; box.dispatchEvent(new Event('input'));"
            "document.body.offsetHeight; return performance.now() - t;"
        )
    finally:
        driver.quit()
