"""The ROI dashboard: the main Voilà app.

The notebook ``notebooks/roi_dashboard.ipynb`` only does::

    from supportroi.app import Dashboard
    app = Dashboard()
    app.show()

Controls come from the catalog (:mod:`supportroi.controls`), figures from the
model; this module only wires them together and lays them out. Text figures
update before the chart is drawn, so ROI and NPV respond at once. An error in
a callback shows a short message in the page, never a traceback.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import re
import types
from urllib.parse import parse_qsl, urlencode

import ipywidgets as w
from IPython.display import display

from .assumptions import CATALOG, defaults, suggest
from .charts import ResultFigure
from .controls import DERIVED, AssumptionControls
from .exports import excel_workbook
from .formatting import headline, money
from .model import LINES, evaluate
from .scenarios import Scenario, ScenarioError, dump_scenario, load_scenario, parse_scenario, \
    shipped_scenarios

__all__ = ["Dashboard", "parse_query", "read_query_string"]

log = logging.getLogger(__name__)

CURRENCIES = ("$", "€", "£", "CHF", "kr", "¥", "₹")
_LABELS = {line.key: line.label for line in LINES} | {
    "costs": "Total costs", "benefits": "Total benefits", "net": "Net cash flow",
    "cumulative net": "Cumulative net"}

CSS = """
<style>
.sr-app { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sr-app h2 { margin: 0.2em 0; font-size: 1.35em; }
.sr-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px 0; }
.sr-card { flex: 1 1 120px; border: 1px solid #d5dbe3; border-radius: 6px; padding: 6px 10px;
           background: #f8fafc; min-width: 110px; }
.sr-card .sr-label { font-size: 0.78em; color: #56606b; text-transform: uppercase; }
.sr-card .sr-value { font-size: 1.35em; font-weight: 600; color: #1f2d3d; }
.sr-card .sr-value.sr-bad { color: #b03a2e; }
.sr-card .sr-value.sr-good { color: #1e8449; }
.sr-card .sr-value.sr-undefined { font-size: 0.95em; font-weight: 500; }
.sr-warning { background: #fff4e5; border-left: 4px solid #e67e22; padding: 4px 10px; }
.sr-warning ul { margin: 2px 0; padding-left: 18px; }
.sr-error-box { background: #fdecea; border-left: 4px solid #c0392b; padding: 4px 10px; }
table.sr-table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
table.sr-table td, table.sr-table th { padding: 2px 6px; text-align: right;
                                       border-bottom: 1px solid #eceff3; white-space: nowrap; }
table.sr-table td:first-child, table.sr-table th:first-child { text-align: left; }
table.sr-table tr.sr-total td { font-weight: 600; border-top: 1px solid #9aa5b1; }
.sr-explain pre { white-space: pre-wrap; font-size: 0.85em; margin: 2px 0 8px 0; }
.sr-muted { color: #56606b; font-size: 0.85em; }
</style>
"""


def read_query_string() -> str:
    """The page's query string under Voilà (also with preheated kernels); "" elsewhere."""
    try:
        from voila.utils import get_query_string
    except ImportError:  # pragma: no cover - voila is an app dependency
        return ""
    return get_query_string() or ""


def parse_query(query: str) -> tuple[str | None, str | None, dict, list[str]]:
    """Split ``?scenario=x&currency=€&discount_rate=0.08`` into the scenario
    name, currency, assumption values and notices for what was ignored.

    Values are parsed strictly: whole numbers for whole-number inputs, finite
    decimals otherwise. Nothing invalid is applied; each problem is a notice.
    """
    scenario = currency = None
    values, notices = {}, []
    shipped = shipped_scenarios()
    for key, text in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if key.startswith("voila") or key == "token":
            continue
        if key == "scenario":
            if text in shipped:
                scenario = text
            else:
                notices.append(f"scenario '{text}' is not one of the shipped scenarios "
                               f"({', '.join(shipped)}){suggest(text, shipped)}; ignored")
            continue
        if key == "currency":
            if 1 <= len(text.strip()) <= 5:
                currency = text.strip()
            else:
                notices.append(f"currency '{text}' is not a short symbol; ignored")
            continue
        a = CATALOG.get(key)
        if a is None:
            notices.append(f"unknown parameter '{key}'{suggest(key)}; ignored")
            continue
        try:
            value = int(text) if a.kind == "int" else float(text)
        except ValueError:
            kind = "a whole number" if a.kind == "int" else "a number"
            notices.append(f"{key}={text!r} is not {kind}; ignored")
            continue
        values[key] = value
    return scenario, currency, values, notices


def _guard(method):
    """Run a callback; on an error show a short message instead of a traceback."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
            log.exception("dashboard callback %s failed", method.__name__)
            self.error.value = (
                '<div class="sr-error-box" role="alert">Something went wrong while updating '
                f"({html.escape(type(exc).__name__)}: {html.escape(str(exc)[:200])}). "
                "The last valid results are shown; change a value or reset to continue.</div>")
    return wrapper


class Dashboard:
    """The ROI dashboard. Build it, then :meth:`show` it in a notebook."""

    def __init__(self, scenario: str | None = None):
        self.figure = ResultFigure()
        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.controls = AssumptionControls(on_change=self._changed)
        self.meta = {"title": "Catalog defaults", "description": "", "intangibles": (),
                     "currency": "$"}
        self.base_values = defaults()
        self.base_name = ""
        self.evaluation = None
        self._building = True

        shipped = shipped_scenarios()
        self._scenario_titles = {}
        options = [("Catalog defaults", "")]
        for name, path in shipped.items():
            try:
                title = load_scenario(path).title or name
            except ScenarioError:
                title = f"{name} (invalid file)"
            self._scenario_titles[name] = title
            options.append((title, name))
        self.picker = w.Dropdown(options=options, value="", description="Scenario",
                                 layout=w.Layout(width="98%"),
                                 style={"description_width": "70px"})
        self.picker.add_class("sr-scenario")
        self.picker.observe(self._on_pick, names="value")
        self.reset = w.Button(description="Reset to defaults", icon="undo",
                              tooltip="Set every input back to the catalog defaults",
                              layout=w.Layout(width="auto"))
        self.reset.add_class("sr-reset")
        self.reset.on_click(self._on_reset)
        self.currency = w.Dropdown(options=CURRENCIES, value="$", description="Currency",
                                   layout=w.Layout(width="160px"),
                                   style={"description_width": "60px"})
        self.currency.add_class("sr-currency")
        self.currency.observe(self._on_currency, names="value")
        self.upload = w.FileUpload(accept=".yaml,.yml", multiple=False,
                                   description="Open scenario file",
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-upload")
        self.upload.observe(self._on_upload, names="value")

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
        self.excel_button = w.Button(description="Prepare Excel workbook", icon="table",
                                     layout=w.Layout(width="auto"))
        self.excel_button.on_click(self._on_excel)
        self.excel_link = w.HTML()

        controls = w.VBox([
            self.picker,
            w.HBox([self.reset, self.currency], layout=w.Layout(flex_flow="row wrap")),
            self.upload,
            self.controls.notice,
            self.controls.panel(),
        ], layout=w.Layout(flex="1 1 340px", max_width="480px", min_width="280px",
                           padding="0 8px 0 0"))
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
            w.HTML(CSS), self.header,
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
    def show(self, query: str | None = None) -> None:
        """Apply the page's URL parameters (under Voilà) and display the app."""
        self.apply_query(read_query_string() if query is None else query)
        display(self.widget)

    def _ipython_display_(self):
        display(self.widget)

    def apply_query(self, query: str) -> list[str]:
        """Apply ``scenario=…&currency=…&name=value`` parameters; returns notices."""
        if not query:
            return []
        scenario, currency, values, notices = parse_query(query)
        if scenario:
            self.picker.value = scenario
        if currency:
            if currency not in self.currency.options:
                self.currency.options = (*self.currency.options, currency)
            self.currency.value = currency
        if values:
            notices += [f"URL parameter {m}" for m in self.controls.set_values(values)]
        if notices:
            self.controls.show_notice([f"{n}" for n in notices])
        return notices

    def share_query(self) -> str:
        """The query string that reopens the current settings."""
        params = {}
        if self.base_name:
            params["scenario"] = self.base_name
        if self.currency.value != self.meta["currency"]:
            params["currency"] = self.currency.value
        for name, value in self.controls.values.items():
            if name not in DERIVED and value != self.base_values[name]:
                params[name] = repr(value) if isinstance(value, float) else str(value)
        return urlencode(params)

    # -- callbacks -----------------------------------------------------------
    @_guard
    def _on_pick(self, change) -> None:
        name = change.new
        if not name:
            self._load(Scenario(title="Catalog defaults"), "")
            return
        try:
            scenario = load_scenario(shipped_scenarios()[name])
        except ScenarioError as exc:
            self.controls.show_notice([str(p) for p in exc.problems])
            return
        self._load(scenario, name)

    @_guard
    def _on_reset(self, _button) -> None:
        if self.picker.value == "":
            self._load(Scenario(title="Catalog defaults"), "")
        else:
            self.picker.value = ""

    @_guard
    def _on_upload(self, change) -> None:
        files = change.new
        if not files:
            return
        item = files[0]
        try:
            scenario = parse_scenario(bytes(item["content"]), item["name"])
        except ScenarioError as exc:
            self.controls.show_notice([f"{item['name']}: nothing loaded."]
                                      + [str(p) for p in exc.problems])
            return
        self._load(scenario, "")
        self.controls.show_notice([])

    @_guard
    def _on_currency(self, change) -> None:
        self.controls.set_currency(change.new)
        self._changed(set())

    @_guard
    def _on_explain(self, change) -> None:
        if change.new is not None:
            self._render_explanations()

    @_guard
    def _on_excel(self, _button) -> None:
        data = excel_workbook(self.evaluation, title=self.meta["title"],
                              description=self.meta["description"])
        self.excel_link.value = _download_link(
            data, "supportroi-results.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Download results.xlsx")

    # -- internals -----------------------------------------------------------
    def _load(self, scenario: Scenario, name: str) -> None:
        self.meta = {"title": scenario.title or name or "Custom scenario",
                     "description": scenario.description,
                     "intangibles": tuple(scenario.intangibles), "currency": scenario.currency}
        self.base_name = name
        self.base_values = scenario.values
        if scenario.currency not in self.currency.options:
            self.currency.options = (*self.currency.options, scenario.currency)
        self._building = True
        try:
            self.currency.value = scenario.currency
            self.controls.set_currency(scenario.currency)
            self.controls.set_values(scenario.values)
        finally:
            self._building = False
        self._changed(set(CATALOG))

    @_guard
    def _changed(self, names: set[str]) -> None:
        if self._building:
            return
        values = self.controls.values
        cur = self.currency.value
        source = types.SimpleNamespace(overrides=values, intangibles=self.meta["intangibles"],
                                       currency=cur)
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

    def _render_details(self, ev) -> None:
        m = self.meta
        desc = f"<div class='sr-muted'>{html.escape(m['description'])}</div>" if m[
            "description"] else ""
        self.header.value = (f"<h2>{html.escape(m['title'])}</h2>{desc}"
                             f"<div class='sr-muted'>Horizon {ev.appraisal.horizon_years} years, "
                             f"discount rate {100 * ev.appraisal.rate:.1f} %. PV benefits "
                             f"{money(ev.appraisal.pv_benefits, ev.currency)}, PV costs "
                             f"{money(ev.appraisal.pv_costs, ev.currency)}; terminal value of "
                             f"kept customers (not in ROI) "
                             f"{money(ev.terminal_value, ev.currency, why='no churn')}.</div>")
        if ev.warnings:
            items = "".join(f"<li><b>{html.escape(CATALOG[p.key].label)}</b>: "
                            f"{html.escape(p.message)}</li>" for p in ev.warnings)
            self.warnings.value = (f'<div class="sr-warning"><b>Check these inputs</b> '
                                   f"(allowed, but outside the benchmark range)<ul>{items}</ul>"
                                   "</div>")
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
                           f"<span class='sr-muted'>?{html.escape(query)}</span>")
        scenario = Scenario.from_values(self.controls.values, title=m["title"],
                                        description=m["description"], currency=ev.currency,
                                        intangibles=m["intangibles"])
        self.yaml_link.value = _download_link(dump_scenario(scenario).encode(),
                                              "scenario.yaml", "application/x-yaml",
                                              "Download scenario (YAML)")
        self.excel_link.value = ""

    def _render_explanations(self) -> None:
        ev = self.evaluation
        parts = ["<p class='sr-muted'>Each line: the full-year amount with this scenario's "
                 "numbers, then the timing and adjustments applied. Year 0 is not discounted; "
                 "later years are discounted at year end. ROI = NPV ÷ PV(costs).</p>"]
        for e in ev.explain():
            parts.append(f"<b>{html.escape(e.label)}</b> <span class='sr-muted'>"
                         f"({e.kind}, total {money(e.total, ev.currency)})</span>"
                         f"<pre>{html.escape(e.formula)}\n{html.escape(e.adjustments)}</pre>")
        self.explain_html.value = "".join(parts)


def _download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    safe_name = re.sub(r"[^\w.-]", "_", filename)
    return (f'<a download="{safe_name}" href="data:{mime};base64,{b64}" '
            f'class="sr-download" style="margin-right:12px">{html.escape(label)}</a>')


def _table_html(ev) -> str:
    cur = ev.currency
    years = list(ev.table.columns)
    head = "".join(f"<th>Year {y}</th>" for y in years)
    rows = []
    for (kind, key), amounts in zip(ev.table.index, ev.table.to_numpy()):
        if kind != "total" and not amounts.any():
            continue  # lines this scenario does not use
        cls = ' class="sr-total"' if key == "costs" else ""
        cells = "".join(f"<td>{money(x, cur)}</td>" for x in amounts)
        label = _LABELS[key] + (" (cost)" if kind == "cost" else "")
        rows.append(f"<tr{cls}><td>{html.escape(label)}</td>{cells}</tr>")
    return (f'<table class="sr-table"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
