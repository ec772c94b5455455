"""The baseline app in a real headless Chromium, served by Voilà."""

import re

import pytest
from playwright.sync_api import expect

from supportroi.baseline import REASONS, compute_kpis, read_export
from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE
from supportroi.apps.baseline_charts import CHANNEL_LABELS
from supportroi.formatting import percent

from .test_baseline_app import BAD_CSV, RU_CSV
from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser


#: The in-process tests' small export: rows 4–6 are set aside (see BAD_PROBLEMS there).
SMALL_CSV = BAD_CSV


@pytest.fixture(scope="module")
def baseline_url():
    with voila_server("notebooks/baseline_from_tickets.ipynb") as base:
        yield base


@pytest.fixture(scope="module")
def sample_kpis():
    export = read_export(SAMPLE, timezone=SAMPLE_TIMEZONE)
    return export, compute_kpis(export)


def upload(page, path, timeout=30_000):
    """Choose ``path`` in the FileUpload's file dialog. (ipywidgets 8 keeps the
    widget's ``input[type=file]`` out of the document and clicks it from the
    button, so the file goes through Playwright's file chooser.)"""
    with page.expect_file_chooser(timeout=timeout) as chooser:
        page.locator(".sr-upload").click(timeout=timeout)
    chooser.value.set_files(str(path))


def load_sample(page, url):
    page.goto(url)
    page.locator(".sr-sample").click(timeout=60_000)


def test_sample_then_upload(baseline_url, new_page, sample_kpis, tmp_path):
    export, k = sample_kpis
    page = new_page()
    load_sample(page, baseline_url)
    expect(page.locator(".sr-kpi-fcr .sr-value")).to_have_text(percent(k.fcr), timeout=60_000)
    expect(page.locator(".sr-kpi-aht-phone .sr-value")).to_have_text(
        f"{k.aht_min['phone']:.2f} min")
    expect(page.locator(".sr-n-rejected")).to_have_text(f"{export.n_rejected:,}")
    expect(page.locator(".sr-timezone input")).to_have_value(SAMPLE_TIMEZONE)
    expect(page.locator(".sr-yaml a")).to_have_attribute("download",
                                                         "baseline-sample_tickets.yaml")
    for name in ("heatmap", "monthly", "aht", "ttr"):
        expect(page.locator(f".sr-chart-{name}")).to_have_attribute(
            "src", re.compile(r"^blob:|^data:image/png"))
    assert_clean(page)
    page.locator(".sr-kpis").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "baseline-sample.png"))

    # A small file through the real file input.
    path = tmp_path / "small_export.csv"
    path.write_bytes(SMALL_CSV)
    small = read_export(SMALL_CSV, filename="small_export.csv")
    upload(page, path)
    expect(page.locator(".sr-counts")).to_contain_text("small_export.csv", timeout=30_000)
    expect(page.locator(".sr-n-rejected")).to_have_text(str(small.n_rejected))
    expect(page.locator(".sr-kpi-contacts .sr-value")).to_have_text(str(small.n_valid))
    table = page.locator(".sr-problem-lines tbody tr")
    expect(table).to_have_count(len(small.rejections))
    unknown = table.filter(has_text=REASONS["channel_unknown"])  # in plain words, no codes
    expect(unknown).to_contain_text("Fax")
    expect(unknown.locator("td").first).to_have_text("4")
    expect(table.filter(has_text=REASONS["duplicate_id"]).locator("td").first).to_have_text("6")
    expect(page.locator(".sr-rejections")).not_to_contain_text("channel_unknown")
    expect(page.locator(".sr-map-csat select")).to_have_value("CSAT")
    assert_clean(page)
    page.locator(".sr-rejections").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "baseline-upload.png"))


def test_an_unusable_upload_is_a_notice(baseline_url, new_page, tmp_path):
    page = new_page()
    page.goto(baseline_url)
    path = tmp_path / "calls.csv"
    path.write_bytes(b"foo,bar\n1,2\n")
    upload(page, path, timeout=60_000)
    notice = page.locator(".sr-notice")
    expect(notice).to_contain_text("calls.csv cannot be used", timeout=30_000)
    expect(notice).to_contain_text("no column gives the creation date")
    expect(page.locator(".sr-map-created select")).to_be_visible()
    assert "Traceback" not in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "baseline-unusable.png"))


def test_phone_width(baseline_url, new_page, sample_kpis):
    _, k = sample_kpis
    page = new_page(width=390, height=844)
    load_sample(page, baseline_url)
    expect(page.locator(".sr-kpi-fcr .sr-value")).to_have_text(percent(k.fcr), timeout=60_000)
    expect(page.locator(".sr-yaml a")).to_be_visible(timeout=60_000)  # after the charts
    page.locator(".sr-file-panel").get_by_text("Check or change the mapping").click()
    for selector in (".sr-app", ".sr-kpis", ".sr-chart-heatmap", ".sr-chart-ttr",
                     ".sr-map-customer", ".sr-rejections", ".sr-yaml"):
        expect(page.locator(selector)).to_be_visible()
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "baseline-phone.png"))


def test_a_russian_cp1251_export(baseline_url, new_page, tmp_path):
    """The issue-12 fixture through the real file input: cp1251, ';', a title row, decimal
    commas, an unknown label mapped with the label table."""
    page = new_page()
    page.goto(baseline_url)
    path = tmp_path / "обращения.csv"
    path.write_bytes(RU_CSV)
    upload(page, path, timeout=60_000)
    expect(page.locator(".sr-kpi-aht-phone .sr-value")).to_have_text("5.50 min", timeout=30_000)
    expect(page.locator(".sr-kpi-aht-chat .sr-value")).to_have_text("2.25 min")
    expect(page.locator(".sr-warnings")).to_contain_text("Факс")
    page.locator(".sr-file-panel").get_by_text("Check or change the mapping").click()
    expect(page.locator(".sr-guesses")).to_contain_text("Windows-1251")
    expect(page.locator(".sr-guesses")).to_contain_text("row 3")
    page.locator(".sr-label-map select").select_option(label=CHANNEL_LABELS["email"])
    page.locator(".sr-apply").click()
    expect(page.locator(".sr-n-rejected")).to_have_text("0", timeout=30_000)
    expect(page.locator(".sr-kpi-aht-email .sr-value")).to_have_text("1.00 min")
    assert "Traceback" not in page.inner_text("body")
    assert_clean(page)
    page.screenshot(path=str(ARTIFACTS / "baseline-russian.png"))
