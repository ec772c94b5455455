"""Dashboard latency in a real headless Chromium (Voilà, preheated kernels).

Prints medians of: first render (page request → ROI shown), slider key press →
updated ROI figure, and key press → updated chart in the page, up to the frame that paints
it (the chart's new SVG seen by a MutationObserver, then the next animation frame; for the
PNG chart of older versions, the image's load event, then the next animation frame, so old
and new code are timed alike).
Targets (issue 3): first render ≤ 2 s; ROI ≤ 30 ms; chart ≤ 100 ms (issue 14: chart ≤ 50 ms,
ROI ≤ 20 ms).
Run: make bench   (or python benchmarks/bench_dashboard.py [presses])
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, voila_server

# Installed before each key press: timestamps (in the page) of the key press, the
# ROI text changing, and the next animation frame after the chart changed (a new SVG in
# .sr-chart, or the chart image finishing loading its new PNG).
PROBE = """
() => {
  const roi = document.querySelector('.sr-roi .sr-value');
  const chart = document.querySelector('.sr-chart');
  const before = roi.textContent;
  const t = window.__probe = {};
  const painted = () => requestAnimationFrame(() => { t.chart = performance.now(); });
  const obs = new MutationObserver(() => {
    if (t.roi === undefined && document.querySelector('.sr-roi .sr-value').textContent !== before)
      t.roi = performance.now();
  });
  obs.observe(document.querySelector('.sr-headline'), {subtree: true, childList: true,
                                                      characterData: true});
  if (chart.tagName === 'IMG') {
    chart.addEventListener('load', painted, {once: true});
  } else {
    const svg = () => { const s = chart.querySelector('svg.sr-cumulative');
                        return s ? s.outerHTML + chart.querySelectorAll('svg').length : ''; };
    const shown = svg();
    const charts = new MutationObserver(() => {
      if (svg() !== shown) { charts.disconnect(); painted(); }
    });
    charts.observe(chart, {subtree: true, childList: true, characterData: true,
                           attributes: true});
  }
  document.addEventListener('keydown', () => { t.key = performance.now(); },
                            {once: true, capture: true});
}
"""
DONE = "() => window.__probe.roi !== undefined && window.__probe.chart !== undefined"


def main(loads: int = 5, presses: int = 30) -> None:
    with voila_server("notebooks/roi_dashboard.ipynb") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        firsts = []
        for _ in range(loads):
            time.sleep(4)  # let Voilà refill its preheated kernel pool
            ctx = browser.new_context(viewport={"width": 1366, "height": 768})
            page = ctx.new_page()
            start = time.perf_counter()
            page.goto(base)
            page.wait_for_selector(".sr-roi .sr-value", timeout=60_000)
            firsts.append(time.perf_counter() - start)
            page.goto("about:blank")
            ctx.close()

        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.goto(base)
        page.wait_for_selector(".sr-roi .sr-value", timeout=60_000)
        page.get_by_text("Finance & risk").click()
        handle = page.locator(".sr-benefit_risk .noUi-handle")
        rois, charts = [], []
        for i in range(presses):
            handle.focus()
            page.evaluate(PROBE)
            page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            page.wait_for_function(DONE, timeout=10_000)
            t = page.evaluate("() => window.__probe")
            rois.append(t["roi"] - t["key"])
            charts.append(t["chart"] - t["key"])
            page.wait_for_timeout(150)
        page.goto("about:blank")
        ctx.close()
        browser.close()

    print(f"first render (request → ROI shown): median {statistics.median(firsts):.2f} s "
          f"over {loads} loads (target ≤ 2 s)")
    print(f"key press → ROI updated: median {statistics.median(rois):.0f} ms "
          f"over {presses} (target ≤ 20 ms)")
    print(f"key press → chart updated and painted: median {statistics.median(charts):.0f} ms "
          f"over {presses} (target ≤ 50 ms)")
    print("chart painted after the ROI text: median "
          f"{statistics.median(c - r for c, r in zip(charts, rois)):.0f} ms")


if __name__ == "__main__":
    main(presses=int(sys.argv[1]) if len(sys.argv) > 1 else 30)
