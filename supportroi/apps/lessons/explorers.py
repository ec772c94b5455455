"""The five lessons' explorers (sliders → figures, a chart and the formula with
the current numbers), the TARP service-recovery table, and :func:`risk_adjust`,
the lessons' statement of the model's risk adjustments."""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import ipywidgets as w
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ... import clv as clvmod
from ... import queueing
from ...assumptions import CATALOG, check_value
from ...finance import Appraisal, appraise, appraise_batch
from ...formatting import money, payback, percent, ratio, why_text
from ...i18n import DEFAULT_LANGUAGE, language_problem, translator
from ..base import CSS, guard_choice
from ..charts import money_axis
from .risk_lesson import risk_app_explorer
from .widgets import (
    _BLUE,
    _GREEN,
    _GREY,
    _RED,
    LESSON_CSS,
    Knob,
    _cards,
    _decimals,
    _Explorer,
    _html,
    _n,
    _style,
    _tone,
    _undefined,
)

__all__ = [
    "LESSONS", "PHILLIPS_BENEFITS", "PHILLIPS_COSTS", "Adjusted", "risk_adjust",
    "RoiExplorer", "NpvExplorer", "ClvExplorer", "StaffingExplorer", "RiskExplorer",
    "roi_explorer", "npv_explorer", "clv_explorer", "staffing_explorer", "risk_explorer",
    "service_recovery", "RECOVERY_LABELS",
]


def _percent_axis(ax, lang: str, axis: str = "x") -> None:
    """Ticks of per cent values (0–100 along the axis) in ``lang``'s format: 10 %, 10%."""
    t = translator(lang)
    fmt = FuncFormatter(lambda v, _: t.percent(v / 100, 0))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


#: From what amount chart labels are compact: Chinese compact money has no decimals
#: (``$1万`` for 11,908), so it waits until the 万 figure has three digits.
_COMPACT_FROM = {"zh": 1e6}


def _compact(x: float, currency: str, lang: str) -> str:
    """Money on a chart label: compact from 10,000 on (``$12.3k``, ``12,3 тыс. $``; Chinese
    from 1,000,000: ``$120万``), in whole units below (Babel's compact form would show every
    decimal of a small amount: ``169,99999999999994 $``)."""
    return money(x, currency, compact=abs(x) >= _COMPACT_FROM.get(lang, 1e4), lang=lang)


