"""Server-side pieces for publishing the notebooks with Voilà 0.5.

Loaded by ``voila_config/voila.py`` in the Voilà server process; never
imported by the model or the apps. One hostile client must not take the
server down, and nothing internal may reach a client:

:class:`V1OnlyWebsocketConnection`
    the kernel websocket. Refuses clients without the
    ``v1.kernel.websocket.jupyter.org`` subprotocol (legacy frames make Voilà
    mis-parse: 100 % CPU, gigabytes of memory); checks every v1 frame
    (:func:`v1_frame_problem`) *before* jupyter_server parses it, because its
    parser loops over an offset count the client chooses (a 16-byte frame
    saying 30,000,000 froze every user for ~13 s) and closes the connection
    otherwise; and strips what the kernel would send a client about its
    internals: stderr text (warnings, logged errors) and tracebacks go to the
    server log only.
:class:`GuardedKernelManager`
    kernels live only while a page uses them. A page's kernel whose websocket
    has not connected within :attr:`~GuardedKernelManager.connect_grace`
    seconds (a plain GET, a tab that died while loading), or whose last
    websocket closed :attr:`~GuardedKernelManager.release_grace` seconds ago,
    is shut down; at most :attr:`~GuardedKernelManager.max_kernels` pages are
    served at once, beyond that the page says the server is busy (HTTP 503). The
    preheated pool is refilled a few kernels at a time
    (:attr:`~GuardedKernelManager.pool_starts`), so that a room arriving at once is
    not slowed down by thirty kernels starting behind it.
:func:`limit_request_line`
    answers over-long URLs with 414 instead of dropping the connection.
"""

from __future__ import annotations

import asyncio
import json
import struct
import time
from urllib.parse import urlsplit

import psutil

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import httpserver, httputil, ioloop, web
from traitlets import Float, Integer, Unicode

from ..i18n import DEFAULT_LANGUAGE, translator
from .pages import page_language

__all__ = ["BUSY_MESSAGE", "BusyError", "GuardedKernelManager", "MAX_URL_BYTES",
           "V1OnlyWebsocketConnection", "busy_error",
           "V1_PROTOCOL", "limit_request_line", "v1_frame_problem"]

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"

#: Channels a client may name in a v1 frame.
CLIENT_CHANNELS = (b"shell", b"control", b"stdin", b"iopub")
#: Largest header, parent header and metadata part of a client message (bytes).
MAX_HEADER_BYTES = 64 * 1024
#: Most binary buffers one client message may carry (a multi-file upload has one per file).
MAX_BUFFERS = 4096
#: Longest URL (path and query) answered; longer ones get 414.
MAX_URL_BYTES = 16 * 1024

#: What a full server answers (HTTP 503), in English; :func:`busy_error` has every language.
BUSY_MESSAGE = translator(DEFAULT_LANGUAGE)("server.busy")
#: CPU seconds a kernel's process uses between two sweeps when it is working (running a
#: page's notebook); one waiting for its page uses a few milliseconds.
CPU_AT_WORK = 0.05
#: What a client sees instead of an error's traceback.
ERROR_REPLACEMENT = "Something went wrong on the server; the details are in the server log."


class BusyError(web.HTTPError):
    """HTTP 503 for a full server. The status line's reason stays English (HTTP allows only
    Latin-1 there); :attr:`page_message` is what the error page shows, in the language of
    the request (the template's ``error.html``)."""

    def __init__(self, page_message: str):
        super().__init__(503, page_message.replace("%", "%%"), reason=BUSY_MESSAGE)
        self.page_message = page_message


def busy_error(url: str = "", message: str = BUSY_MESSAGE) -> BusyError:
    """The answer of a full server to a request for ``url``: in the language of its
    ``?lang=`` (English for none or an unknown one). A ``message`` configured other than
    :data:`BUSY_MESSAGE` is shown as it is, in every language.

    >>> busy_error("http://127.0.0.1/voila/render/x.ipynb?lang=ru").page_message[:12]
    'Сервер занят'
    """
    if message == BUSY_MESSAGE:
        message = translator(page_language(urlsplit(url or "").query))("server.busy")
    return BusyError(message)


