"""The landing page in Russian and Chinese, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from supportroi.apps.pages import PAGES
from supportroi.i18n import translator

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def landing():
    with voila_server("notebooks/index.ipynb") as base:
        yield base


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_landing_page_speaks_the_language_of_the_link(landing, new_page, lang):
    page = new_page()
    page.goto(f"{landing}?lang={lang}")
    links = page.locator("a.sr-page-link")
    expect(links).to_have_count(len(PAGES), timeout=90_000)
    assert links.all_inner_texts() == [p.title(lang) for p in PAGES]
    body = page.inner_text(".sr-index")
    for p in PAGES:
        assert p.title() not in body and p.purpose() not in body
    assert translator(lang)("pages.apps.heading") in body
    expect(page.locator(f'.sr-index[lang="{lang}"]')).to_have_count(1)
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / f"landing-{lang}.png"))

    # The language links switch the page.
    page.locator('a.sr-lang-link[hreflang="en"]').click()
    expect(links.first).to_have_text(PAGES[0].title(), timeout=90_000)
