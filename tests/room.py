"""A room of people using the served ROI dashboard at once (issue 15 item 4).

Each simulated person does what a browser does (:mod:`tests.kernel_client`): GET the page
with their own starting discount rate in the URL, connect to the page's kernel and read every
widget's state (*first render*: from the GET to the ROI being known), then move the
discount-rate slider a few times, each time to a value of their own, timing each move until
the updated ROI arrives (*move → ROI*). Every ROI and NPV they are shown is checked against
:func:`supportroi.evaluate` for *their* inputs: a figure computed for someone else's inputs
(cross-talk) or a stale one is a wrong figure. Then everyone leaves at once (the websockets
close, as when tabs close) and the server's kernel processes are watched until the people's
kernels are gone.

Kernels are counted from the process tree of the Voilà server (its ``ipykernel`` children),
not from ``/api/kernels``. Everything talks to 127.0.0.1 and is bounded in time. Used by
``benchmarks/bench_load.py`` (30 people) and ``tests/test_load.py`` (6).
"""

from __future__ import annotations

import asyncio
import html
import re
import statistics
import threading
import time
from dataclasses import dataclass, field

import psutil

from supportroi import evaluate
from supportroi.formatting import headline

from .kernel_client import KernelClient

SLIDER = "sr-discount_rate"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CARDS = "sr-headline"
#: The discount-rate slider's step and its number of positions above 0 (catalog: 0–0.5).
STEP, POSITIONS = 0.005, 100
_CARD = re.compile(r'sr-card sr-(\w+)">.*?sr-value[^>]*>([^<]*)<', re.S)
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


def rate(person: int, move: int) -> float:
    """The discount rate ``person`` sets at ``move`` (-1: the one in their URL). [fraction/year]

    At any one move no two of up to 100 people set the same rate, and a person's
    consecutive rates always differ (by 37 slider steps, modulo the slider's range).
    """
    return round(STEP * (1 + (person + 37 * (move + 1)) % POSITIONS), 3)


def expected(discount_rate: float) -> dict[str, str]:
    """The ROI and NPV the model gives for the default scenario at ``discount_rate``."""
    ev = evaluate({"discount_rate": discount_rate})
    text = headline(ev.appraisal, ev.currency)
    return {"roi": text["ROI"], "npv": text["NPV"]}


def shown(cards_html: str) -> dict[str, str]:
    """The ROI and NPV in the dashboard's headline cards (``sr-headline`` HTML)."""
    cards = {key: html.unescape(value) for key, value in _CARD.findall(cards_html)}
    return {"roi": cards.get("roi"), "npv": cards.get("npv")}


