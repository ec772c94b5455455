"""A room of 30 on one machine (issue 15 item 4): the served ROI dashboard under 30 people
at once, each over the kernel websocket as a browser speaks it (tests/room.py).

Starts its own Voilà (voila_config, the dashboard) on a free 127.0.0.1 port, waits for the
preheated pool to render, then N people (default 30) open the page at the same moment with
their own starting discount rate, move the slider K times (default 5, one move a second)
to values of their own, and leave together. Prints p50/p95 of first render (page GET →
ROI known) and of slider move → updated ROI, every figure checked against the model for the
person's own inputs (no cross-talk), memory per kernel, peak memory of Voilà and its kernels,
and when the people's kernels were gone. Targets: first render p95 ≤ 3 s, move → ROI
p95 ≤ 150 ms, no wrong figures, no kernel left 2 minutes after leaving.

Bounded: the room has a hard time limit and Voilà is stopped (its process group) at the end
whatever happens. Not part of `make bench` (it takes a few minutes): run `make bench-load`
or `python benchmarks/bench_load.py --users 30 --moves 5`.
"""

import argparse
import asyncio
import contextlib
import http.client
import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import SERVERS, voila_server  # noqa: E402
from tests.room import kernels, room, summary, wait_until_quiet  # noqa: E402

DASHBOARD = "notebooks/roi_dashboard.ipynb"


def start_voila(stack: contextlib.ExitStack, args: tuple[str, ...], attempts: int = 3) -> str:
    """Start Voilà on a free port; another try on another port if something else (a kernel's
    ZMQ socket, on a machine starting many) answered on the one chosen."""
    for attempt in range(attempts):
        try:
            return stack.enter_context(voila_server(DASHBOARD, timeout=120, args=args))
        except (RuntimeError, http.client.HTTPException) as exc:
            if attempt == attempts - 1:
                raise
            print(f"Voilà did not start ({type(exc).__name__}: {exc}); trying another port")
    raise AssertionError("unreachable")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30, help="people at once (default 30)")
    parser.add_argument("--moves", type=int, default=5, help="slider moves each (default 5)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds between one person's moves (default 1)")
    parser.add_argument("--limit", type=float, default=600.0,
                        help="hard time limit of the whole run in seconds (default 600)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="spread the arrivals evenly over this many seconds (default 0: "
                             "all at the same moment)")
    parser.add_argument("--room", type=int, default=None,
                        help="preheated dashboards (SUPPORTROI_ROOM; default: --users)")
    parser.add_argument("--voila-arg", action="append", default=[],
                        help="extra Voilà option, e.g. --voila-arg=--VoilaConfiguration."
                             "default_pool_size=2 (repeatable)")
    args = parser.parse_args(argv)

    # Last resort if the event loop itself hangs: stop Voilà's process group and exit.
    def give_up():
        print(f"bench_load: hard time limit of {args.limit:.0f} s reached", flush=True)
        for proc in list(SERVERS.values()):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os._exit(3)
    watchdog = threading.Timer(args.limit + 60, give_up)
    watchdog.daemon = True
    watchdog.start()

    room_size = args.users if args.room is None else args.room
    os.environ["SUPPORTROI_ROOM"] = str(room_size)  # read by voila_config/voila.py
    started = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            base = start_voila(stack, tuple(args.voila_arg))
            pid = SERVERS[base].pid
            waited = wait_until_quiet(pid, min_kernels=room_size,
                                      timeout=min(300, args.limit / 2))
            pool = len(kernels(pid))
            print(f"Voilà ready with {pool} preheated kernel(s) after "
                  f"{time.monotonic() - started:.0f} s (pool rendered in {waited:.0f} s)")
            left = args.limit - (time.monotonic() - started)
            result = asyncio.run(asyncio.wait_for(
                room(base, pid, args.users, args.moves, args.think,
                     timeout=min(120, left), gone_within=150, ramp=args.ramp), left))
    finally:
        watchdog.cancel()
    for line in summary(result, args.users):
        print(line)
    return 0


if __name__ == "__main__":
    status = main()
    if status:
        sys.exit(status)
