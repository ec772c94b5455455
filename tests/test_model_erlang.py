"""Erlang staffing in the ROI model, and the optional link from waiting to churn."""

import math

import numpy as np
import pytest

from supportroi import ScenarioError, evaluate, evaluate_batch
from supportroi.queueing import required_fte
from supportroi.scenarios import parse_scenario

ERLANG = {"staffing_method": "erlang"}
LABOUR = ["labour_aht", "labour_fcr", "labour_deflection"]


def labour(ev):
    return ev.table.loc["benefit"].loc[LABOUR].to_numpy()


def test_without_phone_contacts_erlang_equals_linear():
    no_phone = {"share_phone": 0.0, "share_chat": 0.5, "share_email": 0.4}
    np.testing.assert_allclose(labour(evaluate(no_phone | ERLANG)), labour(evaluate(no_phone)))


def test_phone_savings_are_the_change_in_required_fte():
    v = {"capture_rate": 1.0, "benefit_risk": 0.0, "confidence": 1.0, "ramp_year_1": 1.0,
         "ramp_year_2": 1.0}
    lin, erl = evaluate(v), evaluate(v | ERLANG)
    q = lin.quantities
    d = lin.values
    phone = d["annual_contacts"] * d["share_phone"]
    kept = q["contacts_after_fcr"] / (q["assisted_contacts"] - q["deflected"])
    aht = d["aht_phone_min"] * 60
    fte = required_fte(np.array([phone, phone * (1 - d["deflection_rate"]),
                                 phone * (1 - d["deflection_rate"]) * kept,
                                 phone * (1 - d["deflection_rate"]) * kept]),
                       np.array([aht, aht, aht, aht * (1 - q["aht_cut"])]),
                       d["target_service_level"], d["target_answer_time_s"], d["shrinkage"],
                       d["paid_hours_per_fte"], max_occupancy=d["occupancy"], fractional=True)
    # Valued with fractional agents (smooth), and only the fall in FTE that the phone
    # share of today's team staffs: min(team, need before) − min(team, need after).
    share = erl.quantities["phone_hours_share"]
    staffed = -np.diff(np.minimum(d["agent_fte"] * share, fte))
    for i, key in enumerate(["labour_deflection", "labour_fcr", "labour_aht"]):
        want = q[key] * (1 - share) + staffed[i] * q["loaded_cost"]
        assert erl.table.loc[("benefit", key), 3] == pytest.approx(want)
        assert erl.quantities["fte_saved_" + key[7:]] == pytest.approx(fte[i] - fte[i + 1])
    assert erl.quantities["fte_phone_before"] == pytest.approx(fte[0])


def test_wait_link_is_off_by_default_and_lowers_churn_when_set():
    base = evaluate(ERLANG)
    assert base.quantities["wait_churn_reduction"] == 0
    linked = evaluate(ERLANG | {"wait_churn_per_minute": 0.005, "capture_rate": 0.5})
    q = linked.quantities
    assert q["asa_after_s"] < q["asa_before_s"]
    expected = 0.005 * (max(q["asa_before_s"] - 60, 0) - max(q["asa_after_s"] - 60, 0)) / 60
    assert q["wait_churn_reduction"] == pytest.approx(expected)
    assert q["wait_churn_reduction"] > 0
    more = linked.table.loc[("benefit", "retention")].sum()
    less = evaluate(ERLANG | {"capture_rate": 0.5}).table.loc[("benefit", "retention")].sum()
    assert more > less
    text = {e.key: e.formula for e in linked.explain()}["retention"]
    assert "from shorter waits" in text


def test_adding_agents_shortens_waits():
    a = evaluate(ERLANG | {"capture_rate": 1.0}).quantities["asa_after_s"]
    b = evaluate(ERLANG | {"capture_rate": 1.0, "agents_added": 10}).quantities["asa_after_s"]
    assert b < a


def test_an_unstable_team_is_a_warning_not_a_number():
    ev = evaluate(ERLANG | {"agent_fte": 20, "wait_churn_per_minute": 0.01})
    assert ev.quantities["unstable_intervals"] > 0
    assert ev.quantities["wait_churn_reduction"] == 0
    assert any("cannot keep the queue stable" in w.message for w in ev.warnings)
    assert all(np.isfinite(ev.table.to_numpy()).ravel())


def test_batch_matches_single_for_mixed_methods():
    methods = np.array(["linear", "erlang", "erlang", "linear"])
    rates = np.array([0.08, 0.10, 0.12, 0.14])
    batch = evaluate_batch({"staffing_method": methods, "discount_rate": rates,
                            "wait_churn_per_minute": 0.002})
    for k in range(4):
        one = evaluate({"staffing_method": str(methods[k]), "discount_rate": float(rates[k]),
                        "wait_churn_per_minute": 0.002})
        assert batch.appraisal.npv[k] == pytest.approx(one.appraisal.npv)


def test_scenario_files_name_the_method():
    s = parse_scenario("staffing_method: erlang\ntarget_service_level: 0.9\n")
    assert evaluate(s).values["staffing_method"] == "erlang"
    with pytest.raises(ScenarioError, match="did you mean 'erlang'"):
        parse_scenario("staffing_method: erlng\n")


@pytest.mark.parametrize("values", [{"agent_fte": 5}, {"annual_contacts": 100_000_000},
                                    {"agent_fte": 60}, {"agent_fte": 0}])
def test_small_teams_and_huge_volumes_warn_instead_of_failing(values):
    ev = evaluate(ERLANG | values)
    q = ev.quantities
    assert 0 < q["unstable_intervals"] <= 336
    assert q["wait_churn_reduction"] == 0
    assert any("unbounded" in w.message for w in ev.warnings)
    assert np.isfinite(ev.table.to_numpy()).all()


def test_wait_churn_cannot_cut_churn_below_zero():
    ev = evaluate(ERLANG | {"wait_churn_per_minute": 0.05, "wait_churn_threshold_s": 0,
                            "agent_fte": 95, "annual_churn": 0.01, "churn_reduction": 0.0,
                            "aht_reduction": 0.3, "capture_rate": 0.0})
    q = ev.quantities
    assert q["churn_cut"] == pytest.approx(0.01) and q["churn_cut_capped"]
    assert q["kept_per_year"] == pytest.approx(ev.values["active_customers"] * 0.01)
    assert any("capped at annual churn" in w.message for w in ev.warnings)


def test_a_missed_service_level_is_warned_and_a_met_one_is_not():
    short = evaluate(ERLANG | {"agent_fte": 95})
    assert short.quantities["sl_before"] < 0.8
    assert any("below the 80% target" in w.message for w in short.warnings)
    ample = evaluate(ERLANG | {"agent_fte": 130})
    assert ample.quantities["sl_before"] >= 0.8
    assert not any("target" in w.message for w in ample.warnings)


def test_a_vanishing_phone_share_is_no_phone_work_not_nan():
    # Found by hypothesis: a phone share of 2e-323 overflowed the team-to-need scaling of
    # Erlang staffing into NaN abandonment (and refused benefits).
    from supportroi import evaluate
    ev = evaluate({"staffing_method": "erlang", "share_phone": 2e-323, "share_chat": 0.0,
                   "share_email": 0.0, "share_self_service": 1.0, "agent_fte": 5})
    q = ev.quantities
    assert q["abandon_before"] == 0.0 and q["abandon_after"] == 0.0
    assert all(map(math.isfinite, ev.table.to_numpy().ravel()))
