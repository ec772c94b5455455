"""The apps behind JupyterHub (deploy/jupyterhub_config.py): two users log in, each gets
their own Voilà server with the right figures, and neither can reach the other's.

Everything runs on 127.0.0.1 on free ports: the hub, configurable-http-proxy (from
deploy/hub/node_modules, `make hub-proxy`) and one Voilà server per user; all of it is
stopped at the end, also when a test fails. Select with ``-m hub``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from supportroi import evaluate, load_scenario, shipped_scenarios
from supportroi.formatting import percent

from .conftest import ARTIFACTS, ROOT, assert_clean, free_port

pytestmark = [pytest.mark.hub, pytest.mark.browser]

CHP = ROOT / "deploy" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
#: Each user opens the dashboard with other settings (URL parameters).
USERS = {
    "ana": {"scenario": "telecom_contact_centre", "discount_rate": 0.08},
    "ben": {"scenario": "chatbot_self_service", "discount_rate": 0.12},
}
V1 = "v1.kernel.websocket.jupyter.org"


def expected_roi(settings: dict) -> str:
    values = dict(settings)
    scenario = load_scenario(shipped_scenarios()[values.pop("scenario")])
    return percent(evaluate(scenario.values | values).appraisal.roi)


def _descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                         check=False).stdout  # exit 1: no children
    children = [int(p) for p in out.split()]
    return children + [d for child in children for d in _descendants(child)]


def _user_of(pid: int) -> str | None:
    with contextlib.suppress(OSError):
        for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
            if item.startswith(b"JUPYTERHUB_USER="):
                return item.split(b"=", 1)[1].decode()
    return None


class Hub:
    """A running hub: its URL, the shared password and its process."""

    def __init__(self, url: str, password: str, proc: subprocess.Popen):
        self.url, self.password, self.proc = url, password, proc

    def voila_pid(self, user: str) -> int:
        """PID of ``user``'s Voilà server (a child of the hub)."""
        for pid in _descendants(self.proc.pid):
            if _user_of(pid) == user and b"voila" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        raise LookupError(f"no Voilà server for {user}")

    def kernels(self, user: str) -> int:
        return len(_descendants(self.voila_pid(user)))


