"""A minimal client of a served Voilà page, speaking what the browser speaks.

It fetches a page, connects to the page's kernel websocket with the
``v1.kernel.websocket.jupyter.org`` subprotocol (binary frames: an offset
count, offsets, channel, header, parent header, metadata, content, buffers)
and talks the ipywidgets comm protocol: ``request_states`` on the
``jupyter.widget.control`` target to learn every widget's state, then
``update`` messages to a widget's comm, as a browser does when someone moves
a slider, or as a hostile client does with any value it likes.

Used by the server tests (tests/test_hostile.py, tests/test_server_limits.py);
everything is bounded in time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import time
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

V1 = "v1.kernel.websocket.jupyter.org"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')


def frame(channel: str, parts: list[bytes]) -> bytes:
    """A v1 websocket frame (what jupyterlab's serializer sends)."""
    chan = channel.encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(chan))
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + chan + b"".join(parts)


def unframe(data: bytes) -> tuple[str, list[bytes]]:
    n = int.from_bytes(data[:8], "little")
    offs = [int.from_bytes(data[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
    return data[offs[0]:offs[1]].decode(), [data[offs[i]:offs[i + 1]] for i in range(1, n - 1)]


async def fetch(url: str, timeout: float = 120.0):
    """GET ``url``; returns the tornado response (errors included, never raises on 4xx/5xx)."""
    client = AsyncHTTPClient(force_instance=True, max_clients=64)  # no queue: all at once
    try:
        return await client.fetch(HTTPRequest(url, request_timeout=timeout, connect_timeout=30),
                                  raise_error=False)
    finally:
        client.close()


class KernelClient:
    """One page's kernel connection. Create with :meth:`open`."""

    def __init__(self, base: str, kernel_id: str, html: str):
        self.base, self.kernel_id, self.html = base, kernel_id, html
        self.session = uuid.uuid4().hex
        self.ws = None
        self.states: dict[str, dict] = {}     # model id -> state as this client knows it
        self.messages: list[dict] = []        # every message received
        self.closed = asyncio.Event()
        self._waiters: dict[str, asyncio.Future] = {}
        self._reader = None

    @classmethod
    async def open(cls, base: str, page: str = "", timeout: float = 120.0) -> KernelClient:
        response = await fetch(base + page, timeout)
        html = response.body.decode("utf-8", "replace")
        match = KERNEL_ID.search(html)
        assert response.code == 200 and match, f"no kernel in the page ({response.code})"
        client = cls(base, match.group(1), html)
        await client.connect()
        return client

    async def connect(self) -> None:
        url = (self.base.replace("http", "ws", 1)
               + f"api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        self.ws = await asyncio.wait_for(websocket_connect(url, subprotocols=[V1]), 60)
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            data = await self.ws.read_message()
            if data is None:
                self.closed.set()
                for fut in self._waiters.values():
                    if not fut.done():
                        fut.set_exception(ConnectionError("websocket closed"))
                return
            channel, parts = unframe(data)
            msg = {"channel": channel, "header": json.loads(parts[0]),
                   "parent_header": json.loads(parts[1]), "content": json.loads(parts[3]),
                   "buffers": parts[4:]}
            self.messages.append(msg)
            self._track(msg)

    def _track(self, msg) -> None:
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "comm_msg":
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.states.setdefault(content["comm_id"], {}).update(data.get("state", {}))
            if data.get("method") == "update_states":
                for model_id, item in data["states"].items():
                    self.states[model_id] = dict(item["state"])
        elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.states[content["comm_id"]] = dict(content["data"].get("state", {}))
        parent = msg["parent_header"].get("msg_id")
        if kind == "status" and content.get("execution_state") == "idle" and parent:
            fut = self._waiters.pop(parent, None)
            if fut and not fut.done():
                fut.set_result(None)

    async def send(self, msg_type: str, content: dict | None = None, channel: str = "shell",
                   raw_content: bytes | None = None, buffers: list[bytes] = (),
                   metadata: dict | None = None) -> str:
        """Send a message; ``raw_content`` replaces the JSON content (hostile values)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "test", "session": self.session,
                  "msg_type": msg_type, "version": "5.3",
                  "date": dt.datetime.now(dt.timezone.utc).isoformat()}
        body = raw_content if raw_content is not None else json.dumps(content or {}).encode()
        self._waiters[msg_id] = asyncio.get_running_loop().create_future()
        await self.ws.write_message(frame(channel, [json.dumps(header).encode(), b"{}",
                                                    json.dumps(metadata or {}).encode(),
                                                    body, *buffers]), binary=True)
        return msg_id

    async def wait(self, msg_id: str, timeout: float = 30.0) -> None:
        """Wait until the kernel is idle after handling message ``msg_id``."""
        await asyncio.wait_for(self._waiters[msg_id], timeout)

    async def load_widgets(self, timeout: float = 60.0) -> None:
        """Ask the kernel for every widget's state (as the browser does on load)."""
        comm_id = uuid.uuid4().hex
        await self.wait(await self.send("comm_open", {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"}), timeout)
        await self.wait(await self.send("comm_msg", {
            "comm_id": comm_id, "data": {"method": "request_states"}}), timeout)

    def find(self, css_class: str) -> str:
        """The model id of the widget tagged ``css_class`` (``w.add_class``)."""
        found = [m for m, s in self.states.items() if css_class in s.get("_dom_classes", ())]
        assert len(found) == 1, f"{len(found)} widgets with class {css_class}"
        return found[0]

    def value_of(self, css_class: str, key: str = "value"):
        return self.states[self.find(css_class)].get(key)

    async def update(self, model_id: str, state: dict | None = None, raw_state: str | None = None,
                     buffers: list[bytes] = (), buffer_paths: list = (),
                     timeout: float = 30.0) -> float:
        """Send a widget state update and wait for the kernel to finish with it;
        returns the seconds that took. ``raw_state`` is JSON text put in as is
        (``NaN``, ``1e309``)."""
        data = {"method": "update", "state": state or {}, "buffer_paths": list(buffer_paths)}
        content = {"comm_id": model_id, "data": data}
        raw = None
        if raw_state is not None:
            raw = json.dumps(content).replace('"state": {}', f'"state": {raw_state}').encode()
        start = time.monotonic()
        await self.wait(await self.send("comm_msg", content, raw_content=raw, buffers=buffers,
                                        metadata={"version": "2.1.0"}), timeout)
        return time.monotonic() - start

    def texts(self) -> str:
        """Everything this client was sent, as text (to look for leaks)."""
        return "\n".join(json.dumps(m["content"]) for m in self.messages)

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            try:
                await asyncio.wait_for(self.closed.wait(), 10)
            except asyncio.TimeoutError:
                pass
        if self._reader is not None:
            self._reader.cancel()


_LOOP: asyncio.AbstractEventLoop | None = None


def run_in_loop_thread(coro, timeout: float = 180.0):
    """Run ``coro`` bounded by ``timeout`` seconds on one event loop that lives in its own
    thread for the whole test session: Playwright's sync API keeps a loop running in the
    main thread once a browser test has run, so ``asyncio.run`` there would fail."""
    global _LOOP
    if _LOOP is None:
        import threading
        _LOOP = asyncio.new_event_loop()
        threading.Thread(target=_LOOP.run_forever, name="test-websockets", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, timeout), _LOOP).result()
