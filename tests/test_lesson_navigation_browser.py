"""The lessons' navigation bar in headless Chromium, with Voilà serving the notebooks folder
(as ``make apps`` does): its relative links reach the next lesson, the other language's
lesson, the app and the landing page."""

import pytest
from playwright.sync_api import expect

from supportroi.i18n import translator

from .conftest import ARTIFACTS, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site():
    # Preheated as served, the pages the bar leads through.
    with voila_server("notebooks", preheat=["lessons/02_time_value_of_money",
                                            "lessons/03_retention_and_clv",
                                            "lessons/ru/03_retention_and_clv",
                                            "index"]) as base:
        yield base


def test_the_bar_leads_through_the_lessons(site, new_page):
    page = new_page()
    page.goto(f"{site}voila/render/lessons/02_time_value_of_money.ipynb", timeout=150_000)
    bar = page.locator("nav.sr-lesson-nav")
    expect(bar).to_be_visible(timeout=90_000)
    expect(bar.locator("a.sr-nav-app")).to_have_attribute("href", "../roi_dashboard.ipynb")
    page.screenshot(path=str(ARTIFACTS / "lesson-navigation-en.png"))

    bar.locator("a.sr-nav-next").click()
    expect(page).to_have_url(f"{site}voila/render/lessons/03_retention_and_clv.ipynb",
                             timeout=90_000)
    expect(page.locator(".sr-lesson-03")).to_be_visible(timeout=90_000)

    # This lesson in Russian: its own notebook, and a bar in Russian (its cells below need
    # the lessons' lang= to run).
    page.locator('nav.sr-lesson-nav a[hreflang="ru"]').click()
    expect(page).to_have_url(f"{site}voila/render/lessons/ru/03_retention_and_clv.ipynb?lang=ru",
                             timeout=90_000)
    ru = translator("ru")
    expect(page.locator("nav.sr-lesson-nav a.sr-nav-all")).to_have_text(ru("lessons_nav.all"),
                                                                          timeout=90_000)
    assert page.evaluate("document.documentElement.lang") == "ru"

    page.locator("nav.sr-lesson-nav a.sr-nav-all").click()
    expect(page).to_have_url(f"{site}voila/render/index.ipynb?lang=ru", timeout=90_000)
    lesson = page.locator('a.sr-page-link[data-path="lessons/ru/03_retention_and_clv"]')
    expect(lesson).to_have_text(ru("pages.lesson_03.title"), timeout=90_000)
