"""The landing page and the comparison app in headless Chromium, Voilà serving the folder."""


import pytest
from playwright.sync_api import expect

from supportroi import load_scenario, shipped_scenarios
from supportroi.compare import compare
from supportroi.formatting import percent
from supportroi.model import evaluate
from supportroi.apps.pages import PAGES

from .conftest import ARTIFACTS, ROOT, assert_clean, voila_server

pytestmark = pytest.mark.browser

PICKED = ("telecom_contact_centre", "ecommerce_training")


@pytest.fixture(scope="module")
def site():
    # The whole folder, as published: the landing page links to the other notebooks.
    # Preheated as served, the pages this module opens first (the others open as cold).
    with voila_server("notebooks", timeout=180,
                      preheat=["index", "roi_dashboard", "compare_scenarios"]) as base:
        yield base


def test_landing_page_lists_every_page_with_working_links(site, new_page):
    page = new_page()
    page.goto(site + "voila/render/index.ipynb")
    listed = [p for p in PAGES if (ROOT / "notebooks" / f"{p.path}.ipynb").is_file()]
    links = page.locator("a.sr-page-link")
    expect(links).to_have_count(len(listed), timeout=90_000)
    assert links.all_inner_texts() == [p.title() for p in listed]
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [f"{site}voila/render/{p.path}.ipynb" for p in listed]
    for p in listed[:2]:
        expect(page.get_by_text(p.purpose())).to_be_visible()
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "landing-page.png"))

    page.locator('a.sr-page-link[data-path="roi_dashboard"]').click()
    expect(page.locator(".sr-roi .sr-value")).to_have_text(percent(evaluate({}).appraisal.roi),
                                                          timeout=90_000)
    assert page.url == f"{site}voila/render/roi_dashboard.ipynb"
    assert_clean(page)


def test_compare_two_shipped_scenarios(site, new_page):
    page = new_page(1366, 768)
    page.goto(site + "voila/render/compare_scenarios.ipynb")
    expect(page.locator(".sr-status")).to_contain_text("Tick 2 more", timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "compare-empty.png"))
    for name in PICKED:
        page.locator(f".sr-pick-{name} input[type=checkbox]").check()

    c = compare({n: load_scenario(shipped_scenarios()[n]) for n in PICKED})
    roi = page.locator(".sr-compare-results tr.sr-row-roi td.sr-value")
    expect(roi).to_have_text([percent(c.evaluations[n].appraisal.roi) for n in PICKED])
    expect(page.locator(".sr-compare-results tr.sr-row-npv td.sr-value")).to_have_text(
        [c.results_text.loc["npv", n] for n in PICKED])
    expect(page.locator(".sr-compare-differences tr[data-assumption=agent_fte]")).to_contain_text(
        "600")
    chart = page.locator(".sr-chart")
    expect(chart).to_be_visible()
    assert chart.get_attribute("src").startswith(("data:image/png", "blob:"))
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "compare-two.png"))
    # Voilà's page scrolls inside its own container, so a tall viewport shows the whole app.
    page.set_viewport_size({"width": 1366, "height": 2000})
    page.screenshot(path=str(ARTIFACTS / "compare-two-tall.png"))
    page.set_viewport_size({"width": 1366, "height": 768})

    page.get_by_role("button", name="Prepare Excel and PDF").click()
    pdf_link = page.locator(".sr-downloads a", has_text="report.pdf")
    expect(pdf_link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        pdf_link.click()
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert info.value.suggested_filename == "supportroi-comparison.pdf"
    expect(page.locator(".sr-downloads a", has_text="comparison.xlsx")).to_be_visible()
    assert_clean(page)
