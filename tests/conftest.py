"""Shared fixtures: a Voilà server per app and a headless Chromium.

Browser tests use Playwright's Python package with Debian's /usr/bin/chromium
(`make test` installs it); Playwright's own browser download is not used.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("SUPPORTROI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


#: Text that must never reach a Voilà user: tracebacks, error names, NaN/inf figures.
ERROR_TEXT = re.compile(r"Traceback|Error:|Exception|NaN|\bnan\b|\binf\b")


def assert_clean(page) -> None:
    """No traceback, error text, NaN/inf figure or stderr output in the page."""
    body = page.inner_text("body")
    match = ERROR_TEXT.search(body)
    assert not match, f"{match.group(0)!r} in the page"
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert page.locator(".sr-error-box").count() == 0


LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def external(url: str) -> bool:
    """A URL a page must not fetch: not 127.0.0.1 or localhost (data:, blob: are fine)."""
    parts = urlparse(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


#: Running Voilà processes by base URL (tests inspect their kernels).
SERVERS: dict[str, subprocess.Popen] = {}


def kernel_count(base: str) -> int:
    """Kernels the Voilà server at ``base`` is running (its child processes)."""
    pid = SERVERS[base].pid
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return len(out.split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preheat_only(target: str, notebooks) -> tuple[str, ...]:
    """Voilà arguments that keep a preheated pool only for ``notebooks`` (paths under the
    folder ``target``, without ``.ipynb``): the others render in a kernel started when they
    are opened. A server of the whole notebooks/ folder otherwise preheats each of its
    ~25 notebooks (the lessons in three languages) at start, two at a time, which on a
    loaded 2-core machine delays the pages a test opens by a minute or more."""
    folder = ROOT / target
    keep = {f"{n}.ipynb" for n in notebooks}
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts}
    assert keep <= found, sorted(keep - found)
    skip = sorted(found - keep)
    if not skip:
        return ()
    # Voilà skips a notebook whose absolute path matches a pattern of the list (as a
    # regex); one pattern, as a repeated command-line option replaces the list.
    pattern = (f"^{re.escape(folder.resolve().as_posix())}/("
               + "|".join(re.escape(n) for n in skip) + ")$")
    return (f"--VoilaKernelManager.preheat_denylist={pattern}",)


@contextlib.contextmanager
def voila_server(target: str, timeout: float = 90.0, args: tuple[str, ...] = (),
                 preheat=None):
    """Serve ``target`` (a notebook or folder under ROOT) with the project's
    Voilà config (and extra command-line ``args``) on a free 127.0.0.1 port;
    yields the base URL. ``preheat``: for a folder, the notebooks (paths without
    ``.ipynb``) that get a preheated pool, as in production; the rest start their
    kernel when opened (:func:`preheat_only`). None: every notebook, as served."""
    if preheat is not None:
        args = (*args, *preheat_only(target, preheat))
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"voila-{Path(target).stem}-{port}.log"
    voila = Path(sys.executable).with_name("voila")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(voila), target, "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
             "--Voila.config_file_paths=voila_config", *args],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"voila exited early; see {log_path}")
            try:
                with urllib.request.urlopen(base + "voila/static/voila.js", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"voila did not start in {timeout} s; see {log_path}")
                time.sleep(0.3)
        SERVERS[base] = proc
        yield base
    finally:
        SERVERS.pop(base, None)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SUPPORTROI_SKIP_BROWSER"):
            pytest.skip("no chromium and SUPPORTROI_SKIP_BROWSER is set")
        pytest.fail(f"{CHROMIUM} not found: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """Pages in fresh contexts; closing goes through about:blank so Voilà's
    shutdown beacon fires and the kernel is released.

    Every request and websocket of every page is recorded (``page.sr_requests``, in
    order); at teardown none may have gone outside 127.0.0.1: whatever a browser test
    opens is checked to work offline."""
    contexts = []
    seen: list[str] = []

    def watch(page):
        if hasattr(page, "sr_requests"):
            return
        page.sr_requests = []

        def note(url):
            page.sr_requests.append(url)
            seen.append(url)
        page.on("request", lambda r: note(r.url))
        page.on("websocket", lambda ws: note(ws.url))

    def make(width: int = 1366, height: int = 768, permissions=()):
        ctx = browser.new_context(viewport={"width": width, "height": height},
                                  permissions=list(permissions))
        contexts.append(ctx)
        ctx.on("page", watch)   # pages the app opens too (popups, new tabs)
        page = ctx.new_page()
        watch(page)
        page.set_default_timeout(30_000)
        # Opening a page renders the notebook in a kernel: on a loaded 2-core machine that
        # alone can take longer than an action's 30 s.
        page.set_default_navigation_timeout(120_000)
        return page

    yield make
    for ctx in contexts:
        for page in ctx.pages:
            with contextlib.suppress(Exception):
                page.goto("about:blank")
        ctx.close()
    outside = [u for u in seen if external(u)]
    assert outside == [], f"pages fetched from outside 127.0.0.1: {outside}"
