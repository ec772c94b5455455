"""Lessons for trainers: the interactive pieces and exercise checkers of ``notebooks/lessons``.

Each lesson notebook stays thin — prose in markdown, then::

    from supportroi.apps import lessons
    lessons.roi_explorer()
    lessons.exercise("01")

Five lessons, one explorer each (sliders → figures and a chart):

====  ==========================  ===========================================
key   explorer                    teaches
====  ==========================  ===========================================
01    :func:`roi_explorer`        ROI, BCR and payback (Phillips)
02    :func:`npv_explorer`        discounting, NPV, why year 0 is not
                                  discounted (TEI), IRR
03    :func:`clv_explorer`        CLV, churn and lifetime, referrals;
                                  :func:`service_recovery` for TARP
04    :func:`staffing_explorer`   Erlang C staffing, service level, waiting
05    :func:`risk_explorer`       TEI risk adjustment, Phillips attribution
                                  and confidence
====  ==========================  ===========================================

and one exercise each (:func:`exercise`): a question, a number box and a Check
button. :func:`check` compares the answer with the one the package computes
(never a number typed into this file) within a tolerance and answers right or
wrong with a hint; common mistakes get their own hint.

Nothing here re-implements the finance: every ROI, BCR, NPV, IRR and payback
comes from :mod:`supportroi.finance`, every CLV from :mod:`supportroi.clv`,
every queueing figure from :mod:`supportroi.queueing`. This module only
chooses the examples, lays out widgets and draws charts.

As in the apps, a browser can set any widget's value (and its bounds) over the
websocket, so every slider value is checked here on the server side, bounds a
client changes are put back, and a callback that fails shows a short message,
never a traceback.
"""

from __future__ import annotations

import html
import io
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import ipywidgets as w
import numpy as np
from IPython.display import display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from PIL import Image

from .. import clv as clvmod
from .. import queueing
from ..assumptions import CATALOG, check_value
from ..finance import Appraisal, appraise, appraise_batch, describe_payback
from ..formatting import money, percent, ratio
from .base import CSS, guarded
from .charts import money_axis
from .controls import FloatSlider, IntSlider

__all__ = [
    "Knob", "Adjusted", "risk_adjust", "Feedback", "ExerciseSpec", "EXERCISES", "LESSONS",
    "parse_number", "answer", "check", "exercise", "Exercise",
    "RoiExplorer", "NpvExplorer", "ClvExplorer", "StaffingExplorer", "RiskExplorer",
    "roi_explorer", "npv_explorer", "clv_explorer", "staffing_explorer", "risk_explorer",
    "service_recovery",
]

#: Styles of the lesson widgets, on top of :data:`supportroi.apps.controls.CSS`.
LESSON_CSS = """
<style>
.sr-lesson { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sr-lesson-explain { font-size: 0.9em; color: #33404d; }
.sr-lesson-explain code { background: #f3f5f8; padding: 0 3px; }
.sr-exercise-box { border: 1px solid #c9d3df; border-left: 5px solid #2471a3;
                   border-radius: 6px; padding: 6px 12px; background: #f8fbfe; }
.sr-exercise-box .sr-ex-title { font-weight: 600; color: #1f4e79; }
.sr-right { background: #e9f7ef; border-left: 4px solid #1e8449; padding: 4px 10px; }
.sr-wrong { background: #fdf2e9; border-left: 4px solid #d35400; padding: 4px 10px; }
table.sr-recovery { border-collapse: collapse; font-size: 0.9em; margin: 4px 0; }
table.sr-recovery td, table.sr-recovery th { padding: 2px 10px; border-bottom: 1px solid #e3e8ee;
                                             text-align: right; }
table.sr-recovery td:first-child, table.sr-recovery th:first-child { text-align: left; }
</style>
"""

_CHART_WIDTH_PX = 760
_CHART_HEIGHT_PX = 290
_BLUE, _GREEN, _RED, _GREY = "#1f4e79", "#1e8449", "#c0392b", "#7f8c8d"


