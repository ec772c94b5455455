"""A room on one machine (issue 15 item 4): what a viewer's kernel loads, and a small room of
people on one served dashboard at once (tests/room.py; benchmarks/bench_load.py runs 30).

The room asserts what must hold whatever the machine's load: every page renders, everyone
sees the figures of their own inputs (no cross-talk), and their kernels are gone soon after
they leave. Timing targets are the benchmark's business (they depend on the machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from .conftest import ROOT, SERVERS, voila_server
from .kernel_client import run_in_loop_thread
from .room import expected, kernels, rate, room, shown, summary, wait_until_quiet

#: What a page's kernel must not load before someone uses it: the take-away writers
#: (openpyxl, matplotlib's PDF backend), Voilà and Jupyter's server, and where they are
#: not needed scipy.optimize (IRR, break-even) and the widgets.
NOT_AT_IMPORT = {
    "supportroi.apps.dashboard": ["openpyxl", "supportroi.reports", "voila", "jupyter_server",
                                  "matplotlib.backends.backend_pdf", "scipy.optimize"],
    "supportroi.apps.compare": ["openpyxl", "supportroi.reports", "voila", "jupyter_server"],
    "supportroi.apps.baseline": ["openpyxl", "supportroi.reports", "voila", "jupyter_server"],
    "supportroi.apps.staffing": ["openpyxl", "supportroi.reports", "voila", "scipy.optimize"],
    "supportroi.apps.pages": ["scipy", "matplotlib", "ipywidgets", "voila"],
}


def _loaded(module: str, code: str = "") -> set[str]:
    probe = (f"import sys, json, {module}\n{code}\n"
             "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize("module", sorted(NOT_AT_IMPORT))
def test_an_app_kernel_loads_only_what_its_page_needs(module):
    loaded = _loaded(module)
    found = [name for name in NOT_AT_IMPORT[module] if name in loaded]
    assert not found, f"importing {module} loads {found}"


def test_the_downloads_still_load_their_writers_when_asked():
    loaded = _loaded("supportroi.apps.dashboard",
                     "d = supportroi.apps.dashboard.Dashboard(); d._on_excel(None)\n"
                     "assert 'supportroi-results.xlsx' in d.excel_link.value, d.excel_link.value")
    assert {"openpyxl", "supportroi.reports.pdf"} <= loaded


# -- the page's query string, without importing Voilà -------------------------------------
def test_a_page_kernel_reads_its_query_from_the_environment(monkeypatch):
    from supportroi.apps import base
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "discount_rate=0.08")
    assert base.read_query_string() == "discount_rate=0.08"
    monkeypatch.delenv("QUERY_STRING")
    assert base.read_query_string() == ""


def test_a_preheated_kernel_waits_for_its_page_request(monkeypatch):
    """As Voilà 0.5 does: the kernel connects to voila/query/<kernel id> and gets the
    request's details once the page is asked for (here 0.3 s later)."""
    import asyncio

    from tornado.web import Application
    from tornado.websocket import WebSocketHandler

    from supportroi.apps import base

    from .conftest import free_port

    opened = []

    class Query(WebSocketHandler):
        def open(self, kernel_id):
            opened.append(kernel_id)
            asyncio.get_running_loop().call_later(0.3, self.write_message, {
                "QUERY_STRING": "scenario=x&discount_rate=0.12", "SERVER_NAME": "127.0.0.1"})

    port, ready, stop = free_port(), threading.Event(), []

    def serve():
        async def main():
            server = Application([(r"/base/voila/query/(.*)", Query)]).listen(
                port, address="127.0.0.1")
            done = asyncio.Event()
            stop.append((asyncio.get_running_loop(), done))
            ready.set()
            await done.wait()
            server.stop()
        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-1",
                       "VOILA_APP_PORT": str(port), "VOILA_SERVER_URL": "/base/",
                       "QUERY_STRING": "", "SERVER_NAME": ""}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(base, "_REQUEST_READ", False)
    try:
        start = time.monotonic()
        assert base.read_query_string() == "scenario=x&discount_rate=0.12"
        assert time.monotonic() - start >= 0.25, "it did not wait for the request"
        assert opened == ["k-1"]
        import os
        assert os.environ["SERVER_NAME"] == "127.0.0.1"
        assert base.read_query_string() == "scenario=x&discount_rate=0.12"  # read once
        assert opened == ["k-1"]
    finally:
        loop, done = stop[0]
        loop.call_soon_threadsafe(done.set)
        thread.join(10)


# -- a room ---------------------------------------------------------------------------------
def test_the_room_checks_figures_against_the_model():
    # The check must be able to fail: someone else's rate gives other figures.
    assert len({rate(p, 0) for p in range(30)}) == 30
    assert all(rate(p, k) != rate(p, k + 1) for p in range(30) for k in range(-1, 5))
    a, b = expected(rate(0, 0)), expected(rate(1, 0))
    assert a != b and a["roi"].endswith("%") and a["npv"]
    cards = ('<div class="sr-card sr-roi"><div class="sr-label">ROI</div><div class="sr-value '
             'sr-good">12.5 %</div></div><div class="sr-card sr-npv"><div class="sr-label">NPV'
             '</div><div class="sr-value sr-good">$1,234</div></div>')
    assert shown(cards) == {"roi": "12.5 %", "npv": "$1,234"}


#: A room made small: 4 preheated dashboards (voila_config/voila.py reads SUPPORTROI_ROOM)
#: for 6 people, so two pages start their kernel; released kernels go 2 s after their page
#: closed.
POOL, PEOPLE = 4, 6
ROOM = ("--GuardedKernelManager.release_grace=2", "--GuardedKernelManager.sweep_interval=0.5")


@pytest.mark.load
def test_six_people_at_once_each_see_their_own_figures_and_their_kernels_go(monkeypatch):
    monkeypatch.setenv("SUPPORTROI_ROOM", str(POOL))
    with voila_server("notebooks/roi_dashboard.ipynb", timeout=120, args=ROOM) as base:
        pid = SERVERS[base].pid
        wait_until_quiet(pid, min_kernels=POOL, timeout=150)
        pool = len(kernels(pid))
        result = run_in_loop_thread(room(base, pid, PEOPLE, moves=3, think=0.3, timeout=120,
                                         gone_within=60), timeout=200)
        report = "\n".join(summary(result, PEOPLE))
        print(report)
    assert not result.errors, report
    assert len(result.first_renders) == PEOPLE, report
    assert len(result.moves) == 3 * PEOPLE, report
    assert not result.wrong, report
    assert len({v.kernel_id for v in result.visits}) == PEOPLE, "two people shared a kernel"
    assert not result.remaining, report
    assert max(result.left.values()) < 60
    assert result.kernels_after <= pool, f"{result.kernels_after} kernels, pool {pool}"