class RoomClient(KernelClient):
    """A page's kernel connection that notes when each widget's value arrives."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrivals: dict[str, list[tuple[float, object]]] = {}
        self._arrived = asyncio.Event()

    def _track(self, msg) -> None:
        super()._track(msg)
        content = msg["content"]
        if msg["header"]["msg_type"] == "comm_msg":
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update") and "value" in data.get(
                    "state", {}):
                self.arrivals.setdefault(content["comm_id"], []).append(
                    (time.monotonic(), data["state"]["value"]))
                self._arrived.set()

    async def next_value(self, model_id: str, after: int, timeout: float):
        """The value of ``model_id`` that arrives after its first ``after`` arrivals."""
        deadline = time.monotonic() + timeout
        while len(self.arrivals.get(model_id, ())) <= after:
            self._arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0 or self.closed.is_set():
                raise TimeoutError(f"no new value of {model_id} within {timeout:.0f} s")
            try:
                await asyncio.wait_for(self._arrived.wait(), left)
            except asyncio.TimeoutError:
                pass
        return self.arrivals[model_id][after]

    async def move(self, model_id: str, value, watch: str, timeout: float):
        """Set widget ``model_id`` to ``value`` as a browser does; returns the seconds until
        a new value of widget ``watch`` arrived, and that value. Waits until the kernel has
        finished with the change (the chart drawn) before it returns."""
        count = len(self.arrivals.get(watch, ()))
        start = time.monotonic()
        msg_id = await self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}},
            metadata={"version": "2.1.0"})
        arrived, new = await self.next_value(watch, count, timeout)
        await self.wait(msg_id, timeout)
        return arrived - start, new


@dataclass
class Visit:
    """What one person saw."""

    person: int
    kernel_id: str | None = None
    page: float | None = None                         #: page GET → its HTML received [s]
    first_render: float | None = None                 #: page GET → ROI known [s]
    moves: list[float] = field(default_factory=list)  #: slider change → updated ROI [s]
    wrong: list[str] = field(default_factory=list)    #: figures that are not theirs
    error: str | None = None                          #: why the visit failed, if it did
    client: RoomClient | None = field(default=None, repr=False)

    def check(self, cards_html: str, discount_rate: float, when: str) -> None:
        got, want = shown(cards_html), expected(discount_rate)
        if got != want:
            self.wrong.append(f"person {self.person}, {when}: shown {got}, the model gives "
                              f"{want} for discount rate {discount_rate}")


def _visible(page: str) -> str:
    """The page without its scripts (the template's script holds the error instructions
    in every language, to show them in the page's)."""
    return re.sub(r"<script\b.*?</script>", "", page, flags=re.S | re.I)


async def visit(base: str, person: int, moves: int, think: float, timeout: float,
                delay: float = 0.0) -> Visit:
    """One person: after ``delay`` seconds open the page, read the figures, make ``moves``
    slider moves with ``think`` seconds between them. The connection stays open (see
    :func:`leave`)."""
    await asyncio.sleep(delay)
    v = Visit(person)
    start = time.monotonic()
    try:
        v.client = await RoomClient.open(base, f"?discount_rate={rate(person, -1)}", timeout)
        v.kernel_id = v.client.kernel_id
        v.page = time.monotonic() - start
        if WIDGET_VIEW not in v.client.html or "Please reload the page" in _visible(
                v.client.html):
            raise AssertionError("the page came without the app (a cell timed out or failed)")
        await v.client.load_widgets(timeout)
        cards = v.client.find(CARDS)
        v.first_render = time.monotonic() - start
        v.check(v.client.states[cards]["value"], rate(person, -1), "first render")
        slider = v.client.find(SLIDER)
        for k in range(moves):
            await asyncio.sleep(think)
            took, value = await v.client.move(slider, rate(person, k), cards, timeout)
            v.moves.append(took)
            v.check(value, rate(person, k), f"move {k + 1}")
    except Exception as exc:  # noqa: BLE001 - a failed visit is a result, reported as such
        v.error = f"{type(exc).__name__}: {exc}"
    return v


async def leave(visits: list[Visit]) -> None:
    """Everyone closes their page at once (the websockets close, as when tabs close)."""
    await asyncio.gather(*(v.client.close() for v in visits if v.client is not None))


# -- the server's processes ----------------------------------------------------------------
def kernels(server_pid: int) -> dict[str, psutil.Process]:
    """The kernel processes of the Voilà server ``server_pid``, by kernel id."""
    found = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            match = _KERNEL_FILE.search(" ".join(child.cmdline()))
        except psutil.Error:
            continue
        if match:
            found[match.group(1)] = child
    return found


def tree_rss(server_pid: int) -> int:
    """Resident memory of the Voilà server and all its children. [bytes]"""
    try:
        root = psutil.Process(server_pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def cpu_seconds(processes) -> float:
    """CPU time the given processes have used so far (user + system). [s]"""
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def kernel_memory(server_pid: int, kernel_ids) -> list[tuple[int, int]]:
    """(RSS, USS) of each given kernel that is running. [bytes]"""
    procs = kernels(server_pid)
    out = []
    for kid in kernel_ids:
        try:
            info = procs[kid].memory_full_info()
        except (KeyError, psutil.Error):
            continue
        out.append((info.rss, info.uss))
    return out


class PeakMemory:
    """Samples :func:`tree_rss` every ``interval`` seconds in a thread; ``peak`` is the
    largest total seen."""

    def __init__(self, server_pid: int, interval: float = 0.5):
        self.server_pid, self.interval = server_pid, interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.server_pid))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def wait_until_quiet(server_pid: int, min_kernels: int, timeout: float,
                     cpu_below: float = 15.0) -> float:
    """Wait until the server has at least ``min_kernels`` kernels, no new one for a second,
    and its processes together used less than ``cpu_below`` % of one core over that second
    (the preheated pool has rendered); returns the seconds waited. Raises TimeoutError
    after ``timeout`` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        before = set(kernels(server_pid))
        root = psutil.Process(server_pid)
        procs = [root, *root.children(recursive=True)]
        for p in procs:
            try:
                p.cpu_percent(None)
            except psutil.Error:
                pass
        time.sleep(1.0)
        busy = 0.0
        for p in procs:
            try:
                busy += p.cpu_percent(None)
            except psutil.Error:
                pass
        if len(before) >= min_kernels and set(kernels(server_pid)) == before \
                and busy < cpu_below:
            return time.monotonic() - start
    raise TimeoutError(f"the server did not settle with {min_kernels} kernels in {timeout} s")


@dataclass
class RoomResult:
    """What a room saw, and what it cost the server."""

    visits: list[Visit]
    idle_rss: int                        #: server + pool before anyone came [bytes]
    peak_rss: int                        #: server + kernels, largest total seen [bytes]
    kernel_memory: list[tuple[int, int]]  #: (RSS, USS) of each person's kernel [bytes]
    left: dict[str, float]               #: kernel id → seconds after leaving it was gone
    remaining: list[str]                 #: people's kernels still running at the end
    pool: int                            #: kernel processes before anyone came (the pool)
    kernels_after: int                   #: kernel processes at the end
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    ramp: float = 0.0                    #: arrivals spread over this long [s]
    server_cpu: float = 0.0              #: CPU time of the Voilà process while people came [s]
    kernel_cpu: float = 0.0              #: CPU time of the people's kernels meanwhile [s]

    @property
    def first_renders(self) -> list[float]:
        return [v.first_render for v in self.visits if v.first_render is not None]

    @property
    def pages(self) -> list[float]:
        return [v.page for v in self.visits if v.page is not None]

    @property
    def moves(self) -> list[float]:
        return [t for v in self.visits for t in v.moves]

    @property
    def wrong(self) -> list[str]:
        return [w for v in self.visits for w in v.wrong]

    @property
    def errors(self) -> list[str]:
        return [f"person {v.person}: {v.error}" for v in self.visits if v.error]


def percentile(values, q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, interpolated as numpy does."""
    import numpy as np
    return float(np.percentile(np.asarray(values, dtype=float), q))


