"""The baseline app: the client's own ticket or call export → KPIs → a scenario.

The notebook ``notebooks/baseline_from_tickets.ipynb`` only does::

    from supportroi.apps.baseline import BaselineApp
    app = BaselineApp()
    app.show()

Pick the shipped sample or upload a CSV/XLSX export; the app shows its first
rows and the column found for each canonical field (one dropdown per field,
adjustable and re-applied with *Apply*), reads it in the chosen time zone with
:func:`~supportroi.baseline.read_export`, and shows the KPIs of
:func:`~supportroi.baseline.compute_kpis` as cards and charts, every row set
aside with its row number and reason, and a download of the baseline scenario
(:func:`~supportroi.baseline.to_scenario`). A file that cannot be used, or a
measured value outside the catalog's bounds, is a notice listing every
problem; an error in a callback is a short message, never a traceback.

Widget values from the browser are not trusted (Voilà lets any client set
them): the time zone is checked against the IANA database and uploads against
a size limit on the server side.
"""

from __future__ import annotations

import contextlib
import html
import math
import re
import time
import zoneinfo
from pathlib import Path
from typing import NamedTuple

import ipywidgets as w

from .. import baseline as _baseline
from ..assumptions import CATALOG, defaults
from ..baseline import FIELDS, REQUIRED, BaselineError, compute_kpis, read_export, to_scenario
from ..formatting import percent
from ..scenarios import ScenarioError, dump_scenario
from .base import CSS, App, download_link, guarded
from .baseline_charts import CHANNEL_LABELS, BaselineFigures

__all__ = ["MAX_UPLOAD_BYTES", "SAMPLE", "SAMPLE_TIMEZONE", "UPLOAD_LIMIT_MB", "BaselineApp",
           "Card", "hours_text", "kpi_cards"]

#: The shipped synthetic export (see ``data/README_sample_tickets.md``).
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_tickets.csv"
#: The sample's times are wall-clock times in this zone.
SAMPLE_TIMEZONE = "Europe/Berlin"
#: Largest upload read. [bytes]
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
#: Largest upload the browser can send: the server's websocket message limit
#: (tornado's ``websocket_max_message_size``, 10 MiB unless the Voilà config
#: raises it). A bigger file drops the connection before the kernel sees it, so
#: the page says so up front. [MB]
UPLOAD_LIMIT_MB = 100
#: Rows of the file shown in the preview, and problem lines in the rejections table.
PREVIEW_ROWS = 5
REJECTION_ROWS = 50
_NONE = ""  # dropdown value of "(none)": no column name is empty once read
#: IANA time zones offered (not the host's "localtime" or tzdata's "Factory").
_TIMEZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
_FIELD_LABELS = {"ticket_id": "Ticket id", "created": "Created", "resolved": "Resolved",
                 "channel": "Channel", "handle_time": "Handle time", "reopens": "Reopens",
                 "csat": "CSAT", "nps": "NPS", "ces": "CES", "agent": "Agent",
                 "customer": "Customer"}

_EXTRA_CSS = """
<style>
.sr-app h3 { margin: 14px 0 4px 0; font-size: 1.1em; border-bottom: 1px solid #d5dbe3; }
.sr-scroll { overflow-x: auto; max-width: 100%; }
.sr-scroll table.sr-table td, .sr-scroll table.sr-table th { text-align: left; }
table.sr-table th { font-weight: 600; vertical-align: bottom; }
table.sr-table th .sr-muted { font-weight: 400; }
.sr-card .sr-sub { font-size: 0.75em; color: #56606b; }
.sr-working { background: #eaf2fb; border-left: 4px solid #2471a3; padding: 4px 10px; }
.sr-done { padding: 2px 0; }
.sr-spinner { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 8px;
              border: 2px solid #a9cce3; border-top-color: #2471a3; border-radius: 50%;
              animation: sr-spin 0.8s linear infinite; vertical-align: -1px; }
@keyframes sr-spin { to { transform: rotate(360deg); } }
.sr-app ul.sr-notes { margin: 2px 0 6px 0; padding-left: 18px; }
.sr-app .widget-html, .sr-app .widget-html-content { min-width: 0; max-width: 100%; }
.sr-app .sr-card .sr-value { line-height: 1.5; }
.sr-scroll-y { max-height: 420px; overflow-y: auto; }
.sr-app a.sr-download { color: #1f5fa8; font-weight: 600; text-decoration: underline; }
.sr-app a.sr-download:hover { color: #133d6e; }
</style>
"""


