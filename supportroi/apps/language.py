"""The language of an app's page: ``?lang=ru``, a picker, and the share link.

Any app can use it: read the language of the URL with :func:`query_language`,
put a :class:`LanguagePicker` in the layout, and when it calls back, redraw the
page's text in the new language (keeping every value) and add the language to
the share link with :func:`with_language`. English pages have no ``lang`` in
their links, so English links stay as they were.

>>> query_language("scenario=x&lang=zh"), query_language("lang=de"), query_language("")
('zh', 'en', 'en')
>>> query_language("scenario=x", default="ru"), query_language("lang=de", default="ru")
('ru', 'en')
>>> with_language("scenario=x", "ru"), with_language("scenario=x", "en"), with_language("", "zh")
('lang=ru&scenario=x', 'scenario=x', 'lang=zh')
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

import ipywidgets as w

from ..i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, language_problem, translator
from .base import guard_choice

__all__ = ["LANG_PARAMETER", "LanguagePicker", "query_language", "with_language"]

#: The URL parameter that names the page language.
LANG_PARAMETER = "lang"


def query_language(query: str, default: str = DEFAULT_LANGUAGE) -> str:
    """The first ``lang`` of a query string if it is one of the languages, English if it
    is not (:func:`~supportroi.apps.query.parse_query` gives the notice), ``default``
    without one."""
    for key, value in parse_qsl((query or "").lstrip("?"), keep_blank_values=True):
        if key == LANG_PARAMETER:
            return value if language_problem(value) is None else DEFAULT_LANGUAGE
    return default


def with_language(query: str, lang: str) -> str:
    """``query`` with ``lang=…`` in front (nothing added for English)."""
    if lang == DEFAULT_LANGUAGE:
        return query
    head = urlencode({LANG_PARAMETER: lang})
    return f"{head}&{query}" if query else head


class LanguagePicker:
    """A drop-down of the languages, each named in itself (English, Русский, 中文).

    ``on_change(lang)`` is called when a person picks another language. Clients can
    only pick one of the listed languages (:func:`~supportroi.apps.base.guard_choice`).
    """

    def __init__(self, lang: str = DEFAULT_LANGUAGE,
                 on_change: Callable[[str], None] | None = None):
        self.on_change = on_change
        self.widget = w.Dropdown(options=[(name, code) for code, name in LANGUAGE_NAMES.items()],
                                 value=lang, layout=w.Layout(width="auto"),
                                 style={"description_width": "auto"})
        self.widget.add_class("sr-language")
        self.set_language(lang)
        self.widget.observe(self._picked, names="value")
        guard_choice(self.widget)

    @property
    def value(self) -> str:
        return self.widget.value

    def set_language(self, lang: str) -> None:
        """Show ``lang`` as chosen and label the picker in it (no callback)."""
        self._holding = True
        try:
            self.widget.value = lang
        finally:
            self._holding = False
        self.widget.description = translator(lang)("language.label")

    def _picked(self, change) -> None:
        if not self._holding and self.on_change is not None:
            self.on_change(change.new)
