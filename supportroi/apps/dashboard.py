"""The ROI dashboard: the main Voilà app.

The notebook ``notebooks/roi_dashboard.ipynb`` only does::

    from supportroi.apps.dashboard import Dashboard
    app = Dashboard()
    app.show()

Controls come from the catalog (:mod:`supportroi.apps.controls`), figures from the
model; this module only wires them together and lays them out. Text figures
update before the chart is drawn, so ROI and NPV respond at once. An error in
a callback shows a short message in the page, never a traceback.
"""

from __future__ import annotations

import html
import types

import ipywidgets as w

from ..assumptions import CATALOG
from ..formatting import headline, money
from ..model import FACTOR_MEANINGS, LINES, evaluate
from ..scenarios import dump_scenario
from .base import CSS, App, download_link, guarded, read_query_string
from .charts import ResultFigure
from .controls import ScenarioControls
from .query import parse_query

__all__ = ["Dashboard", "parse_query", "read_query_string"]

#: Phone and tablet: below 700 px a bar with ROI, NPV and payback stays at the top while the
#: inputs scroll, the chart takes the full width, and the share link wraps.
PHONE_CSS = """<style>
.sr-sticky { display: none; }
.sr-share-query { overflow-wrap: anywhere; word-break: break-all; }
@media (max-width: 700px) {
  .sr-sticky { display: block; position: sticky; top: 0; z-index: 20; }
  /* sticky needs every box between the bar and the page's scroller to let it out */
  .sr-app, .jp-OutputArea:has(.sr-sticky), .jp-OutputArea-child:has(.sr-sticky),
  .jp-OutputArea-output:has(.sr-sticky) { overflow: visible !important; }
  .sr-sticky-bar { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 6px 10px;
                   background: #1f2d3d; color: #fff; font-size: 0.95em;
                   box-shadow: 0 2px 4px rgba(0, 0, 0, 0.25); }
  .sr-sticky-bar b { font-weight: 700; }
  .sr-app .sr-chart { max-width: 100% !important; }
}
</style>"""

_LABELS = {line.key: line.label for line in LINES} | {
    "costs": "Total costs", "benefits": "Total benefits", "net": "Net cash flow",
    "cumulative net": "Cumulative net"}