class Card(NamedTuple):
    """One KPI as shown on a card."""

    key: str    #: CSS key: the card has class ``sr-kpi-<key>``.
    label: str  #: What it is.
    value: str  #: The figure, formatted.
    note: str   #: Its basis (answers, period, method).


def hours_text(hours: float | None, why: str = "no resolved tickets") -> str:
    """A duration for people: under an hour in minutes, under two days in hours,
    else in days. [hours in]

    >>> hours_text(0.5043), hours_text(12.42), hours_text(80.0), hours_text(None)
    ('30 min', '12.4 h', '3.3 days', 'not measured (no resolved tickets)')
    """
    if hours is None:
        return f"not measured ({why})"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def _signed(x: float, digits: int = 1) -> str:
    return f"{x:+.{digits}f}".replace("-", "−")


def kpi_cards(kpis) -> list[Card]:
    """The KPIs of a :class:`~supportroi.baseline.BaselineKPIs` as cards, in page order.

    AHT cards appear for channels with contacts; reopen, repeat-contact and
    survey cards only where the export measures them.
    """
    k = kpis
    start, end = k.period_start.strftime("%d %b %Y"), k.period_end.strftime("%d %b %Y")
    cards = [
        Card("contacts", "Contacts", f"{k.n_contacts:,}",
             f"{start} – {end} ({k.covered_days:,} days)"),
        Card("annual", "Contacts a year", f"{k.annual_contacts():,}",
             "a full year of data" if k.covered_days in (365, 366)
             else f"scaled from {k.covered_days:,} days"),
    ]
    for ch in ("phone", "chat", "email"):
        if k.by_channel[ch] > 0:
            n = int(k.aht_n[ch])
            cards.append(Card(f"aht-{ch}", f"AHT {CHANNEL_LABELS[ch].lower()}",
                              f"{k.aht_min[ch]:.2f} min" if n else "not measured",
                              f"{n:,} contacts with a handle time" if n
                              else "no handle times"))
    method = {"repeat": f"no repeat contact within {k.repeat_window_days} days",
              "reopens": "tickets never reopened"}.get(k.fcr_method, "needs customer ids "
                                                                     "or reopen counts")
    cards.append(Card("fcr", "First-contact resolution",
                      percent(k.fcr) if k.fcr is not None else "not measured", method))
    if k.reopen_rate is not None:
        cards.append(Card("reopen", "Reopen rate", percent(k.reopen_rate),
                          "tickets reopened at least once"))
    if k.repeat_contact_rate is not None:
        cards.append(Card("repeat-rate", "Repeat contacts", percent(k.repeat_contact_rate),
                          f"of contacts repeat an issue within {k.repeat_window_days} days"))
    if k.repeat_contacts_per_customer is not None:
        cards.append(Card("repeat-customer", "Repeat contacts per customer",
                          f"{k.repeat_contacts_per_customer:.2f}",
                          f"after the first; {k.n_customers:,} customers"))
    cards.append(Card("ttr-median", "Time to resolution, median", hours_text(k.ttr_median_h),
                      f"{k.n_contacts - k.n_open:,} resolved, {k.n_open:,} still open"))
    cards.append(Card("ttr-p90", "Time to resolution, P90", hours_text(k.ttr_p90_h),
                      "9 in 10 resolved tickets are faster"))
    if k.csat is not None:
        cards.append(Card("csat", "CSAT", f"{k.csat:.1f} %",
                          f"answers 4–5 of 5; {k.csat_n:,} answers"))
    if k.nps is not None:
        cards.append(Card("nps", "NPS", _signed(k.nps), f"{k.nps_n:,} answers"))
    if k.ces is not None:
        cards.append(Card("ces", "CES", f"{k.ces:.2f} of 7",
                          f"7 = very easy; {k.ces_n:,} answers"))
    return cards