# --------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Knob:
    """One slider of a lesson: what it is, its unit, default and bounds.

    ``min``/``max`` are hard bounds: a value outside them is refused (and the
    slider put back), never clamped. Knobs built with :meth:`from_catalog`
    take their label, unit, default, bounds, help and source from the
    assumption catalog, so no default lives in two places; ``min``/``max``
    may narrow the slider (never widen it past the catalog).
    """

    name: str
    label: str
    unit: str  # "currency", "currency/year", "fraction", "fraction/year", "s", "years", …
    default: float
    min: float
    max: float
    step: float
    help: str = ""
    source: str = "lesson example"
    kind: str = "float"  # "float" or "int"

    def __post_init__(self):
        if not (self.min <= self.default <= self.max):
            raise ValueError(f"{self.name}: default {self.default} outside "
                             f"[{self.min}, {self.max}]")

    @classmethod
    def from_catalog(cls, name: str, **changes) -> Knob:
        a = CATALOG[name]
        knob = cls(name=a.name, label=a.label, unit=a.unit, default=a.default, min=a.min,
                   max=a.max, step=a.step, help=a.help, source=a.source, kind=a.kind)
        knob = replace(knob, **changes)
        if knob.min < a.min or knob.max > a.max:
            raise ValueError(f"{name}: slider bounds {knob.min}–{knob.max} go past the "
                             f"catalog's {a.min}–{a.max}")
        return knob

    def problem(self, value) -> str | None:
        """Why ``value`` is not valid for this knob, or None."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            return f"must be a number, got {type(value).__name__}"
        if not math.isfinite(value):
            return "must be a finite number"
        if self.kind == "int" and float(value) != int(value):
            return f"must be a whole number, got {value:g}"
        if not (self.min <= value <= self.max):
            return f"{value:g} is out of bounds: must be between {self.min:g} and {self.max:g}"
        return None

    def format(self, value, currency: str = "$") -> str:
        if self.unit.startswith("fraction"):
            return percent(value, digits=1)
        if self.unit.startswith("currency"):
            return money(value, currency)
        return f"{value:,.6g} {self.unit}".strip()


def _unit_label(knob: Knob, currency: str) -> str:
    u = knob.unit
    if u.startswith("fraction"):
        return "%" + u[len("fraction"):]
    if u.startswith("currency"):
        return currency + u[len("currency"):]
    return u


def _slider(knob: Knob, value, currency: str) -> w.Widget:
    """An unclamped slider for ``knob``: a value a client sends outside the
    bounds reaches :class:`_Inputs`, which refuses it with a notice (a plain
    ipywidgets slider would clamp it to min/max without a word)."""
    label = f"{knob.label} ({_unit_label(knob, currency)})" if knob.unit else knob.label
    tooltip = "\n".join(x for x in (knob.help, f"Valid: {knob.min:,g} to {knob.max:,g}.",
                                    f"Source: {knob.source}") if x)
    common = dict(description=label, tooltip=tooltip, continuous_update=False,
                  style={"description_width": "44%"}, layout=w.Layout(width="98%"))
    if knob.kind == "int":
        return IntSlider(value=int(value), min=int(knob.min), max=int(knob.max),
                         step=int(knob.step), readout_format=",d", **common)
    if knob.unit.startswith("fraction"):
        fmt = ".0%" if knob.step >= 0.01 else (".1%" if knob.step >= 0.001 else ".2%")
    elif knob.unit.startswith("currency") or knob.step >= 1:
        fmt = ",.0f"
    else:
        fmt = ".2f" if knob.step < 0.1 else ".1f"
    return FloatSlider(value=float(value), min=knob.min, max=knob.max, step=knob.step,
                       readout_format=fmt, **common)


class _Inputs:
    """Sliders for some knobs, checked on the server side.

    ``values`` always holds valid values; a refused value is put back and
    ``notice`` says why. ``on_change()`` runs after every accepted change.
    """

    def __init__(self, knobs: Iterable[Knob], values: Mapping[str, float],
                 on_change: Callable[[], None], currency: str):
        self.knobs = {k.name: k for k in knobs}
        self.values = dict(values)
        self.on_change = on_change
        self._hold = False
        self.notice = w.HTML(layout=w.Layout(width="100%"))
        self.notice.add_class("sr-notice")
        self.widgets: dict[str, w.Widget] = {}
        for name, knob in self.knobs.items():
            widget = _slider(knob, self.values[name], currency)
            widget.add_class("sr-input")
            widget.add_class(f"sr-{name}")
            widget.observe(self._on_value, names="value")
            widget.observe(self._on_bounds, names=["min", "max", "step"])
            self.widgets[name] = widget
        self._names = {id(wid): name for name, wid in self.widgets.items()}

    def _put_back(self, widget, name: str) -> None:
        self._hold = True
        try:
            widget.value = self.values[name]
        finally:
            self._hold = False

    def _on_value(self, change) -> None:
        if self._hold:
            return
        name = self._names[id(change.owner)]
        knob = self.knobs[name]
        msg = knob.problem(change.new)
        if msg:
            kept = html.escape(knob.format(self.values[name]))
            self.notice.value = (f'<div class="sr-warning" role="alert">{html.escape(knob.label)}'
                                 f": {html.escape(msg)}. Kept {kept}.</div>")
            self._put_back(change.owner, name)
            return
        self.notice.value = ""
        self.values[name] = int(change.new) if knob.kind == "int" else float(change.new)
        self.on_change()

    def _on_bounds(self, change) -> None:
        """A client changed a slider's bounds: put the knob's back."""
        if self._hold:
            return
        name = self._names[id(change.owner)]
        knob = self.knobs[name]
        want = {"min": knob.min, "max": knob.max, "step": knob.step}[change.name]
        if change.new == want:
            return
        widget = change.owner
        self._hold = True
        try:
            # All bounds at once, validated together at the end: restoring max
            # alone would fail while a tampered min is still above it.
            with widget.hold_sync(), widget.hold_trait_notifications():
                widget.min, widget.max, widget.step = knob.min, knob.max, knob.step
                widget.value = self.values[name]
        finally:
            self._hold = False


# --------------------------------------------------------------------------- charts

class _Chart:
    """One reusable figure rendered to PNG bytes (for an ``ipywidgets.Image``)."""

    def __init__(self, ncols: int = 2, width_px: int = _CHART_WIDTH_PX,
                 height_px: int = _CHART_HEIGHT_PX, dpi: int = 100):
        self.figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi,
                             layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        axes = self.figure.subplots(1, ncols)
        self.axes = list(np.atleast_1d(axes))

    def png(self) -> bytes:
        self.canvas.draw()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(),
                         self.canvas.buffer_rgba()).save(buf, format="PNG", compress_level=1)
        return buf.getvalue()


def _style(ax, title: str) -> None:
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="y", alpha=0.3)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _cards(items: Iterable[tuple[str, str, str, str]]) -> str:
    """Cards from (css key, label, value, tone) tuples; tone "", "sr-good" or "sr-bad"."""
    out = []
    for key, label, value, tone in items:
        if value.startswith(("undefined", "does not", "unstable")):
            tone += " sr-undefined"
        out.append(f'<div class="sr-card sr-{key}"><div class="sr-label">{html.escape(label)}'
                   f'</div><div class="sr-value {tone}">{html.escape(value)}</div></div>')
    return f'<div class="sr-cards">{"".join(out)}</div>'


def _tone(x: float | None) -> str:
    if x is None:
        return ""
    return "sr-good" if x > 0 else "sr-bad"


# --------------------------------------------------------------------------- explorers

class _Explorer:
    """Sliders on the left; figures, a chart and the formula with the
    current numbers on the right. Subclasses define ``KEY``, ``KNOBS``,
    :meth:`compute` (pure), :meth:`cards_html`, :meth:`explain_html` and
    :meth:`draw`."""

    KEY = ""
    TITLE = ""
    KNOBS: tuple[Knob, ...] = ()
    NCOLS = 2

    def __init__(self, currency: str = "$", **values):
        self.currency = currency
        start = {k.name: k.default for k in self.KNOBS}
        unknown = [n for n in values if n not in start]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not an input of this lesson "
                             f"(inputs: {', '.join(start)})")
        for name, value in values.items():
            msg = self.knob(name).problem(value)
            if msg:
                raise ValueError(f"{name}: {msg}")
        start |= values
        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.inputs = _Inputs(self.KNOBS, start, self._changed, currency)
        self.cards = w.HTML()
        self.cards.add_class("sr-lesson-cards")
        self.explain = w.HTML()
        self.explain.add_class("sr-lesson-explain")
        self.chart = w.Image(format="png", layout=w.Layout(
            width=f"{_CHART_WIDTH_PX}px", max_width="100%", height="auto"))
        self.chart.add_class("sr-lesson-chart")
        self._chart = _Chart(self.NCOLS)
        self.result = None
        controls = w.VBox([w.HTML(f"<b>{html.escape(self.TITLE)}</b>"),
                           *self.inputs.widgets.values(), *self.extra_controls(),
                           self.inputs.notice],
                          layout=w.Layout(flex="1 1 340px", max_width="470px", min_width="280px",
                                          padding="0 10px 0 0"))
        results = w.VBox([self.error, self.cards, self.chart, self.explain],
                         layout=w.Layout(flex="3 1 480px", min_width="0"))
        self.widget = w.VBox([w.HTML(CSS + LESSON_CSS),
                              w.Box([controls, results], layout=w.Layout(
                                  display="flex", flex_flow="row wrap", width="100%"))])
        self.widget.add_class("sr-lesson")
        self.widget.add_class(f"sr-lesson-{self.KEY}")
        self._changed()

    @classmethod
    def knob(cls, name: str) -> Knob:
        return next(k for k in cls.KNOBS if k.name == name)

    @property
    def widgets(self) -> dict[str, w.Widget]:
        return self.inputs.widgets

    @property
    def values(self) -> dict:
        """The current, valid input values."""
        return dict(self.inputs.values) | self.extra_values()

    def extra_controls(self) -> list[w.Widget]:
        return []

    def extra_values(self) -> dict:
        return {}

    def _ipython_display_(self):
        display(self.widget)

    @guarded
    def _changed(self, *_args) -> None:
        result = self.compute(self.values)
        self.result = result
        self.error.value = ""
        self.cards.value = self.cards_html(result)      # first: the figures people watch
        self.explain.value = self.explain_html(result)
        for ax in self._chart.axes:
            ax.clear()
        self.draw(self._chart.axes, result)
        self.chart.value = self._chart.png()

    # subclasses
    @classmethod
    def compute(cls, values: Mapping[str, float]):  # pragma: no cover - abstract
        raise NotImplementedError

    def cards_html(self, result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def explain_html(self, result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, axes, result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _n(x: float, digits: int = 0) -> str:
    """A plain number with thousands separators: 425000 → "425,000"."""
    return f"{x:,.{digits}f}".replace("-", "−")


# -- 01: ROI, BCR, payback ----------------------------------------------------------------

#: Phillips' worked example: programme benefits and fully loaded costs. [currency]
PHILLIPS_BENEFITS = 750_000.0
PHILLIPS_COSTS = 425_000.0


@dataclass(frozen=True)
class RoiResult:
    """Lesson 01: a one-year programme, benefits spread over the year."""

    benefits: float  #: first-year benefits [currency]
    costs: float  #: fully loaded programme costs, spent at the start [currency]
    appraisal: Appraisal  #: BCR, ROI and payback from :func:`supportroi.finance.appraise`


class RoiExplorer(_Explorer):
    """Lesson 01: first-year benefits and fully loaded costs → BCR, ROI, payback."""

    KEY = "01"
    TITLE = "A training programme's first year"
    KNOBS = (
        Knob("benefits", "First-year benefits", "currency", PHILLIPS_BENEFITS, 0.0,
             2_000_000.0, 5_000.0, help="Monetary value of the improvement in the first year, "
             "already isolated and converted to money.",
             source="Phillips ROI Methodology worked example: 750,000"),
        Knob("costs", "Fully loaded costs", "currency", PHILLIPS_COSTS, 5_000.0, 2_000_000.0,
             5_000.0, help="Needs assessment, design, delivery, participants' time, "
             "facilities, travel, evaluation, overhead.",
             source="Phillips ROI Methodology worked example: 425,000"),
    )

    @classmethod
    def compute(cls, values) -> RoiResult:
        b, c = float(values["benefits"]), float(values["costs"])
        # Costs at the start (year 0), benefits over the first year; no discounting for
        # a one-year programme (Phillips counts first-year benefits only).
        return RoiResult(b, c, appraise([0.0, b], [c, 0.0], 0.0))

    def cards_html(self, r: RoiResult) -> str:
        a, cur = r.appraisal, self.currency
        return _cards([
            ("bcr", "Benefit–cost ratio", ratio(a.bcr, "no costs"), ""),
            ("roi", "ROI", percent(a.roi, "no costs", digits=0), _tone(a.roi)),
            ("payback", "Payback", describe_payback(a.payback_years, 1),
             "" if a.payback_years is not None else "sr-bad"),
            ("net", "Net benefit", money(a.npv, cur), _tone(a.npv)),
        ])

    def explain_html(self, r: RoiResult) -> str:
        a, cur = r.appraisal, self.currency
        return (f"BCR = benefits ÷ costs = {money(r.benefits, cur)} ÷ {money(r.costs, cur)} = "
                f"<b>{ratio(a.bcr)}</b>; ROI = (benefits − costs) ÷ costs = "
                f"{money(a.npv, cur)} ÷ {money(r.costs, cur)} = <b>{percent(a.roi, digits=0)}</b>"
                f" = (BCR − 1) × 100 %. Payback: the costs are paid at the start and the "
                f"benefits arrive evenly over the year.")

    def draw(self, axes, r: RoiResult) -> None:
        cur = self.currency
        left, right = axes
        bars = left.bar(["Costs", "Benefits"], [r.costs, r.benefits], color=[_RED, _GREEN],
                        width=0.55)
        left.bar_label(bars, labels=[money(r.costs, cur, compact=True),
                                     money(r.benefits, cur, compact=True)], fontsize=8)
        left.set_ylim(0, 1.18 * max(r.costs, r.benefits, 1.0))
        money_axis(left, cur)
        _style(left, f"BCR {ratio(r.appraisal.bcr)}: benefits per 1 of cost")

        months = np.array([0.0, 12.0])
        cumulative = np.cumsum([-r.costs, r.benefits])  # start of year, end of year
        right.axhline(0, color="#555", lw=0.8)
        right.plot(months, cumulative, color=_BLUE, lw=2, marker="o")
        right.fill_between(months, cumulative, 0, color=_BLUE, alpha=0.06)
        pb = r.appraisal.payback_months
        if pb is not None and 0 < pb <= 12:
            right.axvline(pb, color=_GREEN, ls="--", lw=1.2)
            right.text(pb, 0.04, f" payback {pb:.1f} months", fontsize=8, color=_GREEN,
                       transform=right.get_xaxis_transform(),
                       ha="left" if pb < 8 else "right")
        elif pb is None:
            right.text(0.03, 0.92, "does not pay back within the year", fontsize=8,
                       color=_RED, transform=right.transAxes)
        right.set_xlim(0, 12)
        right.set_xticks([0, 3, 6, 9, 12])
        right.set_xlabel("months", fontsize=8)
        money_axis(right, cur)
        _style(right, "Cumulative net benefit over the first year")


# -- 02: time value of money --------------------------------------------------------------

@dataclass(frozen=True)
class NpvResult:
    """Lesson 02: an investment in year 0 and equal yearly benefits in years 1…N."""

    benefits: np.ndarray  #: by year 0…N [currency]
    costs: np.ndarray  #: by year 0…N [currency]
    appraisal: Appraisal  #: TEI conventions: year 0 not discounted
    wrong: Appraisal  #: the same flows one year later: what discounting year 0 would give
    rates: np.ndarray  #: discount rates for the NPV curve [fraction/year]
    npv_curve: np.ndarray  #: NPV at each of ``rates`` [currency]

    @property
    def discount_factors(self) -> np.ndarray:
        """1 / (1 + rate)^t for t = 0…N, from the appraisal of one unit a year. [–]"""
        n = len(self.benefits)
        eye = np.eye(n)
        return appraise_batch(eye, np.zeros_like(eye), self.appraisal.rate).pv_benefits


class NpvExplorer(_Explorer):
    """Lesson 02: initial investment, yearly benefit, horizon and rate → PV, NPV, IRR."""

    KEY = "02"
    TITLE = "An investment now, benefits later"
    KNOBS = (
        Knob("investment", "Initial investment, year 0", "currency", 100_000.0, 0.0,
             1_000_000.0, 5_000.0, help="Paid now: the TEI 'Initial' column, not discounted."),
        Knob("benefit", "Benefit each year", "currency/year", 45_000.0, 0.0, 500_000.0,
             1_000.0, help="Received at the end of each year 1…N."),
        Knob.from_catalog("horizon_years"),
        Knob.from_catalog("discount_rate"),
    )

    @classmethod
    def compute(cls, values) -> NpvResult:
        n = int(values["horizon_years"])
        rate = float(values["discount_rate"])
        benefits = np.r_[0.0, np.full(n, float(values["benefit"]))]
        costs = np.r_[float(values["investment"]), np.zeros(n)]
        rates = np.linspace(0.0, 0.5, 101)
        curve = appraise_batch(np.broadcast_to(benefits, (rates.size, n + 1)),
                               np.broadcast_to(costs, (rates.size, n + 1)), rates).npv
        wrong = appraise(np.r_[0.0, benefits], np.r_[0.0, costs], rate)
        return NpvResult(benefits, costs, appraise(benefits, costs, rate), wrong, rates, curve)

    def cards_html(self, r: NpvResult) -> str:
        a, cur = r.appraisal, self.currency
        return _cards([
            ("pv-benefits", "PV of benefits", money(a.pv_benefits, cur), ""),
            ("pv-costs", "PV of costs", money(a.pv_costs, cur), ""),
            ("npv", "NPV", money(a.npv, cur), _tone(a.npv)),
            ("roi", "ROI", percent(a.roi, "no costs"), _tone(a.roi)),
            ("irr", "IRR", percent(a.irr, a.irr_note), ""),
        ])

    def explain_html(self, r: NpvResult) -> str:
        a, cur = r.appraisal, self.currency
        factors = r.discount_factors
        terms = " + ".join(f"{_n(b)} × {f:.4f}" for b, f in zip(r.benefits[1:], factors[1:]))
        return (f"PV(benefits) = {terms} ≈ {money(a.pv_benefits, cur)} (exact factors; the "
                f"four-decimal ones shown round slightly); PV(costs) = "
                f"{_n(r.costs[0])} × 1 (year 0 is today: not discounted) = "
                f"{money(a.pv_costs, cur)}. NPV = {money(a.npv, cur)}, ROI = NPV ÷ PV(costs) "
                f"= {percent(a.roi, 'no costs')}. <span class='sr-muted'>Discounting year 0 too "
                f"(a common slip: every flow a year later) would give NPV "
                f"{money(r.wrong.npv, cur)}.</span>")

    def draw(self, axes, r: NpvResult) -> None:
        cur = self.currency
        a = r.appraisal
        left, right = axes
        years = np.arange(len(r.benefits))
        net = r.benefits - r.costs
        pv = net * r.discount_factors
        left.bar(years - 0.2, net, width=0.4, color="#a9cce3", label="as paid or received")
        left.bar(years + 0.2, pv, width=0.4, color=_BLUE, label="present value")
        left.axhline(0, color="#555", lw=0.8)
        left.set_xticks(years)
        left.set_xticklabels(["0\n(now)" if t == 0 else str(t) for t in years])
        left.set_xlabel("year", fontsize=8)
        left.legend(fontsize=7.5, frameon=False, loc="lower right")
        money_axis(left, cur)
        _style(left, f"Net flow by year at {percent(a.rate)}")

        right.axhline(0, color="#555", lw=0.8)
        right.plot(100 * r.rates, r.npv_curve, color=_BLUE, lw=2)
        right.plot([100 * a.rate], [a.npv], "o", color=_GREEN if a.npv >= 0 else _RED)
        right.annotate(f"NPV {money(a.npv, cur, compact=True)}", (100 * a.rate, a.npv),
                       xytext=(6, 6), textcoords="offset points", fontsize=8)
        if a.irr is not None and 0 <= a.irr <= 0.5:
            right.axvline(100 * a.irr, color=_GREY, ls="--", lw=1)
            right.text(100 * a.irr, 0.97, f" IRR {percent(a.irr)}", fontsize=8, color="#444",
                       va="top", transform=right.get_xaxis_transform())
        right.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        right.set_xlabel("discount rate", fontsize=8)
        money_axis(right, cur)
        _style(right, "NPV against the discount rate")


# -- 03: retention and CLV ----------------------------------------------------------------

@dataclass(frozen=True)
class ClvResult:
    """Lesson 03: one customer's lifetime value."""

    margin: float  #: margin per year, referrals included [currency/year]
    retention: float  #: 1 − churn [fraction/year]
    churn: float  #: [fraction/year]
    discount_rate: float  #: [fraction/year]
    acquisition_cost: float  #: [currency]
    convention: str  #: "end" or "start", see :mod:`supportroi.clv`
    clv: float  #: [currency]
    lifetime_years: float | None  #: expected lifetime 1/churn; None without churn [years]
    cumulative: np.ndarray  #: PV of margin earned by the end of year 0…YEARS [currency]
    churns: np.ndarray  #: churn rates for the CLV curve [fraction/year]
    clv_curve: np.ndarray  #: CLV at each of ``churns`` [currency]

    YEARS = 20


