"""Baseline speed and memory for a 1,000,000-row ticket export.

* API: read_export + compute_kpis. Target ≤ 5 s median on a 2-core machine.
* App: upload → KPI cards (BaselineApp.load_file: preview of the first rows, one full
  read, KPIs, cards, charts, rejections, scenario). Target ≤ 10 s and ≤ 1 GB peak
  resident memory, measured in a fresh process so that the peak is the app's own (its
  VmHWM: ru_maxrss would report this process's peak, inherited across fork and exec).

The export is made by data/make_sample_tickets.py (same seed, same deliberate defects)
in a temporary folder.
Run: make bench   (or python benchmarks/bench_baseline.py [--rows N] [--repeat K])
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from supportroi.baseline import compute_kpis, read_export

ROWS = 1_000_000
GENERATOR = Path(__file__).resolve().parents[1] / "data" / "make_sample_tickets.py"

_APP_RUN = """
import json, resource, sys, time
from supportroi.apps.baseline import BaselineApp
data = open(sys.argv[1], "rb").read()
app = BaselineApp()
start = time.perf_counter()
app.load_file(data, "tickets_1m.csv")
seconds = time.perf_counter() - start
assert app.kpis is not None and "sr-kpi-contacts" in app.cards.value
try:  # this process's own peak: ru_maxrss also keeps the parent's peak across fork and exec
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status")
                   if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample_tickets", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rows", type=int, default=ROWS)
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args(argv)
    gen = _generator()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets_1m.csv"
        start = time.perf_counter()
        gen.main(["--rows", str(opts.rows), "--out", str(path)])
        print(f"  (generated {path.stat().st_size / 1e6:.0f} MB in "
              f"{time.perf_counter() - start:.1f} s, not timed)")

        def run():
            export = read_export(path, timezone=gen.TIMEZONE)
            compute_kpis(export)
            return export

        export = run()  # warm-up, and a check that the defects are all that was rejected
        print(f"  {export.n_valid:,} valid rows, {export.n_rejected} set aside")
        load_before = _load()
        t = median_seconds(run, repeat=opts.repeat)
        print(f"{opts.rows:,} rows, API (read_export + compute_kpis): median {t:.2f} s "
              f"(target ≤ 5 s; load average before: {load_before})")
        runs = []
        for _ in range(opts.repeat):
            out = subprocess.run([sys.executable, "-c", _APP_RUN, str(path)], check=True,
                                 capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        secs = sorted(r["seconds"] for r in runs)[len(runs) // 2]
        peak = sorted(r["peak_mb"] for r in runs)[len(runs) // 2]
        print(f"{opts.rows:,} rows, app (upload → KPI cards): median {secs:.2f} s, peak "
              f"{peak:,.0f} MB resident (targets ≤ 10 s, ≤ 1,024 MB)")
        print(f"  load average while measuring (1, 5, 15 min): {_load()} on "
              f"{os.cpu_count()} cores (timings grow with other work on the machine)")


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