def _cell(value, limit: int = 60) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text)


def _problem_list(title: str, problems, css: str = "sr-error-box") -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
    return f'<div class="{css}" role="alert"><b>{html.escape(title)}</b><ul>{items}</ul></div>'


class BaselineApp(App):
    """The baseline app. Build it, then :meth:`show` it in a notebook.

    After a successful read, ``export`` (:class:`~supportroi.baseline.TicketExport`),
    ``kpis`` (:class:`~supportroi.baseline.BaselineKPIs`) and ``scenario``
    (:class:`~supportroi.scenarios.Scenario`, None when a measured value is out
    of the catalog's bounds) hold what the page shows; ``problems`` holds the
    reasons a file could not be used.
    """

    def __init__(self):
        self.figures = BaselineFigures()
        self.export = None
        self.kpis = None
        self.scenario = None
        self.problems: list[str] = []
        self._data: bytes | None = None
        self._name = ""
        self._columns: list[str] = []
        self._head = None
        self._applied: dict[str, str] = {}
        self._applied_default: str | None = None
        self._timezone = "UTC"
        self._hold = False

        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.header = w.HTML(
            "<div class='sr-muted'>One row per ticket or call, as your helpdesk or telephony "
            f"system exports it. Over {UPLOAD_LIMIT_MB} MB? Upload it gzip-compressed "
            "(<i>.csv.gz</i>). The file stays in this session's memory only: nothing is "
            "stored.</div>")

        # -- source ------------------------------------------------------------
        self.sample_button = w.Button(description="Use the sample export", icon="table",
                                      tooltip="52,000 synthetic Zendesk-style tickets, 2024 "
                                              "(data/sample_tickets.csv)",
                                      layout=w.Layout(width="auto"))
        self.sample_button.add_class("sr-sample")
        self.sample_button.on_click(self._on_sample)
        self.upload = w.FileUpload(accept=".csv,.txt,.tsv,.gz,.xlsx,.xlsm", multiple=False,
                                   description="Upload CSV or XLSX",
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-upload")
        self.upload.observe(self._on_upload, names="value")
        self.timezone = w.Combobox(
            value=self._timezone, options=_TIMEZONES, ensure_option=True,
            description="Time zone", placeholder="e.g. Europe/Berlin",
            tooltip="Times without an offset are read as wall-clock times in this zone, and "
                    "weekdays, hours and months are counted in it.",
            layout=w.Layout(width="300px", max_width="100%"),
            style={"description_width": "75px"})
        self.timezone.add_class("sr-timezone")
        self.timezone.observe(self._on_timezone, names="value")
        self.status = w.HTML(
            "<div class='sr-muted'>No file yet: upload one or use the sample.</div>")
        self.status.add_class("sr-status")
        self.notice = w.HTML()
        self.notice.add_class("sr-notice")

        # -- the file: preview and mapping ---------------------------------------
        self.preview = w.HTML()
        self.preview.add_class("sr-preview")
        self.mapping: dict[str, w.Dropdown] = {}
        for f, meaning in FIELDS.items():
            label = _FIELD_LABELS[f] + (" *" if f in REQUIRED else "")
            dd = w.Dropdown(options=[("(none)", _NONE)], value=_NONE, description=label,
                            tooltip=meaning, layout=w.Layout(width="305px", max_width="100%"),
                            style={"description_width": "110px"})
            dd.add_class(f"sr-map-{f}")
            dd.observe(self._on_mapping_edit, names="value")
            self.mapping[f] = dd
        self.default_channel = w.Dropdown(
            options=[("(none: use Channel)", _NONE)]
            + [(CHANNEL_LABELS[c], c) for c in _baseline.CHANNELS],
            value=_NONE, description="Default channel",
            tooltip="The channel of every row when Channel is (none): Phone for a call log.",
            layout=w.Layout(width="305px", max_width="100%"),
            style={"description_width": "110px"})
        self.default_channel.add_class("sr-default-channel")
        self.default_channel.observe(self._on_mapping_edit, names="value")
        self.apply_button = w.Button(description="Apply mapping", icon="check",
                                     tooltip="Read the file again with these columns",
                                     layout=w.Layout(width="auto"))
        self.apply_button.add_class("sr-apply")
        self.apply_button.on_click(self._on_apply)
        self.mapping_hint = w.HTML()
        self.mapping_hint.add_class("sr-mapping-hint")

        # -- results -------------------------------------------------------------
        self.counts = w.HTML()
        self.counts.add_class("sr-counts")
        self.notes = w.HTML()
        self.notes.add_class("sr-notes")
        self.cards = w.HTML()
        self.cards.add_class("sr-kpis")
        self.charts: dict[str, w.Image] = {}
        for name, (_, width, height) in BaselineFigures.CHARTS.items():
            img = w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{width}px",
                                                        height="auto"))
            img.add_class("sr-chart")
            img.add_class(f"sr-chart-{name}")
            self.charts[name] = img
        self.rejection_summary = w.HTML()
        self.rejection_summary.add_class("sr-rejection-summary")
        self.rejection_table = w.HTML()
        self.rejection_table.add_class("sr-rejections")
        self.rejections_button = w.Button(description="Prepare the full list (CSV)",
                                          icon="download", layout=w.Layout(width="auto"))
        self.rejections_button.add_class("sr-rejections-button")
        self.rejections_button.on_click(self._on_rejections_csv)
        self.rejections_link = w.HTML()

        self.title = w.Text(description="Title", placeholder="Baseline from the file",
                            continuous_update=False,
                            layout=w.Layout(width="420px", max_width="100%"),
                            style={"description_width": "45px"})
        self.title.add_class("sr-title")
        self.title.observe(self._on_scenario_option, names="value")
        self.annualise = w.Checkbox(value=True, description="Scale the period to a year",
                                    indent=False, layout=w.Layout(width="auto"))
        self.annualise.add_class("sr-annualise")
        self.annualise.observe(self._on_scenario_option, names="value")
        self.scenario_table = w.HTML()
        self.scenario_table.add_class("sr-scenario-values")
        self.scenario_notice = w.HTML()
        self.scenario_notice.add_class("sr-scenario-notice")
        self.yaml_link = w.HTML()
        self.yaml_link.add_class("sr-yaml")

        # -- layout --------------------------------------------------------------
        row = {"display": "flex", "flex_flow": "row wrap", "align_items": "center",
               "width": "100%"}
        source = w.Box([self.sample_button, self.upload, self.timezone],
                       layout=w.Layout(**row, grid_gap="6px 12px"))
        self.file_panel = w.Accordion(children=[w.VBox([
            w.HTML("<div class='sr-muted'>The file's first rows as read; the arrow under a "
                   "column name is the field it gives.</div>"),
            self.preview,
            w.HTML("<div class='sr-muted' style='margin-top:6px'>Column used for each field "
                   "(detected from the names; * is required). Change any, then apply.</div>"),
            w.Box(list(self.mapping.values()) + [self.default_channel],
                  layout=w.Layout(**row, grid_gap="2px 10px")),
            w.Box([self.apply_button, self.mapping_hint],
                  layout=w.Layout(**row, grid_gap="4px 12px")),
        ])], titles=("1. Your file",), selected_index=None, layout=w.Layout(width="100%"))
        self.file_panel.add_class("sr-file-panel")
        self.file_box = w.VBox([w.HTML("<h3>1. Your file and its columns</h3>"),
                                self.file_panel],
                               layout=w.Layout(display="none", width="100%"))
        self.results_box = w.VBox([
            w.HTML("<h3>2. Baseline KPIs</h3>"),
            self.counts, self.cards,
            w.Box(list(self.charts.values()), layout=w.Layout(
                **(row | {"align_items": "flex-start"}), grid_gap="8px 16px")),
            self.notes,
        ], layout=w.Layout(display="none", width="100%"))
        self.rejections_box = w.VBox([
            w.HTML("<h3>3. Rows set aside</h3>"),
            self.rejection_summary, self.rejection_table,
            w.Box([self.rejections_button, self.rejections_link], layout=w.Layout(**row)),
        ], layout=w.Layout(display="none", width="100%"))
        self.scenario_box = w.VBox([
            w.HTML("<h3>4. Save the baseline scenario</h3><div class='sr-muted'>The values "
                   "measured from the file, as a scenario for the ROI dashboard (open it there "
                   "with <i>Open scenario file</i>); every other input keeps its catalog "
                   "default.</div>"),
            w.Box([self.title, self.annualise], layout=w.Layout(**row, grid_gap="4px 16px")),
            self.scenario_table, self.scenario_notice, self.yaml_link,
        ], layout=w.Layout(display="none", width="100%"))
        self.widget = w.VBox([
            w.HTML(CSS + _EXTRA_CSS), self.header, source, self.status, self.error, self.notice,
            self.file_box, self.results_box, self.rejections_box, self.scenario_box,
        ], layout=w.Layout(width="100%", max_width="1200px"))
        self.widget.add_class("sr-app")

    # -- public --------------------------------------------------------------
    def load_sample(self) -> None:
        """Read the shipped sample, in its time zone (:data:`SAMPLE_TIMEZONE`)."""
        self._set_timezone(SAMPLE_TIMEZONE)
        self.load_file(SAMPLE.read_bytes(), SAMPLE.name)

    def load_file(self, data: bytes, filename: str) -> None:
        """Read an export's bytes (CSV, gzip-compressed CSV or XLSX), detecting its columns."""
        data = bytes(data)
        name = Path(str(filename)).name or "upload"
        self._data = None
        if len(data) > MAX_UPLOAD_BYTES:
            self._unusable(name, [(f"the file has {len(data) / 1e6:,.0f} MB, more than the "
                                   f"{MAX_UPLOAD_BYTES / 1e6:,.0f} MB this app reads; gzip it "
                                   "or export a shorter period")])
            return
        with self._working(f"reading {name} ({len(data) / 1e6:,.1f} MB)"):
            self._name = name
            try:
                name, columns, head = _baseline.preview(data, name, PREVIEW_ROWS)
            except BaselineError as exc:
                self._unusable(name, exc.problems)
                return
            self._data, self._name, self._columns, self._head = data, name, columns, head
            self.title.placeholder = f"Baseline from {name}"
            self._set_mapping_options(columns)
            self._read(mapping=None)

    def apply_mapping(self, mapping: dict | None = None) -> None:
        """Read the file again with the dropdowns' columns (or ``mapping``,
        ``{field: column or None}``, which also sets the dropdowns)."""
        if self._data is None:
            return
        if mapping is not None:
            self._show_mapping({f: c for f, c in mapping.items() if c})
        with self._working(f"reading {self._name} with the new mapping"):
            self._read(mapping=self._chosen_mapping())

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
        if self._hold:
            return
        tz = str(change.new or "").strip()
        if tz not in _TIMEZONES:  # the browser sends only listed names; a client may not
            self.notice.value = _problem_list(
                "Time zone not changed", [(f"{tz!r} is not an IANA time zone name (such as "
                                           f"Europe/Berlin or UTC); kept {self._timezone}")],
                "sr-warning")
            self._set_timezone(self._timezone)
            return
        if tz == self._timezone:
            return
        self._timezone = tz
        if self._data is not None:
            with self._working(f"reading {self._name} in {tz}"):
                self._read(mapping=self._chosen_mapping())

    @guarded
    def _on_mapping_edit(self, _change) -> None:
        if self._hold:
            return
        changed = (self._chosen_mapping() != self._applied_full()
                   or (self.default_channel.value or None) != self._applied_default)
        self.apply_button.button_style = "primary" if changed else ""
        used: dict[str, list[str]] = {}
        for f, col in self._chosen_mapping().items():
            if col:
                used.setdefault(col, []).append(_FIELD_LABELS[f])
        twice = [f"{c!r} is used for {' and '.join(fs)}" for c, fs in used.items() if len(fs) > 1]
        hint = "Changed: press <b>Apply mapping</b> to read the file with it." if changed else ""
        if twice:
            hint += " <span class='sr-muted'>(" + html.escape("; ".join(twice)) + ")</span>"
        self.mapping_hint.value = hint

    @guarded
    def _on_apply(self, _button) -> None:
        self.apply_mapping()

    @guarded
    def _on_scenario_option(self, _change) -> None:
        if self.kpis is not None:
            self._render_scenario()

    @guarded
    def _on_rejections_csv(self, _button) -> None:
        if self.export is None:
            return
        data = self.export.rejections.to_csv(index=False).encode("utf-8")
        stem = Path(self._name).stem or "upload"
        self.rejections_link.value = download_link(
            data, f"{stem}-rows-set-aside.csv", "text/csv",
            f"Download all {len(self.export.rejections):,} problems (CSV)")

    # -- internals -----------------------------------------------------------
    @contextlib.contextmanager
    def _working(self, what: str):
        """Show "working…" and disable the inputs while a file is read."""
        inputs = (self.sample_button, self.upload, self.apply_button, self.timezone)
        self.status.value = (f"<div class='sr-working' role='status'><span class='sr-spinner'>"
                             f"</span>Working… {html.escape(what)}</div>")
        self.error.value = ""
        for widget in inputs:
            widget.disabled = True
        start = time.perf_counter()
        try:
            yield
        finally:
            for widget in inputs:
                widget.disabled = False
            if self.export is not None and self._data is not None:
                self.status.value = (f"<div class='sr-done sr-muted'>{html.escape(self._name)} "
                                     f"read in {time.perf_counter() - start:.1f} s.</div>")
            elif "sr-working" in self.status.value:
                self.status.value = ""

    def _set_timezone(self, tz: str) -> None:
        self._hold = True
        try:
            self.timezone.value = tz
        finally:
            self._hold = False
        self._timezone = tz

    def _set_mapping_options(self, columns: list[str]) -> None:
        options = [("(none)", _NONE)] + [(c, c) for c in columns]
        self._hold = True
        try:
            for dd in self.mapping.values():
                dd.options = options
                dd.value = _NONE
            self.default_channel.value = _NONE
        finally:
            self._hold = False
        self._applied = {}

    def _show_mapping(self, mapping: dict) -> None:
        self._hold = True
        try:
            for f, dd in self.mapping.items():
                col = mapping.get(f, _NONE)
                dd.value = col if col in self._columns else _NONE
        finally:
            self._hold = False

    def _chosen_mapping(self) -> dict:
        return {f: (dd.value or None) for f, dd in self.mapping.items()}

    def _applied_full(self) -> dict:
        return {f: self._applied.get(f) for f in FIELDS}

    def _unusable(self, name: str, problems) -> None:
        """A file that cannot be used: say why, show no stale results."""
        self.problems = [str(p) for p in problems]
        self.export = self.kpis = self.scenario = None
        self.notice.value = _problem_list(f"{name} cannot be used:", self.problems)
        for box in (self.results_box, self.rejections_box, self.scenario_box):
            box.layout.display = "none"
        self.file_box.layout.display = "flex" if self._data is not None else "none"
        if self._data is not None:
            self._render_preview()
            self.file_panel.selected_index = 0  # open: the mapping may fix it

    def _read(self, mapping: dict | None) -> None:
        default = self.default_channel.value or None
        self._applied_default = default
        try:
            export = read_export(self._data, filename=self._name, mapping=mapping,
                                 timezone=self._timezone, default_channel=default)
        except BaselineError as exc:
            self._applied = {f: c for f, c in (mapping or {}).items() if c}
            if mapping is None:  # show what detection found, so it can be corrected
                try:
                    self._applied = _baseline.detect_mapping(self._columns)
                except BaselineError:
                    self._applied = {}
                self._show_mapping(self._applied)
            self._on_mapping_edit(None)
            self._unusable(self._name, [*exc.problems, (
                "choose the columns below (at least Created, and Channel or a Default "
                "channel) and press Apply mapping")])
            return
        self.export = export
        self._applied = dict(export.mapping)
        self._show_mapping(self._applied)
        self._on_mapping_edit(None)
        self.problems = []
        self.notice.value = ""
        try:
            self.kpis = compute_kpis(export)
        except BaselineError as exc:
            self.kpis = self.scenario = None
            self.problems = [str(p) for p in exc.problems]
            self.notice.value = _problem_list(f"No KPIs from {self._name}:", self.problems)
        self.file_box.layout.display = "flex"
        if mapping is None:  # a new file: the mapping folded away unless it needs a look
            self.file_panel.selected_index = None if self.kpis is not None else 0
        self._render_preview()
        self._render_counts()
        if self.kpis is not None:
            self._render_kpis()
        else:
            self.results_box.layout.display = "none"
        self._render_rejections()
        self.rejections_box.layout.display = "flex"
        if self.kpis is not None:
            self._render_scenario()
        self.scenario_box.layout.display = "flex" if self.kpis is not None else "none"

    # -- rendering -----------------------------------------------------------
    def _render_preview(self) -> None:
        head = self._head
        by_column = {c: f for f, c in self._applied.items()}
        cells = ["<th>row</th>"]
        for c in self._columns:
            f = by_column.get(c)
            under = (f"<br><span class='sr-muted'>→ {html.escape(_FIELD_LABELS[f])}</span>"
                     if f else "<br><span class='sr-muted'>(not used)</span>")
            cells.append(f"<th>{_cell(c, 40)}{under}</th>")
        rows = []
        for row, values in zip(head.index, head.itertuples(index=False)):
            rows.append(f"<tr><td>{int(row)}</td>"
                        + "".join(f"<td>{_cell(v, 40)}</td>" for v in values) + "</tr>")
        found = sum(1 for c in self._applied.values() if c)
        title = (f"{self._name}: {len(self._columns)} columns, {found} of {len(FIELDS)} "
                 "fields found. Check or change the mapping")
        self.file_panel.titles = (title,)
        self.preview.value = (f"<div class='sr-scroll'><table class='sr-table'><thead><tr>"
                              f"{''.join(cells)}</tr></thead><tbody>{''.join(rows)}</tbody>"
                              f"</table></div>")

    def _render_counts(self) -> None:
        e = self.export
        blank = (f", {e.n_blank:,} blank row{'s' if e.n_blank != 1 else ''} skipped"
                 if e.n_blank else "")
        problems = len(e.rejections)
        self.counts.value = (
            f"<div><b>{html.escape(e.source)}</b>: <span class='sr-n-rows'>{e.n_rows:,}</span> "
            f"data rows; <span class='sr-n-valid'>{e.n_valid:,}</span> used, "
            f"<span class='sr-n-rejected'>{e.n_rejected:,}</span> set aside"
            f"{f' ({problems:,} problems, listed in section 3)' if problems else ''}{blank}. "
            f"Times in {html.escape(e.timezone)}.</div>")

    def _render_kpis(self) -> None:
        k = self.kpis
        cards = []
        for c in kpi_cards(k):
            cls = " sr-undefined" if c.value.startswith("not measured") else ""
            cards.append(f'<div class="sr-card sr-kpi-{c.key}"><div class="sr-label">'
                         f'{html.escape(c.label)}</div><div class="sr-value{cls}">'
                         f'{html.escape(c.value)}</div><div class="sr-sub">'
                         f'{html.escape(c.note)}</div></div>')
        self.cards.value = f'<div class="sr-cards">{"".join(cards)}</div>'
        notes = list(k.notes)
        missing = [_FIELD_LABELS[f] for f in self.export.missing]
        if missing:
            notes.append("not in the file (their KPIs are not shown): " + ", ".join(missing))
        unmapped = self.export.unmapped
        if unmapped:
            notes.append("columns not used: " + ", ".join(map(repr, unmapped)))
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.notes.value = (f"<div class='sr-muted'><b>How the file was read</b>"
                            f"<ul class='sr-notes'>{items}</ul></div>")
        self.results_box.layout.display = "flex"  # the figures first, then the charts
        for name, png in self.figures.render(k).items():
            self.charts[name].value = png

    def _render_rejections(self) -> None:
        e = self.export
        self.rejections_link.value = ""
        if not len(e.rejections):
            self.rejection_summary.value = ("<div class='sr-muted'>None: every data row is "
                                            "used.</div>")
            self.rejection_table.value = ""
            self.rejections_button.layout.display = "none"
            return
        self.rejections_button.layout.display = None
        head = (f"<div><b><span class='sr-rejected-count'>{e.n_rejected:,}</span> of "
                f"{e.n_rows:,} rows set aside</b> ({len(e.rejections):,} problems). None of "
                "them is used in any KPI; fix them in the source and upload again, or accept "
                "the loss. Row numbers are as in the file (the header is row 1).</div>")
        rows = []
        for reason, r in e.summary.iterrows():
            rows.append(f"<tr><td>{html.escape(str(reason))}</td>"
                        f"<td>{html.escape(str(r['description']))}</td>"
                        f"<td>{int(r['rows']):,}</td><td>{int(r['problems']):,}</td>"
                        f"<td>{html.escape(str(r['fields']))}</td>"
                        f"<td>{html.escape(str(r['first_rows']))}</td></tr>")
        self.rejection_summary.value = (
            f"{head}<div class='sr-scroll'><table class='sr-table sr-by-reason'><thead><tr>"
            "<th>reason</th><th>what it means</th><th>rows</th><th>problems</th><th>fields</th>"
            f"<th>first rows</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
        shown = e.rejections.head(REJECTION_ROWS)
        cols = ["row", "field", "column", "value", "reason", "detail"]
        body = []
        for r in shown.itertuples(index=False):
            d = r._asdict()
            body.append("<tr>" + "".join(f"<td>{_cell(d[c])}</td>" for c in cols) + "</tr>")
        more = (f"First {len(shown):,} of {len(e.rejections):,} problems; the full list is in "
                "the CSV below." if len(e.rejections) > len(shown)
                else f"All {len(e.rejections):,} problems.")
        self.rejection_table.value = (
            f"<div class='sr-muted' style='margin-top:6px'>{more}</div>"
            "<div class='sr-scroll sr-scroll-y'>"
            "<table class='sr-table sr-problem-lines'><thead><tr>"
            + "".join(f"<th>{c}</th>" for c in cols)
            + f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def _render_scenario(self) -> None:
        k = self.kpis
        annualise = bool(self.annualise.value)
        title = str(self.title.value or "").strip()[:200]
        meta = {"title": title} if title else {}
        values = k.scenario_values(annualise)
        base = defaults()
        rows = []
        for name, value in values.items():
            a = CATALOG[name]
            unit = {"minutes": " min", "contacts/year": " a year"}.get(a.unit, "")
            rows.append(f"<tr><td>{html.escape(a.label)}</td>"
                        f"<td class='sr-value-{name}'>{html.escape(a.format(value) + unit)}</td>"
                        f"<td>{html.escape(a.format(base[name]) + unit)}</td></tr>")
        self.scenario_table.value = (
            "<div class='sr-scroll'><table class='sr-table' style='max-width:560px'><thead><tr>"
            "<th>assumption</th><th>measured</th><th>catalog default</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
        try:
            self.scenario = to_scenario(k, annualise=annualise, **meta)
        except ScenarioError as exc:
            self.scenario = None
            self.scenario_notice.value = _problem_list(
                "Cannot save this baseline as a scenario: a measured value is outside the "
                "catalog's bounds. Check the column mapping and the rows behind it.",
                exc.problems, "sr-warning")
            self.yaml_link.value = ""
            return
        self.scenario_notice.value = ""
        stem = re.sub(r"[^\w-]+", "_", Path(self._name).stem).strip("_") or "upload"
        self.yaml_link.value = download_link(dump_scenario(self.scenario).encode("utf-8"),
                                              f"baseline-{stem}.yaml", "application/x-yaml",
                                              "Download baseline scenario (YAML)")