async def room(base: str, server_pid: int, people: int, moves: int, think: float = 1.0,
               timeout: float = 120.0, gone_within: float = 150.0,
               ramp: float = 0.0) -> RoomResult:
    """``people`` open the page at the same moment (or spread evenly over ``ramp``
    seconds), make ``moves`` moves each, leave together; then the server's kernels are
    watched for up to ``gone_within`` seconds."""
    load_before = psutil.getloadavg()
    idle = tree_rss(server_pid)
    before = kernels(server_pid)
    pool = len(before)
    server = psutil.Process(server_pid)
    cpu_before = {kid: cpu_seconds([p]) for kid, p in before.items()}
    server_before = cpu_seconds([server])
    with PeakMemory(server_pid) as peak:
        visits = await asyncio.gather(*(visit(base, p, moves, think, timeout,
                                              ramp * p / max(people - 1, 1))
                                        for p in range(people)))
        server_cpu = cpu_seconds([server]) - server_before
        ids = [v.kernel_id for v in visits if v.kernel_id]
        running = kernels(server_pid)
        kernel_cpu = sum(cpu_seconds([running[kid]]) - cpu_before.get(kid, 0.0)
                         for kid in ids if kid in running)
        memory = kernel_memory(server_pid, ids)
        await leave(visits)
        left_at = time.monotonic()
        left: dict[str, float] = {}
        while time.monotonic() - left_at < gone_within:
            running = kernels(server_pid)
            for kid in ids:
                if kid not in running and kid not in left:
                    left[kid] = time.monotonic() - left_at
            if len(left) == len(ids) and len(running) <= pool:
                break
            await asyncio.sleep(1.0)
    remaining = [kid for kid in ids if kid not in left]
    return RoomResult(visits=visits, idle_rss=idle, peak_rss=peak.peak, kernel_memory=memory,
                      left=left, remaining=remaining, pool=pool,
                      kernels_after=len(kernels(server_pid)),
                      load_before=load_before, load_after=psutil.getloadavg(),
                      ramp=ramp, server_cpu=server_cpu, kernel_cpu=kernel_cpu)


