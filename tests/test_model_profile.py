"""The scenario's arrival profile in the ROI model's Erlang staffing."""

import math

import numpy as np
import pandas as pd
import pytest

from supportroi.model import ModelInputError, evaluate, evaluate_batch
from supportroi.queueing import (INTERVALS_PER_WEEK, WEEKS_PER_YEAR, agents_needed,
                                 agents_needed_fractional, interval_staffing,
                                 load_profile)
from supportroi.scenarios import (Scenario, ScenarioError, dump_scenario, load_scenario,
                                  parse_scenario, profile_csv, save_scenario)

ERLANG = {"staffing_method": "erlang", "agent_fte": 60, "annual_contacts": 500_000}
FLAT = np.full(INTERVALS_PER_WEEK, 1.0 / INTERVALS_PER_WEEK)


def _peaky() -> np.ndarray:
    """Every call in one weekday's office hours (Monday 09:00–17:00)."""
    shares = np.zeros(INTERVALS_PER_WEEK)
    shares[18:34] = 1.0 / 16
    return shares


def _write(folder, name, shares) -> str:
    (folder / name).write_bytes(profile_csv(shares))
    return name


def test_the_profile_changes_erlang_staffing():
    """A peaky week needs more agents at its peak, but fewer agent-hours in all: Erlang C's
    economies of scale (a busy half-hour needs fewer agents per Erlang than a quiet one,
    and each half-hour needs enough agents for the target however few calls it has).
    The model counts agent-hours, so a flat week of thin traffic needs the most FTE."""
    flat = evaluate(ERLANG, profile=FLAT).quantities
    shipped = evaluate(ERLANG).quantities
    peaky = evaluate(ERLANG, profile=_peaky()).quantities
    assert flat["fte_phone_before"] > shipped["fte_phone_before"] > peaky["fte_phone_before"]
    v = evaluate(ERLANG).values
    args = (v["annual_contacts"] * v["share_phone"], v["aht_phone_min"] * 60.0,
            v["target_service_level"], v["target_answer_time_s"], v["shrinkage"])
    peaks = [interval_staffing(*args, profile=p, paid_hours_per_fte=v["paid_hours_per_fte"],
                               max_occupancy=v["occupancy"]).agents.max()
             for p in (FLAT, None, _peaky())]
    assert peaks[0] < peaks[1] < peaks[2]
    # The profile changes the money too, through the FTE the effects free.
    assert evaluate(ERLANG, profile=_peaky()).appraisal.npv != evaluate(ERLANG).appraisal.npv


def test_linear_staffing_ignores_the_profile():
    linear = {**ERLANG, "staffing_method": "linear"}
    a, b = evaluate(linear, profile=_peaky()), evaluate(linear)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.quantities == b.quantities


def test_one_flat_interval_equals_agents_needed_computed_directly():
    """With calls spread evenly, each half-hour has the same traffic: the model's phone FTE
    is 336 half-hours of that interval's agents, turned into FTE. Independent: the traffic
    from the assumptions by hand, and queueing's own agents_needed for it."""
    ev = evaluate(ERLANG, profile=FLAT)
    v, q = ev.values, ev.quantities
    calls = v["annual_contacts"] * v["share_phone"] / WEEKS_PER_YEAR / INTERVALS_PER_WEEK
    aht = v["aht_phone_min"] * 60.0
    traffic = calls * aht / 1800.0  # Erlangs in one half-hour
    args = (traffic, aht, v["target_service_level"], v["target_answer_time_s"], v["occupancy"])
    hours_per_fte_week = (1 - v["shrinkage"]) * v["paid_hours_per_fte"] / WEEKS_PER_YEAR
    per_interval = q["fte_phone_before"] * hours_per_fte_week / (INTERVALS_PER_WEEK * 0.5)
    assert per_interval == pytest.approx(float(agents_needed_fractional(*args)), rel=1e-9)
    assert math.ceil(per_interval - 1e-9) == int(agents_needed(*args))


def test_evaluate_batch_takes_one_profile_for_the_batch():
    values = {**ERLANG, "agent_fte": np.array([40, 60, 80])}
    batch = evaluate_batch(values, profile=_peaky())
    for i, fte in enumerate((40, 60, 80)):
        one = evaluate({**ERLANG, "agent_fte": fte}, profile=_peaky())
        assert batch.appraisal.npv[i] == pytest.approx(one.appraisal.npv, rel=1e-9)
    assert not np.allclose(evaluate_batch(values).appraisal.npv, batch.appraisal.npv)


