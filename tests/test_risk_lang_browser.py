"""The risk app in Russian and Chinese, in headless Chromium served by Voilà: no English
message of the risk area on the page, figures in the local format, a per cent typed with
a decimal comma, and the picker that redraws the page in place."""

import re

import pytest
from playwright.sync_api import expect

from supportroi import risk
from supportroi.apps.risk import DEFAULT_N, default_ranges
from supportroi.assumptions import CATALOG
from supportroi.formatting import percent

from .conftest import ARTIFACTS, assert_clean, voila_server
from .test_risk_lang import english_left
from .untranslated import visible_text

pytestmark = pytest.mark.browser

#: The scenario controls are their own area (tested with the dashboard); the scenario
#: picker lists the shipped scenarios' own titles.
NOT_THIS_AREA = [".sr-controls", ".sr-scenario"]


@pytest.fixture(scope="module")
def risk_url():
    with voila_server("notebooks/risk_and_sensitivity.ipynb") as base:
        yield base


def wait_for_tornado(page, lang):
    expect(page.locator(".sr-tornado-chart")).to_have_attribute("src", re.compile(r"\S"),
                                                                timeout=120_000)
    top = risk.tornado({}, names=risk.business_drivers()).table["name"].iloc[0]
    expect(page.locator(".sr-tornado-table tbody tr").first).to_contain_text(
        CATALOG[top].text(lang)[0], timeout=60_000)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_risk_app_speaks_the_language_of_the_link(risk_url, new_page, lang):
    page = new_page()
    page.goto(f"{risk_url}?lang={lang}", timeout=180_000)
    wait_for_tornado(page, lang)

    # A per cent typed the local way: "12,5" (ru) / "12.5" (zh) is a minimum of 12.5 %.
    names = [el.get_attribute("class") for el in page.locator(".sr-range").all()]
    picked = [re.search(r"sr-range-(\w+)", c).group(1) for c in names]
    box = page.locator(".sr-range-confidence .sr-range-min input")
    box.fill("12,5" if lang == "ru" else "12.5")
    box.press("Enter")
    expect(box).to_have_value("12,5" if lang == "ru" else "12.5", timeout=30_000)
    ranges = default_ranges({}, picked) | {"confidence": (0.125, 0.9, 1.0)}
    mc = risk.monte_carlo({}, ranges, n=DEFAULT_N, seed=risk.DEFAULT_SEED)
    page.locator(".sr-mc-run").click()
    expect(page.locator(".sr-p-roi .sr-value")).to_have_text(
        percent(mc.p_roi_positive, lang=lang), timeout=90_000)
    expect(page.locator(".sr-mc-chart")).to_be_visible()

    left = english_left(visible_text(page, NOT_THIS_AREA), lang)
    assert left == [], f"English on the {lang} page: {left}"
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / f"risk-{lang}.png"), full_page=True)


def test_the_picker_redraws_in_place_and_keeps_the_run(risk_url, new_page):
    page = new_page()
    page.goto(f"{risk_url}?lang=ru", timeout=180_000)
    wait_for_tornado(page, "ru")
    page.locator(".sr-mc-run").click()
    card = page.locator(".sr-p-npv .sr-value")
    expect(card).to_have_text(re.compile(r"\d"), timeout=90_000)
    ranges = {n: r for n, r in default_ranges({}, [re.search(r"sr-range-(\w+)", c).group(1)
              for c in (el.get_attribute("class") for el in page.locator(".sr-range").all())]
              ).items()}
    mc = risk.monte_carlo({}, ranges, n=DEFAULT_N, seed=risk.DEFAULT_SEED)
    expect(card).to_have_text(percent(mc.p_npv_positive, lang="ru"))
    page.locator(".sr-language select").select_option(label="中文")
    expect(card).to_have_text(percent(mc.p_npv_positive, lang="zh"), timeout=30_000)
    expect(page.locator(".sr-three")).to_contain_text("保守")
    expect(page.locator(".sr-mc-stale")).to_have_text("")       # shown again, not stale
    page.locator(".sr-language select").select_option(label="English")
    expect(card).to_have_text(percent(mc.p_npv_positive), timeout=30_000)
    expect(page.locator(".sr-three")).to_contain_text("Conservative")
    assert_clean(page)
