"""The risk app's take-away files: a workshop PDF and the auditable workbook.

*Prepare Excel and PDF* writes, for the scenario inputs shown, the Excel
workbook (named inputs, every cash-flow line a live formula:
:func:`supportroi.reports.excel.excel_workbook`, with the Monte Carlo summary
on its own sheet when a run is shown for these inputs) and the PDF
(:func:`supportroi.reports.pdf.pdf_report` with a title page naming the
client and the author, and a :class:`~supportroi.reports.pdf.RiskSummary`:
tornado, Monte Carlo, break-even). Links of earlier files go as soon as an
input changes. The page's texts are ``risk.downloads.*`` in the app's language
(:attr:`RiskDownloads.lang`, the app's ``lang``), and so are the workbook and the PDF.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...i18n import translator
from ...model import evaluate
from ..base import download_link, guarded
from ..report_fields import MAX_FIELD, ReportFields
from ..touch import HelpTip
from .common import help_lines, notice

__all__ = ["RiskDownloads"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RiskDownloads:
    """The take-away area of the risk app over ``app`` (a
    :class:`~supportroi.apps.risk.RiskApp`): ``fields``
    (:class:`ReportFields`), ``prepare`` (the button), ``notice`` and
    ``links``; ``box`` lays them out. :meth:`clear` drops the links."""

    def __init__(self, app):
        self.app = app
        self.error = app.error
        self.fields = ReportFields(on_change=self.clear)
        self.prepare = w.Button(icon="download", layout=w.Layout(width="auto"))
        self.prepare.add_class("sr-risk-prepare")
        self.prepare.on_click(self._on_prepare)
        self.notice = w.HTML()
        self.notice.add_class("sr-risk-downloads-notice")
        self.links = w.HTML()
        self.links.add_class("sr-downloads")
        self._intro = w.HTML()
        self._tip = HelpTip("risk-prepare")   # what the button's tooltip says, on tap
        self.box = w.VBox([
            self._intro,
            self.fields.widget,
            self._tip.wrap(w.HBox([self.prepare, self.links],
                                  layout=w.Layout(flex_flow="row wrap", align_items="center"))),
            self.notice], layout=w.Layout(width="100%"))
        self.box.add_class("sr-risk-downloads")
        self.set_language(self.lang)

    @property
    def lang(self) -> str:
        """The app's language (en, ru, zh)."""
        return self.app.lang

    def set_language(self, lang: str) -> None:
        """Redraw the texts in ``lang`` (what was typed stays; prepared files go, their
        links being in the old language)."""
        t = translator(lang)
        self._intro.value = (f"<h3>{html.escape(t('risk.downloads.title'))}</h3><div "
                             f"class='sr-muted'>{html.escape(t('risk.downloads.intro'))}</div>")
        self.prepare.description = t("risk.downloads.prepare")
        self.prepare.tooltip = t("risk.downloads.prepare_tip")
        self._tip.show(self.prepare.description, help_lines(
            [(self.prepare.description, self.prepare.tooltip)], lang), lang)
        self.fields.client.description = t("risk.downloads.client")
        self.fields.client.placeholder = t("risk.downloads.client_placeholder")
        self.fields.author.description = t("risk.downloads.author")
        self.fields.author.placeholder = t("risk.downloads.author_placeholder")
        self.clear()
        self.notice.value = ""

    def clear(self) -> None:
        self.links.value = ""

    def summary(self):
        """What the risk views show now (a :class:`~supportroi.reports.pdf.RiskSummary`);
        the Monte Carlo only if run with these inputs."""
        from ...reports.pdf import RiskSummary  # loaded when asked for (see dashboard)

        app = self.app
        view = app.monte_carlo_view
        view.refresh_stale()
        mc = view.result if view.result is not None and not view.mc_stale.value else None
        t_view = app.tornado_view
        metric = t_view.t_metric.value if t_view.t_metric.value in ("npv", "roi") else "npv"
        return RiskSummary(tornado=app.tornado_result, metric=metric, top=t_view.t_top.value,
                           keep=tuple(app.tornado_ranges()), monte_carlo=mc,
                           break_even=app.break_even_result)

    @guarded
    def _on_prepare(self, _button) -> None:
        client, author, problems = self.fields.values()
        if problems:
            t = translator(self.lang)
            said = [t("risk.downloads.too_long", field=box.description, limit=t.number(MAX_FIELD),
                      n=t.number(len(" ".join(str(box.value or "").split()))))
                    for box in (self.fields.client, self.fields.author)
                    if len(" ".join(str(box.value or "").split())) > MAX_FIELD]
            self.links.value = ""
            self.notice.value = notice(t("risk.downloads.not_prepared"), said or problems)
            return
        # Loaded when asked for: openpyxl and matplotlib's PDF backend (see dashboard).
        from ...reports.excel import excel_workbook
        from ...reports.pdf import pdf_report

        app = self.app
        scenario = app.controls.scenario()
        ev = evaluate(scenario)
        risk = self.summary()
        title, description = app.controls.meta["title"], app.controls.meta["description"]
        # A baseline's inputs its data could not give, still at a default: provisional.
        needed = app.controls.still_needed()
        xlsx = excel_workbook(ev, title=title, description=description,
                              monte_carlo=risk.monte_carlo, lang=self.lang, still_needed=needed)
        pdf = pdf_report(ev, title=title, description=description, client=client,
                         author=author, risk=risk, title_page=True, lang=self.lang,
                         still_needed=needed)
        t = translator(self.lang)
        self.notice.value = ("" if risk.monte_carlo is not None else
                             f"<div class='sr-muted'>{t('risk.downloads.no_run')}</div>")
        self.links.value = (download_link(xlsx, "supportroi-risk.xlsx", _XLSX,
                                          t("risk.downloads.download_xlsx"))
                            + download_link(pdf, "supportroi-risk-report.pdf",
                                            "application/pdf", t("risk.downloads.download_pdf")))
