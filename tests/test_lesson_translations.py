"""The lessons in Russian and Chinese, and the bar of links at the top of every lesson.

Each English lesson in ``notebooks/lessons/`` has a twin of the same name in ``ru/`` and
``zh/``: the same cells, prose in that language, the same code apart from ``lang=``. nbval
runs them with the rest of ``notebooks/`` (pyproject's ``testpaths``).
"""

import json
import posixpath
import re
import tomllib
from pathlib import Path

import ipywidgets as w
import mistune
import pytest

from supportroi.apps.lessons import navigation
from supportroi.apps.lessons.navigation import (
    LESSON_APPS,
    lesson_links,
    lesson_navigation,
    navigation_html,
)
from supportroi.apps.pages import PAGES
from supportroi.i18n import LANGUAGE_NAMES, LANGUAGES, translator

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSON_DIR = NOTEBOOKS / "lessons"
ENGLISH = sorted(LESSON_DIR.glob("*.ipynb"))
KEYS = [p.name[:2] for p in ENGLISH]
TRANSLATIONS = [lang for lang in LANGUAGES if lang != "en"]
TWINS = [(path, lang) for path in ENGLISH for lang in TRANSLATIONS]
TWIN_IDS = [f"{lang}-{path.stem}" for path, lang in TWINS]

#: Letters of each language's script, and the Latin letters a translation may keep
#: (acronyms, names, citations).
SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh": re.compile("[\u4e00-\u9fff]")}
LATIN = re.compile("[A-Za-z]")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
LANG_ARGUMENT = re.compile(r',?\s*lang="(\w+)"')


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown_cells(nb: dict) -> list[str]:
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def prose(text: str) -> str:
    """A markdown cell without its formulas."""
    return MATH.sub(" ", text)


def test_six_lessons_in_every_language():
    assert KEYS == ["01", "02", "03", "04", "05", "06"]
    for lang in TRANSLATIONS:
        assert sorted(p.name for p in (LESSON_DIR / lang).glob("*.ipynb")) == [
            p.name for p in ENGLISH]
    assert [p.path_in("en") for p in PAGES if p.kind == "lesson"] == [
        f"lessons/{p.stem}" for p in ENGLISH]


@pytest.mark.parametrize("path, lang", TWINS, ids=TWIN_IDS)
def test_a_twin_has_the_same_cells(path, lang):
    english, twin = load(path), load(LESSON_DIR / lang / path.name)
    assert [c["cell_type"] for c in twin["cells"]] == [c["cell_type"] for c in english["cells"]]
    assert [c["id"] for c in twin["cells"]] == [c["id"] for c in english["cells"]]
    for key in ("kernelspec", "language_info"):
        assert twin["metadata"][key] == english["metadata"][key]
    assert (twin["nbformat"], twin["nbformat_minor"]) == (english["nbformat"],
                                                          english["nbformat_minor"])
    assert SCRIPT[lang].search(twin["metadata"]["title"])
    for cell in twin["cells"]:
        assert "outputs" not in cell or (cell["outputs"] == [] and cell["execution_count"] is None)


@pytest.mark.parametrize("path, lang", TWINS, ids=TWIN_IDS)
def test_a_twin_runs_the_same_code_in_its_language(path, lang):
    english = [source(c) for c in load(path)["cells"] if c["cell_type"] == "code"]
    twin = [source(c) for c in load(LESSON_DIR / lang / path.name)["cells"]
            if c["cell_type"] == "code"]
    assert len(twin) == len(english)
    for mine, theirs in zip(twin, english, strict=True):
        assert LANG_ARGUMENT.sub("", mine) == theirs
        assert "lang=" not in theirs
        for line in mine.splitlines():
            if line.startswith("from "):
                assert "lang" not in line
            else:  # every call is given the language, once
                assert LANG_ARGUMENT.findall(line) == [lang], line
    assert twin[0] == ("from supportroi.apps.lessons.navigation import lesson_navigation\n"
                       f'lesson_navigation("{path.name[:2]}", lang="{lang}")')


