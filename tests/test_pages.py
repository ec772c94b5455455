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
         "lessons/05_risk_attribution_intangibles", "lessons/06_risk_app"]


def notebooks_on_disk() -> set[str]:
    return {p.relative_to(NOTEBOOKS).with_suffix("").as_posix()
            for p in NOTEBOOKS.rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts and p.name != "index.ipynb"}


def test_notebook_dir_is_the_checkout_s():
    assert NOTEBOOK_DIR == NOTEBOOKS


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_every_listed_notebook_exists(page, lang):
    path = page.path_in(lang)
    assert (NOTEBOOKS / f"{path}.ipynb").is_file(), f"notebooks/{path}.ipynb is missing"


def test_every_notebook_is_listed():
    # each lesson's translations included: notebooks/lessons/<lang>/<the English name>
    unlisted = notebooks_on_disk() - {p.path_in(lang) for p in PAGES for lang in LANGUAGES}
    assert not unlisted, f"add these to supportroi.apps.pages.PAGES: {sorted(unlisted)}"


def test_a_lesson_s_translation_is_in_its_language_s_folder():
    lesson = next(p for p in PAGES if p.key == "lesson_03")
    assert [lesson.path_in(lang) for lang in LANGUAGES] == [
        "lessons/03_retention_and_clv", "lessons/ru/03_retention_and_clv",
        "lessons/zh/03_retention_and_clv"]
    assert [lesson.href_in(lang) for lang in LANGUAGES] == [
        "lessons/03_retention_and_clv.ipynb", "lessons/ru/03_retention_and_clv.ipynb?lang=ru",
        "lessons/zh/03_retention_and_clv.ipynb?lang=zh"]
    assert PAGES[0].path_in("ru") == "roi_dashboard"  # an app: one notebook, ?lang=
    untranslated = Page("lessons/06_x", "x", "lesson")
    assert untranslated.path_in("ru") == "lessons/06_x"
    assert untranslated.href_in("ru") == "lessons/06_x.ipynb"  # English, without lang
    with pytest.raises(ValueError, match="en, ru, zh"):
        lesson.path_in("de")


def test_pages_in_teaching_order():
    assert [p.path for p in PAGES] == ORDER
    assert [p.kind for p in PAGES] == ["app"] * 5 + ["lesson"] * 6
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
    # the same apps linked, the lessons in this language's folder, and a way back to each
    # other language
    assert re.findall(r'href="([^"?]+\.ipynb)', english) == [f"{p}.ipynb" for p in ORDER]
    assert re.findall(r'href="([^"?]+\.ipynb)', page) == [
        f"{p}.ipynb" if not p.startswith("lessons/") else
        p.replace("lessons/", f"lessons/{lang}/") + ".ipynb" for p in ORDER]
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


@pytest.mark.parametrize("name", sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebooks_are_thin_without_outputs(name):
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text())
    dashboard = json.loads((NOTEBOOKS / "roi_dashboard.ipynb").read_text())
    assert nb["metadata"]["kernelspec"] == dashboard["metadata"]["kernelspec"]
    # The apps show their own title and intro in the page's language; only the landing
    # page's notebook keeps an (English) markdown heading for JupyterLab.
    if name == "index":
        assert nb["cells"][0]["cell_type"] == "markdown"
        assert "".join(nb["cells"][0]["source"]).startswith("# ")
    else:
        assert all(c["cell_type"] == "code" for c in nb["cells"])
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert 1 <= len(code) <= 3
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        lines = [ln for ln in "".join(cell["source"]).splitlines()
                 if ln.strip() and not ln.startswith("#")]
        assert len(lines) <= 2


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_landing_page_opens_every_page_in_its_language(lang):
    page = index_html(lang=lang)  # checked against the notebooks folder
    hrefs = re.findall(r'class="sr-page-link" data-path="([^"]+)" href="([^"]+)"', page)
    assert len(hrefs) == len(PAGES)  # every notebook exists: no page "not available"
    for (path, href), p in zip(hrefs, PAGES, strict=True):
        if p.kind == "app":
            assert href == f"{p.path}.ipynb?lang={lang}" and path == p.path
        else:
            assert href == f"lessons/{lang}/{Path(p.path).name}.ipynb?lang={lang}"
            assert (NOTEBOOKS / f"{path}.ipynb").is_file()
        assert html.escape(p.title(lang)) in page
    assert "sr-only-english" not in page
    assert "?lang=" not in "".join(re.findall(r'href="([^"]+\.ipynb[^"]*)"', index_html()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_landing_page_links_each_lesson_of_its_language(lang):
    page = index_html(lang=lang)
    folder = NOTEBOOKS / "lessons" / ("" if lang == "en" else lang)
    lessons = sorted(p.relative_to(NOTEBOOKS).with_suffix("").as_posix()
                     for p in folder.glob("*.ipynb"))
    assert len(lessons) == 6
    linked = re.findall(r'href="(lessons/[^"?]+)\.ipynb', page)
    assert linked == lessons
