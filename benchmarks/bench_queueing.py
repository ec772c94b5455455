"""Queueing speed: Erlang C service level and interval staffing, vectorised.

Targets: service level for 1…3,000 agents at 1,000 Erlangs ≤ 50 ms median;
agents needed for 336 half-hour intervals ≤ 50 ms median; required FTE for
one scenario ≤ 5 ms median; Erlang A (all figures, and agents needed) for 336
half-hours ≤ 50 ms median, printed beside Erlang C. The independent implementation (pyworkforce's
ErlangC, one scalar at a time) is timed in the same run for the ratio, if it
is installed.
Run: make bench   (or python benchmarks/bench_queueing.py)
"""


import numpy as np
from timing import median_seconds

from supportroi.queueing import (
    INTERVAL_SECONDS,
    WEEKS_PER_YEAR,
    agents_needed,
    agents_needed_a,
    average_speed_of_answer,
    erlang_a,
    load_profile,
    required_fte,
    service_level,
)

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # a test dependency only
    ErlangC = None

AHT = 300.0  # [s]
TARGET_TIME = 20.0  # [s]
TARGET_SL = 0.80


def reference(traffic, aht=AHT):
    """pyworkforce's ErlangC for ``traffic`` Erlangs (it works in minutes)."""
    return ErlangC(transactions=traffic * 30 / (aht / 60), aht=aht / 60,
                   asa=TARGET_TIME / 60, interval=30)


def report(label, ours, theirs, target=None):
    line = f"{label}: median {ours * 1e3:.3f} ms"
    if target is not None:
        line += f" (target ≤ {target:g} ms)"
    if theirs is not None:
        line += f"; pyworkforce {theirs * 1e3:.1f} ms, {theirs / ours:,.0f}× slower"
    print(line)


def bench_service_level():
    agents = np.arange(1, 3001)
    ours = median_seconds(lambda: service_level(1000.0, agents, AHT, TARGET_TIME), repeat=50)
    theirs = None
    if ErlangC is not None:
        ref = reference(1000.0)

        def scalar_loop():  # pyworkforce refuses unstable queues: those are 0 by convention
            return [ref.service_level(int(n)) if n > 1000 else 0.0 for n in agents]

        theirs = median_seconds(scalar_loop, repeat=3)
        assert np.allclose(scalar_loop(), service_level(1000.0, agents, AHT, TARGET_TIME),
                           rtol=1e-9, atol=0)
    report("service level, 1…3,000 agents at 1,000 Erlangs", ours, theirs, target=50)


def bench_agents_needed(annual_contacts, aht=381.0):
    shares = load_profile()["share"].to_numpy()
    traffic = annual_contacts / WEEKS_PER_YEAR * shares * aht / INTERVAL_SECONDS
    ours = median_seconds(lambda: agents_needed(traffic, aht, TARGET_SL, TARGET_TIME),
                          repeat=50)
    theirs = None
    if ErlangC is not None:
        def scalar_loop():
            return [reference(a, aht).required_positions(TARGET_SL)["raw_positions"]
                    for a in traffic]

        theirs = median_seconds(scalar_loop, repeat=3)
    report(f"agents needed, 336 half-hours, {annual_contacts:,.0f} contacts/year "
           f"(peak {traffic.max():,.0f} Erlangs)", ours, theirs, target=50)


def bench_required_fte():
    one = median_seconds(lambda: required_fte(1_000_000, 381.0, TARGET_SL, TARGET_TIME, 0.30,
                                              2080.0, max_occupancy=0.85), repeat=50)
    report("required FTE, 1 scenario", one, None, target=5)
    rng = np.random.default_rng(42)
    k = 1000
    contacts = rng.uniform(2e5, 5e6, k)
    aht = rng.uniform(180.0, 600.0, k)
    many = median_seconds(lambda: required_fte(contacts, aht, TARGET_SL, TARGET_TIME, 0.30,
                                               2080.0, max_occupancy=0.85), repeat=5)
    report(f"required FTE, {k:,} scenarios", many, None)


def bench_erlang_a(annual_contacts, aht=381.0, patience=180.0):
    """Erlang A beside Erlang C on the same 336 half-hours."""
    shares = load_profile()["share"].to_numpy()
    traffic = annual_contacts / WEEKS_PER_YEAR * shares * aht / INTERVAL_SECONDS
    agents = agents_needed(traffic, aht, TARGET_SL, TARGET_TIME)
    c_figures = median_seconds(lambda: (service_level(traffic, agents, aht, TARGET_TIME),
                                        average_speed_of_answer(traffic, agents, aht)),
                               repeat=50)
    a_figures = median_seconds(lambda: erlang_a(traffic, agents, aht, patience, TARGET_TIME),
                               repeat=50)
    c_needed = median_seconds(lambda: agents_needed(traffic, aht, TARGET_SL, TARGET_TIME),
                              repeat=50)
    a_needed = median_seconds(lambda: agents_needed_a(traffic, aht, patience, TARGET_SL,
                                                      TARGET_TIME), repeat=50)
    label = (f"336 half-hours, {annual_contacts:,.0f} contacts/year (peak "
             f"{traffic.max():,.0f} Erlangs), patience {patience:.0f} s")
    print(f"Erlang C figures (service level + ASA), {label}: median {c_figures * 1e3:.3f} ms; "
          f"Erlang A (P(wait), P(abandon), service level, ASA, occupancy): "
          f"{a_figures * 1e3:.3f} ms (target ≤ 50 ms)")
    print(f"agents needed, {label}: Erlang C median {c_needed * 1e3:.3f} ms; Erlang A "
          f"{a_needed * 1e3:.3f} ms (target ≤ 50 ms)")


def main():
    if ErlangC is None:
        print("(pyworkforce not installed: no comparison with the independent implementation)")
    bench_service_level()
    bench_agents_needed(1_000_000)
    bench_agents_needed(10_000_000)
    bench_required_fte()
    bench_erlang_a(1_000_000)
    bench_erlang_a(10_000_000)


if __name__ == "__main__":
    main()
