"""Erlang B/C queueing and interval staffing.

Checked three ways: against published worked examples (cited at each test),
against two independent implementations, and by invariants with hypothesis.

Independent references:

* ``exact_*`` below: the textbook direct formulas in exact rational
  arithmetic (``fractions``) on the exact binary value of each float input —
  no recursion, no logs, no rounding; only for n ≤ 300, where it is fast.
* ``logsum_*`` below: the same direct formulas in log space with
  ``math.lgamma`` and a log-sum-exp, for large n (up to 10,000).
* pyworkforce (``pyworkforce.queuing.ErlangC``), a maintained PyPI package:
  scalar, iterative inverse Erlang B recursion, minutes as units. Those tests
  are skipped if it is not installed (a test dependency).
"""

import importlib.util
import math
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supportroi import queueing as q
from supportroi.model import evaluate
from supportroi.queueing import (
    agents_needed, average_speed_of_answer, erlang_b, erlang_c, interval_staffing, is_stable,
    load_profile, occupancy, required_fte, scheduled_fte, service_level,
)

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- references

def exact_erlang_b(traffic: float, agents: int) -> Fraction:
    """(A^n / n!) / Σ_{k=0..n} A^k / k!, exactly."""
    a = Fraction(traffic)
    terms = [Fraction(1)]
    for k in range(1, agents + 1):
        terms.append(terms[-1] * a / k)
    return terms[-1] / sum(terms)


def exact_erlang_c(traffic: float, agents: int) -> Fraction:
    """(A^n/n! · n/(n−A)) / (Σ_{k<n} A^k/k! + A^n/n! · n/(n−A)), exactly; needs n > A."""
    a = Fraction(traffic)
    terms = [Fraction(1)]
    for k in range(1, agents + 1):
        terms.append(terms[-1] * a / k)
    top = terms[-1] * agents / (agents - a)
    return top / (sum(terms[:-1]) + top)


def _logsumexp(logs):
    m = max(logs)
    return m + math.log(math.fsum(math.exp(x - m) for x in logs))


def logsum_erlang_c(traffic: float, agents: int) -> float:
    """The direct Erlang C formula in log space (lgamma + log-sum-exp); needs n > A > 0."""
    la = math.log(traffic)
    logs = [k * la - math.lgamma(k + 1) for k in range(agents)]
    top = agents * la - math.lgamma(agents + 1) + math.log(agents / (agents - traffic))
    return math.exp(top - _logsumexp(logs + [top]))


def _pyworkforce(traffic, aht_s=180.0, target_s=20.0):
    """pyworkforce's ErlangC for a given load; it works in minutes per 30-minute interval."""
    queuing = pytest.importorskip("pyworkforce.queuing", reason="pyworkforce not installed")
    aht_min = aht_s / 60
    return queuing.ErlangC(transactions=traffic * 30 / aht_min, aht=aht_min,
                           asa=target_s / 60, interval=30)


# --------------------------------------------------------------------------- published examples

def test_published_example_10_erlangs():
    # 100 contacts in 30 minutes, AHT 180 s, target 80 % answered in 20 s,
    # occupancy ≤ 85 %, shrinkage 30 %. Published results:
    # * pyworkforce README (pypi.org/project/pyworkforce, "Queue systems"
    #   example): raw_positions 14, positions 20, service_level
    #   0.8883500191794669, occupancy 0.7142857142857143, waiting_probability
    #   0.1741319335950498;
    # * R package ErlangC 0.1.0 README (rdocumentation.org/packages/ErlangC/
    #   versions/0.1.0): traffic_intensity 10, wait_probability 0.1741319,
    #   service_level 0.88835, average_speed_of_answer 7.83593701177724 s,
    #   agents 14, and in its search table 11 agents: wait_probability 0.6821182.
    a = 100 * 180 / 1800
    assert a == 10
    assert erlang_c(a, 14) == pytest.approx(0.1741319335950498, rel=1e-12)
    assert service_level(a, 14, 180, 20) == pytest.approx(0.8883500191794669, rel=1e-12)
    assert occupancy(a, 14) == pytest.approx(0.7142857142857143, rel=1e-15)
    assert average_speed_of_answer(a, 14, 180) == pytest.approx(7.83593701177724, rel=1e-12)
    assert erlang_c(a, 11) == pytest.approx(0.6821182, abs=5e-8)
    assert agents_needed(a, 180, 0.80, 20, max_occupancy=0.85) == 14
    assert math.ceil(round(scheduled_fte(14, 0.30), 9)) == 20
    # pyworkforce's own test suite (test_over_occupancy_erlangc): with at most
    # 70 % occupancy, 15 agents, service level 0.941, waiting probability 0.102.
    assert agents_needed(a, 180, 0.80, 20, max_occupancy=0.70) == 15
    assert round(float(service_level(a, 15, 180, 20)), 3) == 0.941
    assert round(float(erlang_c(a, 15)), 3) == 0.102


