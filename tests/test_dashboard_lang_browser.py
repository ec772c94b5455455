"""The ROI dashboard in Russian and Chinese, in headless Chromium: no English left,
numbers typed the local way, the language kept in the share link."""

import re

import pytest
from playwright.sync_api import expect

from supportroi import evaluate
from supportroi.assumptions import CATALOG, GROUPS
from supportroi.formatting import percent

from .conftest import ARTIFACTS, assert_clean, voila_server
from .untranslated import english_left, visible_text

pytestmark = pytest.mark.browser

#: The catalog messages the dashboard shows (sources stay in their original language and
#: are not messages).
KEY_PREFIXES = ["dashboard.", "results.", "formulas.", "inputs.", "apps.", "language.",
                "assumptions.", "groups.", "controls.", "unit_labels.", "choices."]
#: Parts of the page whose texts are not messages: the scenario picker lists the shipped
#: scenarios' own titles (content, in the language they were written in).
NOT_YET_IN_THE_CATALOGS = [".sr-scenario"]


@pytest.fixture(scope="module")
def dashboard_url():
    with voila_server("notebooks/roi_dashboard.ipynb") as base:
        yield base


def group_header(page, name: str):
    """The accordion header of the group holding assumption ``name`` (its title may be in
    any language, so found by position)."""
    shown = [key for key, _ in GROUPS if any(a.group == key for a in CATALOG.values())]
    return page.locator(".sr-controls .jupyter-widget-Collapse-header").nth(
        shown.index(CATALOG[name].group))


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_dashboard_speaks_the_language_of_the_link(dashboard_url, new_page, lang):
    page = new_page()
    page.goto(f"{dashboard_url}?lang={lang}", timeout=180_000)
    roi = page.locator(".sr-roi .sr-value")
    expect(roi).to_have_text(percent(evaluate({}).appraisal.roi, lang=lang), timeout=90_000)
    # "How is this computed?" open, so its formulas are checked too.
    page.locator(".sr-explain-panel .jupyter-widget-Collapse-header").click()
    expect(page.locator(".sr-explain .sr-factor-meanings")).to_be_visible(timeout=30_000)

    left = english_left(visible_text(page, NOT_YET_IN_THE_CATALOGS), lang, KEY_PREFIXES,
                        skip_sources=True)
    assert left == [], f"English text on the {lang} page: {left}"
    assert_clean(page)
    for svg in page.locator(".sr-chart svg").all():   # both charts drawn, in the language
        expect(svg).to_have_attribute("lang", lang)
        expect(svg).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{lang}.png"), full_page=True)

    # A rate typed the local way: "0,08" (ru) / "0.08" (zh) is 8 %, and the ROI follows.
    group_header(page, "discount_rate").click()
    box = page.locator(".sr-entry-discount_rate input")
    box.fill("0,08" if lang == "ru" else "0.08")
    box.press("Enter")
    expect(box).to_have_value("8\u00a0%" if lang == "ru" else "8%", timeout=30_000)
    expect(roi).to_have_text(percent(evaluate({"discount_rate": 0.08}).appraisal.roi,
                                     lang=lang), timeout=30_000)
    link = page.locator(".sr-link")
    expect(link).to_contain_text(f"lang={lang}")
    expect(link).to_contain_text("discount_rate=0.08")
    assert_clean(page)


def test_a_bad_entry_is_refused_in_russian_and_the_picker_switches_in_place(dashboard_url,
                                                                          new_page):
    page = new_page()
    page.goto(f"{dashboard_url}?lang=ru&discount_rate=0.12", timeout=180_000)
    roi = page.locator(".sr-roi .sr-value")
    expected = evaluate({"discount_rate": 0.12}).appraisal.roi
    expect(roi).to_have_text(percent(expected, lang="ru"), timeout=90_000)
    group_header(page, "discount_rate").click()
    box = page.locator(".sr-entry-discount_rate input")
    box.fill("1,234.5")  # the English way: refused, not read as something else
    box.press("Enter")
    expect(page.locator(".sr-notice")).to_contain_text("не число", timeout=30_000)
    expect(box).to_have_value("12\u00a0%")
    expect(roi).to_have_text(percent(expected, lang="ru"))

    # The picker redraws the page in English, keeps the values, and the link drops lang.
    page.locator(".sr-language select").select_option(label="English")
    expect(roi).to_have_text(percent(expected), timeout=30_000)
    expect(page.locator(".sr-payback .sr-label")).to_have_text(re.compile("payback", re.I))
    expect(box).to_have_value("12%")
    expect(page.locator(".sr-link")).not_to_contain_text("lang=")
    expect(page.locator(".sr-link")).to_contain_text("discount_rate=0.12")
    page.locator(".sr-language select").select_option(label="中文")
    expect(page.locator(".sr-payback .sr-label")).to_have_text("投资回收期")
    expect(page.locator(".sr-link")).to_contain_text("lang=zh")
    assert_clean(page)