def _check_language(lang: str) -> None:
    problem = language_problem(lang)
    if problem:
        raise ValueError(problem)


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
    TITLE = "lessons.roi.title"
    KNOBS = (
        Knob("benefits", "lessons.roi.benefits", "currency", PHILLIPS_BENEFITS, 0.0,
             2_000_000.0, 5_000.0, help="lessons.roi.benefits_help",
             source="lessons.roi.benefits_source"),
        Knob("costs", "lessons.roi.costs", "currency", PHILLIPS_COSTS, 5_000.0, 2_000_000.0,
             5_000.0, help="lessons.roi.costs_help", source="lessons.roi.costs_source"),
    )

    @classmethod
    def compute(cls, values) -> RoiResult:
        b, c = float(values["benefits"]), float(values["costs"])
        # Costs at the start (year 0), benefits over the first year; no discounting for
        # a one-year programme (Phillips counts first-year benefits only).
        return RoiResult(b, c, appraise([0.0, b], [c, 0.0], 0.0))

    def cards_html(self, r: RoiResult) -> str:
        a, cur, t, lang = r.appraisal, self.currency, self.t, self.lang
        return _cards([
            ("bcr", t("lessons.roi.bcr"), ratio(a.bcr, "no costs", lang), _undefined(a.bcr)),
            ("roi", "ROI", percent(a.roi, "no costs", digits=0, lang=lang),
             _tone(a.roi) + _undefined(a.roi)),
            ("payback", t("lessons.roi.payback"), payback(a.payback_years, 1, lang=lang),
             "" if a.payback_years is not None else "sr-bad sr-undefined"),
            ("net", t("lessons.roi.net"), money(a.npv, cur, lang=lang), _tone(a.npv)),
        ])

    def explain_html(self, r: RoiResult) -> str:
        a, cur, lang = r.appraisal, self.currency, self.lang
        return _html(lang, "lessons.roi.explain", bold=("bcr", "roi"),
                     benefits=money(r.benefits, cur, lang=lang),
                     costs=money(r.costs, cur, lang=lang), bcr=ratio(a.bcr, "no costs", lang),
                     net=money(a.npv, cur, lang=lang),
                     roi=percent(a.roi, "no costs", digits=0, lang=lang))

    def draw(self, axes, r: RoiResult) -> None:
        cur, t, lang = self.currency, self.t, self.lang
        left, right = axes
        bars = left.bar([t("lessons.roi.chart.costs"), t("lessons.roi.chart.benefits")],
                        [r.costs, r.benefits], color=[_RED, _GREEN], width=0.55)
        left.bar_label(bars, labels=[_compact(r.costs, cur, lang),
                                     _compact(r.benefits, cur, lang)], fontsize=8)
        left.set_ylim(0, 1.18 * max(r.costs, r.benefits, 1.0))
        money_axis(left, cur, lang=lang)
        _style(left, t("lessons.roi.chart.bcr_title", bcr=ratio(r.appraisal.bcr, "no costs",
                                                                lang)))

        months = np.array([0.0, 12.0])
        cumulative = np.cumsum([-r.costs, r.benefits])  # start of year, end of year
        right.axhline(0, color="#555", lw=0.8)
        right.plot(months, cumulative, color=_BLUE, lw=2, marker="o")
        right.fill_between(months, cumulative, 0, color=_BLUE, alpha=0.06)
        pb = r.appraisal.payback_months
        if pb is not None and 0 < pb <= 12:
            right.axvline(pb, color=_GREEN, ls="--", lw=1.2)
            right.text(pb, 0.04, " " + t("lessons.roi.chart.payback", months=payback(
                pb / 12, 1, unit="months", lang=lang)), fontsize=8, color=_GREEN,
                transform=right.get_xaxis_transform(), ha="left" if pb < 8 else "right")
        elif pb is None:
            right.text(0.03, 0.92, t("lessons.roi.chart.no_payback"), fontsize=8,
                       color=_RED, transform=right.transAxes)
        right.set_xlim(0, 12)
        right.set_xticks([0, 3, 6, 9, 12])
        right.set_xlabel(t("lessons.roi.chart.months"), fontsize=8)
        money_axis(right, cur, lang=lang)
        _style(right, t("lessons.roi.chart.cumulative_title"))


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
    TITLE = "lessons.npv.title"
    KNOBS = (
        Knob("investment", "lessons.npv.investment", "currency", 100_000.0, 0.0,
             1_000_000.0, 5_000.0, help="lessons.npv.investment_help"),
        Knob("benefit", "lessons.npv.benefit", "currency/year", 45_000.0, 0.0, 500_000.0,
             1_000.0, help="lessons.npv.benefit_help"),
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
        a, cur, t, lang = r.appraisal, self.currency, self.t, self.lang
        return _cards([
            ("pv-benefits", t("lessons.npv.pv_benefits"), money(a.pv_benefits, cur, lang=lang),
             ""),
            ("pv-costs", t("lessons.npv.pv_costs"), money(a.pv_costs, cur, lang=lang), ""),
            ("npv", "NPV", money(a.npv, cur, lang=lang), _tone(a.npv)),
            ("roi", "ROI", percent(a.roi, "no costs", lang=lang),
             _tone(a.roi) + _undefined(a.roi)),
            ("irr", "IRR", percent(a.irr, a.irr_note, lang=lang), _undefined(a.irr)),
        ])

    def explain_html(self, r: NpvResult) -> str:
        a, cur, t, lang = r.appraisal, self.currency, self.t, self.lang
        factors = r.discount_factors
        terms = " + ".join(t("lessons.npv.term", amount=_n(b, 0, lang), factor=t.number(f, 4))
                           for b, f in zip(r.benefits[1:], factors[1:]))
        slip = _html(lang, "lessons.npv.slip", npv=money(r.wrong.npv, cur, lang=lang))
        return (_html(lang, "lessons.npv.explain", terms=terms,
                      pv_benefits=money(a.pv_benefits, cur, lang=lang),
                      investment=_n(r.costs[0], 0, lang),
                      pv_costs=money(a.pv_costs, cur, lang=lang), npv=money(a.npv, cur, lang=lang),
                      roi=percent(a.roi, "no costs", lang=lang))
                + f" <span class='sr-muted'>{slip}</span>")

    def draw(self, axes, r: NpvResult) -> None:
        cur, t, lang = self.currency, self.t, self.lang
        a = r.appraisal
        left, right = axes
        years = np.arange(len(r.benefits))
        net = r.benefits - r.costs
        pv = net * r.discount_factors
        left.bar(years - 0.2, net, width=0.4, color="#a9cce3",
                 label=t("lessons.npv.chart.as_paid"))
        left.bar(years + 0.2, pv, width=0.4, color=_BLUE, label=t("lessons.npv.chart.present"))
        left.axhline(0, color="#555", lw=0.8)
        left.set_xticks(years)
        left.set_xticklabels([t("lessons.npv.chart.now") if y == 0 else str(y) for y in years])
        left.set_xlabel(t("lessons.npv.chart.year"), fontsize=8)
        left.legend(fontsize=7.5, frameon=False, loc="lower right")
        money_axis(left, cur, lang=lang)
        _style(left, t("lessons.npv.chart.flows_title", rate=percent(a.rate, lang=lang)))

        right.axhline(0, color="#555", lw=0.8)
        right.plot(100 * r.rates, r.npv_curve, color=_BLUE, lw=2)
        right.plot([100 * a.rate], [a.npv], "o", color=_GREEN if a.npv >= 0 else _RED)
        right.annotate(f"NPV {_compact(a.npv, cur, lang)}", (100 * a.rate, a.npv),
                       xytext=(6, 6), textcoords="offset points", fontsize=8)
        if a.irr is not None and 0 <= a.irr <= 0.5:
            right.axvline(100 * a.irr, color=_GREY, ls="--", lw=1)
            right.text(100 * a.irr, 0.97, f" IRR {percent(a.irr, lang=lang)}", fontsize=8,
                       color="#444", va="top", transform=right.get_xaxis_transform())
        _percent_axis(right, lang)
        right.set_xlabel(t("lessons.npv.chart.rate"), fontsize=8)
        money_axis(right, cur, lang=lang)
        _style(right, t("lessons.npv.chart.curve_title"))


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
    TITLE = "lessons.clv.title"
    KNOBS = (
        Knob("margin", "lessons.clv.margin", "currency/year",
             CATALOG["revenue_per_customer"].default * CATALOG["gross_margin"].default,
             0.0, 1_000.0, 5.0, help="lessons.clv.margin_help",
             source="lessons.clv.margin_source"),
        Knob.from_catalog("annual_churn", min=0.01, max=0.8),
        Knob.from_catalog("discount_rate"),
        Knob.from_catalog("acquisition_cost_per_customer", label="lessons.clv.acquisition_cost",
                          max=1_000.0, step=5.0),
        Knob("referrals", "lessons.clv.referrals", "", 0.0, 0.0, 1.0,
             0.01, help="lessons.clv.referrals_help", source="lessons.clv.referrals_source"),
    )

    def extra_controls(self) -> list[w.Widget]:
        t = self.t
        self.convention = w.ToggleButtons(
            options=[(t("lessons.clv.end"), "end"), (t("lessons.clv.start"), "start")],
            value="end", description=t("lessons.clv.margins_arrive"),
            style={"button_width": "120px"},
            tooltips=[t("lessons.clv.end_tooltip"), t("lessons.clv.start_tooltip")])
        self.convention.add_class("sr-convention")
        self.convention.observe(self._changed, names="value")
        guard_choice(self.convention, self._refused_convention)
        return [self.convention]

    def _refused_convention(self, _reasons) -> None:
        kept = dict((v, k) for k, v in self.convention.options)[self.convention.value]
        text = self.t("lessons.clv.refused_convention", end=self.t("lessons.clv.end"),
                      start=self.t("lessons.clv.start"), kept=kept)
        self.inputs.notice.value = (f'<div class="sr-warning" role="alert">'
                                    f"{html.escape(text)}</div>")

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

    def _years(self, x: float) -> str:
        """``x`` years with one decimal: "5.0 years", "5,0 года", "5.0 年"."""
        return self.t.plural("lessons.clv.years", Decimal(f"{x:.1f}"),
                             value=self.t.number(x, 1))

    def cards_html(self, r: ClvResult) -> str:
        cur, t, lang = self.currency, self.t, self.lang
        life = (self._years(r.lifetime_years) if r.lifetime_years else
                t("results.undefined_because", why=why_text("no churn", lang)))
        return _cards([
            ("clv", t("lessons.clv.clv"), money(r.clv, cur, lang=lang), _tone(r.clv)),
            ("retention", t("lessons.clv.retention"), percent(r.retention, digits=1, lang=lang),
             ""),
            ("lifetime", t("lessons.clv.lifetime"), life, _undefined(r.lifetime_years)),
            ("margin", t("lessons.clv.margin_card"), money(r.margin, cur, lang=lang), ""),
        ])

    def explain_html(self, r: ClvResult) -> str:
        cur, t, lang = self.currency, self.t, self.lang
        fields = {"m": _n(r.margin, 2, lang), "r": t.number(r.retention, 3),
                  "i": t.number(r.discount_rate, 3), "ac": _n(r.acquisition_cost, 0, lang),
                  "clv": money(r.clv, cur, lang=lang)}
        key = "lessons.clv.explain_end" if r.convention == "end" else "lessons.clv.explain_start"
        text = _html(lang, key, bold=("clv",), **fields)
        if r.lifetime_years:
            text += " " + _html(lang, "lessons.clv.explain_lifetime",
                                churn=t.number(r.churn, 3),
                                lifetime=self._years(r.lifetime_years))
        return text

    def draw(self, axes, r: ClvResult) -> None:
        cur, t, lang = self.currency, self.t, self.lang
        left, right = axes
        years = np.arange(r.cumulative.size)
        left.plot(years, r.cumulative, color=_BLUE, lw=2, marker="o", ms=3,
                  label=t("lessons.clv.chart.so_far"))
        left.axhline(r.clv + r.acquisition_cost, color=_GREEN, ls="--", lw=1,
                     label=t("lessons.clv.chart.limit"))
        left.axhline(r.acquisition_cost, color=_RED, ls=":", lw=1.2,
                     label=t("lessons.clv.chart.acquisition"))
        left.set_xlim(0, years[-1])
        left.set_ylim(bottom=0)
        left.set_xlabel(t("lessons.clv.chart.years"), fontsize=8)
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        left.legend(fontsize=7.5, frameon=False, loc="lower right")
        money_axis(left, cur, lang=lang)
        _style(left, t("lessons.clv.chart.margin_title"))

        right.axhline(0, color="#555", lw=0.8)
        right.plot(100 * r.churns, r.clv_curve, color=_BLUE, lw=2)
        right.plot([100 * r.churn], [r.clv], "o", color=_GREEN if r.clv >= 0 else _RED)
        right.annotate(_compact(r.clv, cur, lang), (100 * r.churn, r.clv),
                       xytext=(6, 6), textcoords="offset points", fontsize=8)
        _percent_axis(right, lang)
        right.set_xlabel(t("lessons.clv.chart.churn"), fontsize=8)
        money_axis(right, cur, lang=lang)
        _style(right, t("lessons.clv.chart.curve_title"))


#: The messages of the TARP outcomes (:data:`supportroi.clv.SERVICE_RECOVERY`), by key.
RECOVERY_LABELS = {"did_not_complain": "lessons.recovery.did_not_complain",
                   "not_satisfied": "lessons.recovery.not_satisfied",
                   "satisfied": "lessons.recovery.satisfied",
                   "satisfied_quickly": "lessons.recovery.satisfied_quickly"}


def service_recovery(customers: int = 1_000, currency: str = "$", *,
                     lang: str = DEFAULT_LANGUAGE) -> w.HTML:
    """The TARP service-recovery figures, the Marriott caveat and a worked example.

    The example values ``customers`` with a small problem who complained and
    were left unsatisfied, had they been satisfied quickly, at the CLV of
    lesson 03's defaults (acquisition cost left out: they are already won).
    Texts in ``lang``; the TARP figures from :mod:`supportroi.clv`.
    """
    _check_language(lang)
    t = translator(lang)
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(t(RECOVERY_LABELS[o.key]))}</td>"
                   f"<td>{t.percent(o.small_loss, 0)}</td>"
                   f"<td>{t.percent(o.large_loss, 0)}</td></tr>" for o in clvmod.SERVICE_RECOVERY)
    d = {k.name: k.default for k in ClvExplorer.KNOBS}
    value = float(clvmod.clv(d["margin"], 1 - d["annual_churn"], d["discount_rate"]))
    gain = float(clvmod.recovery_gain(customers, value, "not_satisfied", "satisfied_quickly"))
    kept = customers * (clvmod.loyal_share("satisfied_quickly")
                        - clvmod.loyal_share("not_satisfied"))
    example = _html(lang, "lessons.recovery.example", bold=("gain",), count=customers,
                    quickly=t.percent(clvmod.loyal_share("satisfied_quickly"), 0),
                    unsatisfied=t.percent(clvmod.loyal_share("not_satisfied"), 0),
                    kept=t.number(kept), clv=money(value, currency, lang=lang),
                    gain=money(gain, currency, lang=lang))
    text = (
        f"<b>{esc(t('lessons.recovery.heading'))}</b>"
        f"<table class='sr-recovery'><thead><tr><th>{esc(t('lessons.recovery.how'))}</th>"
        f"<th>{esc(t('lessons.recovery.small'))}</th><th>{esc(t('lessons.recovery.large'))}</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        f"<div class='sr-muted'>{esc(t('lessons.recovery.source', source=t('lessons.recovery.tarp')))}"
        f"</div><p><b>{esc(t('lessons.recovery.worked'))}</b> {example}</p>"
        f"<div class='sr-warning'><b>{esc(t('lessons.recovery.caveat_heading'))}</b> "
        f"{esc(t('lessons.recovery.caveat'))}</div>")
    out = w.HTML(CSS + LESSON_CSS + f"<div class='sr-lesson' lang='{lang}'>{text}</div>")
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