def test_published_example_1000_calls_an_hour():
    # call-center-tools README (pypi.org/project/call-center-tools): 1000 calls
    # an hour, AHT 120 s, occupancy ≤ 85 %, 80 % in 20 s, shrinkage 30 % →
    # traffic 33.333 Erlangs, waiting probability 19.07 %, service level
    # 93.72 %, ASA 3.43 s, occupancy 83.33 %, 40 agents, 58 with shrinkage.
    a = 1000 / 3600 * 120
    assert round(a, 3) == 33.333
    assert round(float(erlang_c(a, 40)) * 100, 2) == 19.07
    assert round(float(service_level(a, 40, 120, 20)) * 100, 2) == 93.72
    assert round(float(average_speed_of_answer(a, 40, 120)), 2) == 3.43
    assert round(float(occupancy(a, 40)) * 100, 2) == 83.33
    assert agents_needed(a, 120, 0.80, 20, max_occupancy=0.85) == 40
    assert math.ceil(scheduled_fte(40, 0.30)) == 58


def test_published_erlang_b_figures():
    # Westbay Traffic Calculators manual, "How much traffic can a trunk group
    # handle?" (erlang.com/calculatormanual): 15 lines at 1 % blocking carry
    # 8.108 Erlangs (the figure is rounded to 3 decimals: allow 0.1 %).
    assert erlang_b(8.108, 15) == pytest.approx(0.01, rel=1e-3)
    # erlang.com forum, "Trunk Engineering" (2001): 1,200 calls an hour of
    # 100 s (÷ 36 = 33.333 Erlangs) at 1 % blocking need 45 lines.
    b44, b45 = erlang_b(1200 / 36, [44, 45])
    assert b45 <= 0.01 < b44


# --------------------------------------------------------------------------- independent references

GRID = [(0.5, 1), (0.5, 3), (2.0, 3), (2.0, 5), (7.3, 8), (10.0, 11), (10.0, 14), (10.0, 25),
        (47.9, 48), (48.0, 55), (99.99, 100), (123.4, 140), (250.0, 290), (0.01, 1), (3.0, 60)]


