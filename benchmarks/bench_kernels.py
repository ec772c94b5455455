"""What one viewer's kernel costs, app by app (issue 15 item 4).

Serves the notebooks/ folder with the project's Voilà config but without preheating, so
every page starts its own kernel, and opens each app and lesson in turn as a browser does
(tests/kernel_client.py): page GET → kernel started and the notebook run → websocket → every
widget's state. Prints per app the median of that cold render time and the kernel's
resident (RSS) and unique (USS: what the kernel alone holds) memory once rendered.

Run: python benchmarks/bench_kernels.py [--rounds 2]   (part of make bench-load)
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import SERVERS, voila_server  # noqa: E402
from tests.kernel_client import KernelClient  # noqa: E402
from tests.room import kernel_memory, kernels  # noqa: E402

APPS = ["roi_dashboard", "compare_scenarios", "risk_and_sensitivity",
        "staffing_service_level", "baseline_from_tickets", "index",
        *sorted(p.stem for p in (ROOT / "notebooks" / "lessons").glob("*.ipynb"))]


def _page(name: str) -> str:
    folder = "" if (ROOT / "notebooks" / f"{name}.ipynb").exists() else "lessons/"
    return f"voila/render/{folder}{name}.ipynb"


async def one(base: str, pid: int, name: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    client = await KernelClient.open(base, _page(name), timeout=180)
    await client.load_widgets(timeout=120)
    took = time.perf_counter() - start
    await asyncio.sleep(1.0)  # let the kernel finish what the page started
    (rss, uss), = kernel_memory(pid, [client.kernel_id])
    await client.close()
    deadline = time.monotonic() + 60  # its kernel goes (release grace) before the next page
    while client.kernel_id in kernels(pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    return took, rss, uss


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="loads of each app (default 1)")
    args = parser.parse_args(argv)
    mb = 1024 * 1024
    with voila_server("notebooks", args=("--VoilaConfiguration.preheat_kernel=False",
                                         "--GuardedKernelManager.release_grace=1",
                                         "--GuardedKernelManager.sweep_interval=0.5")) as base:
        pid = SERVERS[base].pid
        results = {name: [asyncio.run(asyncio.wait_for(one(base, pid, name), 300))
                          for _ in range(args.rounds)] for name in APPS}
    print(f"{'app':34s} {'cold render':>11s} {'RSS':>8s} {'USS':>8s}")
    for name, runs in results.items():
        took, rss, uss = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{name:34s} {took:9.2f} s {rss / mb:5.0f} MB {uss / mb:5.0f} MB")


if __name__ == "__main__":
    main()
