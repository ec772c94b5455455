"""The baseline app: the source (sample, upload, time zone), the reading, and its four sections.

The page speaks English, Russian or Chinese (``?lang=ru``, or the language picker, which
says every text again in place, keeping the file, every override and the result); its
messages are ``baseline.*`` in ``supportroi/locales/<lang>/baseline.yaml``.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from ... import baseline as _baseline
from ...baseline import BaselineError, compute_kpis, read_export
from ...baseline.messages import Message
from ...currency import DEFAULT_CURRENCY
from ...i18n import DEFAULT_LANGUAGE, translator
from ..base import CSS, App, guarded
from ..language import LanguagePicker, query_language
from ..pdf_download import PdfDownload
from .cards import KpiPanel
from .common import EXTRA_CSS, problem_list
from .mapping import MappingPanel, changed_hint
from .reading import ReadingPanel
from .rejections import REJECTION_ROWS, RejectionsPanel
from .report import baseline_pdf
from .scenario import ScenarioPanel
from .source import TIMEZONES, SourceBar

__all__ = ["MAX_UPLOAD_BYTES", "PREVIEW_ROWS", "SAMPLE", "SAMPLE_TIMEZONE", "UPLOAD_LIMIT_MB",
           "BaselineApp"]

#: The shipped synthetic export (see ``data/README_sample_tickets.md``).
SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample_tickets.csv"
#: The sample's times are wall-clock times in this zone.
SAMPLE_TIMEZONE = "Europe/Berlin"
#: Largest upload read. [bytes]
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
#: Largest upload the browser can send: the server's websocket message limit
#: (tornado's ``websocket_max_message_size``, 10 MiB unless the Voilà config
#: raises it). A bigger file drops the connection before the kernel sees it, so
#: the page says so up front. [MB]
UPLOAD_LIMIT_MB = 100
#: Rows of the file shown in the preview.
PREVIEW_ROWS = 5


class _SectionWidgets:
    """The source bar's and the sections' widgets as attributes of the app
    (``app.upload``, ``app.cards``, ``app.yaml_link``, …): the names tests and
    notebooks use, kept in one place so the app class reads as its behaviour."""

    sample_button = property(lambda self: self.source_bar.sample_button)
    upload = property(lambda self: self.source_bar.upload)
    timezone = property(lambda self: self.source_bar.timezone)
    status = property(lambda self: self.source_bar.status)
    source = property(lambda self: self.source_bar.box)
    scenario = property(lambda self: self.scenario_panel.scenario if self.kpis else None)
    figures = property(lambda self: self.results.figures)
    file_box = property(lambda self: self.file.box)
    file_panel = property(lambda self: self.file.panel)
    preview = property(lambda self: self.file.preview)
    mapping = property(lambda self: self.file.mapping)
    default_channel = property(lambda self: self.file.default_channel)
    apply_button = property(lambda self: self.file.apply_button)
    mapping_hint = property(lambda self: self.file.hint)
    results_box = property(lambda self: self.results.box)
    counts = property(lambda self: self.results.counts)
    cards = property(lambda self: self.results.cards)
    notes = property(lambda self: self.results.notes)
    charts = property(lambda self: self.results.charts)
    rejections_box = property(lambda self: self.rejections.box)
    rejection_summary = property(lambda self: self.rejections.summary)
    rejection_table = property(lambda self: self.rejections.table)
    rejections_button = property(lambda self: self.rejections.button)
    rejections_link = property(lambda self: self.rejections.link)
    scenario_box = property(lambda self: self.scenario_panel.box)
    title = property(lambda self: self.scenario_panel.title)
    annualise = property(lambda self: self.scenario_panel.annualise)
    scenario_table = property(lambda self: self.scenario_panel.table)
    scenario_notice = property(lambda self: self.scenario_panel.notice)
    yaml_link = property(lambda self: self.scenario_panel.yaml_link)


class BaselineApp(_SectionWidgets, App):
    """The baseline app. Build it, then :meth:`show` it in a notebook.

    After a successful read, ``export`` (:class:`~supportroi.baseline.TicketExport`),
    ``kpis`` (:class:`~supportroi.baseline.BaselineKPIs`) and ``scenario``
    (:class:`~supportroi.scenarios.Scenario`, None when a measured value is out
    of the catalog's bounds) hold what the page shows; ``problems`` holds the
    reasons a file could not be used. The sections are :class:`MappingPanel`
    (``file``), :class:`KpiPanel` (``results``), :class:`RejectionsPanel`
    (``rejections``) and :class:`ScenarioPanel` (``scenario_panel``); their
    widgets are also attributes of the app (``app.cards``, ``app.yaml_link``, …).
    ``lang`` is the page language (en, ru, zh); :meth:`set_language` changes it.
    """

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self._notice = None   # () → the notice's HTML in the page language, or None
        self._status = None   # seconds the last read took, shown in the status line
        self.export = None
        self.kpis = None
        self.problems: list[str] = []
        self._data: bytes | None = None
        self._name = ""
        self._columns: list[str] = []
        self._head = None
        self._timezone = "UTC"

        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.language = LanguagePicker(lang, on_change=self.set_language)
        self.page_title = w.HTML()
        self.page_title.add_class("sr-page-title")
        self.header = w.HTML()
        self.source_bar = SourceBar(self._timezone, lang)
        self.sample_button.on_click(self._on_sample)
        self.upload.observe(self._on_upload, names="value")
        self.timezone.observe(self._on_timezone, names="value")
        self.notice = w.HTML()
        self.notice.add_class("sr-notice")
        self.file = MappingPanel(lang)
        self.reading = ReadingPanel(lang)
        self.file.extra.children = (self.reading.box,)
        for control in (self.reading.encoding, self.reading.delimiter, self.reading.sheet,
                        self.reading.header_row, self.reading.dayfirst, self.reading.date_format,
                        self.reading.decimal, self.reading.bad_values,
                        *self.reading.units.values()):
            control.observe(self._on_reading_edit, names="value")
        self.reading.on_change = self._on_reading_edit
        self._file_opts: dict = {}
        self._layout = None
        self.warnings = w.HTML()
        self.warnings.add_class("sr-warnings")
        self.results = KpiPanel(lang)
        self.rejections = RejectionsPanel(self.error, lang)
        self.scenario_panel = ScenarioPanel(self.error, lang)
        self.file.apply_button.on_click(self._on_apply)
        self.pdf = PdfDownload(self._pdf, "supportroi-baseline.pdf", lang, "sr-baseline-pdf")
        self.scenario_panel.box.children += (self.pdf.box,)
        self.annualise.observe(lambda _change: self.pdf.clear(), names="value")
        self.widget = w.VBox([
            w.HTML(CSS + EXTRA_CSS),
            w.HBox([self.page_title, self.language.widget],
                   layout=w.Layout(justify_content="space-between", align_items="baseline",
                                   flex_flow="row wrap")),
            self.header, self.source, self.status, self.error,
            self.notice, self.warnings, self.file.box, self.results.box, self.rejections.box,
            self.scenario_panel.box,
        ], layout=w.Layout(width="100%", max_width="1200px"))
        self.widget.add_class("sr-app")
        self._label()

    # -- public --------------------------------------------------------------
    def apply_query(self, query: str) -> list[str]:
        """Apply URL parameters: the page language (``lang``)."""
        lang = query_language(query, default=self.lang)
        if lang != self.lang:
            self.set_language(lang)
        return []

    def set_language(self, lang: str) -> None:
        """Say every text of the page in ``lang``, from what is shown: the file, every
        override and the result stay (nothing is read again)."""
        self.lang = lang
        self.language.set_language(lang)
        self.source_bar.set_language(lang)
        self.file.set_language(lang)
        self.reading.set_language(lang)
        self.results.set_language(lang)
        self.rejections.set_language(lang)
        self.scenario_panel.set_language(lang)
        self.pdf.set_language(lang)
        self._label()
        self.notice.value = self._notice() if self._notice is not None else ""
        self._show_warnings()
        if self._status is not None:
            self.status.value = self.source_bar.done(self._read_text(self._status))
        elif self._data is None and self.export is None and "sr-working" not in self.status.value:
            self.status.value = self.source_bar.no_file()
        if self.error.value:
            self.error.value = ""

    def _label(self) -> None:
        t = translator(self.lang)
        self.page_title.value = (f"<h1 class='sr-page-title' lang='{self.lang}'>"
                                 f"{html.escape(t('baseline.title'))}</h1><p class='sr-intro'>"
                                 f"{html.escape(t('baseline.intro'))}</p>")
        self.header.value = ("<div class='sr-muted'>"
                             + t("baseline.source.header", limit=UPLOAD_LIMIT_MB,
                                 gz="<i>.csv.gz</i>") + "</div>")

    def _say(self, render) -> None:
        """Show the notice ``render()`` gives (HTML in the page language), and say it again
        on a change of language."""
        self._notice = render
        self.notice.value = render() if render is not None else ""

    def _show_warnings(self) -> None:
        source = self.kpis if self.kpis is not None else self.export
        warnings = source.warnings if source is not None else ()
        self.warnings.value = (problem_list(translator(self.lang)("baseline.notices.check"),
                                            warnings, "sr-warning", self.lang)
                               if warnings else "")
    def load_sample(self) -> None:
        """Read the shipped sample, in its time zone (:data:`SAMPLE_TIMEZONE`)."""
        self._set_timezone(SAMPLE_TIMEZONE)
        self.load_file(SAMPLE.read_bytes(), SAMPLE.name)

    def load_file(self, data: bytes, filename: str) -> None:
        """Read an export's bytes (CSV, gzip-compressed CSV or XLSX), detecting its columns."""
        data = bytes(data)
        name = Path(str(filename)).name or "upload"
        self._data = None
        t = translator(self.lang)
        if len(data) > MAX_UPLOAD_BYTES:
            self._unusable(name, [Message(
                "baseline.notices.too_big", f"the file has {len(data) / 1e6:,.0f} MB, more than "
                f"the {MAX_UPLOAD_BYTES / 1e6:,.0f} MB this app reads; gzip it or export a "
                "shorter period", size=round(len(data) / 1e6), limit=MAX_UPLOAD_BYTES // 10**6)])
            return
        with self._working(t("baseline.source.reading_size", name=name,
                             size=t.number(len(data) / 1e6, 1))):
            self._open(data, name)

    def _open(self, data: bytes, name: str) -> None:
        """Read the file's first rows (only those: the whole file is read once, by
        read_export), offer its columns, then read it with the detected mapping."""
        self._name = name
        try:
            opts = self.reading.file_options()
            name, columns, head, layout = _baseline.inspect_file(data, name, PREVIEW_ROWS,
                                                                 **opts)
        except (BaselineError, ValueError) as exc:
            self._unusable(name, getattr(exc, "problems", None) or [exc.args[0] if exc.args
                                                                   else str(exc)])
            return
        self._data, self._name, self._columns, self._head = data, name, columns, head
        self._file_opts, self._layout = opts, layout
        self.reading.show_guesses(layout)
        self.scenario_panel.set_file(name)
        self.file.set_columns(columns)
        self._read(mapping=None)

    def apply_mapping(self, mapping: dict | None = None) -> None:
        """Read the file again with the dropdowns' columns (or ``mapping``,
        ``{field: column or None}``, which also sets the dropdowns)."""
        if self._data is None:
            return
        if mapping is not None:
            self.file.show_mapping({f: c for f, c in mapping.items() if c})
        try:
            same_file = self.reading.file_options() == self._file_opts
        except ValueError as exc:
            why = str(exc)
            self._say(lambda: problem_list(translator(self.lang)("baseline.notices.not_applied"),
                                           [why], "sr-warning", self.lang))
            return
        with self._working(translator(self.lang)("baseline.source.reading_again",
                                                 name=self._name)):
            if same_file:
                self._read(mapping=self.file.chosen())
            else:  # another encoding, separator, sheet or header row: other columns
                self._open(self._data, self._name)

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _on_sample(self, _button) -> None:
        self.load_sample()

    @guarded
    def _on_upload(self, change) -> None:
        files = change.new
        if not files:
            return
        item = files[0]
        data, name = bytes(item["content"]), str(item["name"])
        self.upload.value = ()  # frees the widget's copy (this call then returns at once)
        self.load_file(data, name)

    @guarded
    def _on_timezone(self, change) -> None:
        if self.source_bar.holding:
            return
        tz = str(change.new or "").strip()
        if tz not in TIMEZONES:  # the browser sends only listed names; a client may not
            kept, shown = self._timezone, tz[:60]
            self._say(lambda: problem_list(
                translator(self.lang)("baseline.notices.timezone_not_changed"),
                [translator(self.lang)("baseline.notices.not_a_timezone", name=shown,
                                       kept=kept)], "sr-warning", self.lang))
            self._set_timezone(self._timezone)
            return
        if tz == self._timezone:
            return
        self._timezone = tz
        if self._data is not None:
            with self._working(translator(self.lang)("baseline.source.reading_in",
                                                     name=self._name, timezone=tz)):
                self._read(mapping=self.file.chosen())

    @guarded
    def _on_apply(self, _button) -> None:
        self.apply_mapping()

    @guarded
    def _on_reading_edit(self, _change) -> None:
        if self._data is not None:
            self.apply_button.button_style = "primary"
            self.mapping_hint.value = changed_hint(self.lang)

    # -- internals -----------------------------------------------------------
    def _working(self, what: str):
        """Show "working…" and disable the inputs while a file is read."""
        self.error.value = ""
        self._status = None
        return self.source_bar.working(what, also=(self.apply_button,), done=self._read_in)

    def _read_in(self, seconds: float) -> str | None:
        if self.export is not None and self._data is not None:
            self._status = seconds
            return self._read_text(seconds)
        return None

    def _read_text(self, seconds: float) -> str:
        t = translator(self.lang)
        return t("baseline.source.read_in", name=self._name, seconds=t.number(seconds, 1))

    def _set_timezone(self, tz: str) -> None:
        self.source_bar.show_timezone(tz)
        self._timezone = tz

    def _hide_results(self) -> None:
        for box in (self.results_box, self.rejections_box, self.scenario_box):
            box.layout.display = "none"

    def _unusable(self, name: str, problems) -> None:
        """A file that cannot be used: say why, show no stale results."""
        said = list(problems)
        self.problems = [str(p) for p in said]
        self.export = self.kpis = None
        self.warnings.value = ""
        self._say(lambda: problem_list(translator(self.lang)("baseline.notices.unusable",
                                                             name=name), said, lang=self.lang))
        self._hide_results()
        self.file_box.layout.display = "flex" if self._data is not None else "none"
        if self._data is not None:
            self.file.render_preview(self._name, self._columns, self._head)
            self.file_panel.selected_index = 0  # open: the mapping may fix it

    def _read(self, mapping: dict | None) -> None:
        default = self.default_channel.value or None
        self.file.applied_default = default
        try:
            options = self.reading.options()
        except ValueError as exc:
            self._unusable(self._name, [str(exc)])
            return
        try:
            export = read_export(self._data, filename=self._name, mapping=mapping,
                                 timezone=self._timezone, default_channel=default, **options)
        except BaselineError as exc:
            self.file.applied = {f: c for f, c in (mapping or {}).items() if c}
            if mapping is None:  # show what detection found, so it can be corrected
                try:
                    self.file.applied = _baseline.detect_mapping(self._columns)
                except BaselineError:
                    self.file.applied = {}
                self.file.show_mapping(self.file.applied)
            self.file.refresh_hint()
            self._unusable(self._name, [*exc.problems, Message(
                "baseline.notices.choose_columns", "choose the columns below (at least "
                "Created, and Channel or a Default channel) and press Apply mapping")])
            return
        self.export = export
        self.file.applied = dict(export.mapping)
        self.file.show_mapping(self.file.applied)
        self.file.refresh_hint()
        self.problems = []
        self._say(None)
        try:
            self.kpis = compute_kpis(export)
        except BaselineError as exc:
            self.kpis = None
            said, name = list(exc.problems), self._name
            self.problems = [str(p) for p in said]
            self._say(lambda: problem_list(translator(self.lang)("baseline.notices.no_kpis",
                                                                 name=name), said,
                                           lang=self.lang))
        self._show(new_file=mapping is None)

    def _pdf(self, client: str, author: str, lang: str) -> bytes:
        """The PDF of what the page shows (:func:`~supportroi.apps.baseline.report.baseline_pdf`)."""
        scenario = self.scenario_panel.scenario
        return baseline_pdf(self.export, self.kpis,
                            annualise=self.scenario_panel.options()["annualise"],
                            not_measured=scenario.not_measured if scenario is not None else None,
                            currency=scenario.currency if scenario is not None else
                            DEFAULT_CURRENCY, client=client, author=author, lang=lang)

    def _show(self, new_file: bool) -> None:
        self.pdf.clear()
        self.file_box.layout.display = "flex"
        self.reading.show_guesses(self.export.layout, self.export)
        self._show_warnings()
        if new_file:  # a new file: the mapping folded away unless it needs a look
            self.file_panel.selected_index = None if self.kpis is not None else 0
        self.file.render_preview(self._name, self._columns, self._head)
        self.results.render_counts(self.export)
        if self.kpis is not None:
            self.results.render(self.export, self.kpis)
        else:
            self.results_box.layout.display = "none"
        self.rejections.render(self.export, REJECTION_ROWS)
        self.rejections_box.layout.display = "flex"
        if self.kpis is not None:
            self.scenario_panel.render(self.kpis, self.export)
        self.scenario_box.layout.display = "flex" if self.kpis is not None else "none"
