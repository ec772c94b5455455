"""PDF reports of the staffing app and the baseline app, built from the pieces of
:mod:`supportroi.reports.pdf` (:class:`~supportroi.reports.pdf.Document`,
:func:`~supportroi.reports.pdf.title_page`, tables, cards, axes).

* :func:`staffing_pdf` — the staffing app's inputs (with units and the arrival
  profile used), its result (agents needed in the busiest half-hour, what sets
  them, service level, average wait and occupancy), the service-level / wait chart,
  the week heat map and the half-hour table summed up day by day.
* :func:`baseline_pdf` — what was read from a ticket or call export (file,
  encoding, rows kept, set aside and blanked, the reasons), the KPI cards, the
  per-channel and per-agent tables (continued on further pages), the app's charts,
  the values measured for the scenario and the inputs the data could not give.

Both write every text in ``lang`` (en, ru, zh), as the page they come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..assumptions import CATALOG, defaults
from ..currency import DEFAULT_CURRENCY
from ..formatting import percent
from ..i18n import DEFAULT_LANGUAGE, translator
from ..queueing import average_speed_of_answer, binding_constraint
from .pdf import (LEFT, MUTED, PAGE_W, WIDTH, Document, _keep_inside, _width, _with_unit,
                  title_page)

__all__ = ["BASELINE_CHARTS", "STAFFING_PDF_INPUTS", "baseline_pdf", "staffing_pdf"]

#: The staffing inputs the PDF lists, in order (each with its unit).
STAFFING_PDF_INPUTS = ("annual_contacts", "share_phone", "aht_phone_min",
                       "target_service_level", "target_answer_time_s", "occupancy",
                       "shrinkage", "caller_patience_s", "paid_hours_per_fte")
#: Most pages a report may take (a baseline of many agents continues its table).
MAX_PAGES = 40
#: The baseline charts the PDF draws (those of the app), two to a row.
BASELINE_CHARTS = ("heatmap", "monthly", "aht", "ttr")


def _fields_table(doc: Document, rows: Sequence[Sequence[str]], first: float = 3.2) -> None:
    """A two-column table of label and value (no heading row drawn bold)."""
    t = doc.t
    doc.table([t("pdf_apps.what"), t("pdf_apps.value")], rows, [first, WIDTH - first],
              ["left", "left"], size=8.5, cell_lines=4, bold_first=False)


def _grid(doc: Document, header: Sequence[str], rows: Sequence[Sequence[str]],
          first: float = 1.6, size: float = 7.5) -> int:
    """A table of a name column and value columns sharing the rest of the page width
    (a wide table shrinks its type to fit); continued on further pages."""
    n = len(header)
    if n == 0:
        return 0
    if n == 1:
        widths = [WIDTH]
    else:
        widths = [first, *[(WIDTH - first) / (n - 1)] * (n - 1)]
    if min(widths) < 0.7:  # many columns: smaller type keeps a heading to a few lines
        size = min(size, 6.5)
    return doc.table(header, rows, widths, ["left", *["right"] * (n - 1)], size=size,
                     header_lines=4, cell_lines=3, bold_first=True, pad=0.03)


def _keep(doc: Document, axes) -> None:
    """Titles, legends and tick labels kept between the margins (longer words in Russian,
    wider labels in Chinese; the English charts are sized for them)."""
    axes = [ax for ax in axes if ax is not None]
    if doc.lang != DEFAULT_LANGUAGE:
        for ax in axes:
            _keep_inside(doc, ax)
    if not axes:
        return
    # Long names on the y axis (a channel in Russian): the axes move right to make room.
    canvas = FigureCanvasAgg(doc.fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    lo = (LEFT + 0.05) * doc.fig.dpi
    for ax in axes:
        boxes = [x.get_window_extent(renderer) for x in ax.get_yticklabels() if x.get_text()]
        label = ax.yaxis.get_label()
        if label.get_text():
            boxes.append(label.get_window_extent(renderer))
        over = lo - min((b.x0 for b in boxes), default=lo)
        if over > 0:
            box = ax.get_position()
            shift = over / doc.fig.dpi / PAGE_W
            ax.set_position([box.x0 + shift, box.y0, box.width - shift, box.height])


# -- staffing ----------------------------------------------------------------------------------

def _day_summary(st, set_by: np.ndarray, lang: str) -> tuple[list[str], list[list[str]]]:
    """The half-hour table summed up by day, and the week: calls, busiest half-hour (its
    Erlangs), most agents needed, agent-hours on the phones, half-hours set by the
    occupancy cap and the calls-weighted service level."""
    from ..apps.staffing import day_names

    t = translator(lang)
    header = [t("pdf_apps.staffing.day"), t("pdf_apps.staffing.calls"),
              t("pdf_apps.staffing.busiest"), t("pdf_apps.staffing.most_agents"),
              t("pdf_apps.staffing.agent_hours"), t("pdf_apps.staffing.by_cap"),
              t("pdf_apps.staffing.service_level")]

    def row(name, mask):
        calls = st.contacts[mask]
        k = int(np.argmax(st.traffic[mask]))
        level = (float(calls @ st.service_level[mask]) / float(calls.sum())
                 if calls.sum() > 0 else None)
        return [name, t.number(float(calls.sum())),
                t("pdf_apps.staffing.busiest_value", start=st.interval_start[mask][k],
                  traffic=t.number(float(st.traffic[mask][k]), 1)),
                t.number(int(st.agents[mask].max())),
                t.number(float(st.agents[mask].sum()) * 0.5),
                t.number(int((set_by[mask] == "occupancy cap").sum())),
                percent(level, lang=lang) if level is not None
                else t("pdf_apps.staffing.no_calls")]

    days = day_names(lang)
    rows = [row(days[d], st.weekday == d) for d in range(7)]
    rows.append(row(t("pdf_apps.staffing.week"), np.ones(len(st.weekday), dtype=bool)))
    return header, rows


def staffing_pdf(values: dict, staffing, agents: int, *, currency: str = "USD",
                 profile_name: str = "", client: str = "", author: str = "",
                 date: dt.date | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The staffing app's PDF; returns its bytes.

    ``values`` are the assumptions (the app's ``controls.values``), ``staffing`` the
    :func:`~supportroi.queueing.interval_staffing` result for them, ``agents`` the agents
    on the phones chosen for the busiest half-hour, ``currency`` the scenario's,
    ``profile_name`` the uploaded arrival profile's file name ("" for the shipped
    one). A title page (client, profile, date, author), the inputs with their units,
    the result as the page's cards plus service level, average wait and occupancy at
    the agents needed, the page's notes, the two charts and the half-hour table by day.
    """
    from ..apps.staffing import sl_wait_chart, staffing_cards, staffing_notes, week_heatmap

    t = translator(lang)
    doc = Document(date or dt.date.today(), max_pages=MAX_PAGES, lang=lang)
    v, st = values, staffing
    aht = v["aht_phone_min"] * 60
    set_by = binding_constraint(st.traffic, aht, v["target_service_level"],
                                v["target_answer_time_s"], v["occupancy"])
    profile = (t("pdf_apps.staffing.profile_yours", name=profile_name) if profile_name
               else t("pdf_apps.staffing.profile_shipped"))
    title = t("staffing.title")
    title_page(doc, t("pdf_apps.staffing.kind"), title, t("pdf_apps.staffing.description"),
               [(t("reports.pdf.client"), client), (t("pdf_apps.staffing.profile"), profile),
                (t("reports.pdf.date"), doc.day), (t("reports.pdf.author"), author)],
               [t("pdf_apps.staffing.inputs"), t("pdf_apps.staffing.result"),
                t("pdf_apps.staffing.charts"), t("pdf_apps.staffing.by_day")])

    doc.heading(t("pdf_apps.staffing.inputs"))
    rows = [[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], v[n], currency, lang)]
            for n in STAFFING_PDF_INPUTS]
    rows.append([t("pdf_apps.staffing.profile"), profile])
    _fields_table(doc, rows)

    doc.heading(t("pdf_apps.staffing.result"), need=1.6)
    cards = staffing_cards(v, st, agents, currency, set_by, lang)
    doc.paragraph(t("pdf_apps.staffing.with_agents", n=t.number(agents)), 8.5, color=MUTED)
    doc.cards([(label, value) for _, label, value in cards[:5]])
    doc.cards([(label, value) for _, label, value in cards[5:]])
    i = int(np.argmax(st.traffic))
    needed = int(st.agents[i])
    asa = float(average_speed_of_answer(float(st.traffic[i]), needed, aht))
    doc.paragraph(t("pdf_apps.staffing.at_needed", n=t.number(needed)), 8.5, color=MUTED)
    doc.cards([(t("pdf_apps.staffing.needed_sl"),
                percent(float(st.service_level[i]), lang=lang)),
               (t("pdf_apps.staffing.needed_asa"),
                t("staffing.cards.seconds", seconds=t.number(asa))),
               (t("pdf_apps.staffing.needed_occupancy"),
                percent(float(st.occupancy[i]), lang=lang)),
               (t("pdf_apps.staffing.weekly_sl"),
                percent(st.weekly_service_level, lang=lang))])
    for note in staffing_notes(v, st, set_by, profile_name, lang):
        doc.paragraph(note, 8, color=MUTED, space_after=0.06)

    doc.new_page()
    doc.heading(t("pdf_apps.staffing.charts"))
    ax = doc.axes(3.3, left=0.7, right=0.75, top=0.2, bottom=0.55)
    if ax is not None:
        sl_wait_chart(ax, float(st.traffic[i]), aht, v["target_service_level"],
                      v["target_answer_time_s"], agents, needed, v["caller_patience_s"],
                      lang=lang)
        _keep(doc, [ax])
    ax = doc.axes(2.6, left=0.7, right=0.1, top=0.2, bottom=0.4)
    if ax is not None:
        week_heatmap(ax, st.agents, lang=lang)
        _keep(doc, [ax])
    doc.heading(t("pdf_apps.staffing.by_day"), need=2.5)
    header, rows = _day_summary(st, set_by, lang)
    doc.table(header, rows, [0.9, 0.95, 1.55, 0.95, 1.0, 0.95, WIDTH - 6.3],
              ["left", *["right"] * 6], size=7.5, header_lines=4, cell_lines=2, pad=0.03)
    doc.paragraph(t("pdf_apps.staffing.by_day_note"), 7.5, color=MUTED)
    return doc.finish(title)


