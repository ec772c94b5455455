"""The risk app's take-away files: a workshop PDF and the auditable workbook.

*Prepare Excel and PDF* writes, for the scenario inputs shown, the Excel
workbook (named inputs, every cash-flow line a live formula:
:func:`supportroi.reports.excel.excel_workbook`, with the Monte Carlo summary
on its own sheet when a run is shown for these inputs) and the PDF
(:func:`supportroi.reports.pdf.pdf_report` with a title page naming the
client and the author, and a :class:`~supportroi.reports.pdf.RiskSummary`:
tornado, Monte Carlo, break-even). Links of earlier files go as soon as an
input changes.
"""

from __future__ import annotations

import ipywidgets as w

from ...model import evaluate
from ...reports.excel import excel_workbook
from ...reports.pdf import RiskSummary, pdf_report
from ..base import download_link, guarded
from ..report_fields import ReportFields
from .common import notice

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
        self.prepare = w.Button(description="Prepare Excel and PDF", icon="download",
                                tooltip="The workbook (live formulas) and a report with the "
                                        "tornado, the Monte Carlo and the break-even",
                                layout=w.Layout(width="auto"))
        self.prepare.add_class("sr-risk-prepare")
        self.prepare.on_click(self._on_prepare)
        self.notice = w.HTML()
        self.notice.add_class("sr-risk-downloads-notice")
        self.links = w.HTML()
        self.links.add_class("sr-downloads")
        self.box = w.VBox([
            w.HTML("<h3>Take away</h3><div class='sr-muted'>An Excel workbook a finance "
                   "person can audit (every line a live formula; the Monte Carlo summary "
                   "when a run is shown) and a PDF report with a title page.</div>"),
            self.fields.widget,
            w.HBox([self.prepare, self.links],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.notice], layout=w.Layout(width="100%"))
        self.box.add_class("sr-risk-downloads")

    def clear(self) -> None:
        self.links.value = ""

    def summary(self) -> RiskSummary:
        """What the risk views show now; the Monte Carlo only if run with these inputs."""
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
            self.links.value = ""
            self.notice.value = notice("Not prepared:", problems)
            return
        app = self.app
        scenario = app.controls.scenario()
        ev = evaluate(scenario)
        risk = self.summary()
        title, description = app.controls.meta["title"], app.controls.meta["description"]
        xlsx = excel_workbook(ev, title=title, description=description,
                              monte_carlo=risk.monte_carlo)
        pdf = pdf_report(ev, title=title, description=description, client=client,
                         author=author, risk=risk, title_page=True)
        self.notice.value = ("" if risk.monte_carlo is not None else
                             "<div class='sr-muted'>No Monte Carlo for these inputs yet: press "
                             "<b>Run</b> first to put its chances and percentiles in the "
                             "files.</div>")
        self.links.value = (download_link(xlsx, "supportroi-risk.xlsx", _XLSX,
                                          "Download workbook.xlsx")
                            + download_link(pdf, "supportroi-risk-report.pdf",
                                            "application/pdf", "Download report.pdf"))