class ClvExplorer(_Explorer):
    """Lesson 03: margin, churn, discount rate, acquisition cost, referrals → CLV."""

    KEY = "03"
    TITLE = "What is one customer worth?"
    KNOBS = (
        Knob("margin", "Margin a year", "currency/year",
             CATALOG["revenue_per_customer"].default * CATALOG["gross_margin"].default,
             0.0, 1_000.0, 5.0, help="Revenue × gross margin, less the cost to serve.",
             source="catalog defaults: annual revenue per customer × gross margin"),
        Knob.from_catalog("annual_churn", min=0.01, max=0.8),
        Knob.from_catalog("discount_rate"),
        Knob.from_catalog("acquisition_cost_per_customer", label="Acquisition cost", max=1_000.0,
                          step=5.0),
        Knob("referrals", "Referrals a year", "", 0.0, 0.0, 1.0,
             0.01, help="New customers won through this customer's word of mouth each year; "
             "each saves one acquisition cost.",
             source="your estimate; McKinsey: 20–50 % of purchase decisions driven by word of "
                    "mouth"),
    )

    def extra_controls(self) -> list[w.Widget]:
        self.convention = w.ToggleButtons(
            options=[("End of year", "end"), ("Start of year", "start")],
            value="end", description="Margins arrive", style={"button_width": "120px"},
            tooltips=[clvmod.CONVENTIONS["end"], clvmod.CONVENTIONS["start"]])
        self.convention.add_class("sr-convention")
        self.convention.observe(self._changed, names="value")
        return [self.convention]

    def extra_values(self) -> dict:
        convention = getattr(self, "convention", None)
        return {"convention": convention.value if convention is not None else "end"}

    @classmethod
    def compute(cls, values) -> ClvResult:
        churn = float(values["annual_churn"])
        i = float(values["discount_rate"])
        ac = float(values["acquisition_cost_per_customer"])
        convention = values.get("convention", "end")
        margin = float(clvmod.referral_margin(values["margin"], values["referrals"], ac))
        value = float(clvmod.clv(margin, 1 - churn, i, ac, convention=convention))
        cumulative = clvmod.cumulative_value(margin, 1 - churn, i, ClvResult.YEARS,
                                             convention=convention)
        churns = np.linspace(0.02, 0.8, 79)
        curve = clvmod.clv(margin, 1 - churns, i, ac, convention=convention)
        life = float(clvmod.expected_lifetime(churn)) if churn > 0 else None
        return ClvResult(margin, 1 - churn, churn, i, ac, convention, value, life, cumulative,
                         churns, np.asarray(curve))

    def cards_html(self, r: ClvResult) -> str:
        cur = self.currency
        life = f"{r.lifetime_years:.1f} years" if r.lifetime_years else "undefined (no churn)"
        return _cards([
            ("clv", "Customer lifetime value", money(r.clv, cur), _tone(r.clv)),
            ("retention", "Retention rate", percent(r.retention, digits=1), ""),
            ("lifetime", "Expected lifetime", life, ""),
            ("margin", "Margin a year (with referrals)", money(r.margin, cur), ""),
        ])

    def explain_html(self, r: ClvResult) -> str:
        cur = self.currency
        m, rr, i, ac = _n(r.margin, 2), f"{r.retention:.3f}", f"{r.discount_rate:.3f}", _n(
            r.acquisition_cost)
        if r.convention == "end":
            formula = f"m·r ÷ (1 + i − r) − AC = {m} × {rr} ÷ (1 + {i} − {rr}) − {ac}"
        else:
            formula = (f"m(1 + i) ÷ (1 + i − r) − AC = {m} × (1 + {i}) ÷ "
                       f"(1 + {i} − {rr}) − {ac}")
        life = (f"Expected lifetime = 1 ÷ churn = 1 ÷ {r.churn:.3f} = {r.lifetime_years:.1f} "
                "years (the current year included)." if r.lifetime_years else "")
        return f"CLV = {formula} = <b>{money(r.clv, cur)}</b>. {life}"

    def draw(self, axes, r: ClvResult) -> None:
        cur = self.currency
        left, right = axes
        years = np.arange(r.cumulative.size)
        left.plot(years, r.cumulative, color=_BLUE, lw=2, marker="o", ms=3,
                  label="PV of margin so far")
        left.axhline(r.clv + r.acquisition_cost, color=_GREEN, ls="--", lw=1,
                     label="lifetime limit (CLV + AC)")
        left.axhline(r.acquisition_cost, color=_RED, ls=":", lw=1.2, label="acquisition cost")
        left.set_xlim(0, years[-1])
        left.set_ylim(bottom=0)
        left.set_xlabel("years", fontsize=8)
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        left.legend(fontsize=7.5, frameon=False, loc="lower right")
        money_axis(left, cur)
        _style(left, "Expected discounted margin of one customer")

        right.axhline(0, color="#555", lw=0.8)
        right.plot(100 * r.churns, r.clv_curve, color=_BLUE, lw=2)
        right.plot([100 * r.churn], [r.clv], "o", color=_GREEN if r.clv >= 0 else _RED)
        right.annotate(money(r.clv, cur, compact=True), (100 * r.churn, r.clv), xytext=(6, 6),
                       textcoords="offset points", fontsize=8)
        right.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        right.set_xlabel("annual churn", fontsize=8)
        money_axis(right, cur)
        _style(right, "CLV against churn: not a straight line")