def _requested(handler) -> list[str]:
    header = handler.request.headers.get("Sec-WebSocket-Protocol", "")
    return [p.strip() for p in header.split(",") if p.strip()]


def v1_frame_problem(frame) -> str | None:
    """Why ``frame`` is not a well-formed v1 kernel websocket frame, or None.

    A v1 frame is: an 8-byte little-endian offset count *n*, *n* 8-byte
    offsets, then the channel name and the message parts they delimit (header,
    parent header, metadata, content, buffers). Checked here without looping
    over anything the client chose before it is bounded by the frame's length:
    the count (6 ≤ n ≤ len/8, at most :data:`MAX_BUFFERS` buffers), offsets
    increasing and inside the frame, the first one right after the table, a
    known channel and small header parts.
    """
    if not isinstance(frame, bytes | bytearray | memoryview):
        return "a text frame on a v1 (binary) connection"
    size = len(frame)
    if size < 8:
        return f"frame of {size} bytes is too short"
    count = int.from_bytes(frame[:8], "little")
    if not 6 <= count <= min(size // 8, MAX_BUFFERS + 6):
        return f"offset count {count} does not fit a frame of {size} bytes"
    table_end = 8 * (count + 1)
    if table_end > size:
        return f"offset table of {count} entries does not fit a frame of {size} bytes"
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    if offsets[0] != table_end:
        return "the first offset does not follow the offset table"
    if any(b < a for a, b in zip(offsets, offsets[1:])) or offsets[-1] > size:
        return "offsets are not increasing within the frame"
    if bytes(frame[offsets[0]:offsets[1]]) not in CLIENT_CHANNELS:
        return "unknown channel"
    if any(offsets[i + 1] - offsets[i] > MAX_HEADER_BYTES for i in (1, 2, 3)):
        return "message header parts are too large"
    return None


class V1OnlyWebsocketConnection(ZMQChannelsWebsocketConnection):
    """A kernel websocket connection that only speaks the v1 protocol, checks
    every frame before it is parsed and tells clients nothing internal."""

    async def prepare(self):
        if V1_PROTOCOL not in _requested(self.websocket_handler):
            self.log.warning("refused a kernel websocket without the %s subprotocol from %s",
                             V1_PROTOCOL, self.websocket_handler.request.remote_ip)
            raise web.HTTPError(400, f"only the {V1_PROTOCOL} websocket protocol is served")
        await super().prepare()

    def _refuse(self, problem: str) -> None:
        handler = self.websocket_handler
        self.log.warning("closed the kernel websocket of %s (kernel %s): %s",
                         handler.request.remote_ip, self.kernel_id, problem)
        handler.close(1008, "malformed message")

    def handle_incoming_message(self, incoming_msg) -> None:
        if self.subprotocol != V1_PROTOCOL:  # belt and braces: never parse legacy frames
            self.websocket_handler.close(1002, "protocol not supported")
            return
        problem = v1_frame_problem(incoming_msg)
        if problem:
            self._refuse(problem)
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except Exception as exc:  # noqa: BLE001 - e.g. a header that is not a JSON object
            self._refuse(f"unreadable message ({type(exc).__name__})")

    def _on_zmq_reply(self, stream, msg_list):
        """Pass a kernel message on, without stderr text or tracebacks."""
        channel = getattr(stream, "channel", None)
        if channel in ("iopub", "shell") and len(msg_list) >= 4:
            try:
                msg_list = self._scrub(channel, list(msg_list))
            except Exception:  # noqa: BLE001 - a message we cannot read is not sent
                self.log.warning("dropped an unreadable %s message from kernel %s", channel,
                                 self.kernel_id, exc_info=True)
                return
            if msg_list is None:
                return
        super()._on_zmq_reply(stream, msg_list)

    def _scrub(self, channel: str, msg_list: list) -> list | None:
        header = json.loads(bytes(msg_list[0]))
        msg_type = header.get("msg_type")
        if msg_type not in ("stream", "error", "execute_reply"):
            return msg_list
        content = json.loads(bytes(msg_list[3]))
        if msg_type == "stream":
            if content.get("name") != "stderr":
                return msg_list
            self.log.warning("kernel %s stderr (not sent to the client): %s", self.kernel_id,
                             str(content.get("text", ""))[:4000].rstrip())
            return None
        if "traceback" not in content and "evalue" not in content:
            return msg_list
        self.log.warning("kernel %s error (not sent to the client): %s: %s\n%s",
                         self.kernel_id, content.get("ename"), content.get("evalue"),
                         "\n".join(map(str, content.get("traceback") or []))[:8000])
        content.update(ename="Error", evalue=ERROR_REPLACEMENT, traceback=[ERROR_REPLACEMENT])
        msg_list[3] = json.dumps(content).encode()
        return msg_list


class GuardedKernelManager(AsyncMappingKernelManager):
    """Kernels for pages that use them, and no more than the server can hold.

    Voilà wraps this class (``VoilaConfiguration.multi_kernel_manager_class``)
    with its preheating pool; kernels waiting in the pool are never culled.
    A page's kernel is marked when it is handed out or started and again when
    its last websocket closes; a sweep every :attr:`sweep_interval` seconds
    shuts down marked kernels with no websocket that have been idle (no
    message, not executing, no CPU used) for the grace period since, at two
    sweeps in a row.
    """

    max_kernels = Integer(12, config=True, help="Most kernels serving pages at once (the "
                          "preheated pool not counted); beyond it the page says the server is "
                          "busy. Each kernel takes ~150-210 MB.")
    connect_grace = Float(45.0, config=True, help="Seconds a page's kernel waits for its "
                          "websocket before it is shut down (a plain GET, a tab that died).")
    release_grace = Float(10.0, config=True, help="Seconds a kernel lives after its last "
                          "websocket closed (time for a reconnect).")
    sweep_interval = Float(2.0, config=True, help="Seconds between two sweeps.")
    pool_starts = Integer(2, config=True, help="Most preheated kernels starting and running "
                          "their notebook at once (each takes ~1.5 CPU-seconds); 0: no limit.")
    pool_settle_limit = Float(120.0, config=True, help="Longest a preheated kernel counts as "
                              "starting (seconds).")
    busy_message = Unicode(BUSY_MESSAGE, config=True, help="What a full server answers; "
                           "left as it is, in the language of the request.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pooled: set[str] = set()          # started for the preheat pool, not handed out
        self._deadline: dict[str, tuple[float, float]] = {}  # id -> (time marked, grace)
        self._cpu: dict[str, float] = {}         # id -> CPU seconds at the last sweep
        self._candidates: set[str] = set()       # found unused by the last sweep
        self._starting = 0
        self._sweeper: ioloop.PeriodicCallback | None = None
        self._pool_slots: asyncio.Semaphore | None = None
        # Voilà's pool subclass hands a preheated kernel to a page in
        # get_rendered_notebook, which this base class cannot override (the
        # subclass defines it): wrap the bound method to see the hand-out.
        handout = getattr(self, "get_rendered_notebook", None)
        if handout is not None:
            async def get_rendered_notebook(*args, **kw):
                env = kw.get("extra_kernel_env_variables") or {}
                self._refuse_if_busy(env.get("VOILA_REQUEST_URL", ""))
                render_task, cache, kernel_id = await handout(*args, **kw)
                self._pooled.discard(kernel_id)
                self._wait_for_page(kernel_id, self.connect_grace)
                return render_task, cache, kernel_id
            self.get_rendered_notebook = get_rendered_notebook

    # -- counting ------------------------------------------------------------
    def pages_served(self) -> int:
        """Kernels serving (or starting for) pages, the preheated pool not counted."""
        return len(set(self.list_kernel_ids()) - self._pooled) + self._starting

    def _refuse_if_busy(self, url: str = "") -> None:
        """Refuse a page for ``url`` (the request's, whose ``?lang=`` the answer speaks) when
        :attr:`max_kernels` pages are served."""
        if self.pages_served() >= self.max_kernels:
            self.log.warning("server busy: %d kernels serve pages (max_kernels=%d); refused a "
                             "page", self.pages_served(), self.max_kernels)
            # The template's error page shows "503: <page_message>".
            raise busy_error(url, self.busy_message)

    # -- lifetime ------------------------------------------------------------
    async def start_kernel(self, *args, **kwargs):
        pooled = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if not pooled and not kwargs.get("kernel_id"):
            self._refuse_if_busy((kwargs.get("env") or {}).get("VOILA_REQUEST_URL", ""))
        if pooled and self.pool_starts > 0:
            return await self._start_pooled(*args, **kwargs)
        self._starting += not pooled
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= not pooled
        if pooled:
            self._pooled.add(kernel_id)
        else:
            self._wait_for_page(kernel_id, self.connect_grace)
        self._start_sweeper()
        return kernel_id

    async def _start_pooled(self, *args, **kwargs) -> str:
        """Start a kernel for the preheated pool once fewer than :attr:`pool_starts` are
        starting. A slot is held until the kernel has run its notebook up to where it waits
        for a page (Voilà runs it after this returns): its process has gone quiet."""
        if self._pool_slots is None:
            self._pool_slots = asyncio.Semaphore(self.pool_starts)
        await self._pool_slots.acquire()
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        except BaseException:
            self._pool_slots.release()
            raise
        self._pooled.add(kernel_id)
        self._start_sweeper()
        asyncio.ensure_future(self._release_when_settled(kernel_id))
        return kernel_id

    async def _release_when_settled(self, kernel_id: str) -> None:
        try:
            await self._settled(kernel_id)
        except Exception:  # noqa: BLE001 - a kernel that died settles too
            self.log.debug("kernel %s: could not watch its start", kernel_id, exc_info=True)
        finally:
            self._pool_slots.release()

    async def _settled(self, kernel_id: str, quiet_seconds: float = 0.01) -> None:
        """Return once ``kernel_id``'s process, having worked, used less than
        ``quiet_seconds`` of CPU time in a second: it waits for a page. (A kernel that is
        starved of CPU on a busy machine still gets more than that; after 10 s without
        work, or :attr:`pool_settle_limit` seconds in all, it counts as settled too.)"""
        pid = getattr(getattr(self.get_kernel(kernel_id), "provisioner", None), "pid", None)
        if pid is None:
            return
        process = psutil.Process(pid)

        def cpu() -> float:
            times = process.cpu_times()
            return times.user + times.system

        start, before, busy_seen = time.monotonic(), cpu(), False
        while time.monotonic() - start < self.pool_settle_limit and kernel_id in self:
            await asyncio.sleep(1.0)
            now = cpu()
            quiet = now - before < quiet_seconds
            busy_seen, before = busy_seen or not quiet, now
            if quiet and (busy_seen or time.monotonic() - start > 10):
                return

    def _wait_for_page(self, kernel_id: str, grace: float) -> None:
        self._deadline[kernel_id] = (time.time(), grace)

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._deadline.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 0) <= 0 and kernel_id not in self._pooled:
            self._wait_for_page(kernel_id, self.release_grace)

    def _start_sweeper(self) -> None:
        if self._sweeper is None:
            self._sweeper = ioloop.PeriodicCallback(
                lambda: asyncio.ensure_future(self._sweep()), 1000 * self.sweep_interval)
            self._sweeper.start()

    def _unused(self, kernel_id: str, now: float) -> bool:
        """No websocket, and nothing happened for the grace period: the kernel is
        not still executing the page (Voilà renders it before the browser can
        connect, which under load takes longer than the grace). Nothing happened: no
        message, not executing, and its process used no CPU since the last sweep (the
        server may not yet have read a starved kernel's "busy"). :meth:`_sweep` shuts a
        kernel down when two sweeps in a row find it unused."""
        marked, grace = self._deadline[kernel_id]
        if self._kernel_connections.get(kernel_id, 0) > 0:
            return False
        kernel = self.get_kernel(kernel_id)
        if getattr(kernel, "execution_state", "idle") not in ("idle", "dead"):
            return False
        last = getattr(kernel, "last_activity", None)
        since = max(marked, last.timestamp() if last is not None else 0.0)
        if now - since < grace:
            return False
        # Its process worked since the last sweep (a page's notebook still running while the
        # server, starved of CPU, has not yet read the kernel's "busy"): not unused.
        used = self._cpu_time(kernel)
        worked = used is not None and used - self._cpu.get(kernel_id, used) > CPU_AT_WORK
        if used is not None:
            self._cpu[kernel_id] = used
        if worked:
            self._deadline[kernel_id] = (now, grace)
            return False
        return True

    @staticmethod
    def _cpu_time(kernel) -> float | None:
        """CPU seconds the kernel's process has used, or None when it cannot be read."""
        pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
        try:
            times = psutil.Process(pid).cpu_times() if pid is not None else None
        except (psutil.Error, OSError):
            return None
        return None if times is None else times.user + times.system

    async def _sweep(self) -> None:
        now = time.time()
        unused = []
        candidates, self._candidates = self._candidates, set()
        for kernel_id in list(self._deadline):
            if kernel_id not in self:
                self._deadline.pop(kernel_id, None)
                self._cpu.pop(kernel_id, None)
            elif not self._unused(kernel_id, now):
                continue
            elif kernel_id in candidates:   # unused at two sweeps in a row
                self._deadline.pop(kernel_id, None)
                self._cpu.pop(kernel_id, None)
                unused.append(kernel_id)
            else:
                # Seen unused once: the loop runs (and reads what the kernel sent meanwhile)
                # before the next sweep decides.
                self._candidates.add(kernel_id)
        # All at once: a room leaving together frees 30 kernels, each taking a few seconds
        # to shut down (one after the other the last went after ~90 s).
        await asyncio.gather(*(self._release(kernel_id) for kernel_id in unused))

    async def _release(self, kernel_id: str) -> None:
        self.log.info("shutting down kernel %s: no page is connected to it", kernel_id)
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception:  # noqa: BLE001 - already gone, or dying
            self.log.warning("could not shut down kernel %s", kernel_id, exc_info=True)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._deadline.pop(kernel_id, None)
        self._cpu.pop(kernel_id, None)
        self._candidates.discard(kernel_id)
        self._pooled.discard(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


# -- over-long URLs ------------------------------------------------------------
class _UrlLimit(httputil.HTTPMessageDelegate):
    """Answer 414 for a request line longer than :data:`MAX_URL_BYTES`."""

    def __init__(self, inner: httputil.HTTPMessageDelegate, connection, limit: int):
        self.inner, self.connection, self.limit = inner, connection, limit
        self.refused = False

    def headers_received(self, start_line, headers):
        if isinstance(start_line, httputil.RequestStartLine) and len(start_line.path) > self.limit:
            self.refused = True
            body = (f"This address is too long ({len(start_line.path):,} characters; at most "
                    f"{self.limit:,}).\n").encode()
            self.connection.write_headers(
                httputil.ResponseStartLine("HTTP/1.1", 414, "URI Too Long"),
                httputil.HTTPHeaders({"Content-Type": "text/plain; charset=utf-8",
                                      "Content-Length": str(len(body)), "Connection": "close"}),
                body)
            self.connection.finish()
            return None
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk):
        return None if self.refused else self.inner.data_received(chunk)

    def finish(self):
        if not self.refused:
            self.inner.finish()

    def on_connection_close(self):
        if not self.refused:
            self.inner.on_connection_close()


class _UrlLimitedHTTPServer(httpserver.HTTPServer):
    url_limit = MAX_URL_BYTES

    def start_request(self, server_conn, request_conn):
        return _UrlLimit(super().start_request(server_conn, request_conn), request_conn,
                         self.url_limit)


def limit_request_line(max_url: int = MAX_URL_BYTES, max_header_size: int = 1024 * 1024) -> None:
    """Make the server answer URLs longer than ``max_url`` bytes with 414.

    Tornado drops a connection whose headers exceed ``max_header_size``
    (64 kB by default) without a response; this reads headers up to
    ``max_header_size`` and answers the long URL properly. Voilà creates its
    HTTP server itself, so this configures tornado's ``HTTPServer`` (a
    ``Configurable``) for the server process; call it from the Voilà config.
    """
    _UrlLimitedHTTPServer.url_limit = max_url
    httpserver.HTTPServer.configure(_UrlLimitedHTTPServer, max_header_size=max_header_size)