# -- baseline ----------------------------------------------------------------------------------

def _baseline_charts(doc: Document, kpis, lang: str) -> None:
    from ..apps.baseline_charts import BaselineFigures

    charts = [BaselineFigures.CHARTS[name][0] for name in BASELINE_CHARTS]
    for start in range(0, len(charts), 2):
        axes = doc.axes_row(3.1, 2, gap=0.75, left=0.55, bottom=0.6, top=0.6)
        if not axes:
            return
        for ax, helper in zip(axes, charts[start:start + 2]):
            helper(ax, kpis, lang=lang)
        _keep(doc, axes)


def baseline_pdf(export, kpis, *, annualise: bool = True,
                 not_measured: Sequence[str] | None = None, currency: str = DEFAULT_CURRENCY,
                 client: str = "", author: str = "", date: dt.date | None = None,
                 lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The baseline app's PDF; returns its bytes.

    ``export`` is the :class:`~supportroi.baseline.TicketExport` read, ``kpis`` its
    :class:`~supportroi.baseline.BaselineKPIs`; ``annualise`` as the app's scenario
    section; ``not_measured`` the inputs the data could not give (the scenario's
    ``not_measured``; by default :func:`supportroi.baseline.scenario.not_measured`).
    A title page (client, file, period, date, author), what was read (file, encoding,
    rows kept, set aside and blanked, the reasons, how it was read), the KPI cards,
    the per-channel and per-agent tables, the charts, the measured values beside the
    catalog's and the inputs to enter before trusting an ROI.
    """
    from ..apps.baseline.cards import date_text, group_rows, kpi_cards, reading_notes
    from ..apps.baseline.common import channel_label, say
    from ..apps.baseline.reading import _encoding_text
    from ..apps.baseline.rejections import reason_headings, reason_rows
    from ..baseline.scenario import not_measured as gaps

    t = translator(lang)
    doc = Document(date or dt.date.today(), max_pages=MAX_PAGES, lang=lang)
    e, k = export, kpis
    period = t("pdf_apps.baseline.period_value", start=date_text(k.period_start, lang),
               end=date_text(k.period_end, lang),
               days=t.plural("pdf_apps.baseline.days", k.covered_days))
    title = t("pdf_apps.baseline.title", name=e.source)
    title_page(doc, t("pdf_apps.baseline.kind"), title, t("pdf_apps.baseline.description"),
               [(t("reports.pdf.client"), client), (t("pdf_apps.baseline.file"), e.source),
                (t("pdf_apps.baseline.period"), period), (t("reports.pdf.date"), doc.day),
                (t("reports.pdf.author"), author)],
               [t("pdf_apps.baseline.read"), t("pdf_apps.baseline.kpis"),
                t("pdf_apps.baseline.charts"), t("pdf_apps.baseline.scenario")])

    doc.heading(t("pdf_apps.baseline.read"))
    layout = e.layout
    if layout is not None and layout.encoding:
        encoding = _encoding_text(layout.encoding, lang)
    else:
        encoding = t("pdf_apps.baseline.no_encoding", kind=getattr(layout, "kind", "") or "—")
    _fields_table(doc, [
        [t("pdf_apps.baseline.file"), e.source],
        [t("pdf_apps.baseline.encoding"), encoding],
        [t("pdf_apps.baseline.timezone"), e.timezone],
        [t("pdf_apps.baseline.period"), period],
        [t("pdf_apps.baseline.rows"), t.number(e.n_rows)],
        [t("pdf_apps.baseline.kept"), t.number(e.n_valid)],
        [t("pdf_apps.baseline.set_aside"), t.number(e.n_rejected)],
        [t("pdf_apps.baseline.blanked"), t.number(e.n_blanked)],
        [t("pdf_apps.baseline.blank_rows"), t.number(e.n_blank)]])
    doc.heading(t("pdf_apps.baseline.reasons"), need=0.8)
    if len(e.rejections):
        doc.table(reason_headings(lang), reason_rows(e, lang), [2.3, 0.75, 0.75, 1.75,
                                                                 WIDTH - 5.55],
                  ["left", "right", "right", "left", "left"], size=7.5, cell_lines=4,
                  bold_first=False)
    else:
        doc.paragraph(t("baseline.rejections.none"), 8.5, color=MUTED)
    warnings = list(k.warnings)
    if warnings and doc.heading(t("baseline.notices.check"), need=0.4):
        for w in warnings:
            doc.paragraph(say(w, lang), 8, color="#8a4b08", bullet="!", space_after=0.02)
    if doc.heading(t("baseline.kpi.how_read"), need=0.4):
        for note in reading_notes(e, k, lang):
            doc.paragraph(note, 7.5, color=MUTED, bullet="•", max_lines=6, space_after=0.02)

    doc.new_page()
    doc.heading(t("pdf_apps.baseline.kpis"))
    doc.table([t("pdf_apps.baseline.kpi"), t("pdf_apps.value"), t("pdf_apps.baseline.basis")],
              [[c.label, c.value, c.note] for c in kpi_cards(k, lang)],
              [2.2, 1.5, WIDTH - 3.7], ["left", "right", "left"], size=8, cell_lines=4)
    if k.by_channel_kpis is not None:
        names = {ch: channel_label(ch, lang) for ch in k.by_channel_kpis.index}
        heads, rows, _ = group_rows(k.by_channel_kpis, names, lang=lang)
        if doc.heading(t("baseline.table.by_channel"), need=1.0):
            _grid(doc, [t("pdf_apps.baseline.channel"), *heads], rows, first=1.1)
    if k.by_agent is not None:
        heads, rows, _ = group_rows(k.by_agent, lang=lang)
        if doc.heading(t("baseline.table.by_agent"), need=1.0):
            first = max(1.1, min(2.0, max(_width(r[0], 7.5, "bold") for r in rows) + 0.1))
            _grid(doc, [t("pdf_apps.baseline.agent"), *heads], rows, first=first)

    doc.new_page()
    doc.heading(t("pdf_apps.baseline.charts"))
    _baseline_charts(doc, k, lang)

    doc.heading(t("pdf_apps.baseline.scenario"), need=1.5)
    base = defaults()
    measured = k.scenario_values(annualise)
    doc.table([t("baseline.scenario.assumption"), t("baseline.scenario.measured"),
               t("baseline.scenario.default")],
              [[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], x, currency, lang),
                _with_unit(CATALOG[n], base[n], currency, lang)] for n, x in measured.items()],
              [WIDTH - 3.0, 1.5, 1.5], ["left", "right", "right"], size=8, bold_first=False)
    missing = list(not_measured) if not_measured is not None else gaps(k)
    if doc.heading(t("pdf_apps.baseline.not_measured"), need=1.0):
        doc.paragraph(t("pdf_apps.baseline.not_measured_note"), 8.5, color=MUTED)
        doc.table([t("baseline.scenario.assumption"), t("pdf_apps.baseline.until_entered")],
                  [[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], base[n], currency, lang)]
                   for n in missing if n in CATALOG],
                  [WIDTH - 2.0, 2.0], ["left", "right"], size=8, bold_first=False)
    return doc.finish(title)
