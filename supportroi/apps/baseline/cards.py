"""Section 2 of the baseline app: counts, KPI cards, charts and how the file was read."""

from __future__ import annotations

import html
from typing import NamedTuple

import ipywidgets as w

from ...formatting import percent
from ...i18n import DEFAULT_LANGUAGE, translator
from ..baseline_charts import BaselineFigures
from .common import ROW, channel_label, field_label, say

__all__ = ["Card", "KpiPanel", "date_text", "group_rows", "group_table", "hours_text",
           "kpi_cards", "reading_notes"]

#: Most agents listed in the per-agent table (the busiest first).
AGENT_ROWS = 50


class Card(NamedTuple):
    """One KPI as shown on a card."""

    key: str    #: CSS key: the card has class ``sr-kpi-<key>``.
    label: str  #: What it is.
    value: str  #: The figure, formatted.
    note: str   #: Its basis (answers, period, method).
    measured: bool = True  #: False when the figure says why it is not measured.


def hours_text(hours: float | None, why: str | None = None,
               lang: str = DEFAULT_LANGUAGE) -> str:
    """A duration for people: under an hour in minutes, under two days in hours,
    else in days. [hours in]

    >>> hours_text(0.5043), hours_text(12.42), hours_text(80.0), hours_text(None)
    ('30 min', '12.4 h', '3.3 days', 'not measured (no resolved tickets)')
    >>> hours_text(12.42, lang="ru"), hours_text(80.0, lang="zh")
    ('12,4 ч', '3.3天')
    """
    t = translator(lang)
    if hours is None:
        return t("baseline.kpi.not_measured_why", why=why or t("baseline.kpi.no_resolved"))
    if hours < 1:
        return t("baseline.units.min_value", value=t.number(hours * 60, 0))
    if hours < 48:
        return t("baseline.units.hours_value", value=t.number(hours, 1))
    return t("baseline.units.days_value", value=t.number(hours / 24, 1))


