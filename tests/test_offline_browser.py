"""Nothing fetched from outside 127.0.0.1, and the page around the apps in the URL's language.

One Voilà serves the whole notebooks/ folder with the project's config (the ``supportroi``
template, supportroi/apps/page_template.py); headless Chromium opens every app, every lesson,
the landing page, the folder listing and a missing page, and records every request and
websocket. Any URL whose host is not 127.0.0.1 or localhost fails the test (data: and blob:
are fine). The icons of the apps' buttons must still show, from fonts served by Voilà.
"""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from supportroi.apps import page_template
from supportroi.apps.pages import PAGES
from supportroi.i18n import translator

from .conftest import ROOT, assert_clean, external, voila_server

pytestmark = pytest.mark.browser

NOTEBOOKS = ["index"] + [p.path for p in PAGES]
#: The language each page is opened in (the rest in English): the template's texts are
#: checked on the way.
LANGUAGE_OF = {"roi_dashboard": "ru", "compare_scenarios": "zh", "index": "ru",
               "lessons/03_retention_and_clv": "zh"}
#: More of a page's query: a URL cannot pick Voilà's own lab template (its CDN links). A
#: ?template= that differs from the configured one makes Voilà render in a new kernel
#: instead of a preheated one, so only one page is opened so.
QUERY_OF = {"index": "template=lab"}
#: Records what #loading_text said, from before Voilà's first script runs.
RECORD_LOADING = """
window.__srLoading = [];
new MutationObserver(function () {
  var el = document.getElementById("loading_text");
  var seen = window.__srLoading;
  if (el && seen[seen.length - 1] !== el.textContent) { seen.push(el.textContent); }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_external_is_what_the_tests_refuse():
    assert external("https://cdn.jsdelivr.net/npm/x.css")
    assert external("ws://example.org/api/kernels")
    assert external("http://127.0.0.1.example.org/")
    assert not external("http://127.0.0.1:8866/voila/static/voila.js")
    assert not external("ws://localhost:1/api/kernels/x/channels")
    assert not external("data:font/woff2;base64,AAAA")
    assert not external("blob:http://127.0.0.1:8866/1234")


def test_every_page_records_its_requests_and_websockets(new_page):
    """What the shared fixture checks at teardown of every browser test is recorded."""
    page = new_page()
    page.set_content('<img src="http://127.0.0.1:9/a.png"><script>'
                     'try { new WebSocket("ws://localhost:9/b"); } catch (e) {}</script>')
    wanted = {"http://127.0.0.1:9/a.png", "ws://localhost:9/b"}
    for _ in range(100):   # events reach Python as the page runs: wait for them, 10 s at most
        if wanted <= set(page.sr_requests):
            break
        page.wait_for_timeout(100)
    assert wanted <= set(page.sr_requests), page.sr_requests


@pytest.fixture(scope="module")
def site():
    # Preheated as served, the pages this module opens (not the lessons in ru and zh).
    with voila_server("notebooks", preheat=NOTEBOOKS) as base:
        yield base


@pytest.fixture
def watched(new_page):
    """A page that records every request, websocket and failed local request."""
    def make():
        page = new_page()
        page.set_default_timeout(120_000)
        page.add_init_script(RECORD_LOADING)
        page.sr_failed = []   # the shared fixture records page.sr_requests
        page.on("requestfailed", lambda r: page.sr_failed.append((r.resource_type, r.url)))
        return page
    return make


def wait_for_app(page) -> None:
    """Voilà removes its spinner (#loading) when every cell has run and the widgets show."""
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=150_000)
    expect(page.locator("#loading")).to_have_count(0)
    page.wait_for_load_state("networkidle")


def assert_offline(page) -> None:
    outside = [u for u in page.sr_requests if external(u)]
    assert outside == [], f"{page.url} fetched from outside: {outside}"
    broken = [(kind, url) for kind, url in page.sr_failed
              if kind in ("stylesheet", "font", "script", "image")]
    assert broken == [], f"{page.url}: local files that failed to load: {broken}"


def assert_served_html_local(html: str, where: str) -> None:
    """The HTML as served (before any script runs) loads no style, script or font from
    outside: every src=, href= of a <link>, url() and import() is local; and it carries
    the template's loading texts (checked here in Russian, every page has all languages)."""
    loads = re.findall(r"<(?:script|img|iframe)\b[^>]*\bsrc=[\"']([^\"']+)", html)
    loads += re.findall(r"<link\b[^>]*\bhref=[\"']([^\"']+)", html)
    loads += re.findall(r"url\(\s*[\"']?([^\"')]+)", html)
    loads += re.findall(r"import\(\s*[\"']([^\"']+)", html)
    outside = [u for u in loads if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and external(u) or u.startswith("//")]
    assert outside == [], (where, outside)
    assert "cdn.jsdelivr.net" not in html and "cdnjs" not in html, where


def assert_loading_texts_served(html: str, where: str) -> None:
    ru = page_template.page_texts()["messages"]["ru"]
    assert json.dumps(ru["starting"]) in html and json.dumps(ru["step"]) in html, where