def service_recovery(customers: int = 1_000, currency: str = "$") -> w.HTML:
    """The TARP service-recovery figures, the Marriott caveat and a worked example.

    The example values ``customers`` with a small problem who complained and
    were left unsatisfied, had they been satisfied quickly, at the CLV of
    lesson 03's defaults (acquisition cost left out: they are already won).
    """
    rows = "".join(f"<tr><td>{html.escape(o.label)}</td><td>{o.small_loss:.0%}</td>"
                   f"<td>{o.large_loss:.0%}</td></tr>" for o in clvmod.SERVICE_RECOVERY)
    d = {k.name: k.default for k in ClvExplorer.KNOBS}
    value = float(clvmod.clv(d["margin"], 1 - d["annual_churn"], d["discount_rate"]))
    gain = float(clvmod.recovery_gain(customers, value, "not_satisfied", "satisfied_quickly"))
    kept = customers * (clvmod.loyal_share("satisfied_quickly")
                        - clvmod.loyal_share("not_satisfied"))
    text = (
        f"<b>Share of customers still loyal after a problem</b>"
        f"<table class='sr-recovery'><thead><tr><th>How the problem was handled</th>"
        f"<th>small loss</th><th>large loss</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<div class='sr-muted'>Source: {html.escape(clvmod.TARP_SOURCE)}.</div>"
        f"<p><b>Worked example.</b> {customers:,} customers a year complain about a small "
        f"problem and leave unsatisfied. Satisfying them quickly instead keeps "
        f"{customers:,} × ({clvmod.loyal_share('satisfied_quickly'):.0%} − "
        f"{clvmod.loyal_share('not_satisfied'):.0%}) = {kept:,.0f} more customers, each worth a "
        f"CLV of {money(value, currency)} (the explorer's defaults, no acquisition cost: they "
        f"are already won): <b>{money(gain, currency)}</b> of lifetime value kept from each "
        f"year's complaints.</p>"
        f"<div class='sr-warning'><b>Caveat.</b> {html.escape(clvmod.RECOVERY_CAVEAT)}</div>")
    out = w.HTML(CSS + LESSON_CSS + f"<div class='sr-lesson'>{text}</div>")
    out.add_class("sr-recovery-box")
    return out


# -- 04: staffing and waiting -------------------------------------------------------------

@dataclass(frozen=True)
class StaffingResult:
    """Lesson 04: one half-hour on the phones (Erlang C)."""

    contacts: int  #: calls arriving in the half-hour [contacts]
    aht: float  #: average handle time [s]
    agents: int  #: agents on the phones [agents]
    target_sl: float  #: [fraction]
    target_time: float  #: [s]
    traffic: float  #: contacts × AHT ÷ 1,800 s [Erlangs]
    stable: bool  #: more agents than traffic
    service_level: float  #: share answered within the target time [fraction]
    asa: float | None  #: average speed of answer; None if unstable [s]
    occupancy: float  #: [fraction]
    needed: int  #: fewest agents meeting the target [agents]
    waiting_hours: float | None  #: callers' total wait in the half-hour; None if unstable [h]
    curve_agents: np.ndarray  #: agent counts for the curves [agents]
    curve_sl: np.ndarray  #: service level at each [fraction]
    curve_asa: np.ndarray  #: ASA at each (inf where unstable) [s]


