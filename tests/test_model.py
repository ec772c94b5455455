"""The cash-flow model: each line against a hand computation, and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportroi import CATALOG, ModelInputError, evaluate, evaluate_batch
from supportroi.model import BENEFIT_LINES, COST_LINES, LINES

# Round numbers so every line can be worked out by hand below.
HAND = dict(
    annual_contacts=120_000, share_phone=1.0, share_chat=0.0, share_email=0.0,
    share_self_service=0.0, aht_phone_min=6.0, fcr=0.8, repeat_contacts_per_unresolved=1.0,
    agent_fte=10, agent_salary=40_000.0, benefits_load=0.25, overhead_per_agent=10_000.0,
    paid_hours_per_fte=2000.0, shrinkage=0.2, occupancy=0.75, agent_attrition=0.3,
    cost_to_replace_agent=10_000.0, agents_added=2, hiring_cost_per_agent=5_000.0,
    training_hours_per_agent=10.0, training_design_cost=20_000.0,
    training_delivery_cost_per_agent=500.0, training_refresh_cost=4_000.0,
    tech_one_time_cost=50_000.0, tech_annual_cost=10_000.0, deflection_rate=0.1,
    tooling_aht_reduction=0.0, aht_reduction=0.1, fcr_improvement=0.05, churn_reduction=0.01,
    upsell_rate=0.01, upsell_value=100.0, attrition_reduction=0.1, referral_uplift=0.002,
    indirect_costs_avoided=5_000.0, capture_rate=0.5, active_customers=10_000,
    revenue_per_customer=500.0, gross_margin=0.4, annual_churn=0.2,
    acquisition_cost_per_customer=150.0, indirect_costs=1_000.0, horizon_years=3,
    discount_rate=0.1, ramp_year_1=1.0, ramp_year_2=1.0, ramp_later=1.0,
    one_time_spread_years=1, benefit_risk=0.0, cost_risk=0.0, attribution=1.0, confidence=1.0,
)

# Worked by hand: loaded cost 40,000 × 1.25 + 10,000 = 60,000; productive
# hours 2,000 × 0.8 × 0.75 = 1,200; value of a freed hour 60,000 / 1,200 ×
# capture 0.5 = 25. 120,000 phone contacts × 6 min = 12,000 h.
EXPECTED = {
    # deflection: 12,000 contacts × 0.1 h = 1,200 h × 25
    "labour_deflection": [0, 30_000, 30_000, 30_000],
    # 108,000 left = 90,000 first contacts × (1 + 1 × 0.2); 90,000 × 0.05
    # = 4,500 repeats avoided × 0.1 h = 450 h × 25
    "labour_fcr": [0, 11_250, 11_250, 11_250],
    # 103,500 contacts × 0.1 h × 10 % = 1,035 h × 25
    "labour_aht": [0, 25_875, 25_875, 25_875],
    "agents_removed": [0, 0, 0, 0],
    # 100 kept a year, each earning 500 × 0.4 = 200 and surviving at 0.8:
    # alive 100, 180, 244
    "retention": [0, 20_000, 36_000, 48_800],
    # 103,500 × 0.01 × 100 × 0.4
    "upsell": [0, 41_400, 41_400, 41_400],
    # (10 + 2) agents × 0.1 × 10,000
    "attrition": [0, 12_000, 12_000, 12_000],
    # 10,000 × 0.002 × 150
    "referrals": [0, 3_000, 3_000, 3_000],
    "indirect_avoided": [0, 5_000, 5_000, 5_000],
    # 2 × 5,000 hiring in year 0, then 2 × 60,000 a year
    "staffing_hiring": [10_000, 0, 0, 0],
    "staffing_added": [0, 120_000, 120_000, 120_000],
    "training_design": [20_000, 0, 0, 0],
    # 12 agents × 500
    "training_delivery": [0, 6_000, 6_000, 6_000],
    "training_refresh": [0, 0, 4_000, 4_000],
    # 12 agents × 10 h × 60,000 / 2,000 h
    "training_time": [0, 3_600, 3_600, 3_600],
    "technology_one_time": [50_000, 0, 0, 0],
    "technology_recurring": [0, 10_000, 10_000, 10_000],
    "indirect_costs": [0, 1_000, 1_000, 1_000],
}


def test_every_line_has_a_hand_value():
    assert set(EXPECTED) == set(COST_LINES) | set(BENEFIT_LINES)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_line_matches_hand_computation(key):
    ev = evaluate(HAND)
    kind = "cost" if key in COST_LINES else "benefit"
    np.testing.assert_allclose(ev.table.loc[(kind, key)].to_numpy(), EXPECTED[key], rtol=1e-12)


def test_totals_and_appraisal_follow_the_lines():
    ev = evaluate(HAND)
    costs = np.sum([EXPECTED[k] for k in COST_LINES], axis=0)
    benefits = np.sum([EXPECTED[k] for k in BENEFIT_LINES], axis=0)
    np.testing.assert_allclose(ev.costs, costs)
    np.testing.assert_allclose(ev.benefits, benefits)
    disc = 1.1 ** -np.arange(4)
    assert ev.appraisal.npv == pytest.approx(((benefits - costs) * disc).sum())


def test_terminal_value_of_kept_customers():
    # 244 customers alive at year 3 earn 200 a year, surviving at 0.8:
    # value at year 3 = 244 × 200 × 0.8 / (0.1 + 0.2), discounted 3 years.
    ev = evaluate(HAND)
    assert ev.terminal_value == pytest.approx(244 * 200 * 0.8 / 0.3 / 1.1**3)
    # Without churn nobody can be kept (churn reduction ≤ churn): no value,
    # and no division by zero at a zero discount rate.
    assert evaluate(HAND | {"discount_rate": 0.0, "annual_churn": 0.0,
                            "churn_reduction": 0.0}).terminal_value == 0.0


def test_ramp_and_risk_adjustments():
    adj = HAND | dict(ramp_year_1=0.5, ramp_year_2=0.8, ramp_later=1.0, benefit_risk=0.2,
                      attribution=0.5, confidence=0.5, cost_risk=0.1)
    ev = evaluate(adj)
    factor = 0.8 * 0.5 * 0.5
    np.testing.assert_allclose(ev.table.loc[("benefit", "upsell")],
                               [0, 41_400 * 0.5 * factor, 41_400 * 0.8 * factor,
                                41_400 * factor])
    # Retention ramps the customers kept: 50, 80 + 50 × 0.8, 100 + 120 × 0.8.
    np.testing.assert_allclose(ev.table.loc[("benefit", "retention")],
                               np.array([0, 50, 120, 196]) * 200 * factor)
    np.testing.assert_allclose(ev.table.loc[("cost", "technology_recurring")],
                               [0, 11_000, 11_000, 11_000])


def test_removed_agents_are_a_saving_not_ramped():
    ev = evaluate(HAND | dict(agents_added=-3, ramp_year_1=0.5, benefit_risk=0.1))
    np.testing.assert_allclose(ev.table.loc[("benefit", "agents_removed")],
                               [0, 162_000, 162_000, 162_000])
    assert ev.table.loc[("cost", "staffing_hiring")].sum() == 0


def test_one_time_costs_can_be_spread():
    ev = evaluate(HAND | {"one_time_spread_years": 2})
    np.testing.assert_allclose(ev.table.loc[("cost", "technology_one_time")],
                               [25_000, 25_000, 0, 0])


def test_zero_effects_give_zero_benefits():
    zero = {a.name: 0 for a in CATALOG.values() if a.group == "effects"} | {
        "deflection_rate": 0.0, "tooling_aht_reduction": 0.0}
    ev = evaluate(zero)
    assert not ev.benefits.any()
    assert ev.appraisal.roi == pytest.approx(-1.0)
    assert ev.appraisal.payback_years is None


def test_explanations_fill_in_the_numbers():
    ev = evaluate(HAND)
    text = {e.key: e for e in ev.explain()}
    assert set(text) == {line.key for line in LINES}
    assert "1,035 h" in text["labour_aht"].formula
    assert "$25,875 a year" in text["labour_aht"].formula
    assert "4,500" in text["labour_fcr"].formula
    assert "capture rate" in text["labour_deflection"].formula
    assert "10,000 × 1.00% = 100" in text["retention"].formula
    assert "year 3: 100" in text["retention"].formula
    assert text["upsell"].total == pytest.approx(3 * 41_400)
    assert "cost risk" in text["technology_one_time"].adjustments


def test_invalid_values_are_refused_with_every_problem():
    with pytest.raises(ModelInputError) as err:
        evaluate({"shrinkage": 2.0, "fcr": float("nan"), "bogus": 1})
    keys = {p.key for p in err.value.problems}
    assert keys == {"shrinkage", "fcr", "bogus"}


def test_cross_field_rules():
    with pytest.raises(ModelInputError, match="channel shares add up to 90 %"):
        evaluate({"share_phone": 0.4})
    with pytest.raises(ModelInputError, match="exceeds annual churn"):
        evaluate({"churn_reduction": 0.3})
    with pytest.raises(ModelInputError, match="horizon"):
        evaluate({"horizon_years": 1, "one_time_spread_years": 3})


def test_batch_equals_single_evaluations():
    rng = np.random.default_rng(7)
    n = 40
    draws = {
        "discount_rate": rng.uniform(0, 0.2, n), "aht_reduction": rng.uniform(0, 0.2, n),
        "churn_reduction": rng.uniform(0, 0.02, n), "horizon_years": rng.integers(1, 6, n),
        "tech_one_time_cost": rng.uniform(0, 5e5, n), "agents_added": rng.integers(-5, 5, n),
    }
    batch = evaluate_batch(draws)
    for k in range(n):
        one = evaluate({name: v[k].item() for name, v in draws.items()})
        assert batch.appraisal.npv[k] == pytest.approx(one.appraisal.npv)
        assert batch.appraisal.roi[k] == pytest.approx(one.appraisal.roi)
        assert batch.terminal_value[k] == pytest.approx(one.terminal_value)
        h = draws["horizon_years"][k]
        np.testing.assert_allclose(batch.benefits[k, : h + 1], one.benefits)
        assert not batch.benefits[k, h + 1:].any()


def test_batch_checks_bounds():
    with pytest.raises(ModelInputError, match="discount_rate: 1 value"):
        evaluate_batch({"discount_rate": np.array([0.1, 0.9])})
    with pytest.raises(ModelInputError, match="horizon_years"):
        evaluate_batch({"horizon_years": np.array([2.5])})


EFFECTS = ["aht_reduction", "tooling_aht_reduction", "deflection_rate", "fcr_improvement",
           "churn_reduction", "upsell_rate", "attrition_reduction", "referral_uplift",
           "capture_rate", "indirect_costs_avoided", "confidence", "attribution"]
COSTS = ["tech_one_time_cost", "tech_annual_cost", "training_design_cost",
         "training_hours_per_agent", "training_delivery_cost_per_agent", "indirect_costs",
         "cost_risk", "hiring_cost_per_agent"]


def _bounded(name, limit=None):
    a = CATALOG[name]
    hi = a.max if limit is None else min(a.max, limit)
    return st.floats(a.min, hi, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(EFFECTS), st.data())
def test_more_benefit_never_lowers_roi(name, data):
    cap = {"fcr_improvement": 0.3, "churn_reduction": 0.2, "attrition_reduction": 0.3}.get(name)
    lo, hi = sorted([data.draw(_bounded(name, cap)), data.draw(_bounded(name, cap))])
    low, high = evaluate({name: lo}), evaluate({name: hi})
    assert high.appraisal.roi >= low.appraisal.roi - 1e-12
    assert high.appraisal.npv >= low.appraisal.npv - 1e-6


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(COSTS), st.data())
def test_more_cost_never_raises_roi(name, data):
    lo, hi = sorted([data.draw(_bounded(name, 1e6)), data.draw(_bounded(name, 1e6))])
    low, high = evaluate({name: lo}), evaluate({name: hi})
    assert high.appraisal.roi <= low.appraisal.roi + 1e-12


MONEY = [a.name for a in CATALOG.values() if a.unit.startswith("currency")]


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 50), st.sampled_from(["e", "t", "r"]))
def test_scaling_all_money_leaves_roi_unchanged(k, scenario):
    from supportroi import load_scenario, shipped_scenarios
    name = {"e": "ecommerce_training", "t": "telecom_contact_centre",
            "r": "retention_conflict_resolution"}[scenario]
    base = load_scenario(shipped_scenarios()[name]).values
    scaled = base | {m: base[m] * k for m in MONEY}
    if any(scaled[m] > CATALOG[m].max for m in MONEY):
        return
    a, b = evaluate(base).appraisal, evaluate(scaled).appraisal
    assert b.roi == pytest.approx(a.roi, rel=1e-9)
    assert b.npv == pytest.approx(a.npv * k, rel=1e-9)
    assert b.payback_years == pytest.approx(a.payback_years, rel=1e-9)


def test_rate_zero_pv_is_plain_sum():
    ev = evaluate({"discount_rate": 0.0})
    assert ev.appraisal.pv_benefits == pytest.approx(ev.benefits.sum())
    assert ev.appraisal.pv_costs == pytest.approx(ev.costs.sum())


def test_removing_the_whole_team_is_warned():
    ev = evaluate({"agents_added": -100})
    assert any("removing 100 agents" in w.message for w in ev.warnings)
    assert not any(w.key == "agents_added" for w in evaluate({"agents_added": -2}).warnings)