def test_the_html_check_finds_outside_links():
    """The served-HTML check refuses what it is there to refuse."""
    for html in ['<script src="https://cdn.jsdelivr.net/x.js"></script>',
                 '<link rel="stylesheet" href="//example.org/a.css">',
                 '<style>@font-face { src: url("https://example.org/f.woff2") }</style>',
                 '<script type="module">import("http://example.org/m.js")</script>',
                 '<img src="http://127.0.0.1.example.org/i.png">']:
        with pytest.raises(AssertionError):
            assert_served_html_local(html, "test")
    assert_served_html_local('<script src="/voila/static/voila.js"></script>'
                             '<link href="http://127.0.0.1:1/a.css"><img src="data:,x">', "test")


@pytest.mark.parametrize("notebook, lang", [(n, LANGUAGE_OF.get(n, "en")) for n in NOTEBOOKS])
def test_page_fetches_nothing_from_outside(site, watched, notebook, lang):
    page = watched()
    params = ([f"lang={lang}"] if lang != "en" else []) + (
        [QUERY_OF[notebook]] if notebook in QUERY_OF else [])
    query = "?" + "&".join(params) if params else ""
    response = page.goto(f"{site}voila/render/{notebook}.ipynb{query}", timeout=150_000)
    wait_for_app(page)
    html = response.text()
    assert_served_html_local(html, notebook + query)
    assert_loading_texts_served(html, notebook + query)
    assert page.evaluate("document.documentElement.lang") == lang
    assert_clean(page)
    # Button icons (ipywidgets' icon=, Font Awesome): drawn from a font the server sent.
    icons = page.evaluate("""() => [...document.querySelectorAll('i.fa')].map(
        i => getComputedStyle(i, '::before').content)""")
    if icons:
        assert all(c not in ("", "none", "normal") for c in icons), icons
        fonts = page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].filter(
            f => f.family.replace(/"/g, '') === 'Font Awesome 5 Free' && f.weight === '900')
            .map(f => f.status); }""")
        assert "loaded" in fonts, fonts
        assert any(re.search(r"\.woff2?(\?|$)", u) for u in page.sr_requests), \
            "no web font came from the server"
    if lang != "en":
        assert_loading_text_in(page, lang, notebook)
    assert_offline(page)  # last: web fonts load once text needs them


def assert_loading_text_in(page, lang: str, notebook: str) -> None:
    """The tab title and what the spinner said while the app started are in ``lang``."""
    t = translator(lang)
    title = page_template.page_texts()["titles"][Path(notebook).name][lang]
    assert page.title() == title
    shown = page.evaluate("window.__srLoading")
    starting = t("page.loading.starting", title=title)
    assert starting in shown, shown
    step = re.escape(t("page.loading.step", cell="@", count="@")).replace("@", r"\d+")
    assert any(re.fullmatch(step, s) for s in shown), shown
    # Once the template's script ran, nothing in English (Voilà's own texts) was shown.
    after = shown[shown.index(starting):]
    assert not any(re.match(r"Running|Executing|Starting", s) for s in after), shown


def test_folder_listing_and_missing_page_fetch_nothing_from_outside(site, watched):
    page = watched()
    response = page.goto(f"{site}?lang=zh")
    assert_served_html_local(response.text(), "folder listing")
    expect(page.get_by_text("roi_dashboard.ipynb")).to_be_visible(timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert_offline(page)
    assert page.evaluate("document.documentElement.lang") == "zh"

    page = watched()
    page.goto(f"{site}voila/render/no_such_app.ipynb?lang=ru")
    expect(page.locator(".voila-error")).to_contain_text(translator("ru")("page.not_found"))
    assert_offline(page)
    assert page.evaluate("document.documentElement.lang") == "ru"


@pytest.mark.parametrize("query, lang", [("lang=zh", "zh"), ("lang=de", "en"), ("lang=RU", "en"),
                                         ("lang=&lang=ru", "ru"), ("x=1", "en"), ("", "en"),
                                         ("template=lab&lang=ru", "ru")])
def test_html_lang_follows_the_url(site, watched, query, lang):
    """The same script sets <html lang> on every page; a missing page shows it at no cost.
    Its HTML as served links nothing outside, even when the URL asks for Voilà's lab
    template."""
    page = watched()
    response = page.goto(f"{site}voila/render/missing.ipynb?{query}")
    assert_served_html_local(response.text(), f"missing page ?{query}")
    expect(page.locator(".voila-error")).to_contain_text(translator(lang)("page.not_found"))
    assert page.evaluate("document.documentElement.lang") == lang


def test_every_template_file_is_packaged():
    """pyproject's package-data takes every file of the template (a wheel install has it)."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["supportroi"]
    package = ROOT / "supportroi"
    template = page_template.DATA_DIR / "nbconvert" / "templates" / page_template.TEMPLATE
    files = [p.relative_to(package).as_posix() for p in Path(template).rglob("*") if p.is_file()]
    assert {"index.html.j2", "page.html", "conf.json"} <= {Path(f).name for f in files}
    assert [f for f in files if not any(fnmatch(f, g) for g in globs)] == []
    # Voilà takes the first voila/ folder on the Jupyter path as its own data folder.
    assert not (page_template.DATA_DIR / "voila").exists()
