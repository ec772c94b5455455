"""Lesson 06: what the risk app does — capture rate, tornado, Monte Carlo, break-even.

One explorer over the whole model (:mod:`supportroi.model`, the catalog defaults as the
risk app starts), every figure from :mod:`supportroi.risk`:

* the *capture rate* (share of the freed agent time that becomes a real saving) and
  two other sliders move the base case;
* :func:`supportroi.risk.tornado` swings each uncertain business driver
  (:func:`supportroi.risk.business_drivers`) one at a time by ±20 %;
* :func:`supportroi.risk.monte_carlo` draws the four drivers with the largest swing
  from their ±20 % three-point ranges (the risk app's pre-filled ranges): P10, P50, P90
  of NPV and P(ROI > 0);
* :func:`supportroi.risk.break_even` finds the capture rate and the yearly technology
  cost at which NPV is 0.

Nothing is re-computed here: this module picks the inputs, lays out the figures and
draws the tornado and the histogram.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...assumptions import CATALOG, defaults
from ...formatting import money, percent
from ...i18n import DEFAULT_LANGUAGE
from ...model import evaluate
from ...risk import (
    DEFAULT_SEED,
    BreakEven,
    MonteCarlo,
    Tornado,
    break_even,
    business_drivers,
    monte_carlo,
    tornado,
)
from ..charts import money_axis
from ..risk.common import default_ranges
from ..risk.monte_carlo import default_picks
from .widgets import _BLUE, _GREEN, _GREY, _RED, Knob, _cards, _Explorer, _html, _style, _tone

__all__ = ["MC_DRAWS", "TORNADO_ROWS", "RiskAppExplorer", "RiskAppResult", "risk_app_explorer"]

#: Monte Carlo draws per slider move: enough for steady P10/P50/P90 (they move by about
#: 1 % of NPV between seeds), few enough to redraw in ~0.1 s on a shared core. [draws]
MC_DRAWS = 2_000
#: Tornado rows drawn (the largest swings). [rows]
TORNADO_ROWS = 8


@dataclass(frozen=True)
class RiskAppResult:
    """Lesson 06: the base case and the risk app's four views of it."""

    values: dict  #: every assumption's value [each one's unit]
    npv: float  #: NPV of the base case [currency]
    roi: float | None  #: ROI of the base case; None without costs [fraction]
    tornado: Tornado  #: one at a time, ±20 %, the business drivers
    monte_carlo: MonteCarlo  #: :data:`MC_DRAWS` draws, the four largest swings ranged
    capture_break_even: BreakEven  #: capture rate at NPV = 0
    cost_break_even: BreakEven  #: yearly technology cost at NPV = 0


def _label(name: str, lang: str) -> str:
    return CATALOG[name].text(lang)[0]