def _agents(n: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """``n`` agents in words: "1 agent", "3 оператора", "5名坐席"."""
    return translator(lang).plural("lessons.staffing.agents_count", n)


def _traffic(calls, aht) -> float:
    """Offered load of ``calls`` in one half-hour interval of ``aht`` seconds each. [Erlangs]"""
    return calls * aht / queueing.INTERVAL_SECONDS


_CALLS = Knob("contacts", "lessons.staffing.calls", "", 100, 1, 500, 1, kind="int",
              help="lessons.staffing.calls_help")
_AHT = Knob("aht", "lessons.staffing.aht", "seconds",
            round(60 * CATALOG["aht_phone_min"].default), 30, 900, 1, kind="int",
            help="lessons.staffing.aht_help", source=CATALOG["aht_phone_min"].source)
_TARGET_SL = Knob("target_sl", "lessons.staffing.target_sl", "fraction", 0.80, 0.50, 0.99, 0.01,
                  help="lessons.staffing.target_sl_help", source="lessons.staffing.target_source")
_TARGET_TIME = Knob("target_time", "lessons.staffing.target_time", "seconds", 20, 0, 120, 5,
                    kind="int", help="lessons.staffing.target_time_help",
                    source="lessons.staffing.target_source")
#: Lesson 04 starts at the fewest agents meeting the target at the other defaults.
_AGENTS = Knob("agents", "lessons.staffing.agents", "", int(queueing.agents_needed(
    _traffic(_CALLS.default, _AHT.default), _AHT.default, _TARGET_SL.default,
    _TARGET_TIME.default)), 1, 300, 1, kind="int", help="lessons.staffing.agents_help")


class StaffingExplorer(_Explorer):
    """Lesson 04: calls, handle time and agents → service level, waiting (Erlang C)."""

    KEY = "04"
    TITLE = "lessons.staffing.title"
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
        t, lang = self.t, self.lang
        unstable = t("lessons.staffing.unstable", traffic=t.number(r.traffic, 1))
        seconds = t.number(r.target_time)
        return _cards([
            ("traffic", t("lessons.staffing.traffic"),
             t("lessons.staffing.erlangs", value=t.number(r.traffic, 1)), ""),
            ("service-level", t("lessons.staffing.answered_within", seconds=seconds),
             percent(r.service_level, digits=1, lang=lang) if r.stable else unstable,
             ("sr-good" if r.service_level >= r.target_sl else "sr-bad")
             + ("" if r.stable else " sr-undefined")),
            ("asa", t("lessons.staffing.asa"),
             t("lessons.staffing.seconds", value=t.number(r.asa, 1)) if r.stable else unstable,
             "" if r.stable else " sr-undefined"),
            ("occupancy", t("lessons.staffing.occupancy"),
             percent(r.occupancy, digits=0, lang=lang), ""),
            ("needed", t("lessons.staffing.needed", level=t.percent(r.target_sl, 0),
                         seconds=seconds), t.number(r.needed), ""),
        ])

    def explain_html(self, r: StaffingResult) -> str:
        t, lang = self.t, self.lang
        base = _html(lang, "lessons.staffing.explain_traffic", calls=t.number(r.contacts),
                     aht=t.number(r.aht), traffic=t.number(r.traffic, 2),
                     interval=t.number(queueing.INTERVAL_SECONDS))
        if not r.stable:
            return base + " " + _html(lang, "lessons.staffing.explain_unstable",
                                      agents=_agents(r.agents, lang))
        return base + " " + _html(lang, "lessons.staffing.explain_stable",
                                  agents=_agents(r.agents, lang), asa=t.number(r.asa, 1),
                                  hours=t.number(r.waiting_hours, 1),
                                  level=percent(r.service_level, digits=1, lang=lang),
                                  seconds=t.number(r.target_time),
                                  needed=_agents(r.needed, lang))

    def draw(self, axes, r: StaffingResult) -> None:
        t, lang = self.t, self.lang
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
        _percent_axis(left, lang, axis="y")
        left.set_xlabel(t("lessons.staffing.chart.agents"), fontsize=8)
        left.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(left, t("lessons.staffing.answered_within", seconds=t.number(r.target_time)))

        asa = np.where(stable, r.curve_asa, np.nan)
        right.plot(n[stable], asa[stable], color=_BLUE, lw=2, marker="o", ms=3)
        if r.stable:
            right.plot([r.agents], [r.asa], "o", ms=8, color=_BLUE)
        finite = asa[np.isfinite(asa)]
        top = min(float(finite.max()) if finite.size else 60.0, 8 * max(r.aht, 1.0))
        right.set_ylim(0, max(top * 1.05, 5.0))
        right.set_xlabel(t("lessons.staffing.chart.agents"), fontsize=8)
        right.set_ylabel(t("lessons.staffing.chart.seconds"), fontsize=8)
        right.xaxis.set_major_locator(MaxNLocator(integer=True))
        right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v, _decimals(v, 1))))
        _style(right, t("lessons.staffing.asa"))


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
    TITLE = "lessons.risk.title"
    NCOLS = 1
    KNOBS = (
        Knob("improvement", "lessons.risk.improvement", "currency", 800_000.0, 0.0,
             2_000_000.0, 10_000.0, help="lessons.risk.improvement_help"),
        Knob("costs", "lessons.roi.costs", "currency", PHILLIPS_COSTS, 5_000.0, 2_000_000.0,
             5_000.0, source="lessons.roi.costs_source"),
        Knob.from_catalog("attribution", label="lessons.risk.attribution"),
        Knob.from_catalog("confidence", label="lessons.risk.confidence"),
        Knob.from_catalog("benefit_risk", label="lessons.risk.benefit_risk", max=0.5),
        Knob.from_catalog("cost_risk", label="lessons.risk.cost_risk", max=0.5),
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
        cur, t, lang = self.currency, self.t, self.lang
        return _cards([
            ("roi-claimed", t("lessons.risk.roi_claimed"),
             percent(r.before.roi, "no costs", digits=0, lang=lang),
             _tone(r.before.roi) + _undefined(r.before.roi)),
            ("roi", t("lessons.risk.roi_adjusted"),
             percent(r.after.roi, "no costs", digits=0, lang=lang),
             _tone(r.after.roi) + _undefined(r.after.roi)),
            ("benefits", t("lessons.risk.benefits_count"),
             money(r.adjusted.benefits, cur, lang=lang), ""),
            ("costs", t("lessons.risk.costs_count"), money(r.adjusted.costs, cur, lang=lang), ""),
        ])

    def _shares(self) -> dict[str, str]:
        v, t = self.values, self.t
        return {name: t.percent(v[name], 0) for name in ("attribution", "confidence",
                                                         "benefit_risk", "cost_risk")}

    def explain_html(self, r: RiskResult) -> str:
        a, cur, lang = r.adjusted, self.currency, self.lang
        return _html(lang, "lessons.risk.explain", bold=("benefits", "costs", "roi"),
                     claimed=money(a.claimed, cur, lang=lang),
                     benefits=money(a.benefits, cur, lang=lang),
                     costs_before=money(a.costs_before, cur, lang=lang),
                     costs=money(a.costs, cur, lang=lang),
                     benefits_=money(a.benefits, cur, lang=lang),
                     costs_=money(a.costs, cur, lang=lang),
                     roi=percent(r.after.roi, "no costs", digits=0, lang=lang), **self._shares())

    def draw(self, axes, r: RiskResult) -> None:
        (ax,) = axes
        a, cur, t, lang = r.adjusted, self.currency, self.t, self.lang
        s = self._shares()
        labels = [t("lessons.risk.chart.measured"),
                  t("lessons.risk.chart.attribution", share=s["attribution"]),
                  t("lessons.risk.chart.confidence", share=s["confidence"]),
                  t("lessons.risk.chart.benefit_risk", share=s["benefit_risk"]),
                  t("lessons.risk.chart.costs"),
                  t("lessons.risk.chart.cost_risk", share=s["cost_risk"])]
        heights = [a.claimed, a.attributed, a.confident, a.benefits, a.costs_before, a.costs]
        colours = ["#a9dfbf", "#7dcea0", "#52be80", _GREEN, "#f5b7b1", _RED]
        bars = ax.bar(labels, heights, color=colours, width=0.6)
        ax.bar_label(bars, labels=[_compact(h, cur, lang) for h in heights],
                     fontsize=8)
        ax.set_ylim(0, 1.15 * max(max(heights), 1.0))
        ax.tick_params(axis="x", labelsize=8)
        money_axis(ax, cur, lang=lang)
        _style(ax, t("lessons.risk.chart.title"))


# --------------------------------------------------------------------------- builders

def roi_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE, **values) -> RoiExplorer:
    """Lesson 01 explorer; ``values`` override the starting ``benefits`` and ``costs``;
    texts and figures in ``lang`` (en, ru, zh)."""
    return RoiExplorer(currency, lang=lang, **values)


