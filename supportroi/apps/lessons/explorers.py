"""The five lessons' explorers (sliders → figures, a chart and the formula with
the current numbers), the TARP service-recovery table, and :func:`risk_adjust`,
the lessons' statement of the model's risk adjustments."""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ... import clv as clvmod
from ... import queueing
from ...assumptions import CATALOG, check_value
from ...finance import Appraisal, appraise, appraise_batch, describe_payback
from ...formatting import money, percent, ratio
from ..base import CSS, guard_choice
from ..charts import money_axis
from .widgets import (
    _BLUE,
    _GREEN,
    _GREY,
    _RED,
    LESSON_CSS,
    Knob,
    _cards,
    _Explorer,
    _n,
    _style,
    _tone,
)

__all__ = [
    "LESSONS", "PHILLIPS_BENEFITS", "PHILLIPS_COSTS", "Adjusted", "risk_adjust",
    "RoiExplorer", "NpvExplorer", "ClvExplorer", "StaffingExplorer", "RiskExplorer",
    "roi_explorer", "npv_explorer", "clv_explorer", "staffing_explorer", "risk_explorer",
    "service_recovery",
]


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
        guard_choice(self.convention, self._refused_convention)
        return [self.convention]

    def _refused_convention(self, _reasons) -> None:
        kept = dict((v, k) for k, v in self.convention.options)[self.convention.value]
        self.inputs.notice.value = (
            '<div class="sr-warning" role="alert">Margins arrive: only “End of year” or '
            f"“Start of year” can be chosen. Kept {html.escape(kept)}.</div>")

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

    Restated here rather than called from the model because the lesson shows every
    intermediate step, which the model (one combined factor per line) never forms;
    ``tests/test_lessons.py::test_risk_adjust_matches_the_model`` checks that the two agree.

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


#: The lessons: key → (title, notebook file, explorer builder).
LESSONS: dict[str, tuple[str, str, Callable[..., _Explorer]]] = {
    "01": ("ROI, BCR and payback", "01_roi_bcr_payback.ipynb", roi_explorer),
    "02": ("Time value of money", "02_time_value_of_money.ipynb", npv_explorer),
    "03": ("Retention and CLV", "03_retention_and_clv.ipynb", clv_explorer),
    "04": ("Staffing and waiting", "04_staffing_and_waiting.ipynb", staffing_explorer),
    "05": ("Risk, attribution and intangibles", "05_risk_attribution_intangibles.ipynb",
           risk_explorer),
}