def _agents(n: int) -> str:
    return f"{n} agent" if n == 1 else f"{n} agents"


def _traffic(calls, aht) -> float:
    """Offered load of ``calls`` in one half-hour interval of ``aht`` seconds each. [Erlangs]"""
    return calls * aht / queueing.INTERVAL_SECONDS


_CALLS = Knob("contacts", "Calls in the half-hour", "", 100, 1, 500, 1, kind="int",
              help="Calls arriving in one half-hour interval.")
_AHT = Knob("aht", "Average handle time", "s", round(60 * CATALOG["aht_phone_min"].default),
            30, 900, 1, kind="int", help="Talk + hold + after-call work per call.",
            source=CATALOG["aht_phone_min"].source)
_TARGET_SL = Knob("target_sl", "Service-level target", "fraction", 0.80, 0.50, 0.99, 0.01,
                  help="Share of calls to answer within the target time.",
                  source="the common 80/20 target")
_TARGET_TIME = Knob("target_time", "Target answer time", "s", 20, 0, 120, 5, kind="int",
                    help="Seconds within which the target share is answered.",
                    source="the common 80/20 target")
#: Lesson 04 starts at the fewest agents meeting the target at the other defaults.
_AGENTS = Knob("agents", "Agents on the phones", "", int(queueing.agents_needed(
    _traffic(_CALLS.default, _AHT.default), _AHT.default, _TARGET_SL.default,
    _TARGET_TIME.default)), 1, 300, 1, kind="int",
    help="Agents logged in and taking calls (not scheduled FTE).")


class StaffingExplorer(_Explorer):
    """Lesson 04: calls, handle time and agents → service level, waiting (Erlang C)."""

    KEY = "04"
    TITLE = "One busy half-hour on the phones"
    KNOBS = (_CALLS, _AHT, _AGENTS, _TARGET_SL, _TARGET_TIME)

    @classmethod
    def compute(cls, values) -> StaffingResult:
        n_calls = int(values["contacts"])
        aht = float(values["aht"])
        n = int(values["agents"])
        sl_target, t = float(values["target_sl"]), float(values["target_time"])
        traffic = _traffic(n_calls, aht)
        stable = bool(queueing.is_stable(traffic, n))
        asa = float(queueing.average_speed_of_answer(traffic, n, aht)) if stable else None
        lo = max(1, math.floor(traffic) - 2)
        agents = np.arange(lo, max(n, math.ceil(traffic)) + 12)
        return StaffingResult(
            contacts=n_calls, aht=aht, agents=n, target_sl=sl_target, target_time=t,
            traffic=traffic, stable=stable,
            service_level=float(queueing.service_level(traffic, n, aht, t)), asa=asa,
            occupancy=float(queueing.occupancy(traffic, n)),
            needed=int(queueing.agents_needed(traffic, aht, sl_target, t)),
            waiting_hours=None if asa is None else n_calls * asa / 3600.0,
            curve_agents=agents, curve_sl=np.asarray(queueing.service_level(traffic, agents,
                                                                            aht, t)),
            curve_asa=np.asarray(queueing.average_speed_of_answer(traffic, agents, aht)))

    def cards_html(self, r: StaffingResult) -> str:
        unstable = f"unstable: needs more than {r.traffic:.1f} agents"
        return _cards([
            ("traffic", "Traffic", f"{r.traffic:.1f} Erlangs", ""),
            ("service-level", f"Answered within {r.target_time:.0f} s",
             percent(r.service_level, digits=1) if r.stable else unstable,
             "sr-good" if r.service_level >= r.target_sl else "sr-bad"),
            ("asa", "Average wait (ASA)", f"{r.asa:.1f} s" if r.stable else unstable, ""),
            ("occupancy", "Occupancy", percent(r.occupancy, digits=0), ""),
            ("needed", f"Agents for {r.target_sl:.0%}/{r.target_time:.0f} s", f"{r.needed}", ""),
        ])

    def explain_html(self, r: StaffingResult) -> str:
        base = (f"Traffic = calls × AHT ÷ 1,800 s = {r.contacts} × {r.aht:.0f} ÷ 1,800 = "
                f"{r.traffic:.2f} Erlangs: the agents' worth of pure talk time (the red band in "
                "the charts: with no more agents than that, the queue never empties). ")
        if not r.stable:
            return base + (f"With {_agents(r.agents)} the queue grows all half-hour: the agents "
                           "cannot even keep up with the talk time, so waiting has no limit.")
        return base + (f"With {_agents(r.agents)}, callers wait {r.asa:.1f} s on average and "
                       f"{r.waiting_hours:.1f} hours in total this half-hour; "
                       f"{percent(r.service_level, digits=1)} are answered within "
                       f"{r.target_time:.0f} s. The target needs {r.needed} agents.")

    def draw(self, axes, r: StaffingResult) -> None:
        left, right = axes
        n = r.curve_agents
        stable = n > r.traffic
        for ax in axes:
            ax.axvspan(n[0] - 0.5, r.traffic, color=_RED, alpha=0.07)
            ax.axvline(r.agents, color=_GREY, ls=":", lw=1.2)
        left.plot(n, 100 * r.curve_sl, color=_BLUE, lw=2, marker="o", ms=3)
        left.axhline(100 * r.target_sl, color=_GREEN, ls="--", lw=1)
        left.plot([r.agents], [100 * r.service_level], "o", ms=8, color=_GREEN
                  if r.service_level >= r.target_sl else _RED)
        left.set_ylim(0, 102)
        left.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        left.set_xlabel("agents", fontsize=8)
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(left, f"Answered within {r.target_time:.0f} s")

        asa = np.where(stable, r.curve_asa, np.nan)
        right.plot(n[stable], asa[stable], color=_BLUE, lw=2, marker="o", ms=3)
        if r.stable:
            right.plot([r.agents], [r.asa], "o", ms=8, color=_BLUE)
        finite = asa[np.isfinite(asa)]
        top = min(float(finite.max()) if finite.size else 60.0, 8 * max(r.aht, 1.0))
        right.set_ylim(0, max(top * 1.05, 5.0))
        right.set_xlabel("agents", fontsize=8)
        right.set_ylabel("seconds", fontsize=8)
        right.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(right, "Average wait (ASA)")


_STAFFING_NAMES = frozenset(k.name for k in StaffingExplorer.KNOBS)


# -- 05: risk, attribution, intangibles ---------------------------------------------------

@dataclass(frozen=True)
class Adjusted:
    """Benefits and costs through the Phillips and TEI adjustments, step by step. [currency]"""

    claimed: float  #: monetary value of the whole measured improvement
    attributed: float  #: × share attributed to the initiative (Phillips)
    confident: float  #: × confidence in that estimate (Phillips)
    benefits: float  #: × (1 − benefit risk) (TEI): the benefits that count
    costs_before: float  #: fully loaded costs as estimated
    costs: float  #: × (1 + cost risk) (TEI): the costs that count


def risk_adjust(benefits: float, costs: float, *, attribution: float = 1.0,
                confidence: float = 1.0, benefit_risk: float = 0.0,
                cost_risk: float = 0.0) -> Adjusted:
    """Apply the model's adjustments to one benefit and one cost amount.

    The same order and factors as :mod:`supportroi.model` applies to an
    effect-driven benefit line: benefit × attribution × confidence ×
    (1 − benefit risk), and cost × (1 + cost risk). The four shares are
    checked against the assumption catalog.

    >>> a = risk_adjust(500_000, 180_000, attribution=0.6, confidence=0.8)
    >>> a.benefits, a.costs
    (240000.0, 180000.0)
    """
    for name, value in (("attribution", attribution), ("confidence", confidence),
                        ("benefit_risk", benefit_risk), ("cost_risk", cost_risk)):
        msg = check_value(name, value)
        if msg:
            raise ValueError(f"{name}: {msg}")
    for name, value in (("benefits", benefits), ("costs", costs)):
        if not (isinstance(value, numbers.Real) and not isinstance(value, bool)
                and math.isfinite(value) and value >= 0):
            raise ValueError(f"{name}: must be a finite number ≥ 0 [currency] (got {value!r})")
    attributed = float(benefits) * attribution
    confident = attributed * confidence
    return Adjusted(claimed=float(benefits), attributed=attributed, confident=confident,
                    benefits=confident * (1.0 - benefit_risk), costs_before=float(costs),
                    costs=float(costs) * (1.0 + cost_risk))