def summary(r: RoomResult, people: int) -> list[str]:
    """The room's figures as lines of text."""
    mb = 1024 * 1024
    firsts, moves = r.first_renders, r.moves
    when = f"arriving over {r.ramp:.0f} s" if r.ramp else "at once"
    lines = [f"{people} people {when}; load average before "
             f"{'/'.join(f'{x:.2f}' for x in r.load_before)}, after "
             f"{'/'.join(f'{x:.2f}' for x in r.load_after)} (1/5/15 min, "
             f"{psutil.cpu_count()} cores)"]
    if firsts:
        lines.append(f"first render (page GET → ROI known): p50 {percentile(firsts, 50):.2f} s, "
                     f"p95 {percentile(firsts, 95):.2f} s, max {max(firsts):.2f} s "
                     f"({len(firsts)}/{people} rendered; target p95 ≤ 3 s); of which the page's "
                     f"HTML: p50 {percentile(r.pages, 50):.2f} s, p95 {percentile(r.pages, 95):.2f} s")
    if moves:
        lines.append(f"slider move → updated ROI: p50 {1000 * percentile(moves, 50):.0f} ms, "
                     f"p95 {1000 * percentile(moves, 95):.0f} ms, max {1000 * max(moves):.0f} ms "
                     f"over {len(moves)} moves (target p95 ≤ 150 ms)")
    done = max(len(firsts), 1)
    lines.append(f"CPU while people came, per person: Voilà process {r.server_cpu / done:.2f} s, "
                 f"their kernel {r.kernel_cpu / done:.2f} s (page, widgets and "
                 f"{len(moves) / done:.0f} moves; total {r.server_cpu + r.kernel_cpu:.0f} s)")
    if r.kernel_memory:
        lines.append(f"memory per kernel (median): RSS "
                     f"{statistics.median(m[0] for m in r.kernel_memory) / mb:.0f} MB, unique "
                     f"(USS) {statistics.median(m[1] for m in r.kernel_memory) / mb:.0f} MB")
    lines.append(f"server + kernels RSS: {r.idle_rss / mb:.0f} MB before anyone came, peak "
                 f"{r.peak_rss / mb:.0f} MB (RSS counts shared libraries once per process)")
    lines.append(f"wrong figures (not the person's own): {len(r.wrong)}; failed visits: "
                 f"{len(r.errors)}")
    lines += [f"  {text}" for text in (r.wrong[:5] + r.errors[:5])]
    gone = f", the last after {max(r.left.values()):.0f} s" if r.left else ""
    lines.append(f"after leaving: {len(r.left)} people's kernels gone{gone}; "
                 f"{len(r.remaining)} still running; {r.kernels_after} kernel processes "
                 f"(the preheated pool had {r.pool})")
    return lines