def test_a_bad_profile_argument_is_refused_in_plain_words():
    with pytest.raises(ModelInputError, match="arrival_profile.*sum to 1"):
        evaluate(ERLANG, profile=FLAT * 2)
    with pytest.raises(ModelInputError, match="336 shares"):
        evaluate_batch(ERLANG, profile=FLAT[:10])


def test_a_scenario_file_names_its_profile(tmp_path):
    _write(tmp_path, "week.csv", _peaky())
    (tmp_path / "s.yaml").write_text("staffing_method: erlang\nagent_fte: 60\n"
                                     "annual_contacts: 500000\narrival_profile: week.csv\n")
    scenario = load_scenario(tmp_path / "s.yaml")
    assert scenario.arrival_profile_source == "week.csv"
    assert len(scenario.arrival_profile) == INTERVALS_PER_WEEK
    from_file = evaluate(scenario)
    direct = evaluate(ERLANG, profile=load_profile(tmp_path / "week.csv"))
    pd.testing.assert_frame_equal(from_file.table, direct.table)
    assert from_file.quantities == direct.quantities
    assert from_file.quantities != evaluate(ERLANG).quantities
    # The explanation says which profile was used.
    labour = next(e for e in from_file.explain() if e.key == "labour_aht")
    assert "arrival profile week.csv" in labour.formula
    shipped = next(e for e in evaluate(ERLANG).explain() if e.key == "labour_aht")
    assert "data/arrival_profile_weekly.csv" in shipped.formula
    ru = next(e for e in from_file.explain("ru") if e.key == "labour_aht")
    assert "week.csv" in ru.formula


def test_a_missing_or_malformed_profile_is_refused_naming_file_and_row(tmp_path):
    (tmp_path / "s.yaml").write_text("agent_fte: 60\narrival_profile: nowhere.csv\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "s.yaml")
    (problem,) = err.value.problems
    assert problem.key == "arrival_profile" and problem.line == 2
    assert "nowhere.csv: no such file" in str(err.value)

    text = profile_csv(FLAT).decode().splitlines()
    text[5] = "0,02:00,lots"  # CSV line 6: a share that is not a number
    (tmp_path / "bad.csv").write_text("\n".join(text) + "\n")
    (tmp_path / "s.yaml").write_text("arrival_profile: bad.csv\n")
    with pytest.raises(ScenarioError, match=r"bad\.csv, row 6: share must be a number"):
        load_scenario(tmp_path / "s.yaml")
    (tmp_path / "s.yaml").write_text("arrival_profile: 3\n")
    with pytest.raises(ScenarioError, match="arrival_profile.*must be text"):
        load_scenario(tmp_path / "s.yaml")


def test_an_uploaded_scenario_cannot_follow_a_profile_file():
    with pytest.raises(ScenarioError, match="upload the profile in the staffing app") as err:
        parse_scenario(b"agent_fte: 60\narrival_profile: week.csv\n", "upload.yaml")
    assert err.value.problems[0].line == 2


def test_dump_and_save_keep_the_profile(tmp_path):
    _write(tmp_path, "week.csv", _peaky())
    (tmp_path / "s.yaml").write_text("agent_fte: 60\narrival_profile: week.csv\n")
    scenario = load_scenario(tmp_path / "s.yaml")
    assert "arrival_profile: week.csv" in dump_scenario(scenario)
    out = tmp_path / "elsewhere"
    out.mkdir()
    save_scenario(scenario, out / "copy.yaml")  # writes week.csv beside it
    again = load_scenario(out / "copy.yaml")
    assert again == scenario and again.arrival_profile == scenario.arrival_profile
    # An in-memory profile gets a default file name and reads back exactly.
    made = Scenario({"agent_fte": 60}, arrival_profile=tuple(np.random.default_rng(7).dirichlet(
        np.ones(INTERVALS_PER_WEEK))))
    save_scenario(made, out / "made.yaml")
    assert load_scenario(out / "made.yaml") == made
    # with_values keeps it.
    assert scenario.with_values(agent_fte=70).arrival_profile == scenario.arrival_profile


def test_a_scenario_refuses_bad_shares():
    with pytest.raises(ScenarioError, match="arrival_profile.*sum to 1"):
        Scenario(arrival_profile=tuple(FLAT * 2))
