"""Model speed: one scenario, and 100,000 scenarios in one vectorised call.

Targets (issue 2): one scenario ≤ 1 ms median; 100,000 ≤ 1 s median.
Run: make bench   (or python benchmarks/bench_model.py)
"""


import numpy as np
from timing import median_seconds

from supportroi import evaluate, evaluate_batch, load_scenario, shipped_scenarios


def main():
    scenario = load_scenario(shipped_scenarios()["telecom_contact_centre"])
    one = median_seconds(lambda: evaluate(scenario), repeat=200, number=5)
    print(f"one scenario (evaluate, table + appraisal + IRR): median {one * 1e3:.3f} ms "
          f"(target ≤ 1 ms)")

    rng = np.random.default_rng(42)
    n = 100_000
    base = scenario.values
    draws = {
        "aht_reduction": rng.triangular(0.0, 0.02, 0.06, n),
        "fcr_improvement": rng.triangular(0.0, 0.04, 0.08, n),
        "churn_reduction": rng.triangular(0.0, 0.002, 0.005, n),
        "tech_one_time_cost": rng.triangular(1.5e6, 1.8e6, 2.5e6, n),
        "discount_rate": rng.uniform(0.08, 0.16, n),
    }
    values = base | draws
    many = median_seconds(lambda: evaluate_batch(values), repeat=7)
    print(f"100,000 scenarios (evaluate_batch): median {many:.3f} s (target ≤ 1 s)")


if __name__ == "__main__":
    main()
