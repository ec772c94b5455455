"""Server-side pieces for publishing the notebooks with Voilà 0.5.

Loaded by ``voila_config/voila.py``; never imported by the model or the apps.

:class:`V1OnlyWebsocketConnection` handles a Voilà 0.5 defect: a websocket
client that connects to a kernel *without* the
``v1.kernel.websocket.jupyter.org`` subprotocol, with a widget that sends
binary buffers, makes the server mis-parse frames (100 % CPU, gigabytes of
memory, every user frozen). Browsers always negotiate v1, so connections that
do not are refused before the upgrade.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web

__all__ = ["V1OnlyWebsocketConnection", "V1_PROTOCOL"]

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def _requested(handler) -> list[str]:
    header = handler.request.headers.get("Sec-WebSocket-Protocol", "")
    return [p.strip() for p in header.split(",") if p.strip()]


class V1OnlyWebsocketConnection(ZMQChannelsWebsocketConnection):
    """A kernel websocket connection that only speaks the v1 protocol."""

    async def prepare(self):
        if V1_PROTOCOL not in _requested(self.websocket_handler):
            self.log.warning("refused a kernel websocket without the %s subprotocol from %s",
                             V1_PROTOCOL, self.websocket_handler.request.remote_ip)
            raise web.HTTPError(400, f"only the {V1_PROTOCOL} websocket protocol is served")
        await super().prepare()

    def handle_incoming_message(self, incoming_msg) -> None:
        if self.subprotocol != V1_PROTOCOL:  # belt and braces: never parse legacy frames
            self.websocket_handler.close(1002, "protocol not supported")
            return
        super().handle_incoming_message(incoming_msg)
