"""The tornado view: which assumptions matter, one at a time at their low and high value.

NPV or ROI for every assumption or a chosen set, with the table of tested
values and cuts. Low and high are the user's own range for the assumptions
given one (low / high boxes, in the assumption's display unit: per cent for
shares and rates), else ± a band of the current value, cut to what is valid.
Ranges the model refuses (:class:`~supportroi.risk.RangeError`) are listed in
a notice and the last tornado stays. Recomputed on every change (a few ms);
the chart is redrawn only when what it shows changed.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import money, percent, unit_label
from ...risk import DEFAULT_BAND, RangeError, business_drivers, tornado
from ..base import guarded
from ..charts import BLANK_PNG
from ..controls import ScenarioControls
from ..risk_charts import PngFigure, tornado_chart, tornado_rows
from .common import (
    BANDS,
    DEFAULT_TOP,
    RangeRow,
    assumption_options,
    default_ranges,
    format_value,
    notice,
    numeric_names,
    offer_the_rest,
    problem_text,
    range_head,
    relabel,
)

__all__ = ["TOPS", "TornadoView", "tornado_table"]

#: Bar counts offered (0 = all).
TOPS = (10, 15, 20, 30, 0)
_WIDTH = 720  # px: the chart's natural width

_INTRO = ("<h3>Which assumptions matter? (tornado)</h3><div class='sr-muted'>Each "
          "assumption moves alone to its low and high value; the others stay as set in the "
          "scenario inputs. Sorted by swing, the largest on top. <i>Business drivers</i> are "
          "the uncertain estimates; <i>All assumptions</i> adds modelling knobs (team size, "
          "paid hours, shrinkage, occupancy) and decisions (costs, agents added). Low and high are the "
          "current value ∓ the Range band, cut to what is valid, unless you set your own "
          "low / high for an assumption (per cent for shares and rates).</div>")
_TABLE_HEAD = ("<b>Values tested</b> <span class='sr-muted'>(notes say where a catalog bound "
               "or a rule between inputs cut the range, and what moved with it)</span>")


def tornado_table(rows, total: int, own: set = frozenset(), currency: str = "$") -> str:
    """The table of tested values under the chart: one row per bar shown
    (``rows`` from :func:`~supportroi.apps.risk_charts.tornado_rows`), out of
    ``total`` assumptions; ``own`` names the rows with the user's own range."""
    cur = currency
    head = ("<tr><th>Assumption</th><th>Base</th><th>Low</th><th>High</th>"
            "<th>NPV at low</th><th>NPV at high</th><th>NPV swing</th>"
            "<th>ROI at low</th><th>ROI at high</th></tr>")
    body = []
    for r in rows.itertuples(index=False):
        name = r.name
        unit = unit_label(CATALOG[name], cur)
        notes = "; ".join(x for x in ("your range" if name in own else "",
                                      r.cut and f"cut: {r.cut}", r.note) if x)
        cells = [(f"{html.escape(r.label)} <span class='sr-muted'>({html.escape(unit)})"
                 "</span>"),
                 format_value(name, r.base, cur, per=False),
                 format_value(name, r.low, cur, per=False),
                 format_value(name, r.high, cur, per=False),
                 money(r.npv_low, cur), money(r.npv_high, cur), money(r.swing, cur),
                 percent(r.roi_low, "no costs"), percent(r.roi_high, "no costs")]
        if notes:
            cells[0] += f"<div class='sr-note'>{html.escape(notes)}</div>"
        tds = "".join(f"<td>{c}</td>" if i == 0 else f"<td>{html.escape(c)}</td>"
                      for i, c in enumerate(cells))
        body.append(f"<tr class='sr-row-{name}'>{tds}</tr>")
    shown = (f"<div class='sr-muted'>Showing {len(rows)} of {total} assumptions; pick "
             f"<i>All</i> under Bars to list every one.</div>" if len(rows) < total else "")
    return (f"<div class='sr-scroll'><table class='sr-table'><thead>{head}</thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>{shown}")


