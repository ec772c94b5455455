"""The published notebooks, in the order people should meet them.

:data:`PAGES` is the one list of apps and lessons: the landing page
(``notebooks/index.ipynb``) is drawn from it, and a test checks that it
names every notebook in ``notebooks/`` and only notebooks that exist.

When Voilà serves the ``notebooks`` folder, each notebook is at
``voila/render/<path>.ipynb`` and so is the landing page; its links are
therefore relative to it (``roi_dashboard.ipynb``,
``lessons/01_roi_bcr_payback.ipynb``).

Every page exists in every language: an app reads ``?lang=`` and shows itself in
that language; a lesson has one notebook per language, the English one in
``notebooks/lessons/`` and the others in ``notebooks/lessons/<lang>/`` under the
same file name. The landing page in Russian or Chinese links each app with
``?lang=`` and each lesson in that language's folder (with ``?lang=`` too, so
that the page around it, the loading text and ``<html lang>``, is in that language).

>>> html = index_html()
>>> 'href="roi_dashboard.ipynb"' in html
True
>>> html.index("roi_dashboard") < html.index("compare_scenarios")
True
>>> PAGES[5].href_in("ru")
'lessons/ru/01_roi_bcr_payback.ipynb?lang=ru'
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote

from ..i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, language_problem, translator

__all__ = ["NOTEBOOK_DIR", "PAGES", "Page", "index_html", "landing_page", "page_language"]

#: Where the notebooks live in a source checkout.
NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class Page:
    """One published notebook; its title and purpose are the messages
    ``pages.<key>.title`` and ``pages.<key>.purpose`` (see :mod:`supportroi.i18n`)."""

    path: str  #: under ``notebooks/``, without ``.ipynb`` (for a lesson, the English one)
    key: str  #: message key
    kind: str  #: "app" or "lesson"
    #: The page exists in every language: an app reads ``?lang=``, a lesson has a notebook
    #: in each language's folder (:meth:`path_in`). The landing page in another language
    #: links it in that language; an untranslated page is linked in English.
    translated: bool = False

    def title(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return translator(lang)(f"pages.{self.key}.title")

    def purpose(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """One line: what it is for."""
        return translator(lang)(f"pages.{self.key}.purpose")

    @property
    def href(self) -> str:
        """Link relative to the landing page (both under ``voila/render/``)."""
        return quote(f"{self.path}.ipynb")

    def path_in(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The notebook showing this page in ``lang``, under ``notebooks/`` without
        ``.ipynb``: a lesson's translation is in the folder ``<lang>/`` beside the English
        one (``lessons/ru/01_roi_bcr_payback``); an app is one notebook for every language.

        >>> PAGES[5].path_in("zh"), PAGES[0].path_in("zh")
        ('lessons/zh/01_roi_bcr_payback', 'roi_dashboard')
        """
        problem = language_problem(lang)
        if problem:
            raise ValueError(problem)
        if self.kind != "lesson" or not self.translated or lang == DEFAULT_LANGUAGE:
            return self.path
        folder, _, name = self.path.rpartition("/")
        return "/".join(part for part in (folder, lang, name) if part)

    def href_in(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Link to this page in ``lang``, relative to the landing page: the notebook of
        :meth:`path_in` with ``?lang=`` when it is not English (English for a page not
        translated yet)."""
        if not self.translated or lang == DEFAULT_LANGUAGE:
            return self.href
        return quote(f"{self.path_in(lang)}.ipynb") + f"?lang={lang}"


#: Apps first (the dashboard, then the deeper tools), then the lessons in order.
PAGES: tuple[Page, ...] = (
    Page("roi_dashboard", "roi_dashboard", "app", translated=True),
    Page("compare_scenarios", "compare_scenarios", "app", translated=True),
    Page("risk_and_sensitivity", "risk_and_sensitivity", "app", translated=True),
    Page("staffing_service_level", "staffing_service_level", "app", translated=True),
    Page("baseline_from_tickets", "baseline_from_tickets", "app", translated=True),
    Page("lessons/01_roi_bcr_payback", "lesson_01", "lesson", translated=True),
    Page("lessons/02_time_value_of_money", "lesson_02", "lesson", translated=True),
    Page("lessons/03_retention_and_clv", "lesson_03", "lesson", translated=True),
    Page("lessons/04_staffing_and_waiting", "lesson_04", "lesson", translated=True),
    Page("lessons/05_risk_attribution_intangibles", "lesson_05", "lesson", translated=True),
    Page("lessons/06_risk_app", "lesson_06", "lesson", translated=True),
)

_SECTIONS = (("app", "pages.apps"), ("lesson", "pages.lessons"))

_STYLE = """<style>
.sr-index { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
            max-width: 760px; }
.sr-index h3 { margin: 0.9em 0 0.1em 0; }
.sr-index ol { padding-left: 1.4em; margin: 0.3em 0; }
.sr-index li { margin: 0.45em 0; }
.sr-index a { font-weight: 600; font-size: 1.05em; }
.sr-index .sr-purpose { display: block; color: #3d4752; }
.sr-index .sr-muted { color: #56606b; font-size: 0.9em; }
.sr-index .sr-languages { margin: 0.2em 0 0.6em 0; }
.sr-index .sr-languages a { font-weight: 400; font-size: 1em; }
</style>"""


def index_html(pages: tuple[Page, ...] = PAGES, root: Path | None = NOTEBOOK_DIR,
               lang: str = DEFAULT_LANGUAGE) -> str:
    """The landing page's introduction, language links and list of apps and lessons,
    as HTML in ``lang``.

    With ``root`` (the notebooks folder, if present), a page whose notebook
    is missing is listed without a link, as "not available yet".
    """
    t = translator(lang)
    esc = _html.escape
    check = root is not None and Path(root).is_dir()
    parts = [_STYLE, f'<div class="sr-index" lang="{lang}">', _language_links(lang),
             f"<p class='sr-intro'>{esc(t('pages.intro'))}</p>"]
    for kind, key in _SECTIONS:
        members = [p for p in pages if p.kind == kind]
        if not members:
            continue
        parts.append(f"<h3>{esc(t(key + '.heading'))}</h3>"
                     f"<div class='sr-muted'>{esc(t(key + '.intro'))}</div><ol>")
        for p in members:
            title = esc(p.title(lang))
            path = p.path_in(lang)
            if check and not (Path(root) / f"{path}.ipynb").is_file():
                link = f"<span class='sr-missing'>{title}</span> <span class='sr-muted'>" \
                       f"({esc(t('pages.not_available'))})</span>"
            else:
                # target="_self": JupyterLab's renderer would open "non-local" links in a
                # new tab, and Voilà's pages count as non-local to it.
                link = (f'<a class="sr-page-link" data-path="{esc(path)}" '
                        f'href="{esc(p.href_in(lang))}" target="_self">{title}</a>')
            parts.append(f"<li>{link}<span class='sr-purpose'>{esc(p.purpose(lang))}"
                         "</span></li>")
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def _language_links(lang: str) -> str:
    """English · Русский · 中文, each a link to this page in that language."""
    links = []
    for code, name in LANGUAGE_NAMES.items():
        if code == lang:
            links.append(f"<b>{_html.escape(name)}</b>")
        else:
            links.append(f'<a class="sr-lang-link" hreflang="{code}" lang="{code}" '
                         f'href="?lang={code}" target="_self">{_html.escape(name)}</a>')
    label = _html.escape(translator(lang)("language.label"))
    return f"<nav class='sr-languages' aria-label='{label}'>{' · '.join(links)}</nav>"


def page_language(query: str) -> str:
    """The ``lang`` of a page's query string, if it is one of ours; English otherwise.

    >>> page_language("lang=ru&x=1"), page_language("lang=de"), page_language("")
    ('ru', 'en', 'en')
    """
    for key, value in parse_qsl(query.lstrip("?")):
        if key == "lang":
            return value if language_problem(value) is None else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def landing_page(pages: tuple[Page, ...] = PAGES, lang: str | None = None):
    """:func:`index_html` as a displayable object (the landing notebook's one cell), in
    ``lang`` or, by default, the language of the page's ``?lang=`` parameter."""
    from IPython.display import HTML

    from .base import read_query_string

    return HTML(index_html(pages, lang=lang or page_language(read_query_string())))
