"""Opening a lesson against opening an app, as `make apps` serves them (issue 14 item 7).

Serves notebooks/ with the project's Voilà config (a preheated kernel for every app and
lesson), waits for the pools, then opens the ROI dashboard and lessons 01 and 06 in
headless Chromium in turn. Prints per page the median of page request → its first figure
shown (the dashboard's ROI card, the lesson's first card).
Run: python benchmarks/bench_open.py [--rounds 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, kernel_count, voila_server  # noqa: E402

PAGES = {"roi_dashboard": ("roi_dashboard.ipynb", ".sr-roi .sr-value"),
         "lesson 01": ("lessons/01_roi_bcr_payback.ipynb", ".sr-lesson-01 .sr-card"),
         "lesson 06": ("lessons/06_risk_app.ipynb", ".sr-lesson-06 .sr-card")}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="opens of each page (default 3)")
    args = parser.parse_args(argv)
    notebooks = len(list((ROOT / "notebooks").rglob("*.ipynb")))
    times = {name: [] for name in PAGES}
    with voila_server("notebooks") as base, sync_playwright() as p:
        deadline = time.monotonic() + 600
        while kernel_count(base) < notebooks and time.monotonic() < deadline:
            time.sleep(2)
        time.sleep(30)   # let the pool's kernels run their notebooks
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.rounds):
            for name, (path, selector) in PAGES.items():
                ctx = browser.new_context(viewport={"width": 1366, "height": 768})
                page = ctx.new_page()
                start = time.perf_counter()
                page.goto(f"{base}voila/render/{path}", timeout=180_000)
                page.wait_for_selector(selector, timeout=180_000)
                times[name].append(time.perf_counter() - start)
                page.goto("about:blank")
                ctx.close()
                time.sleep(20)   # the pool refills (fill delay, then the notebook runs)
        browser.close()
    for name, ts in times.items():
        print(f"open {name:14s} (request → first figure): median {statistics.median(ts):.2f} s "
              f"over {len(ts)}")


if __name__ == "__main__":
    main()
