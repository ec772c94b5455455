"""Every app at phone size (390 × 844) in a real headless Chromium: nothing wider than the
screen, wide tables scroll in their own box under a visible "swipe sideways" hint, the
headline figures stay reachable, and an input's ⓘ shows and hides its help on a tap."""

import pytest
from playwright.sync_api import expect

from supportroi.assumptions import CATALOG
from supportroi.i18n import translator

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
APPS = ["roi_dashboard", "staffing_service_level", "risk_and_sensitivity", "compare_scenarios",
        "baseline_from_tickets"]


@pytest.fixture(scope="module")
def site():
    # Preheated as served, the apps this module opens (not the ~20 lessons).
    with voila_server("notebooks", timeout=180, preheat=APPS) as base:
        yield base


#: Boxes wider than the screen (buttons, inputs, images, links; tables and wide charts only
#: when their own scrolling box is wider), and wide boxes without a visible hint.
LAYOUT = """() => {
  const W = window.innerWidth, wide = [], unhinted = [];
  const scroller = document.querySelector("#rendered_cells") || document.documentElement;
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const name = el => el.tagName + "." + el.className.toString().slice(0, 60);
  for (const el of document.querySelectorAll(
      ".sr-app button, .sr-app input, .sr-app select, .sr-app textarea, .sr-app a,"
      + " .sr-app .sr-scroll, .sr-app .sr-swipe, .sr-app .widget-html-content,"
      + " .sr-app .widget-image")) {
    if (el.matches(".sr-swipe > .widget-image")) continue;  // its box is checked
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.right > W + 0.5) wide.push([name(el), r.left, r.right]);
  }
  for (const box of document.querySelectorAll(
      ".sr-app .sr-scroll, .sr-app .sr-swipe, .sr-app .widget-html-content")) {
    if (!visible(box) || box.scrollWidth <= box.clientWidth + 1) continue;
    if (box.classList.contains("widget-html-content") && !box.querySelector("table")) continue;
    const hint = box.previousElementSibling;
    if (!(hint && hint.classList.contains("sr-scroll-hint") && visible(hint)))
      unhinted.push(name(box));
  }
  return {page: Math.max(document.documentElement.scrollWidth, scroller.scrollWidth),
          wide, unhinted};
}"""


def check_layout(page, name: str, lang: str = "en") -> None:
    """Nothing sticks out sideways; every wide table or chart box has a visible hint."""
    page.wait_for_timeout(1500)  # hints: 0.2 s after the page changes, and every second
    got = page.evaluate(LAYOUT)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))
    assert got["page"] <= WIDTH, got
    assert got["wide"] == [], got["wide"]
    assert got["unhinted"] == [], got["unhinted"]
    hints = page.locator(".sr-scroll-hint:visible")
    if hints.count():
        expect(hints.first).to_have_text(translator(lang)("touch.swipe"))


def in_view(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }")


def check_help_tip(page, name: str, lang: str = "en") -> None:
    """The ⓘ of ``name``: a button named for the input; a tap shows the help, the valid
    range and the source; Enter on the focused button hides it again."""
    t = translator(lang)
    label, help_ = CATALOG[name].text(lang)
    button = page.locator(f".sr-help-button-{name} button.sr-help-toggle")
    text = page.locator(f".sr-help-{name} .sr-help-text")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert label in button.get_attribute("aria-label")
    expect(text).to_be_hidden()
    button.click()
    expect(text).to_be_visible()
    expect(text).to_contain_text(help_)
    expect(text).to_contain_text(t("touch.source", source=CATALOG[name].source))
    expect(button).to_have_attribute("aria-expanded", "true")
    box = text.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    button.focus()
    page.keyboard.press("Enter")
    expect(text).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")


#: Where the dashboard's two SVG charts are on the screen, and the size of their smallest
#: text as drawn (its font size in the drawing's units times the drawing's scale) [px].
SVG_CHARTS = """() => [...document.querySelectorAll(".sr-chart svg")].map(svg => {
  const r = svg.getBoundingClientRect(), scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll("text")].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
          smallest: Math.min(...sizes)};
})"""


def test_dashboard_charts_on_a_phone(site, new_page):
    page = new_page(width=WIDTH, height=HEIGHT)
    page.goto(site + "voila/render/roi_dashboard.ipynb", timeout=120_000)
    expect(page.locator(".sr-chart svg.sr-lines rect.sr-bar").first).to_be_attached(
        timeout=120_000)
    page.locator(".sr-chart").scroll_into_view_if_needed()
    check_layout(page, "dashboard")
    cumulative, lines = page.evaluate(SVG_CHARTS)
    # Stacked, each the width of the screen (less the page's margins), none sticking out.
    assert lines["top"] >= cumulative["bottom"] - 0.5, (cumulative, lines)
    for chart in (cumulative, lines):
        assert chart["left"] >= 0 and chart["right"] <= WIDTH + 0.5, chart
        assert chart["width"] >= WIDTH - 60, chart
        assert chart["smallest"] >= 11, chart   # legible text
    # On a wide screen they stand side by side.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_timeout(500)
    cumulative, lines = page.evaluate(SVG_CHARTS)
    assert abs(lines["top"] - cumulative["top"]) < 1 and lines["left"] >= cumulative["right"]
    assert_clean(page)