@dataclass(frozen=True)
class RiskResult:
    """Lesson 05: the same programme before and after the adjustments."""

    adjusted: Adjusted
    before: Appraisal  #: claimed benefits against estimated costs
    after: Appraisal  #: adjusted benefits against adjusted costs


class RiskExplorer(_Explorer):
    """Lesson 05: attribution, confidence and TEI risk → the ROI that can be defended."""

    KEY = "05"
    TITLE = "How much of the improvement is ours, and how sure are we?"
    NCOLS = 1
    KNOBS = (
        Knob("improvement", "Measured improvement", "currency", 800_000.0, 0.0,
             2_000_000.0, 10_000.0, help="Monetary value of the whole change in the measure "
             "(e.g. fewer repeat contacts × cost per contact), before isolating the "
             "programme's effect."),
        Knob("costs", "Fully loaded costs", "currency", PHILLIPS_COSTS, 5_000.0, 2_000_000.0,
             5_000.0, source="Phillips ROI Methodology worked example: 425,000"),
        Knob.from_catalog("attribution", label="Attribution"),
        Knob.from_catalog("confidence", label="Confidence"),
        Knob.from_catalog("benefit_risk", label="Benefit risk", max=0.5),
        Knob.from_catalog("cost_risk", label="Cost risk", max=0.5),
    )

    @classmethod
    def compute(cls, values) -> RiskResult:
        adj = risk_adjust(float(values["improvement"]), float(values["costs"]),
                          attribution=float(values["attribution"]),
                          confidence=float(values["confidence"]),
                          benefit_risk=float(values["benefit_risk"]),
                          cost_risk=float(values["cost_risk"]))
        before = appraise([0.0, adj.claimed], [adj.costs_before, 0.0], 0.0)
        after = appraise([0.0, adj.benefits], [adj.costs, 0.0], 0.0)
        return RiskResult(adj, before, after)

    def cards_html(self, r: RiskResult) -> str:
        cur = self.currency
        return _cards([
            ("roi-claimed", "ROI as claimed", percent(r.before.roi, "no costs", digits=0),
             _tone(r.before.roi)),
            ("roi", "ROI, adjusted", percent(r.after.roi, "no costs", digits=0),
             _tone(r.after.roi)),
            ("benefits", "Benefits that count", money(r.adjusted.benefits, cur), ""),
            ("costs", "Costs that count", money(r.adjusted.costs, cur), ""),
        ])

    def explain_html(self, r: RiskResult) -> str:
        a, cur = r.adjusted, self.currency
        v = self.values
        return (f"Benefits: {money(a.claimed, cur)} × attribution {v['attribution']:.0%} × "
                f"confidence {v['confidence']:.0%} × (1 − benefit risk {v['benefit_risk']:.0%})"
                f" = <b>{money(a.benefits, cur)}</b>. Costs: {money(a.costs_before, cur)} × "
                f"(1 + cost risk {v['cost_risk']:.0%}) = <b>{money(a.costs, cur)}</b>. "
                f"ROI = ({money(a.benefits, cur)} − {money(a.costs, cur)}) ÷ "
                f"{money(a.costs, cur)} = <b>{percent(r.after.roi, 'no costs', digits=0)}</b>.")

    def draw(self, axes, r: RiskResult) -> None:
        (ax,) = axes
        a, cur = r.adjusted, self.currency
        v = self.values
        labels = ["Measured\nimprovement", f"× attribution\n{v['attribution']:.0%}",
                  f"× confidence\n{v['confidence']:.0%}",
                  f"× (1 − benefit\nrisk {v['benefit_risk']:.0%})", "Costs as\nestimated",
                  f"× (1 + cost\nrisk {v['cost_risk']:.0%})"]
        heights = [a.claimed, a.attributed, a.confident, a.benefits, a.costs_before, a.costs]
        colours = ["#a9dfbf", "#7dcea0", "#52be80", _GREEN, "#f5b7b1", _RED]
        bars = ax.bar(labels, heights, color=colours, width=0.6)
        ax.bar_label(bars, labels=[money(h, cur, compact=True) for h in heights], fontsize=8)
        ax.set_ylim(0, 1.15 * max(max(heights), 1.0))
        ax.tick_params(axis="x", labelsize=8)
        money_axis(ax, cur)
        _style(ax, "From the measured improvement to the benefits and costs that count")


# --------------------------------------------------------------------------- builders

def roi_explorer(currency: str = "$", **values) -> RoiExplorer:
    """Lesson 01 explorer; ``values`` override the starting ``benefits`` and ``costs``."""
    return RoiExplorer(currency, **values)


def npv_explorer(currency: str = "$", **values) -> NpvExplorer:
    """Lesson 02 explorer: ``investment``, ``benefit``, ``horizon_years``, ``discount_rate``."""
    return NpvExplorer(currency, **values)


def clv_explorer(currency: str = "$", **values) -> ClvExplorer:
    """Lesson 03 explorer: ``margin``, ``annual_churn``, ``discount_rate``,
    ``acquisition_cost_per_customer``, ``referrals``; plus the timing convention."""
    return ClvExplorer(currency, **values)


def staffing_explorer(currency: str = "$", **values) -> StaffingExplorer:
    """Lesson 04 explorer: ``contacts``, ``aht``, ``agents``, ``target_sl``, ``target_time``.

    Unless ``agents`` is given, it starts at the fewest agents meeting the target.
    """
    if "agents" not in values and values:
        for name, value in values.items():  # bad values are refused by name, before use
            msg = StaffingExplorer.knob(name).problem(value) if name in _STAFFING_NAMES else None
            if msg:
                raise ValueError(f"{name}: {msg}")
        start = {k.name: k.default for k in StaffingExplorer.KNOBS} | values
        needed = int(StaffingExplorer.compute(start).needed)
        values = values | {"agents": min(max(needed, 1), int(_AGENTS.max))}
    return StaffingExplorer(currency, **values)


def risk_explorer(currency: str = "$", **values) -> RiskExplorer:
    """Lesson 05 explorer: ``improvement``, ``costs``, ``attribution``, ``confidence``,
    ``benefit_risk``, ``cost_risk``."""
    return RiskExplorer(currency, **values)


# --------------------------------------------------------------------------- exercises

@dataclass(frozen=True)
class Feedback:
    """What the checker says about one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise: the question and how to check an answer.

    ``answer`` computes the right answer with the package; ``tolerance`` is
    absolute, in the answer's unit. ``mistakes`` pairs the results of common
    wrong methods with a hint for each; ``diagnose`` may explain any other
    wrong value (or return None).
    """

    key: str
    title: str
    question: str
    unit: str  # "%", "currency" or a word such as "agents"
    answer: Callable[[], float]
    tolerance: float
    hint: str
    solution: Callable[[], str]
    mistakes: tuple[tuple[Callable[[], float], str], ...] = ()
    diagnose: Callable[[float], str | None] | None = None
    whole: bool = False


# Exercise 01: a conflict-resolution training programme, first-year benefits only.
_EX1 = dict(benefits=234_000.0, costs=180_000.0)


def _ex1(rate: float = 0.0) -> Appraisal:
    return appraise([0.0, _EX1["benefits"]], [_EX1["costs"], 0.0], rate)


# Exercise 02: a platform paid now, savings at the end of years 1–3, TEI's 10 %.
_EX2 = dict(investment=100_000.0, saving=42_000.0, years=3, rate=0.10)


def _ex2_flows(shift: int = 0):
    b = [0.0] * (1 + shift) + [_EX2["saving"]] * _EX2["years"]
    c = [0.0] * shift + [_EX2["investment"]] + [0.0] * _EX2["years"]
    return b, c


def _ex2(rate: float | None = None, shift: int = 0) -> Appraisal:
    b, c = _ex2_flows(shift)
    return appraise(b, c, _EX2["rate"] if rate is None else rate)


# Exercise 03: one customer; revenue × gross margin from the question.
_EX3 = dict(revenue=250.0, gross_margin=0.40, churn=0.20, rate=0.10, acquisition=150.0)


def _ex3(**changes) -> float:
    e = _EX3 | changes
    return float(clvmod.clv(e["revenue"] * e["gross_margin"], e.get("retention", 1 - e["churn"]),
                            e["rate"], e["acquisition"], convention=e.get("convention", "end")))


