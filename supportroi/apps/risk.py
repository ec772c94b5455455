"""Risk, sensitivity and break-even: a Voilà app over :mod:`supportroi.risk`.

The notebook ``notebooks/risk_and_sensitivity.ipynb`` only does::

    from supportroi.apps.risk import RiskApp
    app = RiskApp()
    app.show()

Three sections beside the shared scenario controls
(:class:`~supportroi.apps.controls.ScenarioControls`):

* **Tornado** — NPV or ROI with one assumption at a time at its low and high
  value, for every assumption or a chosen set, with the table of tested
  values and cuts. The low and high values are the user's own range for the
  assumptions given one (low / high boxes, in the assumption's display unit:
  per cent for shares and rates), else ± a band of the current value, cut to
  what is valid. Ranges the model refuses
  (:class:`~supportroi.risk.RangeError`) are listed in a notice and the last
  tornado stays. Recomputed on every change (a few ms); the chart is redrawn
  only when what it shows changed.
* **Monte Carlo** — three-point ranges per chosen assumption, PERT or
  triangular, N draws and a seed; it runs only when *Run* is pressed (a
  progress bar follows long runs). Shows P(ROI > 0), P(NPV > 0), P(payback
  within the horizon), the NPV histogram with P10/P50/P90, and the
  conservative / likely / optimistic cases built from the same ranges.
  Refused ranges (:class:`~supportroi.risk.RangeError`) are listed in a
  notice and the last results stay.
* **Break-even** — the value of one assumption at which ROI reaches a target,
  or the model's reason why none does.

Text figures update before charts are drawn; callbacks are
:func:`~supportroi.apps.controls.guarded`, so an error shows a short message,
never a traceback. Every value a browser sends is checked here on the server.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable

import ipywidgets as w

from ..assumptions import CATALOG, number
from ..formatting import money, payback, percent, ratio, unit_label
from ..model import evaluate
from ..risk import (
    DEFAULT_BAND,
    DEFAULT_SEED,
    RangeError,
    break_even,
    monte_carlo,
    three_scenarios,
    tornado,
)
from .base import CSS, App, guarded
from .controls import ScenarioControls
from .risk_charts import PngFigure, npv_histogram, tornado_chart, tornado_rows

__all__ = [
    "DEFAULT_N",
    "N_CHOICES",
    "PROGRESS_FROM",
    "RiskApp",
    "default_ranges",
    "format_value",
    "numeric_names",
]

#: Numbers of Monte Carlo draws offered.
N_CHOICES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
#: Draws of a run unless the user picks another number.
DEFAULT_N = 10_000
#: Runs with at least this many draws are evaluated in chunks of
#: :data:`_CHUNK` draws, each moving the progress bar.
PROGRESS_FROM = 20_000
_CHUNK = 5_000
#: Tornado bands offered: ± this fraction of the current value. [fraction]
BANDS = (0.10, 0.20, 0.30, 0.50)
#: Bars the tornado shows by default (0 = all).
DEFAULT_TOP = 15
#: Assumptions ranged by default in the Monte Carlo: this many of the
#: estimates (role "estimate") with the largest NPV swing in the tornado.
DEFAULT_MC_PICKS = 4
#: Break-even targets accepted. [fraction]
TARGET_BOUNDS = (-10.0, 1_000.0)
_SEED_MAX = 2**32 - 1
_TORNADO_WIDTH = 720  # px

_LOCAL_CSS = """
<style>
.sr-app h3 { margin: 14px 0 2px 0; font-size: 1.1em; border-bottom: 1px solid #d5dbe3; }
.sr-scroll { overflow-x: auto; max-width: 100%; }
.sr-wide, .sr-wide .widget-html-content { min-width: 0; max-width: 100%; }
.sr-wide .widget-html-content { line-height: 1.4; }
.sr-app .sr-three table.sr-table td { white-space: normal; }
.sr-app table.sr-table .sr-note { white-space: normal; text-align: left; max-width: 300px;
                                  color: #8a5a00; font-size: 0.9em; }
.sr-be-value { font-size: 1.25em; font-weight: 600; color: #1f2d3d; }
.sr-range-head { font-size: 0.8em; color: #56606b; }
</style>
"""


def numeric_names() -> list[str]:
    """Catalog assumptions that take numbers (kind "int" or "float"), in catalog
    order: the ones that can have a range or a break-even value."""
    return [n for n, a in CATALOG.items() if getattr(a, "kind", None) in ("int", "float")]


def _finite(x) -> bool:
    return (x is not None and not isinstance(x, bool) and isinstance(x, numbers.Real)
            and math.isfinite(float(x)))


def format_value(name: str, x, currency: str = "$", per: bool = True) -> str:
    """A value of assumption ``name`` for people, with its unit: "35.86 %",
    "$401,160 a year", "6.35 min", "166,675 contacts/year"; "undefined" for
    None or NaN. ``per=False`` leaves out the unit after money and per cent
    (for table cells under a labelled column).

    >>> format_value("discount_rate", 0.125)
    '12.5 % a year'
    >>> format_value("tech_annual_cost", 401_160.4, "€")
    '€401,160 a year'
    >>> format_value("confidence", None)
    'undefined'
    """
    if not _finite(x):
        return "undefined"
    a = CATALOG[name]
    x = float(x)
    if a.unit.startswith("fraction"):
        text, rest = f"{100 * x:.4g} %".replace("-", "−"), a.unit[len("fraction"):]
    elif a.unit.startswith("currency"):
        text, rest = money(x, currency), a.unit[len("currency"):]
    else:
        text = number(x) if (a.kind == "int" or x.is_integer()) else f"{x:,.4g}"
        rest = " " + unit_label(a, currency)
    if not per:
        return text
    return text + (" a year" if rest == "/year" else rest)


def default_ranges(values, names: Iterable[str], band: float = DEFAULT_BAND) -> dict:
    """Three-point ranges ``{name: (min, most_likely, max)}`` pre-filled for
    the Monte Carlo: the current value ± ``band`` (0.20 = ±20 %) as the
    tornado tests it, i.e. cut to the catalog bounds and the cross-field
    rules with the other assumptions at their values, whole numbers for
    whole-number assumptions. The most likely value is the current value.
    A value of 0 gives (0, 0, 0): enter a range for it."""
    names = [n for n in names if n in CATALOG]
    if not names:
        return {}
    table = tornado(values, names=names, band=band).table.set_index("name")
    out = {}
    for name in names:
        a = CATALOG[name]
        lo, hi, mode = table.at[name, "low"], table.at[name, "high"], table.at[name, "base"]
        if a.kind == "int":
            out[name] = (int(lo), int(mode), int(hi))
        else:  # 12 significant digits: 0.8 × 1.2 is 0.96, not 0.9600000000000001
            out[name] = tuple(float(f"{float(x):.12g}") for x in (lo, mode, hi))
    return out


def _to_display(name: str, x):
    """Model unit → what the input box shows (fractions in per cent)."""
    a = CATALOG[name]
    if a.kind == "int":
        return int(x)
    return round(100 * float(x), 8) if a.unit.startswith("fraction") else float(x)


def _from_display(name: str, x):
    a = CATALOG[name]
    if a.kind == "int":
        return x
    return round(float(x) / 100, 12) if a.unit.startswith("fraction") else float(x)


def _box_unit(name: str, currency: str) -> str:
    a = CATALOG[name]
    return unit_label(a, currency)


def _problem_text(p) -> str:
    """A :class:`~supportroi.assumptions.Problem` with labels instead of names."""
    keys = [k for k in str(p.key).split(" + ") if k]
    labels = " + ".join(CATALOG[k].label if k in CATALOG else k for k in keys)
    return f"{labels}: {p.message}" if labels else p.message


def _notice(title: str, messages: list[str], kind: str = "sr-warning") -> str:
    items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    return (f'<div class="{kind}" role="alert"><b>{html.escape(title)}</b>'
            f"<ul>{items}</ul></div>")


def _card(cls: str, label: str, value: str, tone: str = "") -> str:
    if value.startswith("undefined"):
        tone += " sr-undefined"
    return (f'<div class="sr-card {cls}"><div class="sr-label">{html.escape(label)}</div>'
            f'<div class="sr-value {tone}">{html.escape(value)}</div></div>')


class _RangeRow:
    """One assumption's range inputs (fractions in per cent): min / most likely /
    max for the Monte Carlo, or low / high (``parts=("low", "high")``) for the
    tornado."""

    def __init__(self, name: str, currency: str, parts: tuple = ("min", "mode", "max")):
        a = CATALOG[name]
        self.name = name
        self.label = w.HTML(layout=w.Layout(flex="0 1 300px", min_width="150px"))
        cls = w.IntText if a.kind == "int" else w.FloatText
        self.inputs = []
        for part in parts:
            box = cls(layout=w.Layout(width="96px"))
            box.add_class(f"sr-range-{part}")
            self.inputs.append(box)
        self.remove = w.Button(icon="times", tooltip=f"Remove {a.label}",
                               layout=w.Layout(width="36px"))
        self.remove.add_class("sr-range-remove")
        self.box = w.HBox([self.label, *self.inputs, self.remove],
                          layout=w.Layout(flex_flow="row wrap", align_items="center",
                                          width="100%"))
        self.box.add_class("sr-range")
        self.box.add_class(f"sr-range-{name}")
        self.set_currency(currency)

    def set_currency(self, currency: str) -> None:
        a = CATALOG[self.name]
        tip = html.escape(f"{a.help} Valid: {number(a.min)} to {number(a.max)} {a.unit}.")
        self.label.value = (f'<span title="{tip}">{html.escape(a.label)} '
                            f"({html.escape(_box_unit(self.name, currency))})</span>")

    def set(self, rng) -> None:
        for box, x in zip(self.inputs, rng):
            box.value = _to_display(self.name, x)

    def get(self) -> tuple:
        """(min, most likely, max) or (low, high) in the assumption's unit
        (fractions as decimals)."""
        return tuple(_from_display(self.name, box.value) for box in self.inputs)


class RiskApp(App):
    """Tornado, Monte Carlo and break-even for the current scenario. Build it,
    then :meth:`show` it in a notebook.

    Public widgets (for tests and notebooks): ``controls``
    (:class:`~supportroi.apps.controls.ScenarioControls`); tornado: ``t_metric``,
    ``t_set``, ``t_names``, ``t_top``, ``t_band``, ``t_range_add``,
    ``t_range_add_button``, ``t_rows`` (name → low / high row), ``t_notice``,
    ``t_chart``, ``t_table``;
    Monte Carlo: ``mc_add``, ``mc_add_button``, ``mc_reset``, ``rows`` (name →
    range row), ``mc_distribution``, ``mc_n``, ``mc_seed``, ``mc_run``,
    ``mc_progress``, ``mc_notice``, ``mc_cards``, ``mc_chart``, ``mc_three``;
    break-even: ``be_name``, ``be_target``, ``be_value``, ``be_reason``.
    Results: ``tornado_result``, ``mc_result``, ``three_result``,
    ``break_even_result``.

    ``mc_names``: the assumptions ranged in the Monte Carlo at first (default:
    the :data:`DEFAULT_MC_PICKS` estimates with the largest NPV swing).
    """

    def __init__(self, mc_names: Iterable[str] | None = None):
        self._building = True
        self.controls = ScenarioControls(on_change=self._changed)
        self.error = self.controls.error
        self.tornado_result = self.mc_result = self.three_result = None
        self.break_even_result = None
        self._t_key = None        # what the shown tornado chart was drawn from
        self._t_pending = None    # what it should show next
        self._mc_key = None       # what the shown Monte Carlo was run with
        self._mc_drawn = None     # (currency, result id) of the drawn histogram
        self._mc_horizon = None   # the horizon [years] of the shown Monte Carlo
        self._target = 0.0        # break-even target ROI [fraction]
        self._hold = False
        self._t_figure = PngFigure(_TORNADO_WIDTH, 420)
        self._mc_figure = PngFigure(520, 320)

        self.header = w.HTML()
        self.header.add_class("sr-risk-header")
        self._build_tornado()
        self._build_monte_carlo()
        self._build_break_even()

        controls = w.VBox([self.controls.bar(), self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        results = w.VBox([self.error, self.header, self.tornado_box, self.mc_box, self.be_box],
                         layout=w.Layout(flex="3 1 520px", min_width="0"))
        results.add_class("sr-results")
        self.widget = w.VBox([
            w.HTML(CSS + _LOCAL_CSS),
            w.Box([controls, results], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       width="100%")),
        ])
        self.widget.add_class("sr-app")

        self._update_tornado()
        picks = list(mc_names) if mc_names is not None else self._default_picks()
        for name in dict.fromkeys(n for n in picks if n in numeric_names()):
            self._add_row(name)
        self._prefill()
        top = self.tornado_result.table["name"].iloc[0] if len(
            self.tornado_result.table) else numeric_names()[0]
        self.be_name.value = top if top in dict(self.be_name.options).values() else \
            self.be_name.options[0][1]
        self._building = False
        self._changed(set(CATALOG))

    # -- public --------------------------------------------------------------
    def apply_query(self, query: str) -> list[str]:
        """Apply ``scenario=…&currency=…&name=value`` parameters; returns notices.
        Before the first Monte Carlo run the ranges are filled again around the
        new values."""
        notices = self.controls.apply_query(query)
        if self.mc_result is None:
            self._prefill()
        return notices

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def tornado_ranges(self) -> dict:
        """The tornado's own ranges as entered: ``{name: (low, high)}`` in each
        assumption's unit (fractions as decimals); the other assumptions use
        the band."""
        return {name: row.get() for name, row in self.t_rows.items()}

    def ranges(self) -> dict:
        """The Monte Carlo ranges as entered: ``{name: (min, most_likely, max)}``
        in each assumption's unit (fractions as decimals)."""
        return {name: row.get() for name, row in self.rows.items()}

    def run(self) -> None:
        """Run the Monte Carlo with the inputs shown (what *Run* does)."""
        self._on_run(None)

    # -- building ------------------------------------------------------------
    def _build_tornado(self) -> None:
        self.t_metric = w.ToggleButtons(options=[("NPV", "npv"), ("ROI", "roi")], value="npv",
                                        tooltips=["Net present value [currency]",
                                                  "Return on investment: NPV ÷ PV(costs) [%]"],
                                        style={"button_width": "60px"})
        self.t_metric.add_class("sr-t-metric")
        self.t_set = w.ToggleButtons(options=[("All assumptions", "all"), ("Chosen", "chosen")],
                                     value="all", style={"button_width": "120px"})
        self.t_set.add_class("sr-t-set")
        self.t_top = w.Dropdown(options=[("10", 10), ("15", 15), ("20", 20), ("30", 30),
                                         ("All", 0)], value=DEFAULT_TOP, description="Bars",
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
            options=[(f"{CATALOG[n].label} ({unit_label(CATALOG[n])})", n)
                     for n in numeric_names()],
            rows=8, description="Choose", layout=w.Layout(width="98%", display="none"),
            style={"description_width": "60px"})
        self.t_names.add_class("sr-t-names")
        self.t_notice = w.HTML()
        self.t_notice.add_class("sr-t-notice")
        # Own low / high values per assumption, instead of the band.
        self.t_rows: dict[str, _RangeRow] = {}
        self.t_range_add = w.Dropdown(options=[], description="Own range",
                                      layout=w.Layout(width="340px"),
                                      style={"description_width": "76px"})
        self.t_range_add.add_class("sr-t-range-add")
        self.t_range_add_button = w.Button(
            description="Set low / high", icon="plus", layout=w.Layout(width="auto"),
            tooltip="Give this assumption your own low and high value instead of the band")
        self.t_range_add_button.add_class("sr-t-range-add-button")
        self.t_range_add_button.on_click(self._on_t_range_add)
        self.t_range_head = w.HBox(
            [w.HTML("Assumption (unit)", layout=w.Layout(flex="0 1 300px", min_width="150px")),
             *[w.HTML(t, layout=w.Layout(width="96px")) for t in ("low", "high")]],
            layout=w.Layout(flex_flow="row wrap", width="100%", display="none"))
        self.t_range_head.add_class("sr-range-head")
        self.t_range_rows = w.VBox(layout=w.Layout(width="100%"))
        self.t_range_rows.add_class("sr-t-ranges")
        self._sync_t_rows()
        # Shown at its natural width at most; on a phone not below 540 px (about
        # three quarters of natural size) but scrolled sideways instead.
        self.t_chart = w.Image(format="png", layout=w.Layout(
            width="100%", max_width=f"{_TORNADO_WIDTH}px", min_width="540px", height="auto"))
        self.t_chart.add_class("sr-tornado-chart")
        chart_box = w.Box([self.t_chart],
                          layout=w.Layout(width="100%", overflow="auto hidden"))
        chart_box.add_class("sr-tornado-wrap")
        self.t_table = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.t_table.add_class("sr-tornado-table")
        self.t_table.add_class("sr-wide")
        for widget in (self.t_metric, self.t_set, self.t_top, self.t_band, self.t_names):
            widget.observe(self._on_tornado_input, names="value")
        self.tornado_box = w.VBox([
            w.HTML("<h3>Which assumptions matter? (tornado)</h3><div class='sr-muted'>Each "
                   "assumption moves alone to its low and high value; the others stay as set "
                   "in the scenario inputs. Sorted by swing, the largest on top. Low and "
                   "high are the current value ∓ the Range band, cut to what is valid, "
                   "unless you set your own low / high for an assumption (per cent for "
                   "shares and rates).</div>"),
            w.HBox([self.t_metric, self.t_set, self.t_top, self.t_band],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.t_names,
            w.HBox([self.t_range_add, self.t_range_add_button],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.t_range_head, self.t_range_rows, self.t_notice, chart_box,
            w.HTML("<b>Values tested</b> <span class='sr-muted'>(notes say where a catalog "
                   "bound or a rule between inputs cut the range, and what moved with it)"
                   "</span>"),
            self.t_table,
        ], layout=w.Layout(width="100%"))
        self.tornado_box.add_class("sr-tornado")

    def _build_monte_carlo(self) -> None:
        self.rows: dict[str, _RangeRow] = {}
        self.mc_add = w.Dropdown(options=[], description="Add", layout=w.Layout(width="300px"),
                                 style={"description_width": "36px"})
        self.mc_add.add_class("sr-mc-add")
        self.mc_add_button = w.Button(description="Add range", icon="plus",
                                      layout=w.Layout(width="auto"))
        self.mc_add_button.add_class("sr-mc-add-button")
        self.mc_add_button.on_click(self._on_add)
        self.mc_reset = w.Button(description="Reset ranges to ±20 %", icon="undo",
                                 tooltip="Fill every range again from the scenario inputs",
                                 layout=w.Layout(width="auto"))
        self.mc_reset.add_class("sr-mc-reset")
        self.mc_reset.on_click(self._on_reset_ranges)
        self.mc_rows = w.VBox(layout=w.Layout(width="100%"))
        head = w.HBox([w.HTML("Assumption (unit)", layout=w.Layout(flex="0 1 300px",
                                                                   min_width="150px")),
                       *[w.HTML(t, layout=w.Layout(width="96px"))
                         for t in ("min", "most likely", "max")]],
                      layout=w.Layout(flex_flow="row wrap", width="100%"))
        head.add_class("sr-range-head")
        self.mc_distribution = w.ToggleButtons(
            options=[("PERT", "pert"), ("Triangular", "triangular")], value="pert",
            tooltips=[("Beta-PERT: the most likely value weighs 4 times (mean (min + 4 × "
                      "likely + max) ÷ 6)"), ("Triangular: mean (min + likely + max) ÷ 3, "
                      "wider tails than PERT")],
            style={"button_width": "90px"})
        self.mc_distribution.add_class("sr-mc-distribution")
        self.mc_n = w.Dropdown(options=[(f"{n:,}", n) for n in N_CHOICES], value=DEFAULT_N,
                               description="Draws", layout=w.Layout(width="170px"),
                               style={"description_width": "46px"})
        self.mc_n.add_class("sr-mc-n")
        self.mc_seed = w.IntText(value=DEFAULT_SEED, description="Seed",
                                 tooltip="The same seed and ranges give the same draws",
                                 layout=w.Layout(width="190px"),
                                 style={"description_width": "40px"})
        self.mc_seed.add_class("sr-mc-seed")
        self.mc_run = w.Button(description="Run", icon="play", button_style="primary",
                               tooltip="Draw the scenarios and appraise them all",
                               layout=w.Layout(width="120px"))
        self.mc_run.add_class("sr-mc-run")
        self.mc_run.on_click(self._on_run)
        self.mc_progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="Running",
                                           layout=w.Layout(width="260px", display="none"))
        self.mc_progress.add_class("sr-mc-progress")
        self.mc_notice = w.HTML()
        self.mc_notice.add_class("sr-mc-notice")
        self.mc_stale = w.HTML()
        self.mc_stale.add_class("sr-mc-stale")
        self.mc_cards = w.HTML("<div class='sr-muted'>Press <b>Run</b> to draw the scenarios."
                               "</div>")
        self.mc_cards.add_class("sr-mc-cards")
        self.mc_info = w.HTML()
        self.mc_chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="520px",
                                                              height="auto", display="none"))
        self.mc_chart.add_class("sr-mc-chart")
        self.mc_three = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.mc_three.add_class("sr-three")
        self.mc_three.add_class("sr-wide")
        for widget in (self.mc_distribution, self.mc_n, self.mc_seed):
            widget.observe(self._on_mc_input, names="value")
        self.mc_box = w.VBox([
            w.HTML("<h3>How sure is the case? (Monte Carlo)</h3><div class='sr-muted'>Give a "
                   "minimum, most likely and maximum value for the assumptions you are unsure "
                   "of (per cent for shares and rates); each draw takes one value of each, "
                   "independently of the others, the rest as set in the scenario inputs.</div>"),
            head, self.mc_rows,
            w.HBox([self.mc_add, self.mc_add_button, self.mc_reset],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([w.HTML("Distribution&nbsp;"), self.mc_distribution, self.mc_n,
                    self.mc_seed, self.mc_run, self.mc_progress],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.mc_notice, self.mc_stale, self.mc_cards, self.mc_info,
            w.Box([w.VBox([self.mc_chart], layout=w.Layout(flex="1 1 340px", min_width="0",
                                                           max_width="520px")),
                   w.VBox([self.mc_three], layout=w.Layout(flex="1 1 300px", min_width="0"))],
                  layout=w.Layout(display="flex", flex_flow="row wrap", width="100%",
                                  align_items="flex-start")),
        ], layout=w.Layout(width="100%"))
        self.mc_box.add_class("sr-monte-carlo")

    def _build_break_even(self) -> None:
        options = [(f"{CATALOG[n].label} ({unit_label(CATALOG[n])})", n)
                   for n in numeric_names()]
        self.be_name = w.Dropdown(options=options, description="Assumption",
                                  layout=w.Layout(width="98%", max_width="480px"),
                                  style={"description_width": "80px"})
        self.be_name.add_class("sr-be-name")
        self.be_target = w.FloatText(value=0.0, description="Target ROI (%)",
                                     tooltip="ROI to reach, in per cent (0 = break-even)",
                                     layout=w.Layout(width="210px"),
                                     style={"description_width": "110px"})
        self.be_target.add_class("sr-be-target")
        self.be_notice = w.HTML()
        self.be_value = w.HTML()
        self.be_value.add_class("sr-be-value")
        self.be_reason = w.HTML()
        self.be_reason.add_class("sr-be-reason")
        self.be_name.observe(self._on_be_input, names="value")
        self.be_target.observe(self._on_be_target, names="value")
        self.be_box = w.VBox([
            w.HTML("<h3>Where does it break even? (goal seek)</h3><div class='sr-muted'>The "
                   "value of one assumption at which ROI reaches the target, all others as "
                   "set in the scenario inputs.</div>"),
            w.HBox([self.be_name, self.be_target],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.be_notice, self.be_value, self.be_reason,
        ], layout=w.Layout(width="100%"))
        self.be_box.add_class("sr-break-even")

    def _default_picks(self) -> list[str]:
        """The estimates with the largest NPV swing (channel shares left out:
        ranging two of them at once is often refused)."""
        table = self.tornado_result.table
        numeric = set(numeric_names())
        picks = [n for n in table["name"] if n in numeric
                 and getattr(CATALOG[n], "role", "") == "estimate" and not n.startswith("share_")]
        return picks[:DEFAULT_MC_PICKS]

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _changed(self, names: set[str]) -> None:
        if self._building:
            return
        self.error.value = ""
        if names >= set(CATALOG):   # a scenario was loaded: ranges follow its values
            self._prefill()
        self._update_break_even()           # text first
        self._update_tornado(draw=False)    # the table
        self._render_header()
        for row in self.t_rows.values():
            row.set_currency(self.currency)
        self._render_monte_carlo()          # stale note; new currency
        self._draw_tornado()                # then the chart, if it changed

    @guarded
    def _on_tornado_input(self, change) -> None:
        if change.owner is self.t_set:
            self.t_names.layout.display = "" if change.new == "chosen" else "none"
            if change.new == "chosen" and not self.t_names.value:
                rows = tornado_rows(self.tornado_result, self.t_metric.value, 8)
                self.t_names.value = tuple(rows["name"])  # triggers the update
                return
        self.error.value = ""
        self._update_tornado()

    @guarded
    def _on_t_range_add(self, _button) -> None:
        name = self.t_range_add.value
        if name not in numeric_names() or name in self.t_rows:
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        lo, _, hi = default_ranges(self.controls.values, [name], band)[name]
        self._add_t_row(name, (lo, hi))     # starts at the band: same bars, now editable
        self.error.value = ""
        self._update_tornado()
        if lo == hi and not self.t_notice.value:
            self.t_notice.value = _notice("Give a range:", [
                (f"{CATALOG[name].label} is {format_value(name, lo, self.currency)}, so the "
                 "band is no range; type a low and a high value")])

    @guarded
    def _on_t_range_remove(self, name: str) -> None:
        row = self.t_rows.pop(name, None)
        if row is not None:
            row.box.close()
        self._sync_t_rows()
        self.error.value = ""
        self._update_tornado()

    @guarded
    def _on_t_range_input(self, _change) -> None:
        self.error.value = ""
        self._update_tornado()

    @guarded
    def _on_be_input(self, _change) -> None:
        self.error.value = ""
        self._update_break_even()

    @guarded
    def _on_be_target(self, change) -> None:
        if self._hold:
            return
        value = change.new
        lo, hi = TARGET_BOUNDS
        if not _finite(value) or not lo <= value / 100 <= hi:
            self.be_notice.value = _notice(
                "Not applied:", [(f"target ROI {value!r} % must be a number between "
                                 f"{100 * lo:,.0f} % and {100 * hi:,.0f} %; kept "
                                 f"{percent(self._target)}")])
            self._hold = True
            try:
                self.be_target.value = 100 * self._target
            finally:
                self._hold = False
            return
        self.be_notice.value = ""
        self._target = round(value / 100, 12)
        self._update_break_even()

    @guarded
    def _on_add(self, _button) -> None:
        name = self.mc_add.value
        if name not in CATALOG or name not in numeric_names() or name in self.rows:
            return
        self._add_row(name)
        self._prefill([name])
        lo, _, hi = self.rows[name].get()
        self.mc_notice.value = "" if lo != hi else _notice("Give a range:", [
            (f"{CATALOG[name].label} is {format_value(name, lo, self.currency)}, so ± 20 % "
            "of it is no range; type a min and a max")])
        self._refresh_stale()

    @guarded
    def _on_remove(self, name: str) -> None:
        row = self.rows.pop(name, None)
        if row is not None:
            row.box.close()
        self._sync_rows()
        self._refresh_stale()

    @guarded
    def _on_reset_ranges(self, _button) -> None:
        self._prefill()
        self.mc_notice.value = ""
        self._refresh_stale()

    @guarded
    def _on_mc_input(self, change) -> None:
        if change.owner is self.mc_seed and not self._valid_seed(change.new):
            self.mc_notice.value = _notice("Check the seed:", [
                f"the seed must be a whole number between 0 and {_SEED_MAX:,}"])
        elif change.owner is self.mc_seed:
            self.mc_notice.value = ""
        self._refresh_stale()

    @guarded
    def _on_run(self, _button) -> None:
        ranges = self.ranges()
        problems = []
        if not ranges:
            problems.append("add at least one assumption with a range")
        n = self.mc_n.value
        if n not in N_CHOICES:
            problems.append(f"number of draws {n!r} is not one of "
                            + ", ".join(f"{c:,}" for c in N_CHOICES))
        seed = self.mc_seed.value
        if not self._valid_seed(seed):
            problems.append(f"the seed must be a whole number between 0 and {_SEED_MAX:,}")
        distribution = self.mc_distribution.value
        if distribution not in ("pert", "triangular"):
            problems.append(f"unknown distribution {distribution!r}")
        if problems:
            self.mc_notice.value = _notice("Not run:", problems)
            return
        values = self.controls.values
        big = n >= PROGRESS_FROM
        self.mc_run.disabled = True
        self.mc_run.description = "Running…"
        if big:
            self.mc_progress.value = 0.0
            self.mc_progress.layout.display = ""
        try:
            mc = monte_carlo(values, ranges, n=n, seed=seed, distribution=distribution,
                             progress=self._progress if big else None,
                             chunk_size=_CHUNK if big else None)
            three = three_scenarios(values, ranges)
        except RangeError as exc:
            self.mc_notice.value = _notice(
                "Not run — these ranges are refused (the results below are from the last run):",
                [_problem_text(p) for p in exc.problems])
            return
        finally:
            self.mc_run.disabled = False
            self.mc_run.description = "Run"
            self.mc_progress.layout.display = "none"
        self.mc_notice.value = ""
        self.mc_result, self.three_result = mc, three
        self._mc_key = self._run_key(values, ranges)
        self._mc_horizon = values["horizon_years"]
        self.error.value = ""
        self._render_monte_carlo()

    def _progress(self, fraction: float) -> None:
        self.mc_progress.value = min(max(float(fraction), 0.0), 1.0)

    # -- tornado -------------------------------------------------------------
    def _update_tornado(self, draw: bool = True) -> None:
        """Recompute the tornado (a few ms) and its table; redraw the chart
        now (``draw``) or at the next :meth:`_draw_tornado`, and only if what
        it shows changed."""
        chosen = self.t_set.value == "chosen"
        names = [n for n in self.t_names.value if n in CATALOG] if chosen else None
        if chosen and not names:
            self.t_notice.value = _notice("Nothing to show:", [
                "choose at least one assumption in the list (Ctrl- or Cmd-click for several)"])
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        ranges = self.tornado_ranges()
        try:
            t = tornado(self.controls.values, names=names, ranges=ranges, band=band)
        except RangeError as exc:
            self.t_notice.value = _notice(
                "Not updated — these ranges are refused (the tornado below is from the last "
                "valid inputs):", [_problem_text(p) for p in exc.problems])
            return
        self.t_notice.value = ""
        self.tornado_result = t
        metric = self.t_metric.value if self.t_metric.value in ("npv", "roi") else "npv"
        top = self.t_top.value if self.t_top.value in (0, 10, 15, 20, 30) else DEFAULT_TOP
        rows = tornado_rows(t, metric, top, keep=ranges)  # the user's own ranges always show
        self.t_table.value = self._tornado_table(rows, len(t.table), set(ranges))
        key = (metric, top, self.currency, t.base_npv, t.base_roi, tuple(rows["name"]),
               rows[["low", "high", f"{metric}_low", f"{metric}_high"]]
               .to_numpy(float).tobytes())
        self._t_pending = (key, t, metric, top, tuple(ranges), max(220, 90 + 30 * len(rows)))
        if draw:
            self._draw_tornado()

    def _draw_tornado(self) -> None:
        if self._t_pending is None or self._building:
            return
        key, t, metric, top, keep, height = self._t_pending
        self._t_pending = None
        if key != self._t_key:
            self.t_chart.value = self._t_figure.render(tornado_chart, t, metric, top,
                                                       self.currency, keep, height_px=height)
            self._t_key = key

    def _tornado_table(self, rows, total: int, own: set = frozenset()) -> str:
        cur = self.currency
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

    def _add_t_row(self, name: str, rng: tuple) -> None:
        row = _RangeRow(name, self.currency, parts=("low", "high"))
        row.set(rng)
        row.remove.tooltip = f"Back to the band for {CATALOG[name].label}"
        row.remove.on_click(lambda _b, n=name: self._on_t_range_remove(n))
        for box in row.inputs:
            box.observe(self._on_t_range_input, names="value")
        self.t_rows[name] = row
        self._sync_t_rows()

    def _sync_t_rows(self) -> None:
        self.t_range_rows.children = tuple(row.box for row in self.t_rows.values())
        self.t_range_head.layout.display = "" if self.t_rows else "none"
        free = [(f"{CATALOG[n].label} ({unit_label(CATALOG[n], self.currency)})", n)
                for n in numeric_names() if n not in self.t_rows]
        self.t_range_add.options = free
        self.t_range_add.value = free[0][1] if free else None
        self.t_range_add_button.disabled = not free

    # -- Monte Carlo -----------------------------------------------------------
    def _add_row(self, name: str) -> None:
        row = _RangeRow(name, self.currency)
        row.remove.on_click(lambda _b, n=name: self._on_remove(n))
        for box in row.inputs:
            box.observe(self._on_range_input, names="value")
        self.rows[name] = row
        self._sync_rows()

    def _sync_rows(self) -> None:
        self.mc_rows.children = tuple(row.box for row in self.rows.values())
        free = [(f"{CATALOG[n].label} ({unit_label(CATALOG[n], self.currency)})", n)
                for n in numeric_names() if n not in self.rows]
        self.mc_add.options = free
        self.mc_add.value = free[0][1] if free else None
        self.mc_add_button.disabled = not free

    def _prefill(self, names: Iterable[str] | None = None) -> None:
        names = list(self.rows) if names is None else list(names)
        for name, rng in default_ranges(self.controls.values, names).items():
            self.rows[name].set(rng)

    @guarded
    def _on_range_input(self, _change) -> None:
        self._refresh_stale()

    @staticmethod
    def _valid_seed(seed) -> bool:
        return (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)
                and 0 <= seed <= _SEED_MAX)

    def _run_key(self, values, ranges) -> tuple:
        return (tuple(sorted(values.items())), tuple(ranges.items()), self.mc_n.value,
                self.mc_seed.value, self.mc_distribution.value)

    def _refresh_stale(self) -> None:
        if self.mc_result is None or self._building:
            self.mc_stale.value = ""
            return
        if self._run_key(self.controls.values, self.ranges()) == self._mc_key:
            self.mc_stale.value = ""
        else:
            self.mc_stale.value = ("<div class='sr-warning sr-stale'>The inputs changed since "
                                   "the last run: the results below are for the earlier "
                                   "inputs. Press <b>Run</b> to update them.</div>")

    def _render_monte_carlo(self) -> None:
        self._refresh_stale()
        for row in self.rows.values():
            row.set_currency(self.currency)
        mc, three = self.mc_result, self.three_result
        if mc is None:
            return
        cur = self.currency
        horizon = self._mc_horizon
        ranged_horizon = "horizon_years" in mc.ranges
        within = ("within each draw's horizon" if ranged_horizon
                  else f"within {horizon} year{'s' if horizon != 1 else ''}")
        p_roi = percent(mc.p_roi_positive, "no costs in any draw")
        chances = [
            _card("sr-p-roi", "P(ROI > 0)", p_roi),
            _card("sr-p-npv", "P(NPV > 0)", percent(mc.p_npv_positive)),
            _card("sr-p-payback", f"P(payback {within})", percent(mc.p_payback)),
        ]
        spread = [
            _card("sr-npv-p10", "NPV P10", money(mc.npv_p10, cur),
                  "sr-bad" if mc.npv_p10 < 0 else ""),
            _card("sr-npv-p50", "NPV P50 (median)", money(mc.npv_p50, cur),
                  "sr-bad" if mc.npv_p50 < 0 else ""),
            _card("sr-npv-p90", "NPV P90", money(mc.npv_p90, cur),
                  "sr-bad" if mc.npv_p90 < 0 else ""),
        ]
        self.mc_cards.value = (f'<div class="sr-cards">{"".join(chances)}</div>'
                               f'<div class="sr-cards">{"".join(spread)}</div>')
        dist = "PERT" if mc.distribution == "pert" else "triangular"
        extra = (f" ROI is undefined (no costs) in {mc.n_roi_undefined:,} draws; P(ROI > 0) "
                 "counts the others." if mc.n_roi_undefined else "")
        roi_q = (f"ROI P10 / P50 / P90: {percent(mc.roi_p10, 'no costs')} / "
                 f"{percent(mc.roi_p50, 'no costs')} / {percent(mc.roi_p90, 'no costs')}. ")
        self.mc_info.value = (f"<div class='sr-muted'>{roi_q}{mc.n:,} draws, {dist}, seed "
                              f"{mc.seed}; assumptions drawn independently (correlations "
                              f"are not modelled). P10: 10 % of draws are below it.{extra}"
                              "</div>")
        self.mc_three.value = self._three_table(three)
        drawn = (cur, id(mc))
        if drawn != self._mc_drawn:
            self.mc_chart.value = self._mc_figure.render(npv_histogram, mc, cur)
            self.mc_chart.layout.display = ""
            self._mc_drawn = drawn

    def _three_table(self, three) -> str:
        cur = self.currency
        cases = three.cases
        head = "".join(f"<th>{c.name.capitalize()}</th>" for c in cases)
        rows = [("NPV", [money(c.appraisal.npv, cur) for c in cases]),
                ("ROI", [percent(c.appraisal.roi, "no costs") for c in cases]),
                ("Payback", [payback(c.appraisal.payback_years, c.appraisal.horizon_years)
                             .replace(" months", "\u00a0months").replace(" years", "\u00a0years")
                             for c in cases]),
                ("Benefit–cost ratio", [ratio(c.appraisal.bcr, "no costs") for c in cases])]
        body = [f"<tr><td>{label}</td>{''.join(f'<td>{html.escape(x)}</td>' for x in xs)}</tr>"
                for label, xs in rows]
        body.append(f"<tr class='sr-total'><td colspan='{len(cases) + 1}'>Values used</td></tr>")
        for name, s in three.settings.iterrows():
            xs = [format_value(name, s[c.name], cur, per=False) for c in cases]
            body.append(f"<tr><td>{html.escape(s['label'])}</td>"
                        f"{''.join(f'<td>{html.escape(x)}</td>' for x in xs)}</tr>")
        note = ("" if three.ordered else "<div class='sr-muted'>Interactions between the "
                "assumptions break the usual order of the cases here.</div>")
        return ("<b>Three scenarios</b> <span class='sr-muted'>(each assumption at the end of "
                "its range that is worst / most likely / best for NPV)</span>"
                f"<div class='sr-scroll'><table class='sr-table'><thead><tr><th></th>{head}"
                f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}")

    # -- break-even ----------------------------------------------------------
    def _update_break_even(self) -> None:
        name = self.be_name.value
        if name not in CATALOG:
            return
        be = break_even(self.controls.values, name, target=self._target, metric="roi")
        self.break_even_result = be
        a = CATALOG[name]
        if be.value is None:
            self.be_value.value = (f"<span class='sr-be-none'>No value of "
                                   f"{html.escape(a.label)} reaches ROI "
                                   f"{html.escape(percent(self._target))}</span>")
        else:
            self.be_value.value = html.escape(format_value(name, be.value, self.currency))
        searched = (f"Searched {format_value(name, be.low, self.currency)} to "
                    f"{format_value(name, be.high, self.currency)}; ROI there: "
                    f"{percent(be.at_low, 'no costs')} and {percent(be.at_high, 'no costs')}.")
        self.be_reason.value = (f"<div>{html.escape(be.reason)}.</div>"
                                f"<div class='sr-muted'>{html.escape(searched)}</div>")

    # -- header ----------------------------------------------------------------
    def _render_header(self) -> None:
        m = self.controls.meta
        a = evaluate(self.controls.values).appraisal
        desc = (f"<div class='sr-muted'>{html.escape(m['description'])}</div>"
                if m["description"] else "")
        base = (f"<div class='sr-muted'>Base case (the scenario inputs): NPV "
                f"{html.escape(money(a.npv, self.currency))}, ROI "
                f"{html.escape(percent(a.roi, 'no costs'))}, payback "
                f"{html.escape(payback(a.payback_years, a.horizon_years))}.</div>")
        self.header.value = f"<h2>{html.escape(m['title'])}</h2>{desc}{base}"