class TornadoView:
    """The tornado section: its inputs, chart and table, over ``controls``.

    Widgets: ``t_metric``, ``t_set``, ``t_names``, ``t_top``, ``t_band``,
    ``t_range_add``, ``t_range_add_button``, ``t_rows`` (name → low / high
    :class:`~supportroi.apps.risk.common.RangeRow`), ``t_notice``, ``t_chart``,
    ``t_table``; ``tornado_box`` lays them out. ``result`` is the
    :class:`~supportroi.risk.Tornado` shown. Call :meth:`update` when the
    scenario inputs change, then :meth:`draw`.
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("t_metric", "t_set", "t_names", "t_top", "t_band", "t_range_add",
               "t_range_add_button", "t_rows", "t_notice", "t_chart", "t_table", "tornado_box")

    def __init__(self, controls: ScenarioControls):
        self.controls = controls
        self.error = controls.error
        self.result = None
        self._key = None        # what the shown chart was drawn from
        self._pending = None    # what it should show next
        self._figure = PngFigure(_WIDTH, 420)
        self._build_choices()
        self._build_own_ranges()
        self._build_results()
        self.tornado_box = w.VBox([
            w.HTML(_INTRO),
            w.HBox([self.t_metric, self.t_set, self.t_top, self.t_band],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.t_names,
            w.HBox([self.t_range_add, self.t_range_add_button],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.t_range_head, self.t_range_rows, self.t_notice, self._chart_box,
            w.HTML(_TABLE_HEAD), self.t_table,
        ], layout=w.Layout(width="100%"))
        self.tornado_box.add_class("sr-tornado")

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def ranges(self) -> dict:
        """The own ranges as entered: ``{name: (low, high)}`` in each
        assumption's unit (fractions as decimals); the others use the band."""
        return {name: row.get() for name, row in self.t_rows.items()}

    # -- building ------------------------------------------------------------
    def _build_choices(self) -> None:
        self.t_metric = w.ToggleButtons(options=[("NPV", "npv"), ("ROI", "roi")], value="npv",
                                        tooltips=["Net present value [$]",
                                                  "Return on investment: NPV ÷ PV(costs) [%]"],
                                        style={"button_width": "60px"})
        self.t_metric.add_class("sr-t-metric")
        self.t_set = w.ToggleButtons(
            options=[("Business drivers", "drivers"), ("All assumptions", "all"),
                     ("Chosen", "chosen")], value="drivers", style={"button_width": "120px"},
            tooltips=[("The uncertain estimates, without modelling knobs (team size, paid "
                       "hours, shrinkage, occupancy) and decisions (costs, agents added)"),
                      "Every assumption with a number, knobs and decisions too",
                      "The assumptions you pick in the list"])
        self.t_set.add_class("sr-t-set")
        self.t_top = w.Dropdown(options=[(str(n) if n else "All", n) for n in TOPS],
                                value=DEFAULT_TOP, description="Bars",
                                layout=w.Layout(width="130px"),
                                style={"description_width": "40px"})
        self.t_top.add_class("sr-t-top")
        self.t_band = w.Dropdown(options=[(f"±{100 * b:.0f} %", b) for b in BANDS],
                                 value=DEFAULT_BAND, description="Range",
                                 tooltip="Low and high values: the current value ∓ this share "
                                         "of it, cut to what is valid",
                                 layout=w.Layout(width="150px"),
                                 style={"description_width": "46px"})
        self.t_band.add_class("sr-t-band")
        self.t_names = w.SelectMultiple(
            options=assumption_options(numeric_names()),
            rows=8, description="Choose", layout=w.Layout(width="98%", display="none"),
            style={"description_width": "60px"})
        self.t_names.add_class("sr-t-names")
        for widget in (self.t_metric, self.t_set, self.t_top, self.t_band, self.t_names):
            widget.observe(self._on_input, names="value")

    def _build_own_ranges(self) -> None:
        """Own low / high values per assumption, instead of the band."""
        self.t_rows: dict[str, RangeRow] = {}
        self.t_range_add = w.Dropdown(options=[], description="Own range",
                                      layout=w.Layout(width="340px"),
                                      style={"description_width": "76px"})
        self.t_range_add.add_class("sr-t-range-add")
        self.t_range_add_button = w.Button(
            description="Set low / high", icon="plus", layout=w.Layout(width="auto"),
            tooltip="Give this assumption your own low and high value instead of the band")
        self.t_range_add_button.add_class("sr-t-range-add-button")
        self.t_range_add_button.on_click(self._on_range_add)
        self.t_range_head = range_head(("low", "high"))
        self.t_range_rows = w.VBox(layout=w.Layout(width="100%"))
        self.t_range_rows.add_class("sr-t-ranges")
        self._sync_rows()

    def _build_results(self) -> None:
        self.t_notice = w.HTML()
        self.t_notice.add_class("sr-t-notice")
        # Shown at its natural width at most; on a phone not below 540 px (about
        # three quarters of natural size) but scrolled sideways instead.
        self.t_chart = w.Image(value=BLANK_PNG, format="png", layout=w.Layout(
            width="100%", max_width=f"{_WIDTH}px", min_width="540px", height="auto"))
        self.t_chart.add_class("sr-tornado-chart")
        self._chart_box = w.Box([self.t_chart],
                                layout=w.Layout(width="100%", overflow="auto hidden"))
        self._chart_box.add_class("sr-tornado-wrap")
        self.t_table = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.t_table.add_class("sr-tornado-table")
        self.t_table.add_class("sr-wide")

    # -- updating ------------------------------------------------------------
    def update(self, draw: bool = True) -> None:
        """Recompute the tornado (a few ms) and its table; redraw the chart
        now (``draw``) or at the next :meth:`draw`, and only if what it shows
        changed."""
        chosen = self.t_set.value == "chosen"
        names = ([n for n in self.t_names.value if n in CATALOG] if chosen else
                 business_drivers() if self.t_set.value == "drivers" else None)
        if chosen and not names:
            self.t_notice.value = notice("Nothing to show:", [
                "choose at least one assumption in the list (Ctrl- or Cmd-click for several)"])
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        ranges = self.ranges()
        try:
            t = tornado(self.controls.values, names=names, ranges=ranges, band=band)
        except RangeError as exc:
            self.t_notice.value = notice(
                "Not updated — these ranges are refused (the tornado below is from the last "
                "valid inputs):", [problem_text(p) for p in exc.problems])
            return
        self.t_notice.value = ""
        self.result = t
        metric = self.t_metric.value if self.t_metric.value in ("npv", "roi") else "npv"
        top = self.t_top.value if self.t_top.value in TOPS else DEFAULT_TOP
        rows = tornado_rows(t, metric, top, keep=ranges)  # the user's own ranges always show
        self.t_table.value = tornado_table(rows, len(t.table), set(ranges), self.currency)
        key = (metric, top, self.currency, t.base_npv, t.base_roi, tuple(rows["name"]),
               rows[["low", "high", f"{metric}_low", f"{metric}_high"]]
               .to_numpy(float).tobytes())
        self._pending = (key, t, metric, top, tuple(ranges), max(220, 90 + 30 * len(rows)))
        if draw:
            self.draw()

    def draw(self) -> None:
        """Draw the chart of the last :meth:`update`, if it differs from the one shown."""
        if self._pending is None:
            return
        key, t, metric, top, keep, height = self._pending
        self._pending = None
        if key != self._key:
            self.t_chart.value = self._figure.render(tornado_chart, t, metric, top,
                                                     self.currency, keep, height_px=height)
            self._key = key

    def set_currency(self) -> None:
        """Show the units of the range rows, the list and the tips in the current currency."""
        cur = self.currency
        for row in self.t_rows.values():
            row.set_currency(cur)
        self.t_metric.tooltips = [f"Net present value [{cur}]",
                                  "Return on investment: NPV ÷ PV(costs) [%]"]
        relabel(self, self.t_names, assumption_options(numeric_names(), cur))
        offer_the_rest(self.t_range_add, self.t_range_add_button, self.t_rows, cur)

    def _add_row(self, name: str, rng: tuple) -> None:
        row = RangeRow(name, self.currency, parts=("low", "high"))
        row.set(rng)
        row.remove.tooltip = f"Back to the band for {CATALOG[name].label}"
        row.remove.on_click(lambda _b, n=name: self._on_range_remove(n))
        for box in row.inputs:
            box.observe(self._on_range_input, names="value")
        self.t_rows[name] = row
        self._sync_rows()

    def _sync_rows(self) -> None:
        self.t_range_rows.children = tuple(row.box for row in self.t_rows.values())
        self.t_range_head.layout.display = "" if self.t_rows else "none"
        offer_the_rest(self.t_range_add, self.t_range_add_button, self.t_rows, self.currency)

    # -- callbacks -----------------------------------------------------------
    _hold = False   # True while the list is rebuilt for another currency

    @guarded
    def _on_input(self, change) -> None:
        if self._hold:
            return
        if change.owner is self.t_set:
            self.t_names.layout.display = "" if change.new == "chosen" else "none"
            if change.new == "chosen" and not self.t_names.value:
                rows = tornado_rows(self.result, self.t_metric.value, 8)
                self.t_names.value = tuple(rows["name"])  # triggers the update
                return
        self.error.value = ""
        self.update()

    @guarded
    def _on_range_add(self, _button) -> None:
        name = self.t_range_add.value
        if name not in numeric_names() or name in self.t_rows:
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        lo, _, hi = default_ranges(self.controls.values, [name], band)[name]
        self._add_row(name, (lo, hi))     # starts at the band: same bars, now editable
        self.error.value = ""
        self.update()
        if lo == hi and not self.t_notice.value:
            self.t_notice.value = notice("Give a range:", [
                (f"{CATALOG[name].label} is {format_value(name, lo, self.currency)}, so the "
                 "band is no range; type a low and a high value")])

    @guarded
    def _on_range_remove(self, name: str) -> None:
        row = self.t_rows.pop(name, None)
        if row is not None:
            row.box.close()
        self._sync_rows()
        self.error.value = ""
        self.update()

    @guarded
    def _on_range_input(self, _change) -> None:
        self.error.value = ""
        self.update()
