"""The "Client" and "Author" boxes of a report's title page, shared by the apps
that write a workshop PDF (:func:`supportroi.reports.pdf.pdf_report`)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..i18n import DEFAULT_LANGUAGE, translator

__all__ = ["MAX_FIELD", "ReportFields"]

#: Longest client or author name accepted. [characters]
MAX_FIELD = 200


class ReportFields:
    """The "Client" and "Author" text boxes of a report's title page
    (``client``, ``author``; ``widget`` lays them out). :meth:`values` returns
    them checked, or the problems. Labels and problems are in ``lang``
    (:meth:`set_language`; what was typed stays)."""

    def __init__(self, on_change: Callable[[], None] | None = None,
                 lang: str = DEFAULT_LANGUAGE):
        self.client = w.Text(layout=w.Layout(width="300px"),
                             style={"description_width": "initial"})
        self.client.add_class("sr-report-client")
        self.author = w.Text(layout=w.Layout(width="260px"),
                             style={"description_width": "initial"})
        self.author.add_class("sr-report-author")
        if on_change is not None:
            for box in (self.client, self.author):
                box.observe(lambda _c: on_change(), names="value")
        self.widget = w.HBox([self.client, self.author],
                             layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Labels and placeholders in ``lang``."""
        self.lang = lang
        t = translator(lang)
        self.client.description = t("compare.report.client")
        self.client.placeholder = t("compare.report.client_placeholder")
        self.author.description = t("compare.report.author")
        self.author.placeholder = t("compare.report.author_placeholder")

    def values(self) -> tuple[str, str, list[str]]:
        """(client, author, problems): text trimmed; a problem names the box and the limit."""
        t = translator(self.lang)
        out, problems = [], []
        for box in (self.client, self.author):
            text = " ".join(str(box.value or "").split())
            if len(text) > MAX_FIELD:
                problems.append(t("compare.report.too_long", label=box.description,
                                  max=t.number(MAX_FIELD), n=t.number(len(text))))
                text = ""
            out.append(text)
        return out[0], out[1], problems