@pytest.mark.parametrize("path, lang", TWINS, ids=TWIN_IDS)
def test_a_twin_s_prose_is_in_its_language(path, lang):
    english = markdown_cells(load(path))
    twin = markdown_cells(load(LESSON_DIR / lang / path.name))
    for mine, theirs in zip(twin, english, strict=True):
        text = prose(mine)
        native, latin = len(SCRIPT[lang].findall(text)), len(LATIN.findall(text))
        # Acronyms (ROI, NPV, AHT), names and citations (Phillips, Gupta & Lehmann, TARP)
        # stay in Latin letters; the rest is the language's own script.
        assert native >= 2 * latin, (native, latin, mine[:80])
        assert not SCRIPT[lang].search(prose(theirs))
        # the same formulas, headings, list items and emphasis as the English cell
        assert MATH.findall(mine) == MATH.findall(theirs)
        assert re.findall(r"^#+ ", mine, re.MULTILINE) == re.findall(r"^#+ ", theirs, re.MULTILINE)
        assert re.findall(r"^(?:\d+\.|\*) ", mine, re.MULTILINE) == re.findall(
            r"^(?:\d+\.|\*) ", theirs, re.MULTILINE)
    n = int(path.name[:2])
    assert twin[0].startswith({"ru": f"# Урок {n} · ", "zh": f"# 第{n}课 · "}[lang])


@pytest.mark.parametrize("path, lang", TWINS, ids=TWIN_IDS)
def test_bold_and_italic_render(path, lang):
    # CommonMark does not close "**…。**" before a Chinese character: every marker must
    # turn into <strong>/<em>, none left over as text.
    render = mistune.create_markdown()
    for text in markdown_cells(load(LESSON_DIR / lang / path.name)):
        html = render(MATH.sub("x", text))
        assert "*" not in html, html
        assert html.count("<strong>") == text.count("**") // 2


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem)
def test_numbers_are_written_the_local_way(path):
    ru = " ".join(prose(t) for t in markdown_cells(load(LESSON_DIR / "ru" / path.name)))
    zh = " ".join(prose(t) for t in markdown_cells(load(LESSON_DIR / "zh" / path.name)))
    english = " ".join(prose(t) for t in markdown_cells(load(path)))
    # Russian: 750 000 and 1,76 and 76 % (no-break spaces); never 750,000 or 1.76
    assert not re.search(r"\d,\d{3}\b|\d\.\d|\d %|\d{4,}", ru), re.findall(
        r".{20}(?:\d,\d{3}\b|\d\.\d|\d %|\d{4,}).{5}", ru)
    # Chinese: 750,000 and 1.76 and 76%
    assert not re.search(r"\d[ \u00a0]%|\d\u00a0\d|\d,\d{1,2}\b", zh)
    # every figure of the English lesson, read back in the language's format
    en, ru_, zh_ = translator("en"), translator("ru"), translator("zh")

    def figures(text: str, t) -> set[float]:
        found = re.findall(r"\d+(?:[.,\u00a0]\d+)*", text)
        return {t.parse_number(x) for x in found}
    assert figures(english, en) <= figures(ru, ru_), figures(english, en) - figures(ru, ru_)
    assert figures(english, en) <= figures(zh, zh_), figures(english, en) - figures(zh, zh_)


def test_sources_stay_as_written():
    for name, names in [("01_roi_bcr_payback", ["Phillips"]),
                        ("02_time_value_of_money", ["Forrester", "Total Economic Impact"]),
                        ("03_retention_and_clv", ["Gupta & Lehmann", "Reichheld & Sasser",
                                                  "Bain", "TARP", "Marriott"]),
                        ("04_staffing_and_waiting", ["Erlang C"]),
                        ("05_risk_attribution_intangibles", ["Phillips ROI Methodology",
                                                             "Forrester TEI"])]:
        for lang in ("ru", "zh"):
            text = " ".join(markdown_cells(load(LESSON_DIR / lang / f"{name}.ipynb")))
            assert all(n in text for n in names), (lang, name)


# --------------------------------------------------------------------------- navigation

