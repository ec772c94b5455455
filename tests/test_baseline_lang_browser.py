"""The baseline app in Russian and Chinese in a real headless Chromium, served by Voilà:
``?lang=`` opens the page in the language, an uploaded file's KPI cards and rejection table
are in it, and the language picker says it all again in place, keeping the result."""

import pytest
from playwright.sync_api import expect

from supportroi.baseline import read_export
from supportroi.i18n import catalog, translator

from .conftest import ARTIFACTS, assert_clean, voila_server
from .test_baseline_app import BAD_CSV
from .test_baseline_browser import upload

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def baseline_url():
    with voila_server("notebooks/baseline_from_tickets.ipynb") as base:
        yield base


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_upload_in_the_language_of_the_url(baseline_url, new_page, tmp_path, lang):
    words = catalog(lang)
    small = read_export(BAD_CSV, filename="small_export.csv")
    page = new_page()
    page.goto(f"{baseline_url}?lang={lang}")
    expect(page.locator("h1.sr-page-title")).to_have_text(words["baseline.title"],
                                                          timeout=90_000)
    expect(page.locator(".sr-sample")).to_have_text(words["baseline.source.sample"])
    expect(page.locator(".sr-status")).to_contain_text(words["baseline.source.no_file"])

    path = tmp_path / "small_export.csv"
    path.write_bytes(BAD_CSV)
    upload(page, path, timeout=60_000)
    expect(page.locator(".sr-counts")).to_contain_text("small_export.csv", timeout=60_000)
    contacts = page.locator(".sr-kpi-contacts")
    expect(contacts.locator(".sr-label")).to_have_text(words["baseline.kpi.contacts"])
    expect(contacts.locator(".sr-value")).to_have_text(str(small.n_valid))
    expect(page.locator(".sr-kpi-fcr .sr-label")).to_have_text(words["baseline.kpi.fcr"])
    expect(page.locator(".sr-n-rejected")).to_have_text(str(small.n_rejected))

    lines = page.locator(".sr-problem-lines tbody tr")
    expect(lines).to_have_count(len(small.rejections))
    unknown = lines.filter(has_text=words["baseline.reasons.channel_unknown"])
    expect(unknown).to_contain_text("Fax")
    expect(unknown.locator("td").first).to_have_text("4")
    expect(unknown.locator("td").nth(1)).to_have_text(words["baseline.fields.channel"])
    expect(unknown.locator("td").nth(6)).to_have_text(words["baseline.rejections.set_aside"])
    duplicate = lines.filter(has_text=words["baseline.reasons.duplicate_id"])
    expect(duplicate).to_contain_text(words["baseline.details.duplicate_of"].format(row=3))
    heads = page.locator(".sr-problem-lines thead th")
    expect(heads.last).to_have_text(words["baseline.rejections.action"])
    expect(page.locator(".sr-rejections")).not_to_contain_text("channel_unknown")
    expect(page.locator(".sr-rejections")).not_to_contain_text("what was done")
    assert_clean(page)
    page.locator(".sr-rejections").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"baseline-{lang}.png"))

    # The picker says it again in English, from the same result (no new upload).
    page.locator(".sr-language select").select_option(label="English")
    expect(page.locator(".sr-kpi-contacts .sr-label")).to_have_text(
        translator("en")("baseline.kpi.contacts"), timeout=30_000)
    expect(page.locator(".sr-n-rejected")).to_have_text(str(small.n_rejected))
    expect(page.locator(".sr-problem-lines tbody tr")).to_have_count(len(small.rejections))
    expect(page.locator(".sr-problem-lines thead th").last).to_have_text("what was done")
    assert_clean(page)
