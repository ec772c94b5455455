"""The "PDF" download of the staffing and baseline apps: the client and author boxes
(:class:`~supportroi.apps.report_fields.ReportFields`), a button that builds the PDF
when pressed (never on an update of the page), and the link to it. Its texts are
``pdf_apps.button.*`` in the page language."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import ipywidgets as w

from ..i18n import DEFAULT_LANGUAGE, translator
from .base import download_link
from .report_fields import ReportFields

__all__ = ["PdfDownload"]

log = logging.getLogger(__name__)


class PdfDownload:
    """``make(client, author, lang)`` returns the PDF's bytes; ``filename`` names the
    download. ``fields``, ``button``, ``link`` and ``notice``; ``box`` lays them out.
    :meth:`clear` drops a link made for what the page no longer shows."""

    def __init__(self, make: Callable[[str, str, str], bytes], filename: str,
                 lang: str = DEFAULT_LANGUAGE, css: str = "sr-pdf"):
        self.make = make
        self.filename = filename
        self.lang = lang
        self.fields = ReportFields(on_change=self.clear, lang=lang)
        self.button = w.Button(icon="file-pdf-o", layout=w.Layout(width="auto"))
        self.button.add_class(f"{css}-prepare")
        self.button.on_click(self._on_click)
        self.link = w.HTML()
        self.link.add_class(f"{css}-link")
        self.notice = w.HTML()
        self.notice.add_class(f"{css}-notice")
        self.box = w.VBox([self.fields.widget,
                           w.HBox([self.button, self.link],
                                  layout=w.Layout(flex_flow="row wrap", align_items="center")),
                           self.notice], layout=w.Layout(width="100%"))
        self.box.add_class(css)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Labels in ``lang`` (what was typed stays; a prepared PDF goes, being in the old
        language)."""
        self.lang = lang
        t = translator(lang)
        self.fields.set_language(lang)
        self.button.description = t("pdf_apps.button.prepare")
        self.button.tooltip = t("pdf_apps.button.tooltip")
        self.clear()

    def clear(self) -> None:
        self.link.value = ""
        self.notice.value = ""

    def _say(self, title: str, items=()) -> None:
        lis = "".join(f"<li>{html.escape(str(x))}</li>" for x in items)
        self.notice.value = (f"<div class='sr-warning' role='alert'>{html.escape(title)}"
                             + (f"<ul>{lis}</ul>" if lis else "") + "</div>")

    def _on_click(self, _button) -> None:
        t = translator(self.lang)
        self.clear()
        client, author, problems = self.fields.values()
        if problems:
            self._say(t("pdf_apps.button.not_prepared"), problems)
            return
        try:
            pdf = self.make(client, author, self.lang)
        except Exception:  # the page says so in plain words, never a traceback
            log.exception("the PDF %s could not be built", self.filename)
            self._say(t("pdf_apps.button.failed"))
            return
        self.link.value = download_link(pdf, self.filename, "application/pdf",
                                        t("pdf_apps.button.download"))