@pytest.mark.parametrize("traffic, agents", GRID)
def test_erlang_c_matches_exact_rational_formula(traffic, agents):
    assert erlang_c(traffic, agents) == pytest.approx(float(exact_erlang_c(traffic, agents)),
                                                      rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("traffic, agents", GRID + [(5.0, 2), (300.0, 100), (290.0, 250)])
def test_erlang_b_matches_exact_rational_formula(traffic, agents):
    # Includes overloaded loss systems (traffic > agents).
    assert erlang_b(traffic, agents) == pytest.approx(float(exact_erlang_b(traffic, agents)),
                                                      rel=1e-12, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(agents=st.integers(1, 150), load=st.floats(0.001, 0.999))
def test_erlang_c_matches_exact_formula_hypothesis(agents, load):
    traffic = agents * load
    assert erlang_c(traffic, agents) == pytest.approx(float(exact_erlang_c(traffic, agents)),
                                                      rel=1e-11, abs=1e-300)


@pytest.mark.parametrize("traffic, agents", [(900.0, 1000), (4999.5, 5000), (9000.0, 10_000),
                                             (9950.0, 10_000), (9999.9, 10_000)])
def test_large_agent_counts_match_log_space_formula(traffic, agents):
    assert erlang_c(traffic, agents) == pytest.approx(logsum_erlang_c(traffic, agents), rel=1e-9)


PYWORKFORCE_GRID = [(0.7, 2), (3.3, 5), (10.0, 12), (47.5, 52), (123.4, 130), (480.0, 500),
                    (1500.0, 1530), (9900.0, 10_000)]


@pytest.mark.parametrize("traffic, agents", PYWORKFORCE_GRID)
@pytest.mark.parametrize("aht, target", [(180.0, 20.0), (600.0, 30.0), (45.0, 5.0)])
def test_agrees_with_pyworkforce(traffic, agents, aht, target):
    ref = _pyworkforce(traffic, aht, target)
    assert ref.intensity == pytest.approx(traffic, rel=1e-14)
    assert erlang_c(traffic, agents) == pytest.approx(ref.waiting_probability(agents), rel=1e-9)
    assert service_level(traffic, agents, aht, target) == pytest.approx(
        ref.service_level(agents), rel=1e-9)
    assert occupancy(traffic, agents) == pytest.approx(ref.achieved_occupancy(agents), rel=1e-14)


@pytest.mark.parametrize("traffic", [0.7, 3.3, 10.0, 47.5, 123.4, 480.0, 1500.0])
@pytest.mark.parametrize("target_sl, max_occupancy", [(0.8, 1.0), (0.9, 0.85), (0.5, 1.0),
                                                      (0.95, 0.9)])
def test_agents_needed_agrees_with_pyworkforce(traffic, target_sl, max_occupancy):
    ref = _pyworkforce(traffic, 180.0, 20.0).required_positions(target_sl, max_occupancy)
    ours = int(agents_needed(traffic, 180.0, target_sl, 20.0, max_occupancy))
    # pyworkforce starts its search at round(traffic + 1) agents, so it never
    # answers below that even where fewer agents would do.
    assert ref["raw_positions"] == max(ours, round(traffic + 1))


# --------------------------------------------------------------------------- invariants

traffics = st.floats(0.01, 2000.0)
ahts = st.floats(10.0, 1800.0)
target_times = st.floats(0.0, 300.0)


@settings(max_examples=100, deadline=None)
@given(traffic=traffics, aht=ahts, target_time=target_times)
def test_service_level_rises_with_agents(traffic, aht, target_time):
    n = np.arange(0, int(traffic) + 200)
    sl = service_level(traffic, n, aht, target_time)
    assert np.all(np.isfinite(sl)) and np.all((sl >= 0) & (sl <= 1))
    assert np.all(np.diff(sl) >= -1e-12)
    c = erlang_c(traffic, n)
    assert np.all(np.diff(c) <= 1e-12)


@settings(max_examples=100, deadline=None)
@given(agents=st.integers(1, 10_000), gap=st.floats(1e-10, 1e-7))
def test_wait_probability_tends_to_one_as_agents_approach_traffic(agents, gap):
    # Traffic just below the agents: almost everyone waits, the ASA explodes.
    traffic = agents * (1 - gap)
    assume(traffic < agents)
    c = float(erlang_c(traffic, agents))
    assert 1 - 1e-4 < c <= 1
    assert average_speed_of_answer(traffic, agents, 300) > 1e3


@settings(max_examples=100, deadline=None)
@given(traffic=traffics, aht=ahts, target_sl=st.floats(0.05, 0.99), target_time=target_times,
       max_occupancy=st.floats(0.5, 1.0))
def test_agents_needed_meets_target_and_one_fewer_does_not(traffic, aht, target_sl,
                                                           target_time, max_occupancy):
    n = int(agents_needed(traffic, aht, target_sl, target_time, max_occupancy))
    assert is_stable(traffic, n)
    assert service_level(traffic, n, aht, target_time) >= target_sl - 1e-12
    assert occupancy(traffic, n) <= max_occupancy * (1 + 1e-12)
    fewer = n - 1
    assert (not is_stable(traffic, fewer)
            or service_level(traffic, fewer, aht, target_time) < target_sl + 1e-12
            or occupancy(traffic, fewer) > max_occupancy)


@settings(max_examples=50, deadline=None)
@given(traffic=st.floats(0.0, 9999.99), aht=ahts, target_time=target_times)
def test_stable_and_finite_at_10000_agents(traffic, aht, target_time):
    n = 10_000
    for value in (erlang_b(traffic, n), erlang_c(traffic, n),
                  service_level(traffic, n, aht, target_time)):
        assert np.isfinite(value) and 0 <= value <= 1
    asa = average_speed_of_answer(traffic, n, aht)
    assert np.isfinite(asa) and asa >= 0


@settings(max_examples=100, deadline=None)
@given(traffic=st.floats(0.0, 1e5), agents=st.integers(0, 12_000), aht=ahts,
       target_time=target_times)
def test_never_nan_or_negative(traffic, agents, aht, target_time):
    figures = [erlang_b(traffic, agents), erlang_c(traffic, agents),
               service_level(traffic, agents, aht, target_time), occupancy(traffic, agents)]
    for value in figures:
        assert not np.isnan(value) and 0 <= value <= 1
    asa = average_speed_of_answer(traffic, agents, aht)
    assert not np.isnan(asa) and asa >= 0
    assert np.isfinite(asa) == bool(is_stable(traffic, agents))


@settings(max_examples=100, deadline=None)
@given(traffic=st.floats(0.01, 1e5), agents=st.integers(1, 12_000))
def test_erlang_b_obeys_its_recursion_and_erlang_c_identity(traffic, agents):
    # B(n) = A·B(n−1) / (n + A·B(n−1)) holds everywhere, including the
    # overloaded loss systems (traffic ≫ agents) evaluated by series.
    prev, b = erlang_b(traffic, [agents - 1, agents])
    assert b == pytest.approx(traffic * prev / (agents + traffic * prev), rel=1e-10, abs=1e-300)
    if traffic < agents:
        assert erlang_c(traffic, agents) == pytest.approx(
            agents * b / (agents - traffic * (1 - b)), rel=1e-12, abs=1e-300)


def test_broadcasting():
    n = np.arange(11, 16)
    a = np.array([[5.0], [10.0]])
    assert erlang_c(a, n).shape == (2, 5)
    assert service_level(a, n, [[180.0], [240.0]], 20).shape == (2, 5)
    assert agents_needed(a, 180.0, [0.7, 0.8, 0.9], 20).shape == (2, 3)
    assert agents_needed(a, 180.0, [0.7, 0.8, 0.9], 20).dtype == np.int64
    grid = agents_needed(a, 180.0, [0.7, 0.8, 0.9], 20)
    for i, traffic in enumerate(a[:, 0]):
        for j, target in enumerate([0.7, 0.8, 0.9]):
            assert grid[i, j] == agents_needed(traffic, 180.0, target, 20)


# --------------------------------------------------------------------------- conventions

def test_unstable_queue_convention():
    a, n = [10.0, 10.0, 12.5], [10, 5, 0]
    assert not np.any(is_stable(a, n))
    assert np.all(erlang_c(a, n) == 1.0)
    assert np.all(service_level(a, n, 180, 20) == 0.0)
    assert np.all(occupancy(a, n) == 1.0)
    assert np.all(np.isposinf(average_speed_of_answer(a, n, 180)))
    assert erlang_b(10.0, 0) == 1.0


def test_no_traffic_convention():
    assert is_stable(0.0, 0) and is_stable(0.0, 3)
    assert erlang_c(0.0, [0, 3]).tolist() == [0.0, 0.0]
    assert service_level(0.0, [0, 3], 180, 20).tolist() == [1.0, 1.0]
    assert average_speed_of_answer(0.0, [0, 3], 180).tolist() == [0.0, 0.0]
    assert occupancy(0.0, [0, 3]).tolist() == [0.0, 0.0]
    assert agents_needed(0.0, 180, 0.8, 20) == 0


@pytest.mark.parametrize("call, field", [
    (lambda: erlang_c(-1, 5), "traffic"),
    (lambda: erlang_c(float("nan"), 5), "traffic"),
    (lambda: erlang_b("many", 5), "traffic"),
    (lambda: erlang_c(5, 10.5), "agents"),
    (lambda: erlang_b(5, -1), "agents"),
    (lambda: service_level(5, 10, 0, 20), "aht"),
    (lambda: service_level(5, 10, 180, -1), "target_time"),
    (lambda: average_speed_of_answer(5, 10, -3), "aht"),
    (lambda: agents_needed(5, 180, 1.0, 20), "target_sl"),
    (lambda: agents_needed(5, 180, 0.0, 20), "target_sl"),
    (lambda: agents_needed(5, 180, 0.8, 20, max_occupancy=0), "max_occupancy"),
    (lambda: agents_needed(5, 180, 0.8, 20, max_occupancy=1.2), "max_occupancy"),
    (lambda: scheduled_fte(10, 1.0), "shrinkage"),
    (lambda: scheduled_fte(10, -0.1), "shrinkage"),
    (lambda: required_fte(-1, 300, 0.8, 20, 0.3, 2080), "annual_contacts"),
    (lambda: required_fte(1e6, 0, 0.8, 20, 0.3, 2080), "aht_seconds"),
    (lambda: required_fte(1e6, 300, 0.8, 20, 0.3, 0), "paid_hours_per_fte"),
    (lambda: required_fte(1e6, 300, 0.8, 20, 0.3, 2080, profile=np.ones(48) / 48), "profile"),
    (lambda: required_fte(1e6, 300, 0.8, 20, 0.3, 2080, weeks_per_year=0), "weeks_per_year"),
    (lambda: interval_staffing(1e6, 300, 0.8, 20, 0.3, loaded_cost_per_fte=-5),
     "loaded_cost_per_fte"),
    (lambda: interval_staffing([1e6, 2e6], 300, 0.8, 20, 0.3), "one scenario"),
])
def test_bad_inputs_raise_naming_the_argument(call, field):
    with pytest.raises(ValueError, match=field):
        call()


# --------------------------------------------------------------------------- arrival profile

def _generator():
    spec = importlib.util.spec_from_file_location("make_arrival_profile",
                                                  ROOT / "data" / "make_arrival_profile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_profile_is_reproduced_by_its_generator(tmp_path):
    written = _generator().write(tmp_path / "profile.csv")
    assert written.read_bytes() == q.PROFILE_PATH.read_bytes()


def test_shipped_profile_shape():
    p = load_profile()
    assert len(p) == 336 and list(p.columns) == ["weekday", "interval_start", "share"]
    assert abs(p["share"].sum() - 1) < 1e-6 and (p["share"] >= 0).all()
    days = p.groupby("weekday")["share"].sum()
    assert days.idxmax() == 0  # Monday is the busiest day
    assert days[[5, 6]].max() < days[[0, 1, 2, 3, 4]].min()  # weekends lower
    for day in range(5):
        d = p[p["weekday"] == day].set_index("interval_start")["share"]
        assert d.idxmax() in ("10:00", "10:30")  # morning peak 10–11h
        afternoon = d.loc["13:30":"15:30"]
        lunch = d.loc["12:00":"13:30"].min()
        assert lunch < afternoon.max() < d.max()  # a smaller afternoon peak after a dip
        assert d.loc["00:00":"05:30"].max() < 0.05 * d.max()  # low nights


def _profile_csv(tmp_path, edit):
    frame = load_profile()
    frame = edit(frame) if edit else frame
    path = tmp_path / "profile.csv"
    frame.to_csv(path, index=False)
    return path


def _set(row, field, value):
    def edit(frame):
        frame = frame.astype({field: object})
        frame.loc[row, field] = value
        return frame
    return edit


@pytest.mark.parametrize("edit, message", [
    (lambda f: f.iloc[:335], "expected 336 rows"),
    (lambda f: f.drop(columns="share"), "missing column"),
    (_set(10, "share", -0.001), r"row 12: share must not be negative"),
    (_set(20, "share", "lots"), r"row 22: share must be a number"),
    (_set(30, "weekday", 7), r"row 32: weekday must be a whole number 0–6"),
    (_set(40, "interval_start", "10:15"), r"row 42: interval_start must be"),
    (_set(48, "interval_start", "00:30"), r"rows 50 and 51: weekday 1 00:30 appears twice"),
    (lambda f: f.assign(share=f["share"] * 1.01), "shares must sum to 1"),
])
def test_load_profile_errors_name_file_row_and_field(tmp_path, edit, message):
    path = _profile_csv(tmp_path, edit)
    with pytest.raises(ValueError, match=message) as info:
        load_profile(path)
    assert str(path) in str(info.value)


def test_load_profile_missing_file(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        load_profile(tmp_path / "nope.csv")


def test_load_profile_sorts_rows(tmp_path):
    path = _profile_csv(tmp_path, lambda f: f.iloc[::-1])
    pd.testing.assert_frame_equal(load_profile(path), load_profile())


# --------------------------------------------------------------------------- interval staffing

def test_interval_staffing_totals():
    w = interval_staffing(1_000_000, 381, 0.80, 20, 0.30, max_occupancy=0.85,
                          paid_hours_per_fte=2080.0, loaded_cost_per_fte=60_000)
    assert w.contacts.sum() == pytest.approx(1_000_000 / 52)
    assert w.workload_hours_per_week == pytest.approx(1_000_000 / 52 * 381 / 3600)
    assert w.agent_hours_per_week == w.agents.sum() * 0.5
    assert w.agent_hours_per_week > w.workload_hours_per_week  # queueing needs slack
    assert w.scheduled_fte == pytest.approx(w.agent_hours_per_week / 0.7 / (2080 / 52))
    assert w.cost_per_year == pytest.approx(w.scheduled_fte * 60_000)
    assert np.all(w.service_level[w.traffic > 0] >= 0.80)
    assert np.all(w.occupancy <= 0.85 + 1e-12)
    assert w.weekly_service_level >= 0.80
    frame = w.as_frame()
    assert frame.shape == (336, 7) and frame["interval_start"].iloc[21] == "10:30"
    assert interval_staffing(1_000_000, 381, 0.80, 20, 0.30).cost_per_year is None


def test_interval_staffing_accepts_profile_frame_and_shares():
    base = interval_staffing(500_000, 300, 0.8, 20, 0.3)
    frame = load_profile()
    by_frame = interval_staffing(500_000, 300, 0.8, 20, 0.3, profile=frame)
    by_shares = interval_staffing(500_000, 300, 0.8, 20, 0.3, profile=frame["share"].to_numpy())
    assert base.scheduled_fte == by_frame.scheduled_fte == by_shares.scheduled_fte
    assert by_shares.weekday.tolist() == base.weekday.tolist()
    assert by_shares.interval_start.tolist() == base.interval_start.tolist()


def test_required_fte_matches_interval_staffing_for_many_scenarios():
    contacts = np.array([50_000, 400_000, 1_000_000, 3_000_000])
    aht = np.array([600, 381, 240, 420])
    sl = np.array([0.8, 0.9, 0.7, 0.8])
    many = required_fte(contacts, aht, sl, 20, 0.3, 2080.0, max_occupancy=0.85)
    assert many.shape == (4,)
    for k in range(4):
        one = interval_staffing(contacts[k], aht[k], sl[k], 20, 0.3, max_occupancy=0.85)
        assert many[k] == pytest.approx(one.scheduled_fte, rel=1e-15)
        assert required_fte(contacts[k], aht[k], sl[k], 20, 0.3, 2080.0,
                            max_occupancy=0.85) == pytest.approx(one.scheduled_fte, rel=1e-15)


def test_required_fte_economics():
    base = required_fte(1_000_000, 381, 0.8, 20, 0.3, 2080.0)
    assert required_fte(1_000_000, 300, 0.8, 20, 0.3, 2080.0) < base  # shorter AHT
    assert required_fte(1_000_000, 381, 0.9, 20, 0.3, 2080.0) > base  # stricter target
    assert required_fte(1_000_000, 381, 0.8, 20, 0.2, 2080.0) < base  # less shrinkage
    assert required_fte(2_000_000, 381, 0.8, 20, 0.3, 2080.0) < 2 * base  # economies of scale
    assert required_fte(0, 381, 0.8, 20, 0.3, 2080.0) == 0


def test_the_package_ships_the_profile_the_repository_holds():
    """``PROFILE_PATH`` is package data (an installed package has no ``data/`` folder);
    the repository's copy beside its generator is the same file."""
    assert q.PROFILE_PATH.parent == Path(q.__file__).resolve().parent / "data"
    assert q.PROFILE_PATH.read_bytes() == (ROOT / "data" / "arrival_profile_weekly.csv"
                                           ).read_bytes()
    assert _generator().PACKAGE_COPY == q.PROFILE_PATH


def test_an_installed_package_evaluates_with_its_own_profile(tmp_path):
    """What ``pip install .`` puts in site-packages (setuptools' build_py: the packages and
    their package data), used from a folder outside the checkout: the shipped profile is
    there and an Erlang scenario, which reads it, evaluates."""
    src, lib = tmp_path / "src", tmp_path / "lib"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "supportroi", src / "supportroi",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q",
                    "build_py", "--build-lib", str(lib)], cwd=src, check=True,
                   capture_output=True)
    run = subprocess.run([sys.executable, "-c", (
        "from supportroi import queueing as q\n"
        "from supportroi.model import evaluate\n"
        "r = evaluate({'staffing_method': 'erlang', 'agent_fte': 60, "
        "'annual_contacts': 500_000})\n"
        "print(q.PROFILE_PATH)\n"
        "print(r.quantities['fte_phone_before'])\n")],
        cwd=tmp_path, env={"PYTHONPATH": str(lib), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    path, fte = run.stdout.split()
    assert Path(path).is_relative_to(lib) and Path(path).is_file()
    here = evaluate({"staffing_method": "erlang", "agent_fte": 60, "annual_contacts": 500_000})
    assert float(fte) == here.quantities["fte_phone_before"]