def npv_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE, **values) -> NpvExplorer:
    """Lesson 02 explorer: ``investment``, ``benefit``, ``horizon_years``, ``discount_rate``;
    in ``lang``."""
    return NpvExplorer(currency, lang=lang, **values)


def clv_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE, **values) -> ClvExplorer:
    """Lesson 03 explorer: ``margin``, ``annual_churn``, ``discount_rate``,
    ``acquisition_cost_per_customer``, ``referrals``; plus the timing convention; in
    ``lang``."""
    return ClvExplorer(currency, lang=lang, **values)


def staffing_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE,
                      **values) -> StaffingExplorer:
    """Lesson 04 explorer: ``contacts``, ``aht``, ``agents``, ``target_sl``, ``target_time``;
    in ``lang``.

    Unless ``agents`` is given, it starts at the fewest agents meeting the target.
    """
    _check_language(lang)
    if "agents" not in values and values:
        for name, value in values.items():  # bad values are refused by name, before use
            msg = StaffingExplorer.knob(name).problem(value) if name in _STAFFING_NAMES else None
            if msg:
                raise ValueError(f"{name}: {msg}")
        start = {k.name: k.default for k in StaffingExplorer.KNOBS} | values
        needed = int(StaffingExplorer.compute(start).needed)
        values = values | {"agents": min(max(needed, 1), int(_AGENTS.max))}
    return StaffingExplorer(currency, lang=lang, **values)


def risk_explorer(currency: str = "$", *, lang: str = DEFAULT_LANGUAGE,
                  **values) -> RiskExplorer:
    """Lesson 05 explorer: ``improvement``, ``costs``, ``attribution``, ``confidence``,
    ``benefit_risk``, ``cost_risk``; in ``lang``."""
    return RiskExplorer(currency, lang=lang, **values)


#: The lessons: key → (title, notebook file, explorer builder).
LESSONS: dict[str, tuple[str, str, Callable[..., _Explorer]]] = {
    "01": ("ROI, BCR and payback", "01_roi_bcr_payback.ipynb", roi_explorer),
    "02": ("Time value of money", "02_time_value_of_money.ipynb", npv_explorer),
    "03": ("Retention and CLV", "03_retention_and_clv.ipynb", clv_explorer),
    "04": ("Staffing and waiting", "04_staffing_and_waiting.ipynb", staffing_explorer),
    "05": ("Risk, attribution and intangibles", "05_risk_attribution_intangibles.ipynb",
           risk_explorer),
    "06": ("What the risk app does", "06_risk_app.ipynb", risk_app_explorer),
}