def notebook_of(key: str, lang: str) -> Path:
    return NOTEBOOKS / f"{next(p for p in PAGES if p.key == f'lesson_{key}').path_in(lang)}.ipynb"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_every_link_opens_a_notebook_that_exists(key, lang):
    here = notebook_of(key, lang)
    assert here.is_file()
    links = lesson_links(key, lang)
    for link in links:
        path, _, query = link.href.partition("?")
        opened = (here.parent / path).resolve()
        assert opened.is_file(), link
        assert opened == (NOTEBOOKS / link.target).resolve(), link
        assert query == ("" if link.lang == "en" else f"lang={link.lang}"), link
    roles = [link.role for link in links]
    at = KEYS.index(key)
    expected = (["previous"] if at > 0 else []) + (["next"] if at < len(KEYS) - 1 else [])
    assert roles == expected + ["all", "app", "language", "language"]
    by_role = {link.role: link for link in links}
    if "previous" in by_role:
        assert by_role["previous"].target == notebook_of(KEYS[at - 1], lang).relative_to(
            NOTEBOOKS).as_posix()
    if "next" in by_role:
        assert by_role["next"].target == notebook_of(KEYS[at + 1], lang).relative_to(
            NOTEBOOKS).as_posix()
    assert by_role["all"].target == "index.ipynb"
    assert by_role["app"].target == f"{LESSON_APPS[key]}.ipynb"
    others = [link for link in links if link.role == "language"]
    assert [link.lang for link in others] == [code for code in LANGUAGES if code != lang]
    assert [link.target for link in others] == [
        notebook_of(key, code).relative_to(NOTEBOOKS).as_posix() for code in LANGUAGES
        if code != lang]
    assert {link.lang for link in links if link.role != "language"} == {lang}


def test_relative_links_under_voila():
    # Voilà serves notebooks/ at voila/render/: lessons/ru/02_x.ipynb sees the landing page
    # two folders up.
    base = "voila/render/lessons/ru/02_time_value_of_money.ipynb"
    links = {link.role: link.href for link in lesson_links("02", "ru")}
    assert posixpath.normpath(posixpath.join(posixpath.dirname(base), links["all"])) == \
        "voila/render/index.ipynb?lang=ru"
    assert links["app"] == "../../roi_dashboard.ipynb?lang=ru"
    assert {link.role: link.href for link in lesson_links("04")}["app"] == \
        "../staffing_service_level.ipynb"


def test_one_app_for_each_lesson():
    assert set(LESSON_APPS) == set(KEYS)
    apps = {p.key for p in PAGES if p.kind == "app"}
    assert set(LESSON_APPS.values()) <= apps
    assert LESSON_APPS == {"01": "roi_dashboard", "02": "roi_dashboard", "03": "roi_dashboard",
                           "04": "staffing_service_level", "05": "risk_and_sensitivity",
                           "06": "risk_and_sensitivity"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_bar_speaks_the_lesson_s_language(lang):
    t = translator(lang)
    bar = lesson_navigation("03", lang=lang)
    assert isinstance(bar, w.HTML) and "sr-lesson-navigation" in bar._dom_classes
    html = bar.value
    assert html == navigation_html("03", lang)
    assert f'<nav class="sr-lesson-nav" lang="{lang}"' in html
    lesson_2 = next(p for p in PAGES if p.key == "lesson_02")
    assert t("lessons_nav.previous", number=2, title=lesson_2.title(lang)) in html
    assert t("lessons_nav.all") in html
    assert t("lessons_nav.app", title=PAGES[0].title(lang)) in html
    # the current language is named, the others are links
    assert f'<b lang="{lang}">{LANGUAGE_NAMES[lang]}</b>' in html
    assert html.count('class="sr-nav-language"') == 2
    assert 'target="_self"' in html and "http" not in html


def test_the_bar_escapes_its_text(monkeypatch):
    t = translator("en")
    monkeypatch.setitem(t._messages, "lessons_nav.all", "<script>x</script> & all")
    html = navigation_html("01")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; all" in html


@pytest.mark.parametrize("key, lang, message", [
    ("07", "en", "no lesson '07'; the lessons are 01, 02, 03, 04, 05, 06"),
    ("1", "ru", "no lesson '1'"),
    ("01", "de", "language must be one of en, ru, zh"),
])
def test_a_wrong_lesson_or_language_is_refused(key, lang, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        lesson_navigation(key, lang=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_the_bar_is_the_first_cell_of_every_lesson(key, lang):
    first = load(notebook_of(key, lang))["cells"][0]
    call = f'lesson_navigation("{key}")' if lang == "en" else \
        f'lesson_navigation("{key}", lang="{lang}")'
    assert first["cell_type"] == "code"
    assert source(first) == f"from {navigation.__name__} import lesson_navigation\n{call}"


def test_nbval_runs_every_lesson():
    # pytest collects notebooks/ recursively with --nbval-lax: the ru/ and zh/ lessons too.
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"]
    assert "notebooks" in options["testpaths"] and "--nbval-lax" in options["addopts"]
    assert not any("lessons" in d or d in ("ru", "zh") for d in options.get("norecursedirs", []))
