"""The landing page: one list of apps and lessons, matching the notebooks folder."""

import html
import json
import re
from pathlib import Path

import pytest

from supportroi.apps.pages import NOTEBOOK_DIR, PAGES, Page, index_html, page_language
from supportroi.i18n import LANGUAGES, translator

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ORDER = ["roi_dashboard", "compare_scenarios", "risk_and_sensitivity", "staffing_service_level",
         "baseline_from_tickets", "lessons/01_roi_bcr_payback", "lessons/02_time_value_of_money",
         "lessons/03_retention_and_clv", "lessons/04_staffing_and_waiting",
         "lessons/05_risk_attribution_intangibles"]


def notebooks_on_disk() -> set[str]:
    return {p.relative_to(NOTEBOOKS).with_suffix("").as_posix()
            for p in NOTEBOOKS.rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts and p.name != "index.ipynb"}


def test_notebook_dir_is_the_checkout_s():
    assert NOTEBOOK_DIR == NOTEBOOKS


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_every_listed_notebook_exists(page):
    assert (NOTEBOOKS / f"{page.path}.ipynb").is_file(), f"notebooks/{page.path}.ipynb is missing"


def test_every_notebook_is_listed():
    unlisted = notebooks_on_disk() - {p.path for p in PAGES}
    assert not unlisted, f"add these to supportroi.apps.pages.PAGES: {sorted(unlisted)}"


def test_pages_in_teaching_order():
    assert [p.path for p in PAGES] == ORDER
    assert [p.kind for p in PAGES] == ["app"] * 5 + ["lesson"] * 5
    for lang in LANGUAGES:
        assert all(p.title(lang) and p.purpose(lang) and "\n" not in p.purpose(lang)
                   for p in PAGES)
        assert len({p.title(lang) for p in PAGES}) == len(PAGES)


def test_links_are_relative_to_the_landing_page():
    # Voilà serves both at voila/render/..., so the dashboard is "roi_dashboard.ipynb".
    page = index_html(root=None)
    hrefs = re.findall(r'href="([^"?]+)"', page)  # the pages, not the language links
    assert hrefs == [f"{path}.ipynb" for path in ORDER]
    for p in PAGES:
        assert html.escape(p.title()) in page and html.escape(p.purpose()) in page
    assert page.index("Apps") < page.index("roi_dashboard") < page.index("Lessons") \
        < page.index("lessons/01_roi_bcr_payback")


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_landing_page_in_each_language(lang):
    page = index_html(root=None, lang=lang)
    english = index_html(root=None)
    assert f'lang="{lang}"' in page
    for p in PAGES:
        assert html.escape(p.title(lang)) in page and p.title(lang) != p.title()
        assert html.escape(p.title()) not in page
    # the same notebooks linked, and a way back to each other language
    assert re.findall(r'href="([^"?]+\.ipynb)', page) == re.findall(
        r'href="([^"?]+\.ipynb)', english)
    assert {"?lang=en", "?lang=ru", "?lang=zh"} - {f"?lang={lang}"} <= set(
        re.findall(r'href="(\?lang=\w+)"', page))


def test_page_language_comes_from_the_query_string():
    assert page_language("?lang=zh") == "zh"
    assert page_language("lang=<script>") == "en"


def test_missing_notebooks_are_not_linked(tmp_path):
    (tmp_path / "roi_dashboard.ipynb").write_text("{}")
    page = index_html((PAGES[0], PAGES[1]), root=tmp_path)
    assert 'href="roi_dashboard.ipynb"' in page
    assert 'href="compare_scenarios.ipynb"' not in page and "not available yet" in page


def test_text_is_escaped(monkeypatch):
    t = translator("en")
    monkeypatch.setitem(t._messages, "pages.x.title", "<script>alert(1)</script>")
    monkeypatch.setitem(t._messages, "pages.x.purpose", "a & b")
    page = index_html((Page("x", "x", "app"),), root=None)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "a &amp; b" in page


@pytest.mark.parametrize("name", ["index", "compare_scenarios"])
def test_notebooks_are_thin_without_outputs(name):
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text())
    dashboard = json.loads((NOTEBOOKS / "roi_dashboard.ipynb").read_text())
    assert nb["metadata"]["kernelspec"] == dashboard["metadata"]["kernelspec"]
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert "".join(nb["cells"][0]["source"]).startswith("# ")
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert 1 <= len(code) <= 3
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        lines = [ln for ln in "".join(cell["source"]).splitlines()
                 if ln.strip() and not ln.startswith("#")]
        assert len(lines) <= 2


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_landing_page_opens_translated_apps_in_its_language(lang):
    page = index_html(lang=lang)
    assert f'href="roi_dashboard.ipynb?lang={lang}"' in page
    assert 'href="compare_scenarios.ipynb"' in page  # not translated yet: English, no lang
    assert 'href="roi_dashboard.ipynb?lang=' not in index_html(lang="en")
