"""A bar of links at the top of every lesson: the previous and next lesson, all lessons
(the landing page), the app to try the ideas in, and this lesson in the other languages.

Each lesson notebook calls it in its first cell::

    from supportroi.apps.lessons.navigation import lesson_navigation
    lesson_navigation("02", lang="ru")

The lessons and their order come from :data:`supportroi.apps.pages.PAGES` (a lesson's
translation is the notebook of the same name in ``notebooks/lessons/<lang>/``); the app of
each lesson from :data:`LESSON_APPS`. Links are relative to the lesson's own notebook, as
Voilà serves the ``notebooks`` folder (``make apps``): ``voila/render/lessons/ru/<name>``
reaches the landing page at ``../../index.ipynb``. Every page but an English one is linked
with ``?lang=``, so that the apps, and the loading text and ``<html lang>`` of every page,
are in the lesson's language.

>>> [(link.role, link.href) for link in lesson_links("02", "ru")][:4]  # doctest: +NORMALIZE_WHITESPACE
[('previous', '01_roi_bcr_payback.ipynb?lang=ru'),
 ('next', '03_retention_and_clv.ipynb?lang=ru'),
 ('all', '../../index.ipynb?lang=ru'),
 ('app', '../../roi_dashboard.ipynb?lang=ru')]
>>> [link.href for link in lesson_links("05", "en") if link.role == "language"]
['ru/05_risk_attribution_intangibles.ipynb?lang=ru', 'zh/05_risk_attribution_intangibles.ipynb?lang=zh']
"""

from __future__ import annotations

import html as _html
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import ipywidgets as w

from ...i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, language_problem, translator
from ..pages import PAGES, Page

__all__ = ["LESSON_APPS", "NavLink", "lesson_links", "lesson_navigation", "navigation_html"]

#: The app that puts each lesson's ideas to work, by lesson key (the page keys of
#: :data:`~supportroi.apps.pages.PAGES`).
LESSON_APPS: dict[str, str] = {
    "01": "roi_dashboard",           # ROI, BCR, payback
    "02": "roi_dashboard",           # NPV, IRR, discounting
    "03": "roi_dashboard",           # retention and CLV are the dashboard's customer inputs
    "04": "staffing_service_level",  # Erlang C staffing
    "05": "risk_and_sensitivity",    # risk, confidence
    "06": "risk_and_sensitivity",    # what the risk app does
}

#: The lessons in teaching order, by key ("01" for the page ``lesson_01``).
_LESSONS: dict[str, Page] = {p.key.removeprefix("lesson_"): p for p in PAGES
                             if p.kind == "lesson"}
_APPS: dict[str, Page] = {p.key: p for p in PAGES if p.kind == "app"}
#: The landing page's notebook, under ``notebooks/``.
_LANDING = "index"

_STYLE = """<style>
.sr-lesson-nav { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.35em 1.4em;
                 padding: 0.5em 0.8em; margin: 0 0 0.6em 0; border-radius: 6px;
                 background: #f2f5f8; border: 1px solid #d7dee5; font-size: 0.95em; }
.sr-lesson-nav a { font-weight: 600; text-decoration: none; }
.sr-lesson-nav a:hover { text-decoration: underline; }
.sr-lesson-nav .sr-nav-languages { margin-left: auto; }
.sr-lesson-nav .sr-nav-languages a { font-weight: 400; }
</style>"""


@dataclass(frozen=True)
class NavLink:
    """One link of the bar."""

    role: str  #: "previous", "next", "all", "app" or "language"
    href: str  #: relative to the lesson's notebook, as written in the page
    text: str  #: what the link says, in the lesson's language
    target: str  #: the notebook it opens, under ``notebooks/`` with ``.ipynb``
    lang: str  #: the language of the page it opens


def _check(key: str, lang: str) -> None:
    problem = language_problem(lang)
    if problem:
        raise ValueError(f"lesson_navigation: {problem}, got {lang!r}")
    if key not in _LESSONS:
        raise ValueError(f"lesson_navigation: no lesson {key!r}; the lessons are "
                         + ", ".join(_LESSONS))


