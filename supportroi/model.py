"""From assumptions to yearly cash flows: one row per cost and benefit line.

Everything here is a pure function of arrays that broadcast, so one scenario
and 100,000 Monte Carlo draws go through the same code. :func:`evaluate`
wraps one scenario in a documented :class:`Evaluation` (table, appraisal,
explanations); :func:`evaluate_batch` returns arrays for many.

Conventions (each line's explanation repeats the ones it uses):

* **Workload.** Agent-handled contacts are the phone, chat and email shares of
  annual contacts; their hours are contacts × AHT. Effects apply in this order,
  so nothing is counted twice: deflection moves contacts to self-service;
  better FCR removes repeat contacts from what is left; shorter AHT shortens
  the contacts that remain. Training and tooling AHT cuts combine as
  ``1 − (1 − a)(1 − b)``.
* **Repeat contacts.** With *k* repeat contacts per unresolved issue, contacts
  = first contacts × (1 + k(1 − FCR)); a rise ΔFCR avoids
  first contacts × k × ΔFCR repeat contacts.
* **Labour savings.** Hours freed ÷ productive hours per FTE (paid hours ×
  (1 − shrinkage) × occupancy) are the FTE each effect frees; only the part
  the team actually staffs counts (``min(team, need before) − min(team, need
  after)``: a team below its workload does not save what it never spent, and
  a team of 0 saves nothing). The staff saving is one quantity for freed
  capacity and removed agents: ``max(agents removed, capture rate × FTE
  freed)`` × loaded cost per agent. The capture rate is the share of freed
  capacity actually turned into savings or redeployed (freed time is not
  money unless someone acts on it); removed agents use it up first. With
  erlang staffing the phone part comes from interval Erlang C staffing with
  fractional agents (smooth in every input), and abandonment from Erlang A.
* **Retention.** Customers kept by lower churn in year *t* (active customers ×
  churn reduction × ramp-up) earn gross margin from year *t* on and are
  themselves subject to baseline churn in later years; only years inside the
  horizon count. Their value beyond the horizon is a separate, optional
  terminal value (a perpetuity of the survivors, discounted), not in the ROI.
* **Timing.** One-time costs fall in year 0, or evenly over years 0…s−1 when
  ``one_time_spread_years`` is s. Recurring costs and benefits fall in years
  1…N; the content refresh starts in year 2. Benefits ramp up (year 1,
  year 2, later years).
* **Risk: one factor per uncertainty.** Benefits × (1 − benefit risk), where
  benefit risk is *delivery* risk (Forrester TEI's implementation risk: late,
  partly adopted); costs × (1 + cost risk). Effect-driven benefits are further
  × attribution (the share of the effect due to this initiative) × confidence
  (the error of the effect estimates), as in the Phillips ROI Methodology.
  Each line's explanation shows the combined factor.
* **Plausibility.** :func:`plausibility_warnings` says, in words, when a
  benefit line exceeds what it could physically save (the payroll, the
  customers' revenue, the cost of winning the customers churn takes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .assumptions import (CATALOG, Problem, note, benchmark_warnings, bounds, defaults,
                          money_default_warnings, validate)
from .currency import DEFAULT_CURRENCY, currency_code, rate_table
from .finance import Appraisal, BatchAppraisal, appraise, appraise_batch
from .formatting import fill
from .i18n import DEFAULT_LANGUAGE, translator

__all__ = ["Line", "LINES", "Evaluation", "BatchResult", "evaluate", "evaluate_batch",
           "quantities", "ModelInputError", "Explanation", "FACTOR_MEANINGS",
           "plausibility_warnings"]


class ModelInputError(ValueError):
    """Inputs the model refuses, with every problem listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("invalid assumptions:\n" + "\n".join(f"  {p}" for p in self.problems))