class RiskAppExplorer(_Explorer):
    """Lesson 06: capture rate, confidence and technology cost → the risk app's views."""

    KEY = "06"
    TITLE = "lessons_room.risk.title"
    KNOBS = (
        Knob.from_catalog("capture_rate"),
        Knob.from_catalog("confidence"),
        Knob.from_catalog("tech_annual_cost", max=2_000_000.0, step=10_000.0),
    )

    @classmethod
    def compute(cls, values) -> RiskAppResult:
        v = defaults() | {k: values[k] for k in ("capture_rate", "confidence",
                                                 "tech_annual_cost")}
        appraisal = evaluate(v).appraisal
        tor = tornado(v, names=business_drivers())
        ranges = default_ranges(v, default_picks(tor.table))
        mc = monte_carlo(v, ranges, n=MC_DRAWS, seed=DEFAULT_SEED)
        return RiskAppResult(
            values=v, npv=float(appraisal.npv), roi=appraisal.roi, tornado=tor, monte_carlo=mc,
            capture_break_even=break_even(v, "capture_rate", metric="npv"),
            cost_break_even=break_even(v, "tech_annual_cost", metric="npv"))

    def _value(self, be: BreakEven) -> str:
        if be.value is None:
            return self.t("lessons_room.risk.no_break_even")
        if CATALOG[be.name].unit.startswith("fraction"):
            return percent(be.value, digits=1, lang=self.lang)
        return money(be.value, self.currency, lang=self.lang)

    def cards_html(self, r: RiskAppResult) -> str:
        cur, t, lang = self.currency, self.t, self.lang
        mc = r.monte_carlo
        return _cards([
            ("npv", t("lessons_room.risk.npv"), money(r.npv, cur, lang=lang), _tone(r.npv)),
            ("p10", t("lessons_room.risk.p10"), money(mc.npv_p10, cur, lang=lang),
             _tone(mc.npv_p10)),
            ("p50", t("lessons_room.risk.p50"), money(mc.npv_p50, cur, lang=lang), ""),
            ("p90", t("lessons_room.risk.p90"), money(mc.npv_p90, cur, lang=lang), ""),
            ("p-roi", t("lessons_room.risk.p_roi"),
             percent(mc.p_roi_positive, "no costs", digits=0, lang=lang), ""),
            ("capture-break-even", t("lessons_room.risk.capture_break_even"),
             self._value(r.capture_break_even), ""),
            ("cost-break-even", t("lessons_room.risk.cost_break_even"),
             self._value(r.cost_break_even), ""),
        ])

    def explain_html(self, r: RiskAppResult) -> str:
        cur, lang = self.currency, self.lang
        top = r.tornado.table.iloc[0]
        mc = r.monte_carlo
        return _html(lang, "lessons_room.risk.explain",
                     bold=("capture", "top", "p10", "p90", "p_roi", "capture_be"),
                     capture=percent(r.values["capture_rate"], digits=0, lang=lang),
                     npv=money(r.npv, cur, lang=lang), top=_label(top["name"], lang),
                     swing=money(float(top["swing"]), cur, lang=lang),
                     drawn=self.t("lessons_room.risk.list_separator").join(
                         _label(n, lang) for n in mc.ranges),
                     n=self.t.number(mc.n), p10=money(mc.npv_p10, cur, lang=lang),
                     p90=money(mc.npv_p90, cur, lang=lang),
                     p_roi=percent(mc.p_roi_positive, "no costs", digits=0, lang=lang),
                     capture_be=self._value(r.capture_break_even),
                     cost_be=self._value(r.cost_break_even))

    def draw(self, axes, r: RiskAppResult) -> None:
        left, right = axes
        cur, t, lang = self.currency, self.t, self.lang
        rows = r.tornado.table.head(TORNADO_ROWS).iloc[::-1]
        y = np.arange(len(rows))
        base = r.tornado.base_npv
        lows, highs = rows["npv_low"].to_numpy(float), rows["npv_high"].to_numpy(float)
        left.barh(y, lows - base, left=base, color=_RED, height=0.6,
                  label=t("lessons_room.risk.chart.low"))
        left.barh(y, highs - base, left=base, color=_GREEN, height=0.6,
                  label=t("lessons_room.risk.chart.high"))
        left.axvline(base, color=_GREY, lw=1)
        left.set_yticks(y, [_label(n, lang) for n in rows["name"]], fontsize=7)
        money_axis(left, cur, axis="x", lang=lang)
        left.legend(fontsize=7, loc="lower right", frameon=False)
        _style(left, t("lessons_room.risk.chart.tornado"))
        left.grid(axis="y", visible=False)

        mc = r.monte_carlo
        right.hist(mc.npv, bins=40, color=_BLUE, alpha=0.75)
        for x, name in ((mc.npv_p10, "P10"), (mc.npv_p50, "P50"), (mc.npv_p90, "P90")):
            right.axvline(x, color=_GREY, lw=1, ls="--")
            right.annotate(name, (x, 1), xycoords=("data", "axes fraction"), fontsize=7,
                           ha="center", va="bottom")
        right.axvline(0.0, color=_RED, lw=1.2)
        money_axis(right, cur, axis="x", lang=lang)
        right.set_ylabel(t("lessons_room.risk.chart.draws"), fontsize=8)
        _style(right, t("lessons_room.risk.chart.monte_carlo", n=t.number(mc.n)))


def risk_app_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE,
                      **values) -> RiskAppExplorer:
    """Lesson 06: the risk app's capture rate, tornado, Monte Carlo and break-even on one
    screen, in ``lang``; ``values`` start the sliders (``capture_rate=0.5``)."""
    return RiskAppExplorer(currency, lang=lang, **values)

