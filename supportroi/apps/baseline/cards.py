"""Section 2 of the baseline app: counts, KPI cards, charts and how the file was read."""

from __future__ import annotations

import html
from typing import NamedTuple

import ipywidgets as w

from ...formatting import percent
from ..baseline_charts import CHANNEL_LABELS, BaselineFigures
from .common import FIELD_LABELS, ROW, plain

__all__ = ["Card", "KpiPanel", "group_table", "hours_text", "kpi_cards"]

#: Most agents listed in the per-agent table (the busiest first).
AGENT_ROWS = 50


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
              "reopens": "tickets never reopened",
              "flag": "marked resolved at the first contact"}.get(
        k.fcr_method, "needs customer ids, reopen counts or a resolved-first-time column")
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
    if k.offered is not None:
        cards.append(Card("abandon", "Abandoned calls", percent(k.abandonment_rate),
                          f"{k.abandoned:,} of {k.offered:,} calls offered"))
        if k.asa_s is not None:
            cards.append(Card("asa", "Average speed of answer", f"{k.asa_s:.0f} s",
                              f"wait P90 {k.wait_p90_s:.0f} s"))
        if k.service_level is not None:
            cards.append(Card("service-level", "Service level", percent(k.service_level),
                              f"answered within {k.service_level_s:g} s"))
        if k.patience_s is not None:
            cards.append(Card("patience", "Caller patience", f"{k.patience_s:.0f} s",
                              "mean wait ÷ abandonment rate (Erlang A)"))
    for part, label in (("talk", "Talk time"), ("hold", "Hold time"),
                        ("wrap", "Wrap-up time")):
        value = getattr(k, f"{part}_mean_s", None)
        if value is not None:
            cards.append(Card(part, f"{label}, mean", f"{value / 60:.2f} min",
                              "answered calls with one"))
    if k.frt_median_h is not None:
        cards.append(Card("frt", "First response, median", hours_text(k.frt_median_h),
                          f"{percent(k.response_attainment)} within "
                          f"{k.response_target_h:g} h"))
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


#: Columns of the per-channel and per-agent tables: (column, heading, format).
_GROUP_COLUMNS = (
    ("contacts", "Contacts", lambda v: f"{v:,.0f}"),
    ("share", "Share", percent),
    ("aht_min", "AHT", lambda v: f"{v:.2f} min"),
    ("abandonment_rate", "Abandoned", percent),
    ("asa_s", "Speed of answer", lambda v: f"{v:.0f} s"),
    ("service_level", "Service level", percent),
    ("fcr", "First-contact resolution", percent),
    ("csat", "CSAT", lambda v: f"{v:.1f} %"),
    ("talk_s", "Talk", lambda v: f"{v / 60:.2f} min"),
    ("hold_s", "Hold", lambda v: f"{v / 60:.2f} min"),
    ("wrap_s", "Wrap-up", lambda v: f"{v / 60:.2f} min"),
)


def group_table(table, title: str, key: str, names=None, limit: int | None = None) -> str:
    """HTML of a per-channel or per-agent KPI table: rows with contacts (the busiest
    first when ``limit`` cuts them), columns with at least one measured value; "–" where a
    group has none."""
    rows = table[table["contacts"] > 0]
    more = ""
    if limit is not None and len(rows) > limit:
        more = (f"<div class='sr-muted'>The {limit} agents with the most contacts of "
                f"{len(rows):,}.</div>")
        rows = rows.sort_values("contacts", ascending=False, kind="stable").head(limit)
    cols = [(c, h, f) for c, h, f in _GROUP_COLUMNS if c in rows and rows[c].notna().any()]
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h, _ in cols)
    body = []
    for label, r in rows.iterrows():
        shown = (names or {}).get(label, label)
        cells = "".join(f"<td>{'–' if r[c] != r[c] else html.escape(f(r[c]))}</td>"
                        for c, _, f in cols)
        body.append(f"<tr><td>{html.escape(str(shown))}</td>{cells}</tr>")
    return (f"<div class='sr-scroll sr-kpi-table-{key}'><b>{html.escape(title)}</b>"
            f"<table class='sr-table'><tr><th></th>{head}</tr>{''.join(body)}</table>"
            f"{more}</div>")


