"""The baseline app's PDF: what was read, the KPIs, the charts and what the data gives the
scenario, composed from the page's own texts and charts and laid out by
:func:`supportroi.reports.pdf_apps.report_pdf`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...assumptions import CATALOG, defaults
from ...baseline.scenario import not_measured as gaps
from ...currency import DEFAULT_CURRENCY
from ...i18n import DEFAULT_LANGUAGE, translator
from ..baseline_charts import BaselineFigures
from .cards import date_text, group_rows, kpi_cards, reading_notes
from .common import channel_label, say
from .reading import _encoding_text
from .rejections import reason_headings, reason_rows

__all__ = ["BASELINE_CHARTS", "baseline_pdf"]

#: The charts the PDF draws (those of the page), two to a row.
BASELINE_CHARTS = ("heatmap", "monthly", "aht", "ttr")


def baseline_pdf(export, kpis, *, annualise: bool = True,
                 not_measured: Sequence[str] | None = None, currency: str = DEFAULT_CURRENCY,
                 client: str = "", author: str = "", date: dt.date | None = None,
                 lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The baseline app's PDF; returns its bytes.

    ``export`` is the :class:`~supportroi.baseline.TicketExport` read, ``kpis`` its
    :class:`~supportroi.baseline.BaselineKPIs`; ``annualise`` as the page's scenario
    section; ``not_measured`` the inputs the data could not give (the scenario's
    ``not_measured``; by default :func:`supportroi.baseline.scenario.not_measured`);
    ``currency`` that of the catalog defaults shown for them. A title page (client,
    file, period, date, author), what was read (file, encoding, rows kept, set aside
    and blanked, the reasons, how it was read), the KPI cards, the per-channel and
    per-agent tables (all agents, continued on further pages), the charts, the measured
    values beside the catalog's and the inputs to enter before trusting an ROI.
    """
    from ...reports.pdf import _with_unit
    from ...reports.pdf_apps import Charts, Fields, Heading, NewPage, Note, Table, report_pdf

    t, e, k = translator(lang), export, kpis
    period = t("pdf_apps.baseline.period_value", start=date_text(k.period_start, lang),
               end=date_text(k.period_end, lang),
               days=t.plural("pdf_apps.baseline.days", k.covered_days))
    layout = e.layout
    encoding = (_encoding_text(layout.encoding, lang) if layout is not None and layout.encoding
                else t("pdf_apps.baseline.no_encoding",
                       kind=getattr(layout, "kind", "") or "—"))
    blocks = [
        Heading(t("pdf_apps.baseline.read")),
        Fields([[t("pdf_apps.baseline.file"), e.source],
                [t("pdf_apps.baseline.encoding"), encoding],
                [t("pdf_apps.baseline.timezone"), e.timezone],
                [t("pdf_apps.baseline.period"), period],
                [t("pdf_apps.baseline.rows"), t.number(e.n_rows)],
                [t("pdf_apps.baseline.kept"), t.number(e.n_valid)],
                [t("pdf_apps.baseline.set_aside"), t.number(e.n_rejected)],
                [t("pdf_apps.baseline.blanked"), t.number(e.n_blanked)],
                [t("pdf_apps.baseline.blank_rows"), t.number(e.n_blank)]]),
        Heading(t("pdf_apps.baseline.reasons"), need=0.8),
        Table(reason_headings(lang), reason_rows(e, lang), widths=[2.3, 0.75, 0.75, 1.75, 1.52],
              aligns=["left", "right", "right", "left", "left"], bold_first=False)
        if len(e.rejections) else Note(t("baseline.rejections.none"), size=8.5),
    ]
    if k.warnings:
        blocks += [Heading(t("baseline.notices.check"), need=0.4),
                   *[Note(say(w, lang), "warning") for w in k.warnings]]
    blocks += [Heading(t("baseline.kpi.how_read"), need=0.4),
               *[Note(n, "item", 7.5) for n in reading_notes(e, k, lang)],
               NewPage(), Heading(t("pdf_apps.baseline.kpis")),
               Table([t("pdf_apps.baseline.kpi"), t("pdf_apps.value"),
                      t("pdf_apps.baseline.basis")],
                     [[c.label, c.value, c.note] for c in kpi_cards(k, lang)],
                     widths=[2.2, 1.5, 3.37], aligns=["left", "right", "left"], size=8)]
    if k.by_channel_kpis is not None:
        names = {ch: channel_label(ch, lang) for ch in k.by_channel_kpis.index}
        heads, rows, _ = group_rows(k.by_channel_kpis, names, lang=lang)
        blocks += [Heading(t("baseline.table.by_channel"), need=1.0),
                   Table([t("pdf_apps.baseline.channel"), *heads], rows, first=1.1)]
    if k.by_agent is not None:
        heads, rows, _ = group_rows(k.by_agent, lang=lang)
        blocks += [Heading(t("baseline.table.by_agent"), need=1.0),
                   Table([t("pdf_apps.baseline.agent"), *heads], rows, first=1.4)]
    charts = [BaselineFigures.CHARTS[name][0] for name in BASELINE_CHARTS]
    blocks += [NewPage(), Heading(t("pdf_apps.baseline.charts"))]
    for start in range(0, len(charts), 2):
        blocks.append(Charts([lambda ax, draw=draw: draw(ax, k, lang=lang)
                              for draw in charts[start:start + 2]],
                             height=3.1, left=0.55, top=0.6, bottom=0.6))
    base = defaults()
    missing = list(not_measured) if not_measured is not None else gaps(k)
    blocks += [
        Heading(t("pdf_apps.baseline.scenario"), need=1.5),
        Table([t("baseline.scenario.assumption"), t("baseline.scenario.measured"),
               t("baseline.scenario.default")],
              [[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], x, currency, lang),
                _with_unit(CATALOG[n], base[n], currency, lang)]
               for n, x in k.scenario_values(annualise).items()],
              widths=[4.07, 1.5, 1.5], size=8, bold_first=False),
        Heading(t("pdf_apps.baseline.not_measured"), need=1.0),
        Note(t("pdf_apps.baseline.not_measured_note"), size=8.5),
        Table([t("baseline.scenario.assumption"), t("pdf_apps.baseline.until_entered")],
              [[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], base[n], currency, lang)]
               for n in missing if n in CATALOG], widths=[5.07, 2.0], size=8,
              bold_first=False)]
    title = t("pdf_apps.baseline.title", name=e.source)
    return report_pdf(t("pdf_apps.baseline.kind"), title, blocks,
                      description=t("pdf_apps.baseline.description"),
                      fields=[(t("reports.pdf.client"), client),
                              (t("pdf_apps.baseline.file"), e.source),
                              (t("pdf_apps.baseline.period"), period),
                              (t("reports.pdf.date"), None), (t("reports.pdf.author"), author)],
                      contents=[t("pdf_apps.baseline.read"), t("pdf_apps.baseline.kpis"),
                                t("pdf_apps.baseline.charts"), t("pdf_apps.baseline.scenario")],
                      footer=t("reports.footer.baseline", file=e.source,
                               start=date_text(k.period_start, lang),
                               end=date_text(k.period_end, lang), timezone=e.timezone,
                               kept=t.number(e.n_valid), rows=t.number(e.n_rows)),
                      date=date, lang=lang)
