"""Run every benchmark in this folder and print its medians."""

import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
for path in sorted(here.glob("bench_*.py")):
    if len(sys.argv) > 1 and not any(arg in path.stem for arg in sys.argv[1:]):
        continue
    print(f"== {path.stem}")
    runpy.run_path(str(path), run_name="__main__")