class KpiPanel:
    """Counts of rows used and set aside, the KPI cards, the charts and the reading notes."""

    def __init__(self):
        self.figures = BaselineFigures()
        self.counts = w.HTML()
        self.counts.add_class("sr-counts")
        self.notes = w.HTML()
        self.notes.add_class("sr-notes")
        self.cards = w.HTML()
        self.cards.add_class("sr-kpis")
        self.tables = w.HTML()
        self.tables.add_class("sr-kpi-tables")
        self.charts: dict[str, w.Image] = {}
        for name, (_, width, _height) in BaselineFigures.CHARTS.items():
            img = w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{width}px",
                                                        height="auto"))
            img.add_class("sr-chart")
            img.add_class(f"sr-chart-{name}")
            self.charts[name] = img
        self.box = w.VBox([
            w.HTML("<h3>2. Baseline KPIs</h3>"),
            self.counts, self.cards, self.tables,
            w.Box(list(self.charts.values()), layout=w.Layout(
                **(ROW | {"align_items": "flex-start"}), grid_gap="8px 16px")),
            self.notes,
        ], layout=w.Layout(display="none", width="100%"))

    def render_counts(self, export) -> None:
        e = export
        blank = (f", {e.n_blank:,} blank row{'s' if e.n_blank != 1 else ''} skipped"
                 if e.n_blank else "")
        problems = len(e.rejections)
        self.counts.value = (
            f"<div><b>{html.escape(e.source)}</b>: <span class='sr-n-rows'>{e.n_rows:,}</span> "
            f"data rows; <span class='sr-n-valid'>{e.n_valid:,}</span> used"
            + (f" (<span class='sr-n-blanked'>{e.n_blanked:,}</span> of them with a bad value "
               "left blank)" if e.n_blanked else "")
            + f", <span class='sr-n-rejected'>{e.n_rejected:,}</span> set aside"
            f"{f' ({problems:,} problems, listed in section 3)' if problems else ''}{blank}. "
            f"Times in {html.escape(e.timezone)}.</div>")

    def render(self, export, kpis) -> None:
        """Cards and notes first (the box is shown then), then the charts."""
        cards = []
        for c in kpi_cards(kpis):
            cls = " sr-undefined" if c.value.startswith("not measured") else ""
            cards.append(f'<div class="sr-card sr-kpi-{c.key}"><div class="sr-label">'
                         f'{html.escape(c.label)}</div><div class="sr-value{cls}">'
                         f'{html.escape(c.value)}</div><div class="sr-sub">'
                         f'{html.escape(c.note)}</div></div>')
        self.cards.value = f'<div class="sr-cards">{"".join(cards)}</div>'
        tables = []
        if kpis.by_channel_kpis is not None:
            tables.append(group_table(kpis.by_channel_kpis, "By channel", "channel",
                                      CHANNEL_LABELS))
        if kpis.by_agent is not None:
            tables.append(group_table(kpis.by_agent, "By agent", "agent",
                                      limit=AGENT_ROWS))
        self.tables.value = "".join(tables)
        notes = list(kpis.notes)
        missing = [FIELD_LABELS[f] for f in export.missing if f in FIELD_LABELS]
        if missing:
            notes.append("not in the file (their KPIs are not shown): " + ", ".join(missing))
        if export.unmapped:
            notes.append("columns not used: " + ", ".join(map(repr, export.unmapped)))
        items = "".join(f"<li>{html.escape(plain(n))}</li>" for n in notes)
        self.notes.value = (f"<div class='sr-muted'><b>How the file was read</b>"
                            f"<ul class='sr-notes'>{items}</ul></div>")
        self.box.layout.display = "flex"  # the figures first, then the charts
        for name, png in self.figures.render(kpis).items():
            self.charts[name].value = png
