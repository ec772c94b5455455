"""Risk views: tornado, Monte Carlo, break-even and three scenarios.

Hand values use the catalog defaults unless a test says otherwise: discount
rate 10 %, horizon 3 years, cost risk 5 %, one-time costs in year 0.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportroi import CATALOG, ModelInputError, defaults, evaluate, evaluate_batch
from supportroi import load_scenario, shipped_scenarios
from supportroi.assumptions import CROSS_RULES
from supportroi.risk import (DEFAULT_BAND, TORNADO_EXCLUDED, RangeError, _RULED, break_even,
                             monte_carlo, pert_parameters, three_scenarios, tornado)

D = defaults()
#: Σ of the discount factors of years 1…3 at 10 %.
ANNUITY_3 = 1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3


def telecom():
    return load_scenario(shipped_scenarios()["telecom_contact_centre"])


def npv_of(values):
    return evaluate(values).appraisal.npv


def roi_of(values):
    return evaluate(values).appraisal.roi


def test_every_cross_field_rule_is_handled():
    # A rule added to the catalog must be taught to supportroi.risk (_limits, _apply_shares).
    for keys, _ok, _msg in CROSS_RULES:
        assert set(keys) <= _RULED, keys


def test_a_rule_risk_does_not_know_is_caught(monkeypatch):
    import supportroi.risk as risk

    extra = (("fcr",), lambda v: v["fcr"] <= 0.75, lambda v: f"FCR {v['fcr']:.2f} above 75 %")
    monkeypatch.setattr(risk, "CROSS_RULES", (*risk.CROSS_RULES, extra))
    with pytest.raises(RuntimeError, match="FCR 0.84 above 75 %"):
        tornado({}, names=["fcr"])


# -- tornado -----------------------------------------------------------------------


def test_tornado_recurring_cost_by_hand():
    # tech_annual_cost 60,000 ± 20 % = ± 12,000 a year in years 1–3, × (1 + cost risk 5 %).
    t = tornado({})
    row = t.table.set_index("name").loc["tech_annual_cost"]
    assert (row.low, row.high) == (48_000, 72_000)
    step = 12_000 * 1.05 * ANNUITY_3
    assert row.npv_low - t.base_npv == pytest.approx(step, rel=1e-12)
    assert t.base_npv - row.npv_high == pytest.approx(step, rel=1e-12)
    assert row.swing == pytest.approx(2 * step, rel=1e-12)
    assert row.cut == "" and row.note == ""


def test_tornado_one_time_cost_by_hand():
    # Year 0 is not discounted: NPV moves by exactly Δ × (1 + cost risk).
    t = tornado({}, names=["tech_one_time_cost"], band=0.5)
    row = t.table.iloc[0]
    assert row.npv_low - t.base_npv == pytest.approx(60_000 * 1.05, rel=1e-12)
    assert t.base_npv - row.npv_high == pytest.approx(60_000 * 1.05, rel=1e-12)


def test_tornado_matches_single_evaluations_for_every_row():
    scenario = telecom()
    t = tornado(scenario)
    assert t.base_npv == pytest.approx(npv_of(scenario))
    assert t.base_roi == pytest.approx(roi_of(scenario))
    for row in t.table.itertuples():
        for end in ("low", "high"):
            case = t.values_at(row.name, end)
            assert evaluate(case).appraisal.npv == pytest.approx(getattr(row, f"npv_{end}"),
                                                                 rel=1e-9, abs=1e-6)
            assert evaluate(case).appraisal.roi == pytest.approx(getattr(row, f"roi_{end}"),
                                                                 rel=1e-9, abs=1e-12)


def test_tornado_default_rows_sorted_and_evaluated_in_one_batch(monkeypatch):
    import supportroi.risk as risk

    calls = []

    def spy(values, **kw):
        calls.append(max(np.size(v) for v in values.values()))
        return evaluate_batch(values, **kw)

    monkeypatch.setattr(risk, "evaluate_batch", spy)
    t = tornado({})
    numeric = {n for n, a in CATALOG.items() if a.numeric}
    k = len(numeric - set(TORNADO_EXCLUDED))
    assert calls == [2 * k + 1]
    assert set(t.table.name) == numeric - set(TORNADO_EXCLUDED)
    assert list(t.table.swing) == sorted(t.table.swing, reverse=True)
    assert list(t.table.columns[:11]) == ["name", "label", "unit", "base", "low", "high",
                                          "npv_low", "npv_high", "roi_low", "roi_high", "swing"]
    assert t.band == DEFAULT_BAND


def test_tornado_records_cuts_by_bounds_and_rules():
    t = tornado({"churn_reduction": 0.18, "annual_churn": 0.2})
    rows = t.table.set_index("name")
    # Catalog bound: ramp_later 100 % + 20 % is cut to 100 %.
    assert rows.loc["ramp_later", "high"] == 1.0
    assert rows.loc["ramp_later", "band_high"] == pytest.approx(1.2)
    assert rows.loc["ramp_later", "cut"] == "high 120 % → 100 %: catalog bound"
    # Cross-field rule: churn reduction 18 % + 20 % would exceed annual churn 20 %.
    assert rows.loc["churn_reduction", "high"] == pytest.approx(0.2)
    assert "annual churn" in rows.loc["churn_reduction", "cut"]
    assert rows.loc["annual_churn", "low"] == pytest.approx(0.18)
    assert "churn reduction" in rows.loc["annual_churn", "cut"]
    # Nothing else was cut silently: every row whose range differs from the band says so.
    for row in t.table.itertuples():
        if CATALOG[row.name].kind == "float" and (row.low, row.high) != (row.band_low,
                                                                         row.band_high):
            assert row.cut, row.name


def test_tornado_zero_base_and_whole_numbers():
    t = tornado({"agent_fte": 3}, names=["agent_fte", "indirect_costs_avoided"])
    rows = t.table.set_index("name")
    assert (rows.loc["agent_fte", "low"], rows.loc["agent_fte", "high"]) == (2, 4)  # 2.4, 3.6
    assert rows.loc["indirect_costs_avoided", "swing"] == 0
    assert "give a range" in rows.loc["indirect_costs_avoided", "note"]


def test_tornado_channel_shares_move_together():
    t = tornado({}, names=["share_phone", "share_self_service"])
    phone = t.values_at("share_phone", "high")
    assert phone["share_phone"] == pytest.approx(0.6)
    assert phone["share_self_service"] == pytest.approx(0.0)
    self_service = t.values_at("share_self_service", "high")
    assert self_service["share_self_service"] == pytest.approx(0.12)
    # The agent-handled mix (50 : 20 : 20) is kept.
    assert self_service["share_phone"] / self_service["share_chat"] == pytest.approx(2.5)
    for case in (phone, self_service):
        assert sum(case[f"share_{c}"] for c in ("phone", "chat", "email", "self_service")) \
            == pytest.approx(1.0)
    assert "self-service" in t.table.set_index("name").loc["share_phone", "note"]


def test_tornado_user_ranges():
    t = tornado({}, names=[], ranges={"discount_rate": (0.08, 0.16), "horizon_years": (2, 5)})
    rows = t.table.set_index("name")
    assert set(rows.index) == {"horizon_years", "discount_rate"}
    assert rows.loc["discount_rate", "npv_low"] == pytest.approx(npv_of({"discount_rate": 0.08}))
    assert rows.loc["horizon_years", "npv_high"] == pytest.approx(npv_of({"horizon_years": 5}))
    assert rows.loc["discount_rate", "cut"] == ""


@pytest.mark.parametrize("ranges, match", [
    ({"shrinkage": (0.1, 0.9)}, r"shrinkage: high 90 % is above 80 %"),
    ({"churn_reduction": (0.0, 0.3)}, r"churn_reduction: .*annual churn"),
    ({"agent_fte": (10.5, 20)}, r"agent_fte: .*whole numbers"),
    ({"fcr": (0.8, 0.6)}, r"fcr: low 80 % is above high 60 %"),
    ({"fcrr": (0.6, 0.8)}, r"fcrr: unknown assumption \(did you mean 'fcr'\?\)"),
])
def test_tornado_refuses_invalid_ranges(ranges, match):
    with pytest.raises(RangeError, match=match):
        tornado({}, ranges=ranges)


def test_tornado_accepts_one_name():
    assert list(tornado({}, names="fcr").table.name) == ["fcr"]


def test_tornado_refuses_invalid_base_and_band():
    with pytest.raises(ModelInputError):
        tornado({"churn_reduction": 0.5})
    with pytest.raises(ValueError, match="band"):
        tornado({}, band=0)


# -- Monte Carlo -------------------------------------------------------------------

RANGES = {
    "aht_reduction": (0.0, 0.02, 0.06), "fcr_improvement": (0.0, 0.04, 0.08),
    "churn_reduction": (0.0, 0.002, 0.005), "tech_one_time_cost": (1.5e6, 1.8e6, 2.5e6),
    "discount_rate": (0.08, 0.10, 0.16), "agent_fte": (550, 600, 650),
    "share_phone": (0.50, 0.55, 0.60),
}


def test_monte_carlo_is_reproducible():
    a = monte_carlo(telecom(), RANGES, n=2_000, seed=7)
    b = monte_carlo(telecom(), dict(reversed(RANGES.items())), n=2_000, seed=7)
    np.testing.assert_array_equal(a.npv, b.npv)
    np.testing.assert_array_equal(a.draws.to_numpy(), b.draws.to_numpy())
    c = monte_carlo(telecom(), RANGES, n=2_000, seed=8)
    assert not np.array_equal(a.npv, c.npv)
    assert (a.seed, c.seed) == (7, 8)
    # Each assumption has its own stream: dropping one range leaves the others' draws.
    fewer = monte_carlo(telecom(), {k: v for k, v in RANGES.items() if k != "agent_fte"},
                        n=2_000, seed=7)
    np.testing.assert_array_equal(fewer.draws["aht_reduction"], a.draws["aht_reduction"])


def test_monte_carlo_none_seed_is_recorded():
    a = monte_carlo({}, {"aht_reduction": (0.0, 0.05, 0.1)}, n=100, seed=None)
    b = monte_carlo({}, {"aht_reduction": (0.0, 0.05, 0.1)}, n=100, seed=a.seed)
    np.testing.assert_array_equal(a.npv, b.npv)


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
def test_collapsed_ranges_give_the_deterministic_result(distribution):
    scenario = telecom()
    ranges = {k: (scenario.values[k],) * 3 for k in RANGES}
    mc = monte_carlo(scenario, ranges, n=50, distribution=distribution)
    ev = evaluate(scenario).appraisal
    np.testing.assert_allclose(mc.npv, ev.npv, rtol=1e-12)
    np.testing.assert_allclose(mc.roi, ev.roi, rtol=1e-12)
    np.testing.assert_allclose(mc.payback_years, ev.payback_years, rtol=1e-12)
    assert mc.npv_p10 == mc.npv_p90 == pytest.approx(ev.npv, rel=1e-12)
    assert mc.p_payback == 1.0


def test_monte_carlo_draws_match_single_evaluations():
    scenario = telecom()
    mc = monte_carlo(scenario, RANGES, n=300, seed=3)
    for k in range(0, 300, 37):
        row = {name: mc.draws[name].iloc[k].item() for name in mc.draws.columns}
        one = evaluate(scenario.values | row).appraisal
        assert mc.npv[k] == pytest.approx(one.npv, rel=1e-9)
        assert mc.roi[k] == pytest.approx(one.roi, rel=1e-9)


def test_monte_carlo_summary_figures():
    mc = monte_carlo(telecom(), RANGES | {"horizon_years": (2, 4, 5)}, n=4_000, seed=11)
    assert mc.p_npv_positive == pytest.approx(np.mean(mc.npv > 0))
    assert mc.p_roi_positive == pytest.approx(np.mean(mc.roi > 0))
    assert mc.p_payback == pytest.approx(np.mean(np.isfinite(mc.payback_years)))
    assert mc.npv_p50 == pytest.approx(np.median(mc.npv))
    assert (mc.roi_p10, mc.roi_p50, mc.roi_p90) == pytest.approx(
        tuple(np.percentile(mc.roi, [10, 50, 90])))
    assert mc.probability("npv", above=1e7) == pytest.approx(np.mean(mc.npv > 1e7))
    assert mc.summary().loc["npv", "p90"] == pytest.approx(mc.npv_p90)
    assert mc.n_roi_undefined == 0


def test_monte_carlo_draws_stay_in_bounds_and_whole():
    mc = monte_carlo(telecom(), RANGES, n=5_000, seed=5, distribution="triangular")
    for name, (lo, _, hi) in RANGES.items():
        assert mc.draws[name].between(lo, hi).all()
    fte = mc.draws["agent_fte"]
    assert fte.dtype.kind == "i" and fte.min() >= 550 and fte.max() <= 650
    shares = mc.draws["share_phone"] + mc.draws["share_self_service"] + 0.2 + 0.1
    np.testing.assert_allclose(shares, 1.0, atol=1e-12)


def test_pert_mean_and_variance():
    a, m, b = 0.0, 0.02, 0.06
    mc = monte_carlo({}, {"aht_reduction": (a, m, b)}, n=200_000, seed=42)
    x = mc.draws["aht_reduction"].to_numpy()
    mean = (a + 4 * m + b) / 6
    var = (mean - a) * (b - mean) / 7
    assert abs(x.mean() - mean) < 4 * np.sqrt(var / x.size)
    assert x.var() == pytest.approx(var, rel=0.02)
    assert pert_parameters(a, m, b) == pytest.approx((1 + 4 / 3, 1 + 8 / 3))


def test_triangular_mean():
    a, m, b = 0.0, 0.02, 0.06
    mc = monte_carlo({}, {"aht_reduction": (a, m, b)}, n=200_000, seed=42,
                     distribution="triangular")
    x = mc.draws["aht_reduction"].to_numpy()
    var = (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    assert abs(x.mean() - (a + m + b) / 3) < 4 * np.sqrt(var / x.size)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([n for n in CATALOG if CATALOG[n].numeric and n not in ("share_phone", "share_chat",
                                                          "share_email", "share_self_service",
                                                          "fcr", "fcr_improvement",
                                                          "churn_reduction", "annual_churn",
                                                          "attrition_reduction",
                                                          "agent_attrition", "agent_fte",
                                                          "agents_added", "horizon_years",
                                                          "one_time_spread_years")]),
       st.data())
def test_draws_inside_any_valid_range(name, data):
    a = CATALOG[name]
    if a.kind == "int":
        pts = sorted(data.draw(st.lists(st.integers(int(a.min), int(min(a.max, 10**6))),
                                        min_size=3, max_size=3)))
    else:
        pts = sorted(data.draw(st.lists(st.floats(a.min, a.max), min_size=3, max_size=3)))
    mc = monte_carlo({}, {name: tuple(pts)}, n=500, seed=1)
    x = mc.draws[name].to_numpy()
    assert x.min() >= pts[0] and x.max() <= pts[2]
    if a.kind == "int":
        assert np.all(x == np.round(x))


def test_progress_is_reported_per_chunk():
    seen = []
    monte_carlo({}, {"aht_reduction": (0.0, 0.05, 0.1)}, n=1_000, chunk_size=300,
                progress=seen.append)
    assert seen == pytest.approx([0.3, 0.6, 0.9, 1.0])
    seen.clear()
    monte_carlo({}, {"aht_reduction": (0.0, 0.05, 0.1)}, n=1_000, progress=seen.append)
    assert seen == [1.0]


def test_chunks_do_not_change_the_result():
    a = monte_carlo(telecom(), RANGES, n=1_000, seed=2)
    b = monte_carlo(telecom(), RANGES, n=1_000, seed=2, chunk_size=128)
    np.testing.assert_array_equal(a.npv, b.npv)


@pytest.mark.parametrize("ranges, match", [
    ({"shrinkage": (0.1, 0.2, 0.9)}, r"shrinkage: range 10 %–90 % leaves the bounds"),
    ({"fcr": (0.6, 0.5, 0.7)}, r"fcr: need min ≤ most likely ≤ max"),
    ({"agent_fte": (550, 600.5, 650)}, r"agent_fte: range values must be whole numbers"),
    ({"churn_reduction": (0.0, 0.1, 0.25)}, r"churn_reduction: .*exceeds annual churn"),
    ({"churn_reduction": (0.0, 0.05, 0.15), "annual_churn": (0.1, 0.2, 0.3)},
     r"annual_churn \+ churn_reduction: .*exceeds annual churn"),
    ({"share_phone": (0.5, 0.6, 0.7)}, r"share_phone: .*self-service share at -10 %"),
    ({"share_chat": (0.1, 0.2, 0.3), "share_self_service": (0.0, 0.1, 0.2)},
     r"share_chat \+ share_self_service: .*one side only"),
    ({"aht_reduction": (0.0, 0.1)}, r"aht_reduction: range must be \(min, most_likely, max\)"),
    ({"aht_reductio": (0.0, 0.1, 0.2)}, r"did you mean 'aht_reduction'"),
    ({"horizon_years": (1, 2, 3)}, r"horizon"),
])
def test_monte_carlo_refuses_ranges_that_could_break_a_rule(ranges, match):
    base = {"one_time_spread_years": 3, "horizon_years": 3} if "horizon_years" in ranges else {}
    with pytest.raises(RangeError, match=match):
        monte_carlo(base, ranges, n=10)


def test_monte_carlo_refuses_bad_arguments():
    with pytest.raises(ValueError, match="distribution"):
        monte_carlo({}, {"fcr": (0.6, 0.7, 0.8)}, distribution="normal")
    with pytest.raises(ValueError, match="n: "):
        monte_carlo({}, {"fcr": (0.6, 0.7, 0.8)}, n=0)
    with pytest.raises(RangeError, match="non-empty"):
        monte_carlo({}, {})


# -- break-even --------------------------------------------------------------------


@pytest.mark.parametrize("name, target", [
    ("tech_annual_cost", 0.0), ("tech_annual_cost", 0.5), ("discount_rate", 1.6),
    ("churn_reduction", 3.0), ("capture_rate", 1.0), ("share_self_service", 0.0),
    ("share_phone", 1.0), ("fcr", 1.45),
])
def test_break_even_value_gives_the_target(name, target):
    be = break_even(telecom() if name == "share_phone" else {}, name, target)
    assert be.value is not None, be.reason
    base = telecom().values if name == "share_phone" else D
    from supportroi.risk import _apply_shares
    case = base | {k: v.item() for k, v in _apply_shares(base, {name: be.value}).items()}
    assert roi_of(case) == pytest.approx(target, abs=1e-9)
    assert be.metric_at_value == pytest.approx(target, abs=1e-9)
    assert "reaches" in be.reason


def test_break_even_npv_metric():
    be = break_even({}, "tech_one_time_cost", 0.0, metric="npv")
    # NPV is linear in the one-time cost: 890,836 / 1.05 more of it wipes NPV out.
    assert be.value == pytest.approx(D["tech_one_time_cost"] + tornado({}).base_npv / 1.05)
    assert npv_of({"tech_one_time_cost": be.value}) == pytest.approx(0.0, abs=1e-6)


def test_break_even_whole_numbers():
    # Large range, solved as continuous then rounded: the smallest whole value that reaches it.
    # (A team of 1,000 staffs the workload over the range searched: with the default 100,
    # savings stop growing once the workload outgrows the team, and ROI falls again.)
    team = {"agent_fte": 1000}
    be = break_even(team, "annual_contacts", 0.5)
    assert isinstance(be.value, int)
    assert roi_of(team | {"annual_contacts": be.value}) >= 0.5
    assert roi_of(team | {"annual_contacts": be.value - 1}) < 0.5
    assert "at least" in be.reason
    be = break_even({}, "annual_contacts", 0.5)  # falling past the team's size: the largest
    assert roi_of({"annual_contacts": be.value}) >= 0.5 > roi_of({"annual_contacts": be.value + 1})
    assert "at most" in be.reason
    # Agents: ROI rises while the team grows into its workload (a smaller team saves only
    # what it staffs), then falls as training costs grow with the team; the crossing
    # nearest the base (100) is on the rising side, the falling one is listed too.
    be = break_even({}, "agent_fte", 1.0)
    assert roi_of({"agent_fte": be.value}) >= 1.0 > roi_of({"agent_fte": be.value - 1})
    assert "at least" in be.reason and be.value < 100 < be.values[-1]
    last = be.values[-1]
    assert roi_of({"agent_fte": last}) >= 1.0 > roi_of({"agent_fte": last + 1})
    be = break_even({}, "horizon_years", 2.0)
    assert roi_of({"horizon_years": be.value}) >= 2.0 > roi_of({"horizon_years": be.value - 1})


def test_break_even_impossible_targets_say_why():
    be = break_even({}, "discount_rate", 0.0)
    assert be.value is None
    assert be.reason == "ROI stays above 0 % for every discount rate between 0 % and 50 %"
    assert be.at_low == pytest.approx(roi_of({"discount_rate": 0.0}))
    assert be.at_high == pytest.approx(roi_of({"discount_rate": 0.5}))
    be = break_even({}, "capture_rate", 100.0)
    assert be.value is None and "stays below 10,000 %" in be.reason
    assert "between 0 % and 100 %" in be.reason


def test_break_even_respects_cross_field_rules():
    be = break_even({}, "churn_reduction", 30.0)
    assert be.value is None
    assert be.high == pytest.approx(D["annual_churn"])
    assert "annual churn" in be.high_reason and "annual churn" in be.reason


def test_break_even_input_with_no_effect():
    be = break_even({}, "agent_attrition", 0.0)
    assert be.value is None and "does not depend on agent attrition" in be.reason


def test_break_even_refuses_unknown_names():
    with pytest.raises(ValueError, match="did you mean 'discount_rate'"):
        break_even({}, "discount_rat")
    with pytest.raises(ValueError, match="metric"):
        break_even({}, "discount_rate", metric="irr")


# -- three scenarios ---------------------------------------------------------------


def test_three_scenarios_are_ordered_and_use_the_range_ends():
    scenario = telecom()
    s = three_scenarios(scenario, RANGES)
    assert s.ordered
    assert s.conservative.appraisal.npv <= s.likely.appraisal.npv <= s.optimistic.appraisal.npv
    settings_ = s.settings
    # More cost → conservative takes the max; more benefit → it takes the min.
    assert settings_.loc["tech_one_time_cost", "conservative"] == 2.5e6
    assert settings_.loc["aht_reduction", "conservative"] == 0.0
    assert settings_.loc["aht_reduction", "optimistic"] == 0.06
    likely = scenario.values | {k: v[1] for k, v in RANGES.items()}
    likely["share_self_service"] = 0.15  # phone at its likely 55 % leaves self-service at 15 %
    assert s.likely.appraisal.npv == pytest.approx(npv_of(likely))
    assert s.likely.evaluation.currency == "USD"
    assert list(s.table().index) == ["conservative", "likely", "optimistic"]


def test_three_scenarios_undefined_figures_are_none():
    # Nothing is gained in the conservative case: no payback, reported as None.
    ranges = {k: (0.0, D[k], D[k]) for k in
              ("aht_reduction", "tooling_aht_reduction", "deflection_rate", "fcr_improvement",
               "churn_reduction", "upsell_rate", "attrition_reduction", "referral_uplift")}
    s = three_scenarios({}, ranges)
    assert s.conservative.appraisal.payback_years is None
    assert s.ordered


def test_tornado_needs_at_least_one_assumption():
    with pytest.raises(RangeError, match="at least one assumption"):
        tornado({}, names=[])
