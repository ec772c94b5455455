"""Where the file comes from: the sample button, the upload, the time zone, and the status
line that says what is being read (:class:`SourceBar`)."""

from __future__ import annotations

import contextlib
import html
import time
import zoneinfo
from collections.abc import Callable, Iterable

import ipywidgets as w

from ...i18n import DEFAULT_LANGUAGE, translator

__all__ = ["TIMEZONES", "SourceBar"]

#: IANA time zones offered (not the host's "localtime" or tzdata's "Factory").
TIMEZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class SourceBar:
    """The source row of the baseline app. The app wires the callbacks (``sample_button``,
    ``upload``, ``timezone``) and reads files inside :meth:`working`;
    :meth:`set_language` relabels it (the status line is the app's to say again)."""

    def __init__(self, timezone: str, lang: str = DEFAULT_LANGUAGE):
        self._hold = False
        self.lang = lang
        self.sample_button = w.Button(icon="table", layout=w.Layout(width="auto"))
        self.sample_button.add_class("sr-sample")
        self.upload = w.FileUpload(accept=".csv,.txt,.tsv,.gz,.xlsx,.xlsm", multiple=False,
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-upload")
        self.timezone = w.Combobox(
            value=timezone, options=TIMEZONES, ensure_option=True,
            layout=w.Layout(width="300px", max_width="100%"),
            style={"description_width": "75px"})
        self.timezone.add_class("sr-timezone")
        self.status = w.HTML()
        self.status.add_class("sr-status")
        self.set_language(lang)
        self.status.value = self.no_file()
        self.box = w.Box([self.sample_button, self.upload, self.timezone],
                         layout=w.Layout(display="flex", flex_flow="row wrap",
                                         align_items="center", width="100%",
                                         grid_gap="6px 12px"))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        t = translator(lang)
        self.sample_button.description = t("baseline.source.sample")
        self.sample_button.tooltip = t("baseline.source.sample_tooltip",
                                       path="data/sample_tickets.csv")
        self.upload.description = t("baseline.source.upload")
        self.timezone.description = t("baseline.source.timezone")
        self.timezone.placeholder = t("baseline.source.timezone_placeholder")
        self.timezone.tooltip = t("baseline.source.timezone_tooltip")

    def no_file(self) -> str:
        """The status line before any file (HTML)."""
        return (f"<div class='sr-muted'>{html.escape(translator(self.lang)('baseline.source.no_file'))}"
                "</div>")

    def done(self, text: str) -> str:
        """The status line after a read (HTML of plain ``text``)."""
        return f"<div class='sr-done sr-muted'>{html.escape(text)}</div>"

    @property
    def holding(self) -> bool:
        """True while :meth:`show_timezone` sets the combobox (its observer ignores that)."""
        return self._hold

    def show_timezone(self, tz: str) -> None:
        """Put ``tz`` in the combobox without it counting as the user's change."""
        self._hold = True
        try:
            self.timezone.value = tz
        finally:
            self._hold = False

    @contextlib.contextmanager
    def working(self, what: str, also: Iterable[w.Widget] = (),
                done: Callable[[float], str | None] = lambda seconds: None):
        """Show "working…" and disable the inputs (and ``also``) while a file is read.

        Afterwards ``done(seconds)`` gives the status line's text (plain text, escaped
        here), or None to clear a "working…" line left behind."""
        inputs = (self.sample_button, self.upload, *also, self.timezone)
        self.status.value = (f"<div class='sr-working' role='status'><span class='sr-spinner'>"
                             f"</span>{html.escape(translator(self.lang)('baseline.source.working', what=what))}"
                             "</div>")
        for widget in inputs:
            widget.disabled = True
        start = time.perf_counter()
        try:
            yield
        finally:
            for widget in inputs:
                widget.disabled = False
            text = done(time.perf_counter() - start)
            if text is not None:
                self.status.value = self.done(text)
            elif "sr-working" in self.status.value:
                self.status.value = ""
