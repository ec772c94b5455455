"""The compare and staffing apps in Russian and Chinese, in headless Chromium through Voilà:
the language of the link, no English message of their areas left, a service-level target
typed the local way, and the picker switching the page in place."""

import re

import pytest
from playwright.sync_api import expect

from supportroi import defaults, load_scenario, shipped_scenarios
from supportroi.compare import compare
from supportroi.formatting import percent
from supportroi.i18n import translator
from supportroi.queueing import interval_staffing

from . import untranslated
from .conftest import ARTIFACTS, assert_clean, voila_server
from .untranslated import visible_text

pytestmark = pytest.mark.browser

PICKED = ("telecom_contact_centre", "ecommerce_training")
#: Parts of the pages whose texts are not messages: the scenarios' own titles and
#: intangibles (content, in the language they were written in).
CONTENT = [".sr-choices", ".sr-scenario", "th[data-scenario]", "td > ul"]


def english_left(page, lang: str, prefix: str) -> list[str]:
    """The English pieces of the messages ``prefix*`` on the page, outside :data:`CONTENT`."""
    return untranslated.english_left(visible_text(page, CONTENT), lang, prefix)


@pytest.fixture(scope="module")
def site():
    # Preheated as served, the two apps this module opens.
    with voila_server("notebooks", timeout=180,
                      preheat=["compare_scenarios", "staffing_service_level"]) as base:
        yield base + "voila/render/"


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_compare_speaks_the_language_of_the_link(site, new_page, lang):
    page = new_page(1366, 900)
    page.goto(f"{site}compare_scenarios.ipynb?lang={lang}&scenarios={','.join(PICKED)}",
              timeout=180_000)
    c = compare({n: load_scenario(shipped_scenarios()[n]) for n in PICKED}, lang=lang)
    roi = page.locator(".sr-compare-results tr.sr-row-roi td.sr-value")
    expect(roi).to_have_text([percent(c.evaluations[n].appraisal.roi, lang=lang)
                              for n in PICKED], timeout=90_000)
    expect(page.locator(".sr-compare-results tr.sr-row-npv td.sr-value")).to_have_text(
        [c.results_text.loc["npv", n] for n in PICKED])
    t = translator(lang)
    expect(page.locator(".sr-page-title")).to_have_text(t("compare.title"))
    expect(page.get_by_role("button", name=t("compare.downloads.prepare"))).to_be_visible()
    assert english_left(page, lang, "compare.") == []
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / f"compare-{lang}.png"), full_page=True)

    # The picker redraws the page in English and keeps the ticked scenarios.
    page.locator(".sr-language select").select_option(label="English")
    expect(roi).to_have_text([percent(c.evaluations[n].appraisal.roi) for n in PICKED],
                             timeout=30_000)
    expect(page.locator(".sr-page-title")).to_have_text("Compare scenarios")
    for name in PICKED:
        expect(page.locator(f".sr-pick-{name} input[type=checkbox]")).to_be_checked()
    assert_clean(page)


def _needed_at_peak(target: float) -> int:
    v = defaults() | {"target_service_level": target}
    st = interval_staffing(v["annual_contacts"] * v["share_phone"], v["aht_phone_min"] * 60,
                           v["target_service_level"], v["target_answer_time_s"], v["shrinkage"],
                           max_occupancy=v["occupancy"],
                           paid_hours_per_fte=v["paid_hours_per_fte"])
    return int(st.agents[st.traffic.argmax()])


@pytest.mark.parametrize("lang, typed, shown", [("ru", "0,9", "90\u00a0%"),
                                                ("zh", "90 %", "90%")])
def test_staffing_speaks_the_language_of_the_link_and_reads_a_typed_target(
        site, new_page, lang, typed, shown):
    page = new_page(1366, 900)
    page.goto(f"{site}staffing_service_level.ipynb?lang={lang}", timeout=180_000)
    needed = page.locator(".sr-needed .sr-value")
    before = _needed_at_peak(defaults()["target_service_level"])
    expect(needed).to_have_text(str(before), timeout=90_000)
    t = translator(lang)
    expect(page.locator(".sr-needed .sr-label")).to_have_text(
        re.compile(re.escape(t("staffing.cards.needed")), re.I))
    assert english_left(page, lang, "staffing.") == []
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / f"staffing-{lang}.png"), full_page=True)

    # The service-level target typed the page's way: 0,9 (ru) / 90 % (zh) is 90 %.
    page.locator(".sr-controls .jupyter-widget-Collapse-header").nth(1).click()  # staffing
    box = page.locator(".sr-entry-target_service_level input")
    box.fill(typed)
    box.press("Enter")
    expect(box).to_have_value(shown, timeout=30_000)
    after = _needed_at_peak(0.9)
    assert after > before   # a higher target needs more agents: the page must move
    expect(needed).to_have_text(str(after), timeout=30_000)
    expect(page.locator(".sr-notice")).to_have_text("")

    # The half-hour table is built on request, labelled in the page language.
    page.locator(".sr-interval-prepare").click()
    link = page.locator(".sr-interval-csv a")
    expect(link).to_have_text(t("staffing.table.download"), timeout=30_000)
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), encoding="utf-8") as fh:
        assert fh.readline().strip() == ("weekday,interval_start,calls,traffic_erlangs,"
                                         "agents_needed,set_by,service_level,occupancy")
    assert_clean(page)