def _wait_until_up(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub exited early; see {log_path}")
        try:
            with urllib.request.urlopen(url + "/hub/api", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyterhub did not start in {timeout} s; see {log_path}")
            time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the hub (it stops the proxy and the users' servers), then SIGKILL whatever
    of its process tree is left: only processes this fixture started."""
    tree = _descendants(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.fail("jupyterhub is not installed: run `make test` (it installs the [hub] extra)")
    if not CHP.exists():
        if os.environ.get("SUPPORTROI_SKIP_HUB"):
            pytest.skip("no configurable-http-proxy and SUPPORTROI_SKIP_HUB is set")
        pytest.fail(f"{CHP} not found: run `make hub-proxy` (make test does)")
    state = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    # Our config, loaded the way a deployment's own config would load it.
    config = state / "jupyterhub_config.py"
    config.write_text(
        f"load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'\n"
        f"c.JupyterHub.hub_port = {hub_port}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n")
    password = secrets.token_urlsafe(12)
    env = os.environ | {"SUPPORTROI_HUB_AUTHENTICATOR": "shared-password",
                        "SUPPORTROI_HUB_PASSWORD": password,
                        "SUPPORTROI_HUB_USERS": ",".join(USERS),
                        "SUPPORTROI_HUB_STATE": str(state)}
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"jupyterhub-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log_path)
        yield Hub(url, password, proc)
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def sessions(hub, browser):
    """Both users logged in through the hub's login form, each opening the dashboard with
    their own URL parameters once their server runs: {name: (context, page)}."""
    contexts, opened = [], {}
    try:
        for name in USERS:  # submit both logins first: the two servers start together
            ctx = browser.new_context()
            contexts.append(ctx)
            page = ctx.new_page()
            page.set_default_timeout(30_000)
            page.goto(hub.url + "/hub/login")
            page.fill("#username_input", name)
            page.fill("#password_input", hub.password)
            page.click("#login_submit")
            opened[name] = (ctx, page)
        for name, (_, page) in opened.items():
            page.wait_for_url(re.compile(rf"/user/{name}/"), timeout=90_000)
            query = "&".join(f"{k}={v}" for k, v in USERS[name].items())
            page.goto(f"{hub.url}/user/{name}/voila/render/roi_dashboard.ipynb?{query}",
                      wait_until="commit")
        yield opened
    finally:
        for ctx in contexts:
            for page in ctx.pages:
                with contextlib.suppress(Exception):
                    page.goto("about:blank")
            ctx.close()


def shown_roi(page):
    """The dashboard's ROI figure, once the page has rendered (generous: cold kernels on a
    loaded machine)."""
    roi = page.locator(".sr-roi .sr-value")
    expect(roi).not_to_be_empty(timeout=120_000)
    return roi


def kernel_id(page) -> str:
    shown_roi(page)
    return re.search(r'"kernelId":\s*"([0-9a-f-]+)"', page.content()).group(1)


def test_each_user_gets_the_figures_of_their_own_settings(sessions):
    rois = {name: expected_roi(settings) for name, settings in USERS.items()}
    assert len(set(rois.values())) == len(rois)  # the check tells the users apart
    for name, (_, page) in sessions.items():
        expect(shown_roi(page)).to_have_text(rois[name])
        assert re.search(rf"/user/{name}/voila/render/", page.url)
        assert_clean(page)
        page.screenshot(path=str(ARTIFACTS / f"hub-dashboard-{name}.png"))


def _websocket(url: str, cookies: str | None) -> int:
    """Status of a v1 kernel websocket handshake: 101 if it connected, else the HTTP code."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def connect():
        headers = {"Cookie": cookies} if cookies else {}
        try:
            conn = await websocket_connect(HTTPRequest(url, headers=headers),
                                           subprotocols=[V1])
        except HTTPClientError as exc:
            return exc.code
        conn.close()
        return 101

    with ThreadPoolExecutor(1) as pool:  # own thread: Playwright's loop owns the main one
        return pool.submit(asyncio.run, connect()).result(timeout=30)


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def test_a_user_cannot_reach_the_other_users_server_or_kernel(hub, sessions, browser):
    (ana_ctx, ana_page), (ben_ctx, ben_page) = sessions["ana"], sessions["ben"]
    ana_kernel, ben_kernel = kernel_id(ana_page), kernel_id(ben_page)
    ben = f"{hub.url}/user/ben"
    assert ana_kernel != ben_kernel

    # Ana's own server knows her kernel and not Ben's (separate servers, separate kernels).
    assert ana_ctx.request.get(f"{hub.url}/user/ana/api/kernels/{ana_kernel}").status == 200
    assert ana_ctx.request.get(f"{hub.url}/user/ana/api/kernels/{ben_kernel}").status == 404
    # Ben's kernel API and pages with Ana's cookies: refused, and the hub will not log her
    # in to Ben's server (its OAuth step answers 403).
    assert ben_ctx.request.get(f"{ben}/api/kernels/{ben_kernel}").status == 200
    assert ana_ctx.request.get(f"{ben}/api/kernels/{ben_kernel}", max_redirects=0).status == 403
    page = ana_ctx.request.get(f"{ben}/voila/render/roi_dashboard.ipynb")
    assert page.status == 403
    assert "sr-roi" not in page.text() and ben_kernel not in page.text()
    # Nor without logging in at all.
    anonymous = browser.new_context()
    try:
        assert anonymous.request.get(f"{ben}/api/kernels/{ben_kernel}",
                                     max_redirects=0).status == 403
        login = anonymous.request.get(f"{ben}/voila/render/roi_dashboard.ipynb")
        assert "/hub/login" in login.url and "sr-roi" not in login.text()
    finally:
        anonymous.close()

    # The kernel's websocket (where widget values are read and set): only Ben gets in.
    # Ana sends every cookie she holds, and her own server's login cookie under the name of
    # Ben's (each server signs its cookie with its own secret; her token lacks Ben's scope).
    channels = f"{ben.replace('http', 'ws')}/api/kernels/{ben_kernel}/channels"
    ben_cookies = {c["name"]: c["value"] for c in ben_ctx.cookies(ben + "/")}
    ana_cookies = {c["name"]: c["value"] for c in ana_ctx.cookies()}
    assert "jupyterhub-user-ben" in ben_cookies and "jupyterhub-user-ana" in ana_cookies
    forged = ana_cookies | {"jupyterhub-user-ben": ana_cookies["jupyterhub-user-ana"]}
    assert _websocket(channels, _cookie_header(ben_cookies)) == 101
    assert _websocket(channels, _cookie_header(ana_cookies)) == 403
    assert _websocket(channels, _cookie_header(forged)) == 403
    assert _websocket(channels, None) == 403


def test_closing_the_page_releases_the_kernel_behind_the_hub(hub, sessions):
    # Voilà 0.5 defect 1 (kernel left behind when a tab closes) stays fixed behind the hub:
    # the shutdown beacon goes through the hub's login cookie.
    _, page = sessions["ana"]
    shown_roi(page)
    opened = hub.kernels("ana")
    assert opened >= 1
    page.goto("about:blank")
    deadline = time.monotonic() + 20
    while hub.kernels("ana") >= opened and time.monotonic() < deadline:
        time.sleep(0.25)
    assert hub.kernels("ana") == opened - 1
