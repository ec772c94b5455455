"""Risk speed: a 100,000-draw Monte Carlo and a tornado over every assumption.

Targets: 100,000 Monte Carlo draws through the full model ≤ 1 s median;
tornado over all assumptions ≤ 200 ms median. Break-even and the three
scenarios are timed for information.
Run: make bench   (or python benchmarks/bench_risk.py)
"""


from timing import median_seconds

from supportroi import CATALOG, load_scenario, shipped_scenarios
from supportroi.risk import break_even, monte_carlo, three_scenarios, tornado

# Ten uncertain inputs of the telecom case, including a whole-number one and a
# channel share (the self-service share moves with it).
RANGES = {
    "annual_contacts": (5_200_000, 5_800_000, 6_400_000),
    "share_phone": (0.50, 0.55, 0.60),
    "aht_reduction": (0.0, 0.02, 0.06),
    "tooling_aht_reduction": (0.02, 0.06, 0.10),
    "fcr_improvement": (0.0, 0.04, 0.08),
    "churn_reduction": (0.0, 0.002, 0.005),
    "capture_rate": (0.5, 0.75, 0.9),
    "tech_one_time_cost": (1_500_000, 1_800_000, 2_500_000),
    "tech_annual_cost": (600_000, 650_000, 800_000),
    "discount_rate": (0.08, 0.10, 0.16),
}


def main():
    scenario = load_scenario(shipped_scenarios()["telecom_contact_centre"])

    mc = median_seconds(lambda: monte_carlo(scenario, RANGES, n=100_000, seed=42), repeat=7)
    print(f"Monte Carlo, 100,000 PERT draws of {len(RANGES)} inputs (5-year horizon): "
          f"median {mc:.3f} s (target ≤ 1 s)")

    names = [n for n, a in CATALOG.items() if a.numeric]
    tor = median_seconds(lambda: tornado(scenario, names=names), repeat=20)
    print(f"tornado over all {len(names)} assumptions ({2 * len(names) + 1} cases, one batch): "
          f"median {tor * 1e3:.1f} ms (target ≤ 200 ms)")

    be = median_seconds(lambda: break_even(scenario, "tech_annual_cost"), repeat=20)
    print(f"break-even of tech_annual_cost (scan + Brent): median {be * 1e3:.1f} ms")
    three = median_seconds(lambda: three_scenarios(scenario, RANGES), repeat=20)
    print(f"three scenarios from {len(RANGES)} ranges: median {three * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
