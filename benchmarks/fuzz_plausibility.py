"""Plausibility fuzz: scenarios drawn within the catalog bounds, benefit lines against
what they could physically save.

Draws N scenarios (default 10,000; seeded) uniformly within each assumption's hard
bounds — or, with ``--soft``, within its plausible range (soft bounds) — keeping the
catalog's cross-field rules (channel shares rescaled to 100 %, FCR + improvement ≤ 100 %,
reductions ≤ what they reduce, agents removed ≤ team, cost spread ≤ horizon + 1), linear
staffing. Counts the draws where, in some year:

* staff savings (labour lines + agents removed) exceed the team's whole payroll;
* upsell margin exceeds the gross margin of all customers' revenue;
* acquisition cost saved by referrals exceeds what winning the customers churn takes costs;

and prints the median ROI. Uses only ``evaluate_batch`` and the catalog bounds, so the
same script measures the model before and after a change
(``PYTHONPATH=<checkout> python benchmarks/fuzz_plausibility.py``).
"""

import argparse

import numpy as np

from supportroi import CATALOG, evaluate_batch
from supportroi.model import LINES


def draw(n: int, seed: int, soft: bool) -> dict:
    rng = np.random.default_rng(seed)
    v = {}
    for a in CATALOG.values():
        if not a.numeric:
            continue
        lo, hi = (a.soft if soft else (a.min, a.max))
        v[a.name] = (rng.integers(int(lo), int(hi) + 1, n).astype(float) if a.kind == "int"
                     else rng.uniform(lo, hi, n))
    shares = ("share_phone", "share_chat", "share_email", "share_self_service")
    total = sum(v[s] for s in shares)
    for s in shares[:3]:
        v[s] = v[s] / total
    v["share_self_service"] = np.clip(1.0 - v["share_phone"] - v["share_chat"]
                                      - v["share_email"], 0.0, 1.0)
    v["fcr_improvement"] = np.minimum(v["fcr_improvement"], 1.0 - v["fcr"])
    v["churn_reduction"] = np.minimum(v["churn_reduction"], v["annual_churn"])
    v["attrition_reduction"] = np.minimum(v["attrition_reduction"], v["agent_attrition"])
    v["agents_added"] = np.maximum(v["agents_added"], -v["agent_fte"])
    v["one_time_spread_years"] = np.minimum(v["one_time_spread_years"], v["horizon_years"] + 1)
    return v


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--soft", action="store_true", help="draw within the soft bounds")
    args = parser.parse_args(argv)
    if args.soft and getattr(next(iter(CATALOG.values())), "soft", None) is None:
        raise SystemExit("this version of the catalog has no soft bounds")
    v = draw(args.n, args.seed, args.soft)
    res = evaluate_batch(v)
    idx = {line.key: i for i, line in enumerate(LINES)}
    flows = res.flows
    loaded = v["agent_salary"] * (1 + v["benefits_load"]) + v["overhead_per_agent"]
    payroll = v["agent_fte"] * loaded
    staff = sum(flows[:, idx[k], :] for k in ("labour_aht", "labour_fcr", "labour_deflection",
                                              "agents_removed")).max(axis=-1)
    margin = v["active_customers"] * v["revenue_per_customer"] * v["gross_margin"]
    acquisition = v["active_customers"] * v["annual_churn"] * v["acquisition_cost_per_customer"]
    checks = {
        "staff savings > payroll": staff > payroll * (1 + 1e-9),
        "upsell margin > all customers' margin": flows[:, idx["upsell"], :].max(axis=-1)
        > margin * (1 + 1e-9),
        "referrals > cost of winning the customers churn takes":
            flows[:, idx["referrals"], :].max(axis=-1) > acquisition * (1 + 1e-9),
    }
    any_bad = np.zeros(args.n, bool)
    where = "soft bounds" if args.soft else "hard bounds"
    print(f"{args.n:,} scenarios within the catalog's {where} (seed {args.seed}, linear staffing)")
    for label, bad in checks.items():
        any_bad |= bad
        print(f"  {label}: {int(bad.sum()):,} ({bad.mean():.1%})")
    print(f"  implausible (any of these): {int(any_bad.sum()):,} ({any_bad.mean():.1%})")
    roi = res.appraisal.roi[np.isfinite(res.appraisal.roi)]
    print(f"  median ROI {np.median(roi):,.1%}; non-finite NPV: "
          f"{int((~np.isfinite(res.appraisal.npv)).sum())}")


if __name__ == "__main__":
    main()