class Dashboard(App):
    """The ROI dashboard. Build it, then :meth:`show` it in a notebook."""

    def __init__(self, scenario: str | None = None):
        self.figure = ResultFigure()
        self.controls = ScenarioControls(on_change=self._changed)
        self.error = self.controls.error
        self.picker, self.reset = self.controls.picker, self.controls.reset
        self.currency, self.upload = self.controls.currency, self.controls.upload
        self.evaluation = None
        self._building = True

        self.header = w.HTML()
        self.cards = w.HTML()
        self.cards.add_class("sr-headline")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="880px",
                                                           height="auto"))
        self.chart.add_class("sr-chart")
        self.warnings = w.HTML()
        self.intangibles = w.HTML()
        self.table = w.HTML()
        self.table.add_class("sr-yearly")
        self.explain_html = w.HTML()
        self.explain_html.add_class("sr-explain")
        self.explain = w.Accordion(children=[self.explain_html],
                                   titles=("How is this computed?",), selected_index=None)
        self.explain.observe(self._on_explain, names="selected_index")
        self.link = w.HTML()
        self.link.add_class("sr-link")
        self.yaml_link = w.HTML()
        self.excel_button = w.Button(description="Prepare Excel and PDF",
                                     tooltip="An Excel workbook and a PDF report of these "
                                             "results, to download",
                                     layout=w.Layout(width="auto"))
        self.excel_button.add_class("sr-prepare")
        self.excel_button.on_click(self._on_excel)
        self.excel_link = w.HTML()
        self.excel_link.add_class("sr-downloads")
        # At phone width the headline figures stay in view while the inputs scroll.
        self.sticky = w.HTML()
        self.sticky.add_class("sr-sticky")

        controls = w.VBox([self.controls.bar(), self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        results = w.VBox([
            self.error, self.cards, self.chart, self.warnings, self.intangibles,
            w.HTML("<b>Yearly cash flows</b> <span class='sr-muted'>(risk-adjusted; "
                   "year 0 is the initial investment, not discounted)</span>"),
            self.table, self.explain,
            w.HTML("<b>Share and take away</b>"),
            self.link, w.HBox([self.yaml_link, self.excel_button, self.excel_link],
                              layout=w.Layout(flex_flow="row wrap", align_items="center")),
        ], layout=w.Layout(flex="3 1 520px", min_width="0"))
        self.widget = w.VBox([
            w.HTML(CSS + PHONE_CSS), self.sticky, self.header,
            w.Box([controls, results], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       width="100%")),
        ])
        self.widget.add_class("sr-app")
        self._building = False
        if scenario:
            self.picker.value = scenario
        else:
            self._changed(set(CATALOG))

    # -- public --------------------------------------------------------------
    def share_query(self) -> str:
        """The query string that reopens the current settings."""
        return self.controls.share_query()

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _on_explain(self, change) -> None:
        if change.new is not None:
            self._render_explanations()

    @guarded
    def _on_excel(self, _button) -> None:
        # Imported when asked for: openpyxl and matplotlib's PDF backend cost every page's
        # kernel ~0.5 s and ~20 MB, and most people never download.
        from ..reports.excel import excel_workbook
        from ..reports.pdf import pdf_report
        meta = self.controls.meta
        xlsx = excel_workbook(self.evaluation, title=meta["title"],
                              description=meta["description"])
        pdf = pdf_report(self.evaluation, title=meta["title"], description=meta["description"])
        self.excel_link.value = (
            download_link(xlsx, "supportroi-results.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          "Download results.xlsx")
            + download_link(pdf, "supportroi-report.pdf", "application/pdf",
                            "Download report.pdf"))

    # -- internals -----------------------------------------------------------
    @guarded
    def _changed(self, names: set[str]) -> None:
        if self._building:
            return
        values = self.controls.values
        cur = self.currency.value
        source = types.SimpleNamespace(overrides=values, currency=cur,
                                       intangibles=self.controls.meta["intangibles"])
        ev = evaluate(source)
        self.evaluation = ev
        self.error.value = ""
        self._render_cards(ev)                      # first: the figures people watch
        self.chart.value = self.figure.render(ev)   # then the chart
        self._render_details(ev)
        if self.explain.selected_index is not None:
            self._render_explanations()

    def _render_cards(self, ev) -> None:
        a = ev.appraisal
        text = headline(a, ev.currency)
        tone = {"ROI": "sr-good" if (a.roi or 0) > 0 else "sr-bad",
                "NPV": "sr-good" if a.npv > 0 else "sr-bad",
                "Payback": "" if a.payback_years is not None else "sr-bad"}
        cards = []
        for key, label in (("ROI", "ROI"), ("NPV", "NPV"), ("Payback", "Payback"),
                           ("BCR", "Benefit–cost ratio"), ("IRR", "IRR")):
            value = text[key]
            cls = tone.get(key, "")
            if value.startswith(("undefined", "does not")):
                cls += " sr-undefined"
            cards.append(f'<div class="sr-card sr-{key.lower()}"><div class="sr-label">'
                         f'{label}</div><div class="sr-value {cls}">{html.escape(value)}'
                         f"</div></div>")
        self.cards.value = f'<div class="sr-cards">{"".join(cards)}</div>'
        self.sticky.value = ("<div class='sr-sticky-bar' role='status'>"
                             f"<span class='sr-sticky-roi'>ROI <b>{html.escape(text['ROI'])}</b>"
                             f"</span><span>NPV <b>{html.escape(text['NPV'])}</b></span>"
                             f"<span>Payback <b>{html.escape(text['Payback'])}</b></span></div>")

    def _render_details(self, ev) -> None:
        m = self.controls.meta
        desc = f"<div class='sr-muted'>{html.escape(m['description'])}</div>" if m[
            "description"] else ""
        self.header.value = (f"<h2>{html.escape(m['title'])}</h2>{desc}"
                             f"<div class='sr-muted'>Horizon {ev.appraisal.horizon_years} years, "
                             f"discount rate {100 * ev.appraisal.rate:.1f} %. PV benefits "
                             f"{_money(ev.appraisal.pv_benefits, ev.currency)}, PV costs "
                             f"{_money(ev.appraisal.pv_costs, ev.currency)}; terminal value of "
                             f"kept customers (not in ROI) "
                             f"{_money(ev.terminal_value, ev.currency, why='no churn')}.</div>")
        q = ev.quantities
        if ev.values["staffing_method"] == "erlang":
            def wait(which):
                bad = q[f"unstable_{which}"]
                return (f"unbounded (the queue is unstable in {bad:,.0f} half-hours)" if bad
                        else f"{q[f'asa_{which}_s']:,.0f} s")

            self.header.value += (
                f"<div class='sr-muted sr-erlang'>Phone staffing (Erlang C, "
                f"{100 * ev.values['target_service_level']:.0f} % of calls within "
                f"{ev.values['target_answer_time_s']:.0f} s): {q['fte_phone_before']:,.1f} FTE "
                f"needed today, {q['fte_phone_after']:,.1f} after the initiative. Average wait "
                f"with your team: {wait('before')} today, {wait('after')} after. Calls "
                f"abandoned (Erlang A, callers' mean patience "
                f"{ev.values['caller_patience_s']:,.0f} s): {100 * q['abandon_before']:.1f} % "
                f"today → {100 * q['abandon_after']:.1f} % after{_abandon_churn(q)}.</div>")
        if ev.warnings:
            items = "".join(f"<li><b>{html.escape(CATALOG[p.key].label)}</b>: "
                            f"{html.escape(p.message)}</li>" for p in ev.warnings)
            self.warnings.value = (f'<div class="sr-warning"><b>Check these inputs</b> '
                                   f"(allowed, but worth a second look)<ul>{items}</ul></div>")
        else:
            self.warnings.value = ""
        if ev.intangibles:
            items = "".join(f"<li>{html.escape(i)}</li>" for i in ev.intangibles)
            self.intangibles.value = (f"<b>Intangible benefits</b> <span class='sr-muted'>(not "
                                      f"in the ROI)</span><ul>{items}</ul>")
        else:
            self.intangibles.value = ""
        self.table.value = _table_html(ev)
        query = self.share_query()
        self.link.value = (f'<a href="?{html.escape(query)}" target="_blank" '
                           f'class="sr-share">Link to these settings</a> '
                           f"<span class='sr-muted sr-share-query'>?{html.escape(query)}</span>")
        self.yaml_link.value = download_link(dump_scenario(self.controls.scenario()).encode(),
                                              "scenario.yaml", "application/x-yaml",
                                              "Download scenario (YAML)")
        self.excel_link.value = ""

    def _render_explanations(self) -> None:
        ev = self.evaluation
        parts = [("<p class='sr-muted'>Each line: the full-year amount with this scenario's "
                  "numbers, then the timing and adjustments applied. Year 0 is not discounted; "
                  "later years are discounted at year end. ROI = NPV ÷ PV(costs).</p>"),
                 ("<p class='sr-muted sr-factor-meanings'>Each benefit's combined factor has "
                  "one term per uncertainty, none counted twice — "
                  f"{html.escape(FACTOR_MEANINGS)}.</p>")]
        for e in ev.explain():
            factor = (f", combined factor {100 * e.factor:.1f} %" if e.kind == "benefit"
                      else "")
            parts.append(f"<b>{html.escape(e.label)}</b> <span class='sr-muted sr-factor'>"
                         f"({e.kind}, total {_money(e.total, ev.currency)}{factor})</span>"
                         f"<pre>{html.escape(e.formula)}\n"
                         f"{html.escape(_adjustments(e.adjustments))}</pre>")
        self.explain_html.value = "".join(parts)


def _abandon_churn(q) -> str:
    """The churn cut from fewer abandoned calls, if the link is on."""
    cut = q["abandon_churn_reduction"]
    return f", which cuts churn by {100 * cut:.2f} points" if cut else ""


def _adjustments(text: str) -> str:
    """A line's adjustments with the combined factor on its own line and the
    meanings of the factors (said once above the lines) left out."""
    return text.replace(f" ({FACTOR_MEANINGS})", "").replace(" = combined factor",
                                                             "\n= combined factor")


def _money(x, currency: str, **kw) -> str:
    """:func:`money`, escaped for HTML (the currency symbol is user text)."""
    return html.escape(money(x, currency, **kw))


def _table_html(ev) -> str:
    cur = ev.currency
    years = list(ev.table.columns)
    head = "".join(f"<th>Year {y}</th>" for y in years)
    rows = []
    for (kind, key), amounts in zip(ev.table.index, ev.table.to_numpy()):
        if kind != "total" and not amounts.any():
            continue  # lines this scenario does not use
        cls = ' class="sr-total"' if key == "costs" else ""
        cells = "".join(f"<td>{_money(x, cur)}</td>" for x in amounts)
        label = _LABELS[key] + (" (cost)" if kind == "cost" else "")
        rows.append(f"<tr{cls}><td>{html.escape(label)}</td>{cells}</tr>")
    return (f'<table class="sr-table"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
