"""Run every benchmark in this folder and print its medians.

The room benchmarks (bench_load, bench_kernels, bench_open: a few minutes each) run only when named:
``python benchmarks/run.py load`` (or ``make bench-load``).
"""

import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
ROOM = ("bench_load", "bench_kernels", "bench_open")
names = sys.argv[1:]
for path in sorted(here.glob("bench_*.py")):
    if names and not any(arg in path.stem for arg in names):
        continue
    if not names and path.stem in ROOM:
        continue
    print(f"== {path.stem}")
    sys.argv = [str(path)]  # each benchmark with its own defaults
    runpy.run_path(str(path), run_name="__main__")