# Exercise 04: one half-hour, 80/20.
_EX4 = dict(calls=100, aht=180.0, target_sl=0.80, target_time=20.0)


def _ex4_traffic() -> float:
    return _traffic(_EX4["calls"], _EX4["aht"])


def _ex4() -> int:
    return int(queueing.agents_needed(_ex4_traffic(), _EX4["aht"], _EX4["target_sl"],
                                      _EX4["target_time"]))


def _ex4_diagnose(value: float) -> str | None:
    traffic = _ex4_traffic()
    n = int(value)
    if n < 0:
        return "Agents cannot be negative."
    if value != n:
        return "Agents come in whole numbers: round up, never down."
    if n <= traffic:
        return (f"With {_agents(n)} the queue never empties: the traffic is {traffic:.0f} Erlangs, "
                "so you need more agents than that before anyone is answered on time.")
    sl = float(queueing.service_level(traffic, n, _EX4["aht"], _EX4["target_time"]))
    if sl < _EX4["target_sl"]:
        return (f"With {_agents(n)} only {sl:.1%} of calls are answered within "
                f"{_EX4['target_time']:.0f} s: not enough. Add agents one at a time.")
    return (f"{n} agents meet the target ({sl:.1%} within {_EX4['target_time']:.0f} s), "
            "but fewer would too: the question asks for the fewest.")


# Exercise 05: Phillips isolation: attribution × confidence.
_EX5 = dict(improvement=500_000.0, costs=180_000.0, attribution=0.60, confidence=0.80)


def _ex5(attribution: float | None = None, confidence: float | None = None) -> float:
    adj = risk_adjust(_EX5["improvement"], _EX5["costs"],
                      attribution=_EX5["attribution"] if attribution is None else attribution,
                      confidence=_EX5["confidence"] if confidence is None else confidence)
    return 100 * appraise([0.0, adj.benefits], [adj.costs, 0.0], 0.0).roi


def _sol1() -> str:
    a = _ex1()
    return (f"ROI = (benefits − costs) ÷ costs × 100 = ({_n(_EX1['benefits'])} − "
            f"{_n(_EX1['costs'])}) ÷ {_n(_EX1['costs'])} × 100 = {100 * a.roi:.1f} %. "
            f"(BCR = {a.bcr:.2f}, so ROI = (BCR − 1) × 100.)")


def _sol2() -> str:
    a = _ex2()
    # Discount factors: the present value of one unit in each year, from the finance module.
    factors = appraise_batch(np.eye(_EX2["years"] + 1), np.zeros((_EX2["years"] + 1,) * 2),
                             _EX2["rate"]).pv_benefits
    terms = " + ".join(f"{_n(_EX2['saving'])} × {x:.4f}" for x in factors[1:])
    rounded = sum(_EX2["saving"] * round(float(x), 4) for x in factors[1:])
    return (f"PV(benefits) = {terms} = {_n(rounded, 2)} with these four-decimal factors, "
            f"{_n(a.pv_benefits, 2)} with exact ones; the year-0 investment is not "
            f"discounted: PV(costs) = {_n(a.pv_costs)}. NPV = {_n(a.npv, 2)}.")


def _sol3() -> str:
    e = _EX3
    m = e["revenue"] * e["gross_margin"]
    return (f"m = {_n(e['revenue'])} × {e['gross_margin']:.0%} = {_n(m)}; r = 1 − "
            f"{e['churn']:.0%} = {1 - e['churn']:.2f}. CLV = m·r ÷ (1 + i − r) − AC = "
            f"{_n(m)} × {1 - e['churn']:.2f} ÷ (1 + {e['rate']:.2f} − {1 - e['churn']:.2f})"
            " − "
            f"{_n(e['acquisition'])} = {_ex3():.2f}.")


def _sol4() -> str:
    traffic, n = _ex4_traffic(), _ex4()
    sl = queueing.service_level(traffic, np.array([n - 1, n]), _EX4["aht"], _EX4["target_time"])
    return (f"Traffic = {_EX4['calls']} × {_EX4['aht']:.0f} s ÷ 1,800 s = {traffic:.0f} Erlangs. "
            f"Erlang C: {n - 1} agents answer {sl[0]:.1%} within {_EX4['target_time']:.0f} s, "
            f"{n} agents {sl[1]:.1%}. So {n} agents.")


def _sol5() -> str:
    e = _EX5
    adj = risk_adjust(e["improvement"], e["costs"], attribution=e["attribution"],
                      confidence=e["confidence"])
    return (f"Benefits that count = {_n(e['improvement'])} × {e['attribution']:.0%} × "
            f"{e['confidence']:.0%} = {_n(adj.benefits)}. ROI = ({_n(adj.benefits)} − "
            f"{_n(adj.costs)}) ÷ {_n(adj.costs)} × 100 = {_ex5():.1f} %.")


EXERCISES: dict[str, ExerciseSpec] = {s.key: s for s in (
    ExerciseSpec(
        "01", "ROI of a training programme",
        f"A conflict-resolution training programme for 40 agents costs "
        f"{_n(_EX1['costs'])}, fully loaded (design, delivery, the agents' time off the queue). "
        f"In its first year it saves {_n(_EX1['benefits'])}, already isolated and converted to "
        f"money. What is its ROI, in per cent?",
        "%", lambda: 100 * _ex1().roi, 0.5,
        "ROI = (benefits − costs) ÷ costs × 100.", _sol1,
        mistakes=(
            (lambda: 100 * _ex1().bcr,
             ("That is the benefit–cost ratio × 100. ROI counts only what is left after paying "
              "the costs: (benefits − costs) ÷ costs.")),
            (lambda: 100 * _ex1().npv / _EX1["benefits"],
             "You divided by the benefits. ROI divides the net benefit by the costs."),
            (lambda: _ex1().npv,
             "That is the net benefit in money. Divide it by the costs for the ROI."),
        )),
    ExerciseSpec(
        "02", "NPV of a platform",
        f"An omnichannel platform costs {_n(_EX2['investment'])} up front (year 0) and saves "
        f"{_n(_EX2['saving'])} at the end of each of the next {_EX2['years']} years. With a "
        f"discount rate of {_EX2['rate']:.0%}, what is its NPV? (Round to whole units.)",
        "currency", lambda: _ex2().npv, 60.0,
        "Discount each year's saving by (1 + rate)^year and subtract the investment, which is "
        "paid today.", _sol2,
        mistakes=(
            (lambda: _ex2(rate=0.0).npv,
             ("That is the undiscounted total. Savings in later years are worth less today: "
              "divide year t's saving by (1 + rate)^t.")),
            (lambda: _ex2(shift=1).npv,
             ("You discounted the year-0 investment too. It is paid today, so it is not "
              "discounted (the TEI 'Initial' column).")),
            (lambda: _ex2().pv_benefits - _ex2(shift=1).pv_costs,
             "You discounted the investment by a year. It is paid today: not discounted."),
            (lambda: _ex2().pv_benefits,
             "That is the present value of the savings. Subtract the investment for the NPV."),
        )),
    ExerciseSpec(
        "03", "Lifetime value of a customer",
        f"A customer brings {_n(_EX3['revenue'])} of revenue a year at a "
        f"{_EX3['gross_margin']:.0%} gross margin. Annual churn is {_EX3['churn']:.0%}, the "
        f"discount rate {_EX3['rate']:.0%} and winning a customer costs "
        f"{_n(_EX3['acquisition'])}. What is the CLV (Gupta & Lehmann, margins at the end of "
        f"each year)? Two decimals are enough.",
        "currency", lambda: _ex3(), 1.0,
        "CLV = m·r ÷ (1 + i − r) − AC, with m the margin a year and r = 1 − churn.", _sol3,
        mistakes=(
            (lambda: _ex3(acquisition=0.0),
             "Close: now subtract the acquisition cost."),
            (lambda: _ex3(convention="start"),
             ("That counts this year's margin too (m(1 + i) ÷ (1 + i − r)): the question puts "
              "margins at the end of each year, m·r ÷ (1 + i − r).")),
            (lambda: _ex3(retention=_EX3["churn"]),
             "r is the retention rate, 1 − churn, not the churn."),
            (lambda: _ex3(rate=0.0),
             "You left out discounting: i is the discount rate."),
            (lambda: _ex3(gross_margin=1.0),
             "Use the margin, not the revenue: m = revenue × gross margin."),
        )),
    ExerciseSpec(
        "04", "Agents for 80/20",
        f"{_EX4['calls']} calls arrive in a half-hour; the average handle time is "
        f"{_EX4['aht']:.0f} seconds. How many agents must be on the phones to answer "
        f"{_EX4['target_sl']:.0%} of calls within {_EX4['target_time']:.0f} seconds "
        f"(Erlang C)? Use the explorer above to try agent numbers.",
        "agents", _ex4, 0.0,
        "Traffic = calls × AHT ÷ 1,800 s gives the Erlangs; you need more agents than that, "
        "then add agents until the service level reaches the target.", _sol4,
        diagnose=_ex4_diagnose, whole=True),
    ExerciseSpec(
        "05", "Isolating the programme's effect",
        f"After a coaching programme, repeat contacts fell, worth {_n(_EX5['improvement'])} a "
        f"year. Team leaders estimate that {_EX5['attribution']:.0%} of the improvement is due "
        f"to the programme and are {_EX5['confidence']:.0%} confident in that estimate. The "
        f"programme cost {_n(_EX5['costs'])}, fully loaded. What ROI (in per cent) can you "
        f"defend, counting first-year benefits only?",
        "%", lambda: _ex5(), 0.5,
        "Monetary value = improvement × % attributed × % confidence; then ROI = (benefits − "
        "costs) ÷ costs × 100.", _sol5,
        mistakes=(
            (lambda: _ex5(attribution=1.0, confidence=1.0),
             ("That takes the whole improvement as the programme's. Multiply by the share "
              "attributed to it and by the confidence.")),
            (lambda: _ex5(confidence=1.0),
             "You applied the attribution; now multiply by the confidence too."),
            (lambda: _ex5(attribution=1.0),
             "You applied the confidence; now multiply by the share attributed too."),
        )),
)}

