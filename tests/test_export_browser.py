"""The HTML referral page in a real headless Chromium: it renders, search filters as you type,
and a hostile name shows as text and runs nothing. Skipped (never passed) without Chromium."""

from __future__ import annotations

import shutil

import pytest

from pipeline.export import to_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver")


def _item(i, name, category, title):
    return {
        "id": f"c-{i:06d}",
        "name": name,
        "categories": [category],
        "organization": None,
        "title": title,
        "emails": [f"person{i}@example.com"],
        "phones": [{"label": "work", "number": "+12065550100", "display": "(206) 555-0100"}],
        "website": None,
        "linkedin": None,
        "city": "Seattle",
        "endorsement": None,
    }


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def test_the_page_renders_filters_and_runs_no_injected_script(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    items = [
        _item(1, "Joe Plumb", "Plumber", "Master Plumber"),
        _item(2, "Maria Garcia", "Photographer", "Wedding Photographer"),
        _item(3, "<script>alert(1)</script>", "Photographer", "<img src=x onerror=\"document.title='pwned'\">"),
    ]
    page = tmp_path / "referrals.html"
    page.write_text(to_html(items), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title == "Referrals"
    visible = lambda: [li.text for li in browser.find_elements(By.CSS_SELECTOR, "li.c") if li.is_displayed()]  # noqa: E731
    assert len(visible()) == 3
    assert [h.text for h in browser.find_elements(By.TAG_NAME, "h2")] == ["Photographer (2)", "Plumber (1)"]
    browser.find_element(By.ID, "q").send_keys("plumb")
    (shown,) = visible()
    assert shown.startswith("Joe Plumb")
    photographer_section = browser.find_elements(By.TAG_NAME, "section")[0]
    assert not photographer_section.is_displayed()
    browser.find_element(By.ID, "q").clear()
    browser.find_element(By.ID, "q").send_keys("script")
    (hostile,) = visible()
    assert "<script>alert(1)</script>" in hostile
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is what raises
    assert browser.title == "Referrals"  # the onerror handler never ran
    browser.find_element(By.ID, "q").send_keys(" nobody-at-all")
    assert visible() == [] and browser.find_element(By.ID, "none").is_displayed()