@dataclass(frozen=True)
class Line:
    """One cost or benefit line of the cash-flow table.

    Its formula, the full-year amount in words, is the message
    ``formulas.lines.<key>`` of each language (``supportroi/locales/<lang>/formulas.yaml``;
    ``{name}`` fields are quantities from :func:`quantities`), filled in with the
    scenario's numbers by :meth:`Evaluation.explain`.
    """

    key: str
    kind: str  # "cost" or "benefit"
    label: str
    timing: str  # "one-time", "recurring", "recurring from year 2", "cohorts"
    ramped: bool = True  # benefits only
    attributed: bool = True  # benefits only: × attribution × confidence

    def formula(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The formula template in ``lang`` (labour lines end with the FTE step)."""
        t = translator(lang)
        text = t(f"formulas.lines.{self.key}")
        return text + "\n" + t("formulas.hours") if self.key.startswith("labour_") else text


LINES: tuple[Line, ...] = (
    Line("staffing_hiring", "cost", "Staffing: hiring new agents", "one-time"),
    Line("staffing_added", "cost", "Staffing: added agents", "recurring"),
    Line("training_design", "cost", "Training: design and development", "one-time"),
    Line("training_delivery", "cost", "Training: delivery", "recurring"),
    Line("training_refresh", "cost", "Training: content refresh", "recurring from year 2"),
    Line("training_time", "cost", "Training: agents' time off the queue", "recurring"),
    Line("technology_one_time", "cost", "Technology: implementation and licences", "one-time"),
    Line("technology_recurring", "cost", "Technology: subscription and maintenance",
         "recurring"),
    Line("indirect_costs", "cost", "Indirect costs", "recurring"),
    Line("labour_aht", "benefit", "Labour saved by shorter handle time", "recurring"),
    Line("labour_fcr", "benefit", "Labour saved by fewer repeat contacts (FCR)", "recurring"),
    Line("labour_deflection", "benefit", "Labour saved by self-service deflection", "recurring"),
    Line("agents_removed", "benefit", "Staffing: agents removed", "recurring",
         ramped=False, attributed=False),
    Line("retention", "benefit", "Margin kept by lower churn", "cohorts"),
    Line("upsell", "benefit", "Upsell after good resolutions", "recurring"),
    Line("attrition", "benefit", "Agent replacements avoided", "recurring"),
    Line("referrals", "benefit", "Acquisition cost saved by referrals", "recurring"),
    Line("indirect_avoided", "benefit", "Indirect costs avoided (legal, reputation)",
         "recurring"),
)
_INDEX = {line.key: i for i, line in enumerate(LINES)}
COST_LINES = tuple(line.key for line in LINES if line.kind == "cost")
BENEFIT_LINES = tuple(line.key for line in LINES if line.kind == "benefit")
_IS_COST = np.array([line.kind == "cost" for line in LINES])
#: Rows of :attr:`Evaluation.table`: the lines, then the totals.
_TABLE_INDEX = pd.MultiIndex.from_tuples(
    [(line.kind, line.key) for line in LINES]
    + [("total", "costs"), ("total", "benefits"), ("total", "net"), ("total", "cumulative net")],
    names=["kind", "line"])


def _div(a, b):
    """a / b, and 0 where b is 0."""
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


ERLANG = CATALOG["staffing_method"].choices.index("erlang")
_ERLANG_KEYS = ("fte_phone_before", "fte_phone_after", "fte_saved_deflection", "fte_saved_fcr",
                "fte_saved_aht", "asa_before_s", "asa_after_s", "phone_agents_now",
                "wait_churn_reduction", "unstable_intervals", "unstable_before",
                "unstable_after", "erlang_shortfall_fte", "sl_before", "abandon_before",
                "abandon_after", "abandon_churn_reduction", "phone_staffed_deflection",
                "phone_staffed_fcr", "phone_staffed_aht")
#: The three labour lines in the order their effects apply.
_STEPS = ("deflection", "fcr", "aht")


def _staffed_steps(team, needs):
    """FTE each step frees *that the team actually staffs*: ``min(team, need before the
    step) − min(team, need after it)``. ``needs`` holds the FTE needed before any step,
    then after each one (non-increasing). A team below the need frees nothing until the
    need falls to it: it does not save what it never spent; a team above it saves the
    need's fall, not its idle agents."""
    staffed = [np.minimum(team, n) for n in needs]
    return [np.maximum(staffed[i] - staffed[i + 1], 0.0) for i in range(len(needs) - 1)]


def _erlang_staffing(p, q, profile=None) -> None:
    """Replace the phone part of the freed FTE by interval Erlang C staffing, and
    link waiting and abandonment to churn, for scenarios with ``staffing_method``
    erlang. Adds the ``_ERLANG_KEYS`` quantities (zero for linear scenarios) and
    updates ``fte_freed_<step>``.

    Phone agents needed per half-hour (``profile``: 336 shares of the week's calls, or
    None for the shipped weekly profile in ``data/``) are computed
    at the service-level target with occupancy capped at the ``occupancy``
    assumption, as fractional agents (service level interpolated between whole
    agents: smooth in every input), for four workloads: today; after
    deflection; after fewer repeat contacts; after shorter AHT. The falls in
    FTE that the phone share of the team actually staffs are the phone part of
    the freed FTE (chat and email stay linear). For waiting and abandonment:
    today's phone team is the phone share of ``agent_fte``, scheduled like the
    needed agents; after the initiative it loses its share of the staff saving
    (:func:`quantities`) and gains its share of agents added. The change in
    contact-weighted average wait (Erlang C), above the threshold, ×
    ``wait_churn_per_minute``, and the change in the share of calls abandoned
    (Erlang A with ``caller_patience_s``) × ``abandonment_churn`` lower churn.
    """
    shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
    for key in _ERLANG_KEYS:
        q[key] = np.zeros(shape)
    q["sl_before"] = np.ones(shape)
    erl = np.broadcast_to(np.asarray(p["staffing_method"]) == ERLANG, shape)
    if not erl.any():
        return

    def sub(x):
        return np.broadcast_to(np.asarray(x, float), shape)[erl]

    # Everything the phone staffing depends on, one row per erlang scenario. Many
    # scenarios of a batch share these (a Monte Carlo drawing churn or costs, say), so
    # each distinct row is staffed once and the results are spread back.
    phs = q["phone_hours_share"]
    inputs = {
        "phone": sub(p["annual_contacts"] * p["share_phone"]),
        "kept_after_fcr": sub(_div(q["contacts_after_fcr"], q["after_deflection"])),
        "deflect": 1 - sub(p["deflection_rate"]), "aht": sub(p["aht_phone_min"]) * 60.0,
        "aht_cut": sub(q["aht_cut"]), "sl": sub(p["target_service_level"]),
        "t": sub(p["target_answer_time_s"]), "shrink": sub(p["shrinkage"]),
        "paid": sub(p["paid_hours_per_fte"]), "occ": sub(p["occupancy"]),
        "team_fte": sub(p["agent_fte"] * phs),
        "added_fte": sub(np.maximum(p["agents_added"], 0) * phs),
        "removed": sub(np.maximum(-p["agents_added"], 0)), "phs": sub(phs),
        "linear_freed": sub(sum(q["fte_freed_" + s] for s in _STEPS) * (1 - phs)),
        "capture": sub(p["capture_rate"]), "rate": sub(p["wait_churn_per_minute"]),
        "threshold": sub(p["wait_churn_threshold_s"]),
        "patience": sub(p["caller_patience_s"]), "abandon_rate": sub(p["abandonment_churn"]),
    }
    rows, inverse = np.unique(np.column_stack(list(inputs.values())), axis=0,
                              return_inverse=True)
    out = _erlang_rows(dict(zip(inputs, rows.T)), profile)
    out = {k: v[..., inverse.reshape(-1)] for k, v in out.items()}

    for i, step in enumerate(_STEPS):
        freed = np.array(np.broadcast_to(np.asarray(q["fte_freed_" + step], float), shape))
        freed[erl] = freed[erl] * (1 - sub(phs)) + out["staffed"][i]
        q["fte_freed_" + step] = freed
        q["fte_saved_" + step][erl] = out["saved"][i]
        q["phone_staffed_" + step][erl] = out["staffed"][i]
    for key in ("fte_phone_before", "fte_phone_after", "asa_before_s", "asa_after_s",
                "phone_agents_now", "unstable_intervals", "unstable_before", "unstable_after",
                "erlang_shortfall_fte", "wait_churn_reduction", "sl_before", "abandon_before",
                "abandon_after", "abandon_churn_reduction"):
        q[key][erl] = out[key]


def _erlang_rows(c: dict[str, np.ndarray], profile=None) -> dict[str, np.ndarray]:
    """Phone staffing, waiting and abandonment for rows of inputs, calls spread over
    the week by ``profile`` (None: the shipped one; see :func:`_erlang_staffing`)."""
    from .queueing import (WEEKS_PER_YEAR, _erlang_a, _week, average_speed_of_answer,
                           service_level)

    # Less than a second of phone work a year is no phone work: subnormal volumes (a phone
    # share of 1e-320) would otherwise overflow the team-to-need scaling below into NaN.
    phone = np.where(c["phone"] * c["aht"] < 1.0, 0.0, c["phone"])
    after_fcr = phone * c["deflect"] * c["kept_after_fcr"]
    contacts = np.stack([phone, phone * c["deflect"], after_fcr, after_fcr])
    aht_after = c["aht"] * (1 - c["aht_cut"])
    ahts = np.stack([c["aht"], c["aht"], c["aht"], aht_after])
    per_interval, traffic, agents, hours, fte, _ = _week(
        contacts, ahts, c["sl"], c["t"], c["shrink"], c["paid"], profile, c["occ"],
        WEEKS_PER_YEAR, fractional=True)
    staffed = np.stack(_staffed_steps(c["team_fte"], list(fte)))

    # The team after: the staff saving (one quantity for freed capacity and removed
    # agents, see quantities()) falls on the phones in proportion to the freed FTE.
    freed_phone = staffed.sum(axis=0)
    freed = freed_phone + c["linear_freed"]
    saving = np.maximum(c["removed"], c["capture"] * freed)
    phone_part = np.where(freed > 0, _div(freed_phone, freed), c["phs"])
    hours_per_fte_week = (1 - c["shrink"]) * c["paid"] / WEEKS_PER_YEAR  # on the phones
    team_now = c["team_fte"] * hours_per_fte_week
    team_after = np.maximum(team_now + (c["added_fte"] - saving * phone_part)
                            * hours_per_fte_week, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale_now = np.where(hours[0] > 0, team_now / hours[0], 0.0)
        scale_after = np.where(hours[3] > 0, team_after / hours[3], 0.0)
    now = np.floor(agents[0] * scale_now[:, None] + 0.5)  # whole agents in a schedule
    after = np.floor(agents[3] * scale_after[:, None] + 0.5)

    def weighted(x, weights, empty=0.0):
        total = weights.sum(axis=-1)
        return np.divide((x * weights).sum(axis=-1), total, out=np.full(total.shape, empty),
                         where=total > 0)

    def waiting(traf, n, h, weights):
        """Contact-weighted average wait [s] (0 where any half-hour is unstable: it has
        no average wait; the count of unstable half-hours says so) and that count."""
        asa = average_speed_of_answer(traf, n, h[:, None])
        unstable = ~np.isfinite(asa)
        mean = weighted(np.where(unstable, 0.0, asa), weights)
        return np.where(unstable.any(axis=-1), 0.0, mean), unstable

    asa_now, bad_now = waiting(traffic[0], now, c["aht"], per_interval[0])
    asa_after, bad_after = waiting(traffic[3], after, aht_after, per_interval[3])
    # No calls: nobody waits, every call (there are none) is answered — the queueing
    # module's convention (service level 1), not "0 % answered".
    sl_now = weighted(service_level(traffic[0], now, c["aht"][:, None], c["t"][:, None]),
                      per_interval[0], empty=1.0)
    unstable = (bad_now | bad_after).sum(axis=-1)
    extra_now = c["rate"] * np.maximum(asa_now - c["threshold"], 0) / 60.0
    extra_after = c["rate"] * np.maximum(asa_after - c["threshold"], 0) / 60.0

    # Abandonment (Erlang A): always finite, also where Erlang C is unstable.
    patience = c["patience"][:, None]
    ab_now = _erlang_a(traffic[0], now, c["aht"][:, None], patience, 0.0,
                       want_asa=False)["p_abandon"]
    ab_after = _erlang_a(traffic[3], after, aht_after[:, None], patience, 0.0,
                         want_asa=False)["p_abandon"]
    # Abandoned share of the calls offered today and after (contact-weighted).
    abandon_now = weighted(ab_now, per_interval[0])
    abandon_after = weighted(ab_after, per_interval[3])
    return {
        "saved": -np.diff(fte, axis=0), "staffed": staffed,
        "fte_phone_before": fte[0], "fte_phone_after": fte[3],
        "asa_before_s": asa_now, "asa_after_s": asa_after, "phone_agents_now": c["team_fte"],
        "unstable_intervals": unstable, "unstable_before": bad_now.sum(axis=-1),
        "unstable_after": bad_after.sum(axis=-1), "sl_before": sl_now,
        "erlang_shortfall_fte": np.maximum(fte[0] - c["team_fte"], 0),
        # An unstable queue has no average wait: the link is not applied (a warning says so).
        "wait_churn_reduction": np.where(unstable > 0, 0.0,
                                         np.maximum(extra_now - extra_after, 0)),
        "abandon_before": abandon_now, "abandon_after": abandon_after,
        "abandon_churn_reduction": c["abandon_rate"] * np.maximum(abandon_now - abandon_after,
                                                                  0.0),
    }


def quantities(p: Mapping[str, np.ndarray], profile=None) -> dict[str, np.ndarray]:
    """Intermediate quantities and each line's full-year amount (before
    ramp-up and risk), as arrays broadcasting over ``p``'s values.

    ``p`` maps every assumption name to a value or array. Keys of the result
    that name a line hold that line's full-year amount [currency/year]
    (one-time lines: their total [currency]). ``profile`` (336 shares of the
    week's calls; None: the shipped one) spreads the calls over the week for
    Erlang staffing; linear staffing does not use it.

    Staff saving: the FTE each effect frees that the team actually staffs
    (``fte_freed_<step>``, see :func:`_staffed_steps`) add up to ``fte_freed``;
    ``staff_saving_fte = max(agents removed, capture rate × fte_freed)`` is the
    one staff saving of freed capacity and removed agents together. The
    agents-removed line carries the removed agents (a decision: not ramped, not
    attributed); the three labour lines share the rest,
    ``fte_labour = staff_saving_fte − agents removed``, in proportion to the FTE
    each frees. Neither can exceed the team.
    """
    # Longer than the package's ~80 lines on purpose: this is the model's chain of
    # quantities, read top to bottom (costs per hour → contacts → hours each effect
    # saves → FTE freed → each line's amount). Splitting it would scatter the chain
    # across helpers that each need most of ``q``; each block is one link.
    q: dict[str, np.ndarray] = {}
    q["loaded_cost"] = p["agent_salary"] * (1 + p["benefits_load"]) + p["overhead_per_agent"]
    q["productive_hours"] = p["paid_hours_per_fte"] * (1 - p["shrinkage"]) * p["occupancy"]
    q["hourly_cost"] = q["loaded_cost"] / p["paid_hours_per_fte"]

    shares = {ch: p[f"share_{ch}"] for ch in ("phone", "chat", "email")}
    assisted_share = shares["phone"] + shares["chat"] + shares["email"]
    q["assisted_contacts"] = p["annual_contacts"] * assisted_share
    minutes = sum(shares[ch] * p[f"aht_{ch}_min"] for ch in shares)
    q["aht_min"] = _div(minutes, assisted_share)
    hours_per_contact = q["aht_min"] / 60.0
    q["workload_fte"] = _div(q["assisted_contacts"] * hours_per_contact, q["productive_hours"])

    q["deflected"] = q["assisted_contacts"] * p["deflection_rate"]
    q["after_deflection"] = q["assisted_contacts"] - q["deflected"]
    k = p["repeat_contacts_per_unresolved"]
    q["first_contacts"] = q["after_deflection"] / (1 + k * (1 - p["fcr"]))
    q["repeats_avoided"] = q["first_contacts"] * k * p["fcr_improvement"]
    q["contacts_after_fcr"] = q["after_deflection"] - q["repeats_avoided"]
    q["aht_cut"] = 1 - (1 - p["aht_reduction"]) * (1 - p["tooling_aht_reduction"])
    q["hours_deflection"] = q["deflected"] * hours_per_contact
    q["hours_fcr"] = q["repeats_avoided"] * hours_per_contact
    q["hours_aht"] = q["contacts_after_fcr"] * hours_per_contact * q["aht_cut"]
    q["phone_hours_share"] = _div(shares["phone"] * p["aht_phone_min"], minutes)
    # FTE the workload needs before any effect and after each one (linear), and the part
    # of each fall the team staffs.
    needs = [q["workload_fte"]]
    for step in _STEPS:
        needs.append(needs[-1] - _div(q["hours_" + step], q["productive_hours"]))
    q["workload_fte_after"] = needs[-1]
    for step, freed in zip(_STEPS, _staffed_steps(p["agent_fte"], needs)):
        q["fte_freed_" + step] = freed
    _erlang_staffing(p, q, profile)
    q["fte_freed"] = sum(q["fte_freed_" + s] for s in _STEPS)
    q["fte_unstaffed"] = np.maximum(sum(_div(q["hours_" + s], q["productive_hours"])
                                        for s in _STEPS) - q["fte_freed"], 0.0)

    added = p["agents_added"]
    q["agents_hired"] = np.maximum(added, 0)
    q["agents_removed"] = np.maximum(-added, 0)
    # One staff saving for freed capacity and removed agents (never both).
    q["fte_captured"] = p["capture_rate"] * q["fte_freed"]
    q["staff_saving_fte"] = np.maximum(q["agents_removed"], q["fte_captured"])
    q["fte_labour"] = q["staff_saving_fte"] - q["agents_removed"]
    for step in _STEPS:
        q["fte_labour_" + step] = q["fte_labour"] * _div(q["fte_freed_" + step], q["fte_freed"])
        q["labour_" + step] = q["fte_labour_" + step] * q["loaded_cost"]
    q["headcount"] = p["agent_fte"] + added
    q["staffing_hiring"] = q["agents_hired"] * p["hiring_cost_per_agent"]
    q["staffing_added"] = q["agents_hired"] * q["loaded_cost"]
    q["training_design"] = p["training_design_cost"] * 1.0
    q["training_delivery"] = q["headcount"] * p["training_delivery_cost_per_agent"]
    q["training_refresh"] = p["training_refresh_cost"] * 1.0
    q["training_time"] = q["headcount"] * p["training_hours_per_agent"] * q["hourly_cost"]
    q["technology_one_time"] = p["tech_one_time_cost"] * 1.0
    q["technology_recurring"] = p["tech_annual_cost"] * 1.0
    q["indirect_costs"] = p["indirect_costs"] * 1.0

    q["agents_removed_value"] = q["agents_removed"] * q["loaded_cost"]
    q["payroll"] = p["agent_fte"] * q["loaded_cost"]
    q["margin_per_customer"] = p["revenue_per_customer"] * p["gross_margin"]
    # Shorter waits and fewer abandoned calls cannot cut churn below zero: the total is
    # capped at annual churn (and evaluate() warns when the cap applies).
    total_cut = p["churn_reduction"] + q["wait_churn_reduction"] + q["abandon_churn_reduction"]
    q["churn_cut"] = np.minimum(total_cut, p["annual_churn"])
    q["churn_cut_capped"] = (total_cut > p["annual_churn"] + 1e-12).astype(float)
    q["kept_per_year"] = p["active_customers"] * q["churn_cut"]
    q["retention"] = q["kept_per_year"] * q["margin_per_customer"]  # first-year cohort only
    q["upsell_revenue"] = q["contacts_after_fcr"] * p["upsell_rate"] * p["upsell_value"]
    q["upsell"] = q["upsell_revenue"] * p["gross_margin"]
    q["attrition"] = q["headcount"] * p["attrition_reduction"] * p["cost_to_replace_agent"]
    q["referred_customers"] = p["active_customers"] * p["referral_uplift"]
    q["referrals"] = q["referred_customers"] * p["acquisition_cost_per_customer"]
    q["indirect_avoided"] = p["indirect_costs_avoided"] * 1.0
    q["revenue"] = p["active_customers"] * p["revenue_per_customer"]
    # Customers won a year to keep the base steady (as many as churn takes), and what
    # winning them costs: the most referrals could replace.
    q["customers_acquired"] = p["active_customers"] * p["annual_churn"]
    q["acquisition_spend"] = q["customers_acquired"] * p["acquisition_cost_per_customer"]
    return q


def _ramp(p, years: np.ndarray) -> np.ndarray:
    """Ramp-up factor by year, shape (..., T+1); 0 in year 0."""
    r1, r2, rl = (np.asarray(p[k], float)[..., None] for k in
                  ("ramp_year_1", "ramp_year_2", "ramp_later"))
    return np.where(years == 0, 0.0, np.where(years == 1, r1, np.where(years == 2, r2, rl)))


def _flows(p: Mapping[str, np.ndarray], q: Mapping[str, np.ndarray], n_years: int):
    """Risk-adjusted flows, shape (..., lines, n_years) [currency]."""
    years = np.arange(n_years)
    horizon = np.asarray(p["horizon_years"])[..., None]
    in_horizon = years <= horizon
    spread = np.asarray(p["one_time_spread_years"])[..., None]
    one_time = np.where(years < spread, 1.0 / spread, 0.0)
    recurring = np.where((years >= 1) & in_horizon, 1.0, 0.0)
    from_year_2 = np.where(years >= 2, recurring, 0.0)
    ramp = _ramp(p, years) * recurring

    cost_factor = (1 + np.asarray(p["cost_risk"], float))[..., None]
    risk = (1 - np.asarray(p["benefit_risk"], float))[..., None]
    attributed = risk * (np.asarray(p["attribution"], float)
                         * np.asarray(p["confidence"], float))[..., None]

    shape = np.broadcast_shapes(*(np.shape(v) for v in q.values()))
    out = np.zeros(shape + (len(LINES), n_years))
    patterns = {"one-time": one_time, "recurring": recurring, "recurring from year 2": from_year_2}
    for i, line in enumerate(LINES):
        if line.key == "retention":
            continue
        amount = np.asarray(q["agents_removed_value" if line.key == "agents_removed"
                              else line.key], float)[..., None]
        if line.kind == "cost":
            out[..., i, :] = amount * patterns[line.timing] * cost_factor
        else:
            timing = ramp if line.ramped else recurring
            out[..., i, :] = amount * timing * (attributed if line.attributed else risk)

    # Retention cohorts: kept_t = kept_per_year × ramp_t; alive_u = Σ kept_t (1 − c)^(u−t).
    survive = 1 - np.asarray(p["annual_churn"], float)
    kept = np.asarray(q["kept_per_year"], float)[..., None] * ramp
    alive = np.zeros(np.broadcast_shapes(kept.shape, shape + (n_years,)))
    for t in range(1, n_years):
        alive[..., t] = alive[..., t - 1] * survive + kept[..., t]
    alive *= in_horizon
    out[..., _INDEX["retention"], :] = (alive * np.asarray(q["margin_per_customer"])[..., None]
                                        * attributed)
    return out, alive


def _terminal_value(p, q, alive_at_horizon) -> np.ndarray:
    """PV of margin the kept customers earn after the horizon; NaN if undefined."""
    c = np.asarray(p["annual_churn"], float)
    i = np.asarray(p["discount_rate"], float)
    factor = (1 - np.asarray(p["benefit_risk"], float)) * p["attribution"] * p["confidence"]
    with np.errstate(divide="ignore", invalid="ignore"):
        at_horizon = alive_at_horizon * q["margin_per_customer"] * (1 - c) / (i + c) * factor
        pv = at_horizon / (1 + i) ** np.asarray(p["horizon_years"], float)
    return np.where((i + c) > 0, pv, np.where(alive_at_horizon > 0, np.nan, 0.0))


def _check_batch(p: Mapping[str, np.ndarray], currency: str = DEFAULT_CURRENCY) -> None:
    problems = []
    for name, a in CATALOG.items():
        v = np.asarray(p[name])
        if not a.numeric:
            bad = (v != np.round(v)) | (v < 0) | (v >= len(a.choices))
            if np.any(bad):
                problems.append(Problem(name, f"{int(bad.sum())} value(s) are not one of "
                                              f"{', '.join(a.choices)}"))
            continue
        lo, hi = bounds(name, currency)
        bad = ~np.isfinite(v) | (v < lo) | (v > hi)
        if a.kind == "int":
            bad |= np.isfinite(v) & (v != np.round(v))
        if np.any(bad):
            first = np.asarray(v.reshape(-1)[np.argmax(bad.reshape(-1))]).item()
            problems.append(Problem(name, f"{int(bad.sum())} value(s) invalid, e.g. {first!r} "
                                          f"(bounds {lo:g}–{hi:g})"))
    if not problems:
        problems = _batch_cross_rules(p)
    if problems:
        raise ModelInputError(problems)


def _batch_cross_rules(p: Mapping[str, np.ndarray]) -> list[Problem]:
    """The catalog's rules spanning several assumptions, row by row: each rule
    broken names how many rows break it, the first few, and why (first row)."""
    from .assumptions import CROSS_RULES

    shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
    problems = []
    for keys, ok, message in CROSS_RULES:
        v = {k: np.broadcast_to(np.asarray(p[k], float), shape) for k in keys}
        bad = ~np.broadcast_to(np.asarray(ok(v)), shape)
        if bad.any():
            rows = np.argwhere(bad)
            where = ", ".join(str(tuple(int(i) for i in r)) if len(r) != 1 else str(int(r[0]))
                              for r in rows[:5])
            first = {k: x[tuple(rows[0])].item() for k, x in v.items()}
            problems.append(Problem(" + ".join(keys), f"{int(bad.sum())} row(s) refused "
                                    f"(row {where}{', …' if len(rows) > 5 else ''}): "
                                    f"{message(first)}"))
    return problems


@dataclass(frozen=True)
class BatchResult:
    """Many scenarios evaluated at once.

    ``flows[k, line, year]`` [currency]; ``benefits``/``costs`` [k, year];
    ``appraisal`` holds NaN where a figure is undefined. Years beyond a
    scenario's own horizon hold zeros.
    """

    flows: np.ndarray
    benefits: np.ndarray
    costs: np.ndarray
    appraisal: BatchAppraisal
    terminal_value: np.ndarray


def _encode(name: str, value) -> np.ndarray:
    """An assumption's value(s) as a float array; a choice becomes its index."""
    a = CATALOG[name]
    if a.numeric:
        return np.asarray(value, dtype=float)
    arr = np.asarray(value)
    if arr.dtype.kind in "iuf":
        return arr.astype(float)  # already coded
    codes = {c: float(i) for i, c in enumerate(a.choices)}
    bad = [v for v in np.unique(arr) if v not in codes]
    if bad:
        raise ModelInputError([Problem(name, f"must be one of {', '.join(a.choices)}, got "
                                             f"{bad[0]!r}")])
    return np.vectorize(codes.__getitem__, otypes=[float])(arr)


def _as_arrays(values: Mapping[str, object]) -> dict[str, np.ndarray]:
    base = defaults()
    unknown = [k for k in values if k not in CATALOG]
    if unknown:
        raise ModelInputError([Problem(k, "unknown assumption") for k in unknown])
    return {k: _encode(k, values.get(k, base[k])) for k in CATALOG}


def evaluate_batch(values: Mapping[str, object], *, check: bool = True,
                   currency: str = DEFAULT_CURRENCY, profile=None) -> BatchResult:
    """Evaluate many scenarios in one vectorised pass.

    ``values`` maps assumption names to scalars or arrays that broadcast
    (e.g. 100,000 draws of a few assumptions; the defaults fill the rest).
    With ``check`` every value is checked against the catalog bounds and every
    row against the rules spanning several assumptions (``CROSS_RULES``: e.g. a
    horizon of 1 year with one-time costs spread over 3): rows breaking them are
    refused with :class:`ModelInputError`, naming the rows and why — never
    evaluated as if valid. ``check=False`` skips both (the caller guarantees them).
    Money is checked against the bounds of ``currency`` (:func:`~supportroi.assumptions.bounds`).
    ``profile`` is the weekly arrival profile every Erlang scenario of the batch uses
    (a frame as :func:`~supportroi.queueing.load_profile` returns, or 336 shares);
    None uses the shipped one.
    """
    p = _as_arrays(values)
    if check:
        _check_batch(p, currency)
    profile = _profile_shares(profile)
    shape = np.broadcast_shapes(*(v.shape for v in p.values()))
    p = {k: np.broadcast_to(v, shape) for k, v in p.items()}
    n_years = int(np.max(p["horizon_years"])) + 1 if p["horizon_years"].size else 1
    q = quantities(p, profile)
    flows, alive = _flows(p, q, n_years)
    costs = flows[..., _IS_COST, :].sum(axis=-2)
    benefits = flows[..., ~_IS_COST, :].sum(axis=-2)
    horizon = p["horizon_years"].astype(int)
    alive_end = np.take_along_axis(alive, horizon[..., None], axis=-1)[..., 0]
    return BatchResult(flows=flows, benefits=benefits, costs=costs,
                       appraisal=appraise_batch(benefits, costs, p["discount_rate"]),
                       terminal_value=_terminal_value(p, q, alive_end))


@dataclass(frozen=True)
class Explanation:
    """How one line is computed, with the scenario's numbers filled in."""

    key: str
    label: str
    kind: str
    timing: str
    formula: str  #: the full-year amount, in words and numbers
    adjustments: str  #: ramp-up and risk applied on top
    total: float  #: the line's total over the horizon, undiscounted [currency]
    #: The combined factor applied to the full-year amount on top of timing and ramp-up:
    #: benefits (1 − delivery risk) × attribution × confidence (attributed lines) or
    #: (1 − delivery risk); costs (1 + cost risk). [–]
    factor: float = 1.0


#: What each benefit adjustment covers: one factor per uncertainty, none counted twice.
FACTOR_MEANINGS = translator(DEFAULT_LANGUAGE)("formulas.factor_meanings")


@dataclass(frozen=True)
class Evaluation:
    """One scenario, evaluated.

    ``table`` has one row per line (index ``kind``, ``line``) and one column
    per year 0…N, plus total rows; amounts are ramped and risk-adjusted
    [currency]. ``appraisal`` holds the headline figures.
    """

    values: dict
    table: pd.DataFrame
    appraisal: Appraisal
    #: PV of retained customers' margin after the horizon; None if undefined. [currency]
    terminal_value: float | None
    intangibles: tuple[str, ...]
    quantities: dict
    warnings: tuple[Problem, ...] = field(default=())
    currency: str = DEFAULT_CURRENCY  #: ISO 4217 code
    #: Name of the arrival profile Erlang staffing used; "" for the shipped one.
    profile_source: str = ""

    @property
    def benefits(self) -> np.ndarray:
        """Total benefits by year [currency]."""
        return self.table.loc[("total", "benefits")].to_numpy()

    @property
    def costs(self) -> np.ndarray:
        """Total costs by year [currency]."""
        return self.table.loc[("total", "costs")].to_numpy()

    @property
    def net(self) -> np.ndarray:
        """Net cash flow by year [currency]."""
        return self.benefits - self.costs

    def explain(self, lang: str = DEFAULT_LANGUAGE) -> list[Explanation]:
        """Every line with its formula filled in, for "how is this computed?", in
        ``lang`` (numbers in its format).

        Each benefit line's :attr:`Explanation.factor` is the combined
        adjustment on its full-year amount, and its ``adjustments`` text names
        the uncertainty each factor covers (:data:`FACTOR_MEANINGS`).
        """
        t = translator(lang)
        v, q = self.values, self.quantities
        fields = dict(q) | v
        fields["retention_rate"] = 1 - v["annual_churn"]
        fields["churn_total"] = q["churn_cut"]
        years = self.table.columns
        kept = q["kept_by_year"]
        fields["kept_by_year"] = t("formulas.list_separator").join(
            fill(t("formulas.kept_year"), lang, year=t_, kept=kept[t_]) for t_ in years if t_ > 0)
        out = []
        for line in LINES:
            amount = q["agents_removed_value" if line.key == "agents_removed" else line.key]
            f = fields | {"amount": amount}
            formula = line.formula(lang)
            if line.key.startswith("labour_"):
                f |= _labour_fields(v, q, line.key[len("labour_"):], lang, self.currency,
                                    self.profile_source)
            adj, factor = _adjustments(line, v, lang)
            total = float(self.table.loc[(line.kind, line.key)].sum())
            text = fill(formula, lang, self.currency, **f)
            if line.key == "retention":
                text += _retention_notes(v, q, lang)
            out.append(Explanation(line.key, line.label, line.kind, line.timing, text, adj,
                                   total, float(factor)))
        return out


def _labour_fields(v: Mapping, q: Mapping, step: str, lang: str = DEFAULT_LANGUAGE,
                   currency: str = "$", profile_source: str = "") -> dict:
    """The numbers a labour line's formula names: hours saved, the FTE they are,
    and how many of them the team staffs (``how``, in ``lang``; Erlang names the
    arrival profile, ``profile_source`` or the shipped one)."""
    t = translator(lang)
    hours = q["hours_" + step]
    raw = hours / q["productive_hours"] if q["productive_hours"] else 0.0
    freed = q["fte_freed_" + step]
    if v["staffing_method"] == "erlang":
        share = q["phone_hours_share"]
        how = fill(t("formulas.how.erlang"), lang, currency,
                   profile=profile_source or t("formulas.how.shipped_profile"),
                   level=v["target_service_level"], answer=v["target_answer_time_s"],
                   saved=q["fte_saved_" + step], staffed=q["phone_staffed_" + step],
                   phone_agents=q["phone_agents_now"], linear=(1 - share) * raw, freed=freed)
    elif freed < raw - 1e-9:
        how = fill(t("formulas.how.short_team"), lang, currency, team=v["agent_fte"],
                   freed=freed, workload=q["workload_fte"])
    else:
        how = t("formulas.how.all_staffed")
    return {"hours": hours, "fte": raw, "line_fte": q["fte_labour_" + step], "how": how}


def _adjustments(line: Line, v: Mapping, lang: str = DEFAULT_LANGUAGE) -> tuple[str, float]:
    """What is applied on top of a line's full-year amount, in words (in ``lang``), and
    the combined factor (timing and ramp-up aside)."""
    t = translator(lang)
    if line.kind == "cost":
        spread = v["one_time_spread_years"]
        timing = {"one-time": t("formulas.adjust.year_0") if spread == 1 else
                  fill(t("formulas.adjust.spread"), lang, last=spread - 1),
                  "recurring": t("formulas.adjust.years_1_n"),
                  "recurring from year 2": t("formulas.adjust.years_2_n")}[line.timing]
        return (fill(t("formulas.adjust.cost"), lang, timing=timing, cost_risk=v["cost_risk"]),
                1 + v["cost_risk"])
    parts = [t("formulas.adjust.years_1_n")]
    if line.ramped:
        parts.append(fill(t("formulas.adjust.ramp"), lang, year_1=v["ramp_year_1"],
                          year_2=v["ramp_year_2"], later=v["ramp_later"]))
    parts.append(fill(t("formulas.adjust.delivery"), lang, risk=v["benefit_risk"]))
    factor = 1 - v["benefit_risk"]
    if line.attributed:
        parts.append(fill(t("formulas.adjust.attribution"), lang, attribution=v["attribution"],
                          confidence=v["confidence"]))
        factor *= v["attribution"] * v["confidence"]
        parts.append(fill(t("formulas.adjust.combined"), lang, factor=factor))
        parts.append(t("formulas.adjust.meanings", meanings=t("formulas.factor_meanings")))
    else:
        parts.append(fill(t("formulas.adjust.combined"), lang, factor=factor))
        parts.append(t("formulas.adjust.decision"))
    return " ".join(parts), factor


def _retention_notes(v: Mapping, q: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    """What the retention formula adds: churn cut by shorter waits and fewer
    abandoned calls, and the cap at annual churn (in ``lang``)."""
    t = translator(lang)
    out = ""
    if q["wait_churn_reduction"]:
        out += fill(t("formulas.retention_notes.wait"), lang, cut=q["wait_churn_reduction"],
                    before=q["asa_before_s"], after=q["asa_after_s"],
                    per_minute=v["wait_churn_per_minute"],
                    threshold=v["wait_churn_threshold_s"])
    if q["abandon_churn_reduction"]:
        out += fill(t("formulas.retention_notes.abandon"), lang,
                    cut=q["abandon_churn_reduction"], before=q["abandon_before"],
                    after=q["abandon_after"], patience=v["caller_patience_s"],
                    per_point=v["abandonment_churn"])
    if q["churn_cut_capped"]:
        out += t("formulas.retention_notes.capped")
    return out


def plausibility_warnings(values: Mapping, q: Mapping, table: pd.DataFrame,
                          currency: str = "$") -> list[Problem]:
    """Benefit lines larger than what they could physically save, in plain words.

    Compared year by year with the amounts in ``table`` (ramped and
    risk-adjusted, as counted): staff savings against the team's whole payroll
    today; upsell sales against the customers' whole revenue; referrals against
    what winning the customers churn takes costs. ``q`` are :func:`evaluate`'s
    quantities (floats). (Margin kept by lower churn cannot exceed the margin
    of all customers, nor agent replacements avoided the leavers: the catalog's
    rules bound them.)
    """
    years = table.columns
    benefit = table.loc["benefit"]
    out = []

    def most(lines) -> float:
        return float(benefit.loc[list(lines)].sum(axis=0).max()) if len(years) > 1 else 0.0

    staff = most(["labour_aht", "labour_fcr", "labour_deflection", "agents_removed"])
    if staff > q["payroll"] * (1 + 1e-9):
        out.append(Problem.of("capture_rate", note("model.warnings.staff_above_payroll",
                                                   currency, staff=staff, payroll=q["payroll"])))
    upsell = float(q["upsell_revenue"])
    if upsell > q["revenue"] * (1 + 1e-9):
        out.append(Problem.of("upsell_rate", note("model.warnings.upsell_above_revenue",
                                                  currency, upsell=upsell,
                                                  revenue=q["revenue"])))
    referrals = most(["referrals"])
    if referrals > q["acquisition_spend"] * (1 + 1e-9):
        out.append(Problem.of("referral_uplift", note(
            "model.warnings.referrals_above_acquisition", currency, referrals=referrals,
            acquisition=q["acquisition_spend"])))
    return out


def _profile_shares(profile):
    """``profile`` checked (None stays None: the shipped profile); a bad one raises
    :class:`ModelInputError` naming it."""
    if profile is None:
        return None
    from .queueing import _shares

    try:
        return _shares(profile)
    except ValueError as exc:
        raise ModelInputError([Problem("arrival_profile", str(exc))]) from None


def evaluate(scenario, exchange_rates=None, profile=None) -> Evaluation:
    """Evaluate one scenario.

    ``scenario`` is a :class:`~supportroi.scenarios.Scenario` or a mapping of
    assumption names to values (missing ones take their defaults). Invalid
    values raise :class:`ModelInputError` listing every problem.
    ``exchange_rates`` (units of a currency per 1 EUR, e.g. ``{"GBP": 0.85}``)
    override the shipped rates and the scenario's own ``exchange_rates`` for
    the warnings that put money benchmarks into the scenario's currency.
    ``profile`` (a frame as :func:`~supportroi.queueing.load_profile` returns, or
    336 shares) spreads the phone calls over the week for Erlang staffing; by
    default the scenario's ``arrival_profile``, else the shipped profile.

    >>> ev = evaluate({"horizon_years": 3})
    >>> list(ev.table.columns)
    [0, 1, 2, 3]
    """
    overrides = getattr(scenario, "overrides", scenario)
    currency = getattr(scenario, "currency", DEFAULT_CURRENCY)
    problems = validate(overrides, currency)
    if problems:
        raise ModelInputError(problems)
    values = defaults() | dict(overrides)
    if profile is None:
        profile = getattr(scenario, "arrival_profile", None)
        source = getattr(scenario, "arrival_profile_source", "") if profile is not None else ""
    else:
        source = "profile"
    profile = _profile_shares(profile)
    horizon = int(values["horizon_years"])
    p = {k: _encode(k, values[k])[None] for k in CATALOG}
    q = quantities(p, profile)
    flows, alive = _flows(p, q, horizon + 1)
    flows = flows[0]
    costs = flows[_IS_COST].sum(axis=0)
    benefits = flows[~_IS_COST].sum(axis=0)
    rows = np.vstack([flows, costs, benefits, benefits - costs, np.cumsum(benefits - costs)])
    table = pd.DataFrame(rows, index=_TABLE_INDEX,
                         columns=pd.RangeIndex(horizon + 1, name="year"))
    tv = float(_terminal_value(p, q, alive[0, horizon : horizon + 1])[0])
    qs = {k: float(np.asarray(v).reshape(-1)[0]) for k, v in q.items()}
    qs["kept_by_year"] = (q["kept_per_year"][0] * _ramp(p, np.arange(horizon + 1))[0]).tolist()
    currency = currency_code(currency)
    try:
        rates = rate_table(dict(getattr(scenario, "exchange_rates", None) or {})
                           | dict(exchange_rates or {}))
    except ValueError as exc:
        raise ModelInputError([Problem("exchange_rates", str(exc).split(": ", 1)[-1])]) from None
    warnings = _warnings(values, qs, table, currency, rates)
    return Evaluation(
        values=values, table=table, appraisal=appraise(benefits, costs, values["discount_rate"]),
        terminal_value=tv if math.isfinite(tv) else None,
        intangibles=tuple(getattr(scenario, "intangibles", ()) or ()), quantities=qs,
        warnings=tuple(warnings), currency=currency, profile_source=source,
    )


def _warnings(values: Mapping, qs: Mapping, table: pd.DataFrame,
              currency: str, rates=None) -> list[Problem]:
    """What :func:`evaluate` warns about, in this order: benchmarks, money
    defaults left in another currency than the scenario's, the phone
    queue (Erlang), the churn cap, a team unlike its workload, agents removed
    that the remaining work needs, and implausibly large benefits."""
    warnings = list(benchmark_warnings(values, currency, rates))
    warnings += money_default_warnings(values, currency, rates)
    if values["staffing_method"] == "erlang":
        if qs["unstable_intervals"]:
            warnings.append(Problem.of("agent_fte", note(
                "model.warnings.queue_unstable", currency,
                intervals=qs["unstable_intervals"])))
        elif qs["sl_before"] < values["target_service_level"] - 0.005:
            warnings.append(Problem.of("agent_fte", note(
                "model.warnings.service_level_below_target", currency,
                phone_fte=qs["phone_agents_now"], level=qs["sl_before"],
                answer=values["target_answer_time_s"], target=values["target_service_level"],
                occupancy=values["occupancy"], needed=qs["fte_phone_before"])))
    if qs["churn_cut_capped"]:
        warnings.append(Problem.of("wait_churn_per_minute", note(
            "model.warnings.churn_capped", currency, churn=values["annual_churn"])))
    fte, team = qs["workload_fte"], values["agent_fte"]
    raw = (qs["hours_aht"] + qs["hours_fcr"] + qs["hours_deflection"]) / (
        qs["productive_hours"] or 1)
    if team == 0 and fte > 0:
        warnings.append(Problem.of("agent_fte", note("model.warnings.no_agents", currency,
                                                     workload=fte)))
    elif team and abs(fte - team) > 0.25 * team:
        key = ("model.warnings.team_below_workload" if team < fte
               else "model.warnings.team_above_workload")
        warnings.append(Problem.of("agent_fte", note(
            key, currency, workload=fte, team=team,
            freed=qs["fte_freed"], raw=raw)))
    after = team + values["agents_added"]
    needed_after = qs["workload_fte_after"]
    if values["agents_added"] < 0 and after < needed_after - 1e-9 * max(needed_after, 1):
        warnings.append(Problem.of("agents_added", note(
            "model.warnings.removed_below_workload", currency,
            removed=-values["agents_added"], after=after, needed=needed_after)))
    warnings += plausibility_warnings(values, qs, table, currency)
    return warnings