#: The lessons: key → (title, notebook file, explorer builder).
LESSONS: dict[str, tuple[str, str, Callable[..., _Explorer]]] = {
    "01": ("ROI, BCR and payback", "01_roi_bcr_payback.ipynb", roi_explorer),
    "02": ("Time value of money", "02_time_value_of_money.ipynb", npv_explorer),
    "03": ("Retention and CLV", "03_retention_and_clv.ipynb", clv_explorer),
    "04": ("Staffing and waiting", "04_staffing_and_waiting.ipynb", staffing_explorer),
    "05": ("Risk, attribution and intangibles", "05_risk_attribution_intangibles.ipynb",
           risk_explorer),
}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_UNIT_WORDS = ("percent", "per cent", "pct", "agents", "agent", "usd", "eur", "gbp")


def parse_number(text) -> float | None:
    """A number as people type it, or None: "30", "30 %", "11,908.34", "$11 908", "33,3".

    Commas are thousands separators when every group after them has three
    digits ("11,908"), otherwise one comma is a decimal comma ("33,3").

    >>> [parse_number(x) for x in ("30 %", "11,908.34", "$ 11 908", "33,3", "−5", "abc")]
    [30.0, 11908.34, 11908.0, 33.3, -5.0, None]
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float, np.integer, np.floating)):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str) or len(text) > 40:
        return None
    s = text.strip().lower().replace("\u2212", "-")
    for word in _UNIT_WORDS:
        s = s.removesuffix(word)
    s = s.strip().rstrip("%").strip().lstrip("$€£¥").strip()
    s = re.sub(r"[\s\u00a0\u202f_']", "", s)
    if "," in s:
        if "." in s:
            s = s.replace(",", "")
        else:
            groups = s.split(",")
            if all(len(g) == 3 and g.isdigit() for g in groups[1:]) and groups[0].lstrip(
                    "+-").isdigit():
                s = "".join(groups)
            elif len(groups) == 2:
                s = ".".join(groups)
            else:
                return None
    if not _NUMBER.fullmatch(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


def _spec(key: str) -> ExerciseSpec:
    try:
        return EXERCISES[key]
    except KeyError:
        raise ValueError(f"exercise: no exercise {key!r} (there are "
                         f"{', '.join(EXERCISES)})") from None


def answer(key: str) -> float:
    """The right answer to exercise ``key``, as the package computes it."""
    return float(_spec(key).answer())


def check(key: str, given) -> Feedback:
    """Right or wrong, with a hint: compare ``given`` (text or number) with :func:`answer`."""
    spec = _spec(key)
    value = parse_number(given)
    if value is None:
        example = {"%": "30 or 30 %", "currency": "12,345.67"}.get(spec.unit, "12")
        return Feedback(False, f"Please type a number, e.g. {example}.")
    target = answer(key)
    tol = spec.tolerance + 1e-9 * max(1.0, abs(target))
    if spec.whole and value != int(value):
        return Feedback(False, "Not quite. " + (spec.diagnose(value) if spec.diagnose else
                                                "The answer is a whole number."))
    if abs(value - target) <= tol:
        return Feedback(True, f"Correct! {spec.solution()}")
    if spec.unit == "%" and abs(100 * value - target) <= tol:
        return Feedback(True, f"Correct — written as a decimal ({value:g} = {100 * value:g} %). "
                              f"{spec.solution()}")
    for wrong, hint in spec.mistakes:
        w_value = float(wrong())
        if abs(value - w_value) <= max(tol, 1e-6 * abs(w_value)):
            return Feedback(False, f"Not quite. {hint}")
    if spec.diagnose:
        msg = spec.diagnose(value)
        if msg:
            return Feedback(False, f"Not quite. {msg}")
    if spec.tolerance > 0 and abs(value - target) <= 4 * spec.tolerance:
        return Feedback(False, "Very close, but not within the tolerance: keep more decimals "
                               "in intermediate steps (four in discount factors).")
    return Feedback(False, f"Not quite. Hint: {spec.hint}")


class Exercise:
    """The question, a number box, a Check button and the feedback.

    Checking is on the server: the answer never reaches the page until it is
    given or the worked solution is asked for.
    """

    def __init__(self, key: str):
        self.spec = _spec(key)
        self.error = w.HTML()
        self.error.add_class("sr-error")
        s = self.spec
        self.question = w.HTML(f"<div class='sr-ex-title'>Exercise {html.escape(s.key)}: "
                               f"{html.escape(s.title)}</div><p>{html.escape(s.question)}</p>")
        unit = {"%": "%", "currency": ""}.get(s.unit, s.unit)
        self.box = w.Text(value="", placeholder="your answer", continuous_update=False,
                          description="Answer", layout=w.Layout(width="260px"),
                          style={"description_width": "60px"})
        self.box.add_class("sr-answer")
        self.box.observe(self._on_submit, names="value")
        self.button = w.Button(description="Check", button_style="primary", icon="check",
                               layout=w.Layout(width="auto"))
        self.button.add_class("sr-check")
        self.button.on_click(self._on_check)
        self.show = w.Button(description="Show the worked solution", icon="eye",
                             layout=w.Layout(width="auto"))
        self.show.add_class("sr-show-solution")
        self.show.on_click(self._on_show)
        self.feedback = w.HTML()
        self.feedback.add_class("sr-feedback")
        self.solution = w.HTML()
        self.solution.add_class("sr-solution")
        self.last: Feedback | None = None
        row = w.HBox([self.box, w.HTML(html.escape(unit)), self.button, self.show],
                     layout=w.Layout(flex_flow="row wrap", align_items="center"))
        box = w.VBox([self.question, row, self.error, self.feedback, self.solution])
        box.add_class("sr-exercise-box")
        self.widget = w.VBox([w.HTML(CSS + LESSON_CSS), box])
        self.widget.add_class("sr-lesson")
        self.widget.add_class("sr-exercise")
        self.widget.add_class(f"sr-exercise-{s.key}")

    def _ipython_display_(self):
        display(self.widget)

    def submit(self, text) -> Feedback:
        """Check ``text`` and show the feedback (what the Check button does)."""
        fb = check(self.spec.key, text)
        self.last = fb
        cls = "sr-right" if fb.correct else "sr-wrong"
        self.feedback.value = (f'<div class="{cls}" role="status">{html.escape(fb.message)}'
                               "</div>")
        self.error.value = ""
        return fb

    @guarded
    def _on_check(self, _button) -> None:
        self.submit(self.box.value)

    @guarded
    def _on_submit(self, change) -> None:
        if str(change.new).strip():
            self.submit(change.new)

    @guarded
    def _on_show(self, _button) -> None:
        self.solution.value = (f"<div class='sr-muted'><b>Worked solution.</b> "
                               f"{html.escape(self.spec.solution())}</div>")


def exercise(key: str) -> Exercise:
    """The exercise of lesson ``key`` ("01" … "05"), ready to display."""
    return Exercise(key)
