"""The ROI dashboard in a real headless Chromium, served by Voilà."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from supportroi import evaluate, load_scenario, shipped_scenarios
from supportroi.formatting import percent

from .conftest import ARTIFACTS, assert_clean, kernel_count, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dashboard_url():
    with voila_server("notebooks/roi_dashboard.ipynb") as base:
        yield base


def roi_text(values=None, scenario=None):
    overrides = (load_scenario(shipped_scenarios()[scenario]).values if scenario else {})
    return percent(evaluate(overrides | (values or {})).appraisal.roi)


def test_default_roi_then_keyboard_change(dashboard_url, new_page):
    page = new_page()
    page.goto(dashboard_url)
    roi = page.locator(".sr-roi .sr-value")
    expect(roi).to_have_text(roi_text(), timeout=60_000)
    chart = page.locator(".sr-chart")
    curve = chart.locator("svg.sr-cumulative polyline.sr-cumulative-line")
    expect(curve).to_be_visible()
    expect(chart.locator("svg.sr-lines rect.sr-bar").first).to_be_visible()
    first_points = curve.get_attribute("points")
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "dashboard-default.png"))

    # The discount rate lives in the "Finance & risk" group: open it, focus
    # the slider's handle and press → once (one step of 0.005).
    page.get_by_text("Finance & risk").click()
    handle = page.locator(".sr-discount_rate .noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    # The slider's own readout is off; its value shows in the typed-number box beside it.
    expect(page.locator(".sr-entry-discount_rate input")).to_have_value("10.5%")
    expect(roi).to_have_text(roi_text({"discount_rate": 0.105}))
    # The charts show undiscounted flows; the benefit risk changes them.
    page.locator(".sr-benefit_risk .noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    expect(roi).to_have_text(roi_text({"discount_rate": 0.105, "benefit_risk": 0.09}))
    # The browser draws the new charts: the curve moved, both still shown with their bars.
    expect(curve).not_to_have_attribute("points", first_points)
    expect(curve).to_be_visible()
    assert chart.locator("svg.sr-lines rect.sr-bar").count() > 0
    box = chart.locator("svg.sr-cumulative").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    page.screenshot(path=str(ARTIFACTS / "dashboard-changed.png"))
    assert_clean(page)


def test_url_parameters_apply_and_bad_ones_are_noticed(dashboard_url, new_page):
    page = new_page()
    page.goto(dashboard_url + "?scenario=telecom_contact_centre&discount_rate=0.08"
                              "&bogus=1&shrinkage=2")
    expected = roi_text({"discount_rate": 0.08}, scenario="telecom_contact_centre")
    expect(page.locator(".sr-roi .sr-value")).to_have_text(expected, timeout=60_000)
    notice = page.locator(".sr-notice")
    expect(notice).to_contain_text("unknown parameter 'bogus'")
    expect(notice).to_contain_text("Shrinkage")
    expect(page.locator(".sr-link")).to_contain_text("scenario=telecom_contact_centre")
    expect(page.locator(".sr-link")).to_contain_text("discount_rate=0.08")
    assert "600-agent telecom" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "dashboard-url-parameters.png"))
    body = page.inner_text("body")
    assert "Traceback" not in body


def test_phone_width_stacks_controls_above_results(dashboard_url, new_page):
    page = new_page(width=390, height=844)
    page.goto(dashboard_url)
    expect(page.locator(".sr-roi .sr-value")).to_have_text(roi_text(), timeout=60_000)
    controls = page.locator(".sr-controls").bounding_box()
    cards = page.locator(".sr-headline").bounding_box()
    assert controls["y"] + controls["height"] <= cards["y"] + 1
    assert controls["width"] <= 390
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"))


def _in_view(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }")


def test_phone_keeps_the_roi_in_view_while_the_inputs_scroll(dashboard_url, new_page):
    # A phone (390 × 844): the inputs come first, so the headline bar must stay at the top.
    page = new_page(width=390, height=844)
    page.goto(dashboard_url, timeout=90_000)
    bar = page.locator(".sr-sticky-roi b")
    expect(bar).to_have_text(roi_text(), timeout=60_000)
    page.get_by_text("Finance & risk").click()
    handle = page.locator(".sr-discount_rate .noUi-handle")
    handle.scroll_into_view_if_needed()
    assert not _in_view(page, ".sr-headline")  # the big cards are far below the inputs
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(bar).to_have_text(roi_text({"discount_rate": 0.105}))
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone-sticky.png"))
    assert _in_view(page, ".sr-sticky-roi") and _in_view(page, ".sr-discount_rate")
    # On a wide screen the bar is not shown (the cards are beside the inputs).
    page.set_viewport_size({"width": 1366, "height": 768})
    expect(page.locator(".sr-sticky-bar")).to_be_hidden()


def test_legacy_websocket_clients_are_refused(dashboard_url):
    # Voilà 0.5 defect 2: a kernel websocket without the v1 subprotocol is refused
    # before the upgrade; the browser's v1 connection still works.
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from tornado.httpclient import HTTPClientError
    from tornado.websocket import websocket_connect

    html = urllib.request.urlopen(dashboard_url, timeout=30).read().decode()
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html).group(1)
    ws_url = dashboard_url.replace("http", "ws") + f"api/kernels/{kernel_id}/channels"

    async def connect(subprotocols):
        try:
            conn = await websocket_connect(ws_url, subprotocols=subprotocols)
        except HTTPClientError as exc:
            return exc.code
        conn.close()
        return 101

    def run(subprotocols):  # own thread: Playwright's loop owns the main one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, connect(subprotocols)).result(timeout=30)

    assert run(None) == 400
    assert run(["v1.kernel.websocket.jupyter.org"]) == 101


def test_closing_the_page_releases_its_kernel(dashboard_url, browser):
    # Voilà 0.5 defect 1: without the config fix the shutdown beacon gets 403 and
    # every closed tab leaves a kernel behind (~140 MB each).
    import time

    def settle(expected, timeout=20):
        deadline = time.monotonic() + timeout
        while kernel_count(dashboard_url) != expected and time.monotonic() < deadline:
            time.sleep(0.25)
        return kernel_count(dashboard_url)

    def steady(quiet=12.0, timeout=40):
        """The kernel count once earlier tests' closed pages have been released (their
        kernels go 10 s after their page closed, several at once)."""
        deadline, count, since = time.monotonic() + timeout, kernel_count(dashboard_url), \
            time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.25)
            now = kernel_count(dashboard_url)
            if now != count:
                count, since = now, time.monotonic()
        return count

    baseline = steady()
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(dashboard_url)
    expect(page.locator(".sr-roi .sr-value")).to_have_text(roi_text(), timeout=60_000)
    opened = kernel_count(dashboard_url)
    page.goto("about:blank")  # fires the shutdown beacon
    ctx.close()
    assert settle(opened - 1) == opened - 1
    assert opened - 1 <= max(baseline, 1)
