"""The dashboard's details in a real headless Chromium: Copy link, a long title's link at
phone and desktop width, a "not applied" notice that clears, and a baseline link whose
figures are provisional until each input its data lacked is given (reopened with the
initiative its link names picked)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from supportroi import evaluate
from supportroi.formatting import percent

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser

TITLE = "Pilot-" + "Москва-上海-" * 18  # one 200-character word at most: no place to wrap


@pytest.fixture(scope="module")
def dashboard_url():
    with voila_server("notebooks/roi_dashboard.ipynb") as base:
        yield base


@pytest.fixture
def context(new_page):
    """Pages (1280×800) that may use the clipboard unless ``clipboard=False``."""
    def make(width=1280, height=800, clipboard=True):
        return new_page(width, height, permissions=["clipboard-read", "clipboard-write"]
                        if clipboard else [])
    return make


def open_page(page, url):
    page.goto(url)
    expect(page.locator(".sr-roi .sr-value")).not_to_be_empty(timeout=90_000)
    expect(page.locator(".sr-copy-link")).to_be_visible(timeout=30_000)


def test_copy_link_puts_the_full_address_in_the_clipboard(dashboard_url, context):
    page = context()
    open_page(page, dashboard_url + "?discount_rate=0.08&title=Our+pilot&intangible=Agent+morale")
    expect(page.locator(".sr-roi .sr-value")).to_have_text(
        percent(evaluate({"discount_rate": 0.08}).appraisal.roi), timeout=30_000)
    expect(page.locator(".sr-app h2").first).to_have_text("Our pilot")
    button = page.locator(".sr-copy-link")
    expect(button).to_have_text("Copy link")
    button.click()
    expect(page.locator(".sr-copy-status")).to_have_text("Copied", timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("a.sr-share").evaluate("a => a.href")
    parts = urlsplit(copied)
    assert parts.scheme == "http" and parts.netloc.startswith("127.0.0.1")
    query = parse_qs(parts.query)
    assert query["discount_rate"] == ["0.08"] and query["title"] == ["Our pilot"]
    assert query["intangible"] == ["Agent morale"]
    # The copied link reopens the same settings, title and intangibles.
    again = context()
    open_page(again, copied)
    expect(again.locator(".sr-app h2").first).to_have_text("Our pilot")
    expect(again.locator(".sr-app")).to_contain_text("Agent morale")
    assert_clean(again)


def test_without_the_clipboard_the_address_is_selected(dashboard_url, context):
    page = context(clipboard=False)
    # A browser that refuses the clipboard API (permission denied, an older browser).
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject("
                         "new Error('denied'));")
    open_page(page, dashboard_url + "?discount_rate=0.07")
    page.locator(".sr-copy-link").click()
    href = page.locator("a.sr-share").evaluate("a => a.href")
    assert "discount_rate=0.07" in href
    expect(page.locator(".sr-share-query")).to_have_text(href, timeout=10_000)
    assert page.evaluate("window.getSelection().toString()") == href
    expect(page.locator(".sr-copy-status")).not_to_be_empty()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_title_link_stays_inside_its_box(dashboard_url, context, width):
    page = context(width=width, height=900)
    open_page(page, dashboard_url + "?title=" + TITLE + "&intangible=" + "Мораль" * 30)
    link = page.locator(".sr-link")
    link.scroll_into_view_if_needed()
    expect(page.locator(".sr-share-query")).to_contain_text("title=")
    box = link.bounding_box()
    assert box["x"] + box["width"] <= width + 0.5
    for part in (".sr-share-query", ".sr-copy-link", "a.sr-share"):
        inner = page.locator(f".sr-link {part}").bounding_box()
        assert inner["x"] >= box["x"] - 0.5, part
        assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5, (part, inner, box)
    overflow = link.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / f"dashboard-long-link-{width}.png"), full_page=False)


def test_a_not_applied_notice_clears_when_the_value_is_valid_again(dashboard_url, context):
    page = context()
    open_page(page, dashboard_url)
    page.get_by_text("Finance & risk").click()
    box = page.locator(".sr-entry-discount_rate input")
    notice = page.locator(".sr-notice")
    box.fill("abc")
    box.press("Enter")
    expect(notice).to_contain_text("Not applied", timeout=30_000)
    expect(box).to_have_value("10%")
    box.fill("9%")  # valid: used, and the notice goes
    box.press("Enter")
    expect(notice).to_have_text("", timeout=30_000)
    expect(page.locator(".sr-roi .sr-value")).to_have_text(
        percent(evaluate({"discount_rate": 0.09}).appraisal.roi))
    box.fill("80%")  # out of bounds: refused, 9 % kept
    box.press("Enter")
    expect(notice).to_contain_text("Not applied", timeout=30_000)
    expect(box).to_have_value("9%")
    box.fill("9%")  # the kept value typed again: nothing changes, but the refusal is over
    box.press("Enter")
    expect(notice).to_have_text("", timeout=30_000)
    assert_clean(page)


def test_a_baseline_link_is_provisional_until_each_missing_input_is_given(dashboard_url,
                                                                         context):
    page = context()
    open_page(page, dashboard_url + "?title=Client+baseline"
              "&not_measured=agent_fte,agent_salary&initiatives=chatbot")
    headline = page.locator(".sr-headline")
    step = page.locator(".sr-workshop")
    expect(step).to_be_visible(timeout=30_000)
    # The link's pick: its box ticked, its inputs shown, the case set against doing nothing.
    expect(step.locator(".sr-initiative-chatbot input")).to_be_checked(timeout=30_000)
    expect(step.locator(".sr-initiative-inputs .sr-entry-deflection_rate")).to_be_visible()
    expect(step.locator(".sr-case table")).to_contain_text("With Chatbot / self-service")
    expect(headline).to_contain_text("Provisional", timeout=30_000)
    expect(headline).to_contain_text("Agent salary")
    expect(step.locator(".sr-needed-agent_salary")).to_contain_text("still needed")
    page.screenshot(path=str(ARTIFACTS / "dashboard-baseline-provisional.png"), full_page=True)
    step.locator(".sr-confirm-agent_salary input").check()
    expect(step.locator(".sr-needed-agent_salary")).to_contain_text("confirmed",
                                                                    timeout=30_000)
    expect(headline).to_contain_text("Provisional")
    box = step.locator(".sr-entry-agent_fte input")
    box.fill("40")
    box.press("Enter")
    expect(headline).not_to_contain_text("Provisional", timeout=30_000)
    expect(page.locator(".sr-headline .sr-cards.sr-provisional")).to_have_count(0)
    expect(page.locator(".sr-roi .sr-value")).to_have_text(
        percent(evaluate({"agent_fte": 40}).appraisal.roi), timeout=30_000)
    expect(page.locator(".sr-share-query")).to_contain_text("confirmed=agent_fte,agent_salary")
    expect(page.locator(".sr-share-query")).to_contain_text("initiatives=chatbot")
    page.screenshot(path=str(ARTIFACTS / "dashboard-baseline-confirmed.png"), full_page=False)
    assert_clean(page)