def test_staffing_on_a_phone(site, new_page):
    page = new_page(width=WIDTH, height=HEIGHT)
    page.goto(site + "voila/render/staffing_service_level.ipynb", timeout=120_000)
    needed = page.locator(".sr-headline .sr-needed .sr-value")
    expect(needed).not_to_be_empty(timeout=120_000)
    check_layout(page, "staffing")
    # Both charts stack at the full width, each scaled to at least 3/4 of its natural size
    # (their smallest text, 8 pt at 100 dpi, is then ~8.7 px on the screen).
    for chart in (".sr-chart", ".sr-week-chart"):
        shown, natural = page.locator(chart).evaluate(
            "img => [img.getBoundingClientRect().width, img.naturalWidth]")
        assert shown >= 0.75 * natural and shown >= WIDTH - 60, (chart, shown, natural)
    check_help_tip(page, "annual_contacts")
    # The inputs come first; the bar keeps agents needed and service level in view.
    bar = page.locator(".sr-staffing-sticky .sr-sticky-needed b")
    expect(bar).to_have_text(needed.inner_text())
    page.locator(".sr-paid_hours_per_fte").scroll_into_view_if_needed()
    assert not in_view(page, ".sr-headline")
    assert in_view(page, ".sr-staffing-sticky .sr-sticky-sl")
    assert_clean(page)


#: Labels and choices shown cut short (text wider than its box, the rest hidden).
CUT = """() => [...document.querySelectorAll(
    ".sr-app .widget-label, .sr-app .widget-toggle-button, .sr-app button")]
  .filter(el => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.textContent.trim())"""


def test_risk_on_a_phone_in_russian(site, new_page):
    page = new_page(width=WIDTH, height=HEIGHT)
    page.goto(site + "voila/render/risk_and_sensitivity.ipynb?lang=ru", timeout=120_000)
    expect(page.locator(".sr-tornado-chart")).to_be_visible(timeout=120_000)
    check_help_tip(page, "annual_contacts", "ru")
    assert page.evaluate(CUT) == []  # long Russian labels wrap instead
    # Each Monte Carlo range row: an ⓘ whose tap shows the range's help (a tooltip needs
    # a mouse) and hides it again.
    rows = page.locator(".sr-monte-carlo .sr-range")
    assert rows.count() >= 1
    for i in range(rows.count()):
        button, text = rows.nth(i).locator(".sr-help-toggle"), rows.nth(i).locator(
            ".sr-help-text")
        expect(text).to_be_hidden()
        button.click()
        expect(text).to_be_visible()
        expect(text).to_contain_text("Допустимо: от")
        button.click()
        expect(text).to_be_hidden()
    page.locator(".sr-mc-run").click()
    p50 = page.locator(".sr-mc-cards .sr-npv-p50 .sr-value")
    expect(p50).not_to_be_empty(timeout=120_000)
    check_layout(page, "risk", "ru")
    bar = page.locator(".sr-mc-sticky")
    expect(bar.locator(".sr-sticky-npv-p50 b")).to_have_text(p50.inner_text())
    expect(bar.locator(".sr-sticky-p-roi b")).to_have_text(
        page.locator(".sr-mc-cards .sr-p-roi .sr-value").inner_text())
    page.locator(".sr-occupancy").first.scroll_into_view_if_needed()
    assert in_view(page, ".sr-mc-sticky .sr-sticky-p-roi")
    assert_clean(page)


def test_compare_on_a_phone(site, new_page):
    page = new_page(width=WIDTH, height=HEIGHT)
    page.goto(site + "voila/render/compare_scenarios.ipynb", timeout=120_000)
    expect(page.locator(".sr-status")).to_contain_text("Tick 2 more", timeout=120_000)
    for name in ("telecom_contact_centre", "ecommerce_training"):
        page.locator(f".sr-pick-{name} input[type=checkbox]").check()
    table = page.locator(".sr-compare-results table.sr-compare").first
    expect(table).to_be_visible(timeout=120_000)
    check_layout(page, "compare")
    # The chart is not shrunk below 600 px: it scrolls sideways in its box, under a hint.
    assert page.locator(".sr-compare-app .sr-wide-chart, .sr-wide-chart").first.evaluate(
        "img => img.getBoundingClientRect().width") >= 600
    expect(page.locator(".sr-swipe").first.locator(
        "xpath=preceding-sibling::*[1]")).to_have_class("sr-scroll-hint")
    # The scenario table starts within two screens of the top: the picks are short.
    top = table.evaluate("el => el.getBoundingClientRect().top + "
                         "(document.querySelector('#rendered_cells') || {scrollTop: 0}).scrollTop")
    assert top < 2 * HEIGHT
    assert_clean(page)


def test_baseline_on_a_phone(site, new_page):
    page = new_page(width=WIDTH, height=HEIGHT)
    page.goto(site + "voila/render/baseline_from_tickets.ipynb", timeout=120_000)
    page.locator(".sr-sample button, button.sr-sample").first.click(timeout=120_000)
    expect(page.locator(".sr-app table.sr-table:visible").first).to_be_visible(timeout=120_000)
    check_layout(page, "baseline")
    assert_clean(page)
