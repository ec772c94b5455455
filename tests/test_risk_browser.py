"""The risk app in a real headless Chromium, served by Voilà."""

import re

import pytest
from playwright.sync_api import expect

from supportroi import risk
from supportroi.assumptions import CATALOG
from supportroi.formatting import money, percent
from supportroi.apps.risk import DEFAULT_N, default_ranges

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def risk_url():
    with voila_server("notebooks/risk_and_sensitivity.ipynb") as base:
        yield base


def wait_for_tornado(page):
    expect(page.locator(".sr-tornado-chart")).to_have_attribute("src", re.compile(r"\S"),
                                                                timeout=60_000)
    top = risk.tornado({}, names=risk.business_drivers()).table["name"].iloc[0]
    expect(page.locator(".sr-tornado-table tbody tr").first).to_contain_text(CATALOG[top].label)


def test_tornado_then_run_the_monte_carlo(risk_url, new_page):
    page = new_page()
    page.goto(risk_url)
    wait_for_tornado(page)
    page.screenshot(path=str(ARTIFACTS / "risk-default.png"))

    # Widen the confidence range (min 10 %, typed in per cent) so that P(ROI > 0) is
    # neither 0 nor 1, then run with the default draws and seed.
    names = [el.get_attribute("class") for el in page.locator(".sr-range").all()]
    picked = [re.search(r"sr-range-(\w+)", c).group(1) for c in names]
    box = page.locator(".sr-range-confidence .sr-range-min input")
    box.fill("10")
    box.press("Enter")
    ranges = default_ranges({}, picked) | {"confidence": (0.1, 0.9, 1.0)}
    mc = risk.monte_carlo({}, ranges, n=DEFAULT_N, seed=risk.DEFAULT_SEED)
    assert 0.0 < mc.p_roi_positive < 1.0

    page.locator(".sr-mc-run").click()
    expect(page.locator(".sr-p-roi .sr-value")).to_have_text(percent(mc.p_roi_positive))
    expect(page.locator(".sr-npv-p50 .sr-value")).to_have_text(money(mc.npv_p50))
    expect(page.locator(".sr-mc-chart")).to_be_visible()   # hidden until the first run
    expect(page.locator(".sr-three")).to_contain_text("Conservative")
    top = risk.tornado({}, names=risk.business_drivers()).table["name"].iloc[0]  # break-even
    expect(page.locator(".sr-be-name select")).to_have_value(
        re.compile("^" + re.escape(CATALOG[top].label)))
    be = risk.break_even({}, top)
    assert be.value is not None
    expect(page.locator(".sr-be-reason")).to_contain_text(be.reason)
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "risk-monte-carlo.png"), full_page=True)

    # Take away: the PDF (title page with the client) and the workbook download.
    page.locator(".sr-report-client input").fill("Acme Telecom")
    page.locator(".sr-risk-prepare").click()
    pdf_link = page.locator(".sr-risk-downloads .sr-downloads a", has_text="report.pdf")
    expect(pdf_link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        pdf_link.click()
    with open(info.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert info.value.suggested_filename == "supportroi-risk-report.pdf"
    with page.expect_download() as info:
        page.locator(".sr-risk-downloads .sr-downloads a", has_text="workbook.xlsx").click()
    assert info.value.suggested_filename == "supportroi-risk.xlsx"
    assert_clean(page)


def test_a_refused_range_shows_a_notice(risk_url, new_page):
    page = new_page()
    page.goto(risk_url)
    wait_for_tornado(page)
    box = page.locator(".sr-range-confidence .sr-range-max input")
    box.fill("150")
    box.press("Enter")
    page.locator(".sr-mc-run").click()
    notice = page.locator(".sr-mc-notice")
    expect(notice).to_contain_text("Not run")
    expect(notice).to_contain_text("Confidence in the estimates")
    assert "Traceback" not in page.inner_text("body")


def test_phone_width_stacks_controls_above_results(risk_url, new_page):
    page = new_page(width=390, height=844)
    page.goto(risk_url)
    wait_for_tornado(page)
    controls = page.locator(".sr-controls").bounding_box()
    results = page.locator(".sr-results").bounding_box()
    assert controls["y"] + controls["height"] <= results["y"] + 1
    for selector in (".sr-controls", ".sr-tornado-wrap", ".sr-results"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, selector
    page.screenshot(path=str(ARTIFACTS / "risk-phone.png"), full_page=True)
    assert_clean(page)