def date_text(d, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day of the period: ``05 Mar 2024``, ``5 марта 2024 г.``, ``2024年3月5日``."""
    return d.strftime("%d %b %Y") if lang == DEFAULT_LANGUAGE else translator(lang).date(d)


def _signed(x: float, lang: str, digits: int = 1) -> str:
    text = translator(lang).number(x, digits)
    return text if text.startswith("−") else "+" + text


def kpi_cards(kpis, lang: str = DEFAULT_LANGUAGE) -> list[Card]:
    """The KPIs of a :class:`~supportroi.baseline.BaselineKPIs` as cards, in page order
    (in ``lang``).

    AHT cards appear for channels with contacts; reopen, repeat-contact and
    survey cards only where the export measures them.
    """
    k, t = kpis, translator(lang)
    n = t.number

    def pct(x):
        return percent(x, lang=lang)

    def minutes(x, digits=2):
        return t("baseline.units.min_value", value=n(x, digits))

    def seconds(x):
        return t("baseline.units.s_value", value=n(x, 0))

    not_measured = t("baseline.kpi.not_measured")
    start, end = date_text(k.period_start, lang), date_text(k.period_end, lang)
    cards = [
        Card("contacts", t("baseline.kpi.contacts"), n(k.n_contacts),
             t.plural("baseline.kpi.period", k.covered_days, start=start, end=end)),
        Card("annual", t("baseline.kpi.annual"), n(k.annual_contacts()),
             t("baseline.kpi.full_year") if k.covered_days in (365, 366)
             else t.plural("baseline.kpi.scaled", k.covered_days)),
    ]
    for ch in ("phone", "chat", "email"):
        if k.by_channel[ch] > 0:
            m = int(k.aht_n[ch])
            cards.append(Card(f"aht-{ch}", t("baseline.kpi.aht", channel=channel_label(
                ch, lang).lower() if lang != "zh" else channel_label(ch, lang)),
                minutes(k.aht_min[ch]) if m else not_measured,
                t.plural("baseline.kpi.with_handle_time", m) if m
                else t("baseline.kpi.no_handle_times"), bool(m)))
    method = {"repeat": t("baseline.kpi.fcr_repeat", days=k.repeat_window_days),
              "reopens": t("baseline.kpi.fcr_reopens"),
              "flag": t("baseline.kpi.fcr_flag")}.get(k.fcr_method, t("baseline.kpi.fcr_none"))
    cards.append(Card("fcr", t("baseline.kpi.fcr"),
                      pct(k.fcr) if k.fcr is not None else not_measured, method,
                      k.fcr is not None))
    if k.reopen_rate is not None:
        cards.append(Card("reopen", t("baseline.kpi.reopen"), pct(k.reopen_rate),
                          t("baseline.kpi.reopen_note")))
    if k.repeat_contact_rate is not None:
        cards.append(Card("repeat-rate", t("baseline.kpi.repeat_rate"),
                          pct(k.repeat_contact_rate),
                          t("baseline.kpi.repeat_rate_note", days=k.repeat_window_days)))
    if k.repeat_contacts_per_customer is not None:
        cards.append(Card("repeat-customer", t("baseline.kpi.repeat_customer"),
                          n(k.repeat_contacts_per_customer, 2),
                          t.plural("baseline.kpi.repeat_customer_note", k.n_customers)))
    if k.offered is not None:
        cards.append(Card("abandon", t("baseline.kpi.abandon"), pct(k.abandonment_rate),
                          t("baseline.kpi.abandon_note", abandoned=n(k.abandoned),
                            offered=n(k.offered))))
        if k.asa_s is not None:
            cards.append(Card("asa", t("baseline.kpi.asa"), seconds(k.asa_s),
                              t("baseline.kpi.asa_note", p90=seconds(k.wait_p90_s))))
        if k.service_level is not None:
            cards.append(Card("service-level", t("baseline.kpi.service_level"),
                              pct(k.service_level),
                              t("baseline.kpi.service_level_note",
                                seconds=n(k.service_level_s, 0 if float(
                                    k.service_level_s).is_integer() else 1))))
        if k.patience_s is not None:
            cards.append(Card("patience", t("baseline.kpi.patience"), seconds(k.patience_s),
                              t("baseline.kpi.patience_note")))
    for part, label in (("talk", "baseline.kpi.talk"), ("hold", "baseline.kpi.hold"),
                        ("wrap", "baseline.kpi.wrap")):
        value = getattr(k, f"{part}_mean_s", None)
        if value is not None:
            cards.append(Card(part, t(label), minutes(value / 60),
                              t("baseline.kpi.parts_note")))
    if k.frt_median_h is not None:
        cards.append(Card("frt", t("baseline.kpi.frt"), hours_text(k.frt_median_h, lang=lang),
                          t("baseline.kpi.frt_note", share=pct(k.response_attainment),
                            hours=n(k.response_target_h, 0 if float(
                                k.response_target_h).is_integer() else 1))))
    cards.append(Card("ttr-median", t("baseline.kpi.ttr_median"),
                      hours_text(k.ttr_median_h, lang=lang),
                      t("baseline.kpi.ttr_note", resolved=n(k.n_contacts - k.n_open),
                        open=n(k.n_open)), k.ttr_median_h is not None))
    cards.append(Card("ttr-p90", t("baseline.kpi.ttr_p90"), hours_text(k.ttr_p90_h, lang=lang),
                      t("baseline.kpi.ttr_p90_note"), k.ttr_p90_h is not None))
    if k.csat is not None:
        cards.append(Card("csat", t("baseline.kpi.csat"), percent(k.csat / 100, lang=lang),
                          t.plural("baseline.kpi.csat_note", k.csat_n)))
    if k.nps is not None:
        cards.append(Card("nps", t("baseline.kpi.nps"), _signed(k.nps, lang),
                          t.plural("baseline.kpi.answers", k.nps_n)))
    if k.ces is not None:
        cards.append(Card("ces", t("baseline.kpi.ces"), t("baseline.kpi.ces_value",
                                                          value=n(k.ces, 2)),
                          t.plural("baseline.kpi.ces_note", k.ces_n)))
    return cards


def _minutes(lang):
    return lambda v: translator(lang)("baseline.units.min_value",
                                      value=translator(lang).number(v, 2))


def _seconds(lang):
    return lambda v: translator(lang)("baseline.units.s_value",
                                      value=translator(lang).number(v, 0))


#: Columns of the per-channel and per-agent tables: (column, heading message, format).
_GROUP_COLUMNS = (
    ("contacts", "baseline.table.contacts", lambda lang: lambda v: translator(lang).number(v)),
    ("share", "baseline.table.share", lambda lang: lambda v: percent(v, lang=lang)),
    ("aht_min", "baseline.table.aht", _minutes),
    ("abandonment_rate", "baseline.table.abandoned", lambda lang: lambda v: percent(v, lang=lang)),
    ("asa_s", "baseline.table.asa", _seconds),
    ("service_level", "baseline.table.service_level",
     lambda lang: lambda v: percent(v, lang=lang)),
    ("fcr", "baseline.table.fcr", lambda lang: lambda v: percent(v, lang=lang)),
    ("csat", "baseline.table.csat", lambda lang: lambda v: percent(v / 100, lang=lang)),
    ("talk_s", "baseline.table.talk", lambda lang: lambda v: _minutes(lang)(v / 60)),
    ("hold_s", "baseline.table.hold", lambda lang: lambda v: _minutes(lang)(v / 60)),
    ("wrap_s", "baseline.table.wrap", lambda lang: lambda v: _minutes(lang)(v / 60)),
)


def reading_notes(export, kpis, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """How the file was read (the KPIs' notes), the fields it lacks and the columns not
    used, in ``lang``."""
    t = translator(lang)
    notes = [say(n, lang) for n in kpis.notes]
    missing = [field_label(f, lang) for f in export.missing]
    sep = t("baseline.words.list_separator")
    if missing:
        notes.append(t("baseline.kpi.missing_fields", fields=sep.join(missing)))
    if export.unmapped:
        notes.append(t("baseline.kpi.unused_columns", columns=sep.join(
            t("baseline.words.column", text=c) for c in export.unmapped)))
    return notes


def group_rows(table, names=None, limit: int | None = None,
               lang: str = DEFAULT_LANGUAGE) -> tuple[list[str], list[list[str]], int]:
    """A per-channel or per-agent KPI table as text: (column headings, rows, groups with
    contacts). Rows are the groups with contacts (the busiest first when ``limit`` cuts
    them), each named (``names``) then its values; columns are those with at least one
    measured value; "–" where a group has none."""
    t = translator(lang)
    rows = table[table["contacts"] > 0]
    total = len(rows)
    if limit is not None and total > limit:
        rows = rows.sort_values("contacts", ascending=False, kind="stable").head(limit)
    cols = [(c, t(h), f(lang)) for c, h, f in _GROUP_COLUMNS
            if c in rows and rows[c].notna().any()]
    body = [[str((names or {}).get(label, label)),
             *["–" if r[c] != r[c] else f(r[c]) for c, _, f in cols]]
            for label, r in rows.iterrows()]
    return [h for _, h, _ in cols], body, total


def group_table(table, title: str, key: str, names=None, limit: int | None = None,
                lang: str = DEFAULT_LANGUAGE) -> str:
    """HTML of a per-channel or per-agent KPI table (:func:`group_rows`), with a note when
    ``limit`` leaves groups out."""
    t = translator(lang)
    heads, rows, total = group_rows(table, names, limit, lang)
    more = ""
    if len(rows) < total:
        more = (f"<div class='sr-muted'>"
                f"{html.escape(t('baseline.table.busiest', n=limit, of=t.number(total)))}"
                "</div>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in rows]
    return (f"<div class='sr-scroll sr-kpi-table-{key}'><b>{html.escape(title)}</b>"
            f"<table class='sr-table'><tr><th></th>{head}</tr>{''.join(body)}</table>"
            f"{more}</div>")


class KpiPanel:
    """Counts of rows used and set aside, the KPI cards, the charts and the reading notes.

    :meth:`set_language` says them again in another language from the export and KPIs
    last shown (nothing is read or computed again)."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self.export = self.kpis = None
        self.figures = BaselineFigures(lang=lang)
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
        self.heading = w.HTML()
        self.box = w.VBox([
            self.heading,
            self.counts, self.cards, self.tables,
            w.Box(list(self.charts.values()), layout=w.Layout(
                **(ROW | {"align_items": "flex-start"}), grid_gap="8px 16px")),
            self.notes,
        ], layout=w.Layout(display="none", width="100%"))
        self._label()

    def _label(self) -> None:
        self.heading.value = f"<h3>{html.escape(translator(self.lang)('baseline.kpi.heading'))}</h3>"

    def set_language(self, lang: str) -> None:
        """Say everything shown in ``lang`` (the charts are drawn again with its words)."""
        self.lang = lang
        self.figures.set_language(lang)
        self._label()
        if self.export is not None:
            self.render_counts(self.export)
        if self.kpis is not None and self.box.layout.display != "none":
            self.render(self.export, self.kpis)

    def render_counts(self, export) -> None:
        e, t = export, translator(self.lang)
        self.export = e
        n = t.number
        blank = t.plural("baseline.counts.blank", e.n_blank) if e.n_blank else ""
        problems = len(e.rejections)
        blanked = (t("baseline.counts.blanked",
                     n=f"<span class='sr-n-blanked'>{n(e.n_blanked)}</span>")
                   if e.n_blanked else "")
        listed = t("baseline.counts.problems", n=n(problems)) if problems else ""
        self.counts.value = "<div>" + t(
            "baseline.counts.line", source=f"<b>{html.escape(e.source)}</b>",
            rows=f"<span class='sr-n-rows'>{n(e.n_rows)}</span>",
            used=f"<span class='sr-n-valid'>{n(e.n_valid)}</span>", blanked=blanked,
            rejected=f"<span class='sr-n-rejected'>{n(e.n_rejected)}</span>", problems=listed,
            blank=blank, timezone=html.escape(e.timezone)) + "</div>"

    def render(self, export, kpis) -> None:
        """Cards and notes first (the box is shown then), then the charts."""
        self.export, self.kpis = export, kpis
        lang, t = self.lang, translator(self.lang)
        cards = []
        for c in kpi_cards(kpis, lang):
            cls = "" if c.measured else " sr-undefined"
            cards.append(f'<div class="sr-card sr-kpi-{c.key}"><div class="sr-label">'
                         f'{html.escape(c.label)}</div><div class="sr-value{cls}">'
                         f'{html.escape(c.value)}</div><div class="sr-sub">'
                         f'{html.escape(c.note)}</div></div>')
        self.cards.value = f'<div class="sr-cards" lang="{lang}">{"".join(cards)}</div>'
        tables = []
        if kpis.by_channel_kpis is not None:
            names = {ch: channel_label(ch, lang) for ch in kpis.by_channel_kpis.index}
            tables.append(group_table(kpis.by_channel_kpis, t("baseline.table.by_channel"),
                                      "channel", names, lang=lang))
        if kpis.by_agent is not None:
            tables.append(group_table(kpis.by_agent, t("baseline.table.by_agent"), "agent",
                                      limit=AGENT_ROWS, lang=lang))
        self.tables.value = "".join(tables)
        notes = reading_notes(export, kpis, lang)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.notes.value = (f"<div class='sr-muted'><b>"
                            f"{html.escape(t('baseline.kpi.how_read'))}</b>"
                            f"<ul class='sr-notes'>{items}</ul></div>")
        self.box.layout.display = "flex"  # the figures first, then the charts
        for name, png in self.figures.render(kpis).items():
            self.charts[name].value = png
