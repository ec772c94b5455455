"""Baseline speed: read, validate and compute every KPI of a 1,000,000-row ticket export.

Target: ≤ 5 s median on a 2-core machine. The export is made by
data/make_sample_tickets.py (same seed, same deliberate defects) in a
temporary folder.
Run: make bench   (or python benchmarks/bench_baseline.py)
"""

import importlib.util
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from supportroi.baseline import compute_kpis, read_export

ROWS = 1_000_000
GENERATOR = Path(__file__).resolve().parents[1] / "data" / "make_sample_tickets.py"


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample_tickets", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    gen = _generator()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets_1m.csv"
        start = time.perf_counter()
        gen.main(["--rows", str(ROWS), "--out", str(path)])
        print(f"  (generated in {time.perf_counter() - start:.1f} s, not timed)")

        def run():
            export = read_export(path, timezone=gen.TIMEZONE)
            compute_kpis(export)
            return export

        export = run()  # warm-up, and a check that the defects are all that was rejected
        print(f"  {export.n_valid:,} valid rows, {export.n_rejected} set aside")
        t = median_seconds(run, repeat=5)
    print(f"{ROWS:,} rows (read_export + compute_kpis): median {t:.2f} s (target ≤ 5 s)")


if __name__ == "__main__":
    main()