def _href(target: str, here: str, lang: str, keep: Sequence[tuple[str, str]] = ()) -> str:
    """``target`` (a notebook under ``notebooks/``) relative to the folder ``here``, with
    ``?lang=`` (not for English) and the parameters ``keep``."""
    relative = posixpath.relpath(target, start=here or ".")
    query = ([] if lang == DEFAULT_LANGUAGE else [("lang", lang)]) + list(keep)
    return quote(relative) + (f"?{urlencode(query, quote_via=quote)}" if query else "")


def lesson_links(key: str, lang: str = DEFAULT_LANGUAGE,
                 keep: Sequence[tuple[str, str]] = ()) -> list[NavLink]:
    """The links of lesson ``key``'s bar in ``lang``: previous and next lesson (where
    there is one), all lessons, the app, then this lesson in each other language. The
    links to lessons carry the parameters ``keep`` too (the trainer's view and the
    learner's code, :func:`~supportroi.apps.lessons.room.room_parameters`).

    >>> [link.href for link in lesson_links("02", "ru", [("view", "trainer")])][:2]
    ['01_roi_bcr_payback.ipynb?lang=ru&view=trainer', '03_retention_and_clv.ipynb?lang=ru&view=trainer']
    """
    _check(key, lang)
    keep = list(keep)
    t = translator(lang)
    here = posixpath.dirname(_LESSONS[key].path_in(lang))
    keys = list(_LESSONS)
    at = keys.index(key)
    links = []

    def add(role: str, page_path: str, text: str, link_lang: str, lesson: bool = True) -> None:
        target = f"{page_path}.ipynb"
        links.append(NavLink(role, _href(target, here, link_lang, keep if lesson else ()),
                             text, target, link_lang))

    for role, other, message in (("previous", at - 1, "lessons_nav.previous"),
                                 ("next", at + 1, "lessons_nav.next")):
        if 0 <= other < len(keys):
            page = _LESSONS[keys[other]]
            text = t(message, number=int(keys[other]), title=page.title(lang))
            add(role, page.path_in(lang), text, lang)
    add("all", _LANDING, t("lessons_nav.all"), lang, lesson=False)
    app = _APPS[LESSON_APPS[key]]
    add("app", app.path, t("lessons_nav.app", title=app.title(lang)),
        lang if app.translated else DEFAULT_LANGUAGE, lesson=False)
    for other in LANGUAGE_NAMES:
        if other != lang:
            add("language", _LESSONS[key].path_in(other), LANGUAGE_NAMES[other], other)
    return links


def navigation_html(key: str, lang: str = DEFAULT_LANGUAGE,
                    keep: Sequence[tuple[str, str]] = ()) -> str:
    """The bar of :func:`lesson_links` as HTML (the current language named, not linked)."""
    esc = _html.escape
    links = lesson_links(key, lang, keep)
    t = translator(lang)

    def anchor(link: NavLink) -> str:
        # target="_self": JupyterLab's renderer would open Voilà's pages in a new tab.
        return (f'<a class="sr-nav-{link.role}" href="{esc(link.href)}" hreflang="{link.lang}" '
                f'target="_self">{esc(link.text)}</a>')

    main = [anchor(link) for link in links if link.role != "language"]
    names = {link.lang: anchor(link) for link in links if link.role == "language"}
    languages = " · ".join(names.get(code, f'<b lang="{code}">{esc(name)}</b>')
                           for code, name in LANGUAGE_NAMES.items())
    return (f'{_STYLE}<nav class="sr-lesson-nav" lang="{lang}" '
            f'aria-label="{esc(t("lessons_nav.label"))}">{"".join(main)}'
            f'<span class="sr-nav-languages" aria-label="{esc(t("language.label"))}">'
            f"{languages}</span></nav>")


def lesson_navigation(key: str, lang: str = DEFAULT_LANGUAGE, *,
                      query: str | None = None) -> w.HTML:
    """The navigation bar of lesson ``key`` ("01" … "06") in ``lang``, as a widget; its
    links to lessons keep the ``view`` and ``learner`` of ``query`` (by default the page's
    query string, read on the server)."""
    from .room import room_parameters, when_page_query

    bar = w.HTML(navigation_html(key, lang, room_parameters(query) if query is not None else ()))
    bar.add_class("sr-lesson-navigation")
    if query is None:   # the page's, once known (a preheated kernel learns it later)
        when_page_query(lambda page: setattr(
            bar, "value", navigation_html(key, lang, room_parameters(page))))
    return bar
