"""Serving the sandbox app with uvicorn: the socket, the protocol, the server object.

uvicorn and starlette are imported here, lazily, so that importing `tui.sandbox` (and the
headless CLI) stays fast when no sandbox is started.

Closing a connection without any response is not expressible in ASGI (an app that raises before
`http.response.start` makes uvicorn answer 500). So the sandbox serves with a subclass of
uvicorn's HTTP protocol that hands each request its asyncio transport through
`scope["extensions"]`, which the fault injector aborts (see `tui.sandbox.faults`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from tui.sandbox.faults import TRANSPORT_EXTENSION, FaultScript
from tui.sandbox.store import TemplateStore

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def generate_api_key() -> str:
    return "sandbox-" + secrets.token_urlsafe(18)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: a free one); OSError says why it can't be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it every response waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def base_url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def abortable_protocol() -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, passing the connection's transport to the app."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    class AbortableHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            inner = self.app

            async def app_with_transport(scope: Any, receive: Any, send: Any) -> None:
                scope.setdefault("extensions", {})[TRANSPORT_EXTENSION] = transport
                await inner(scope, receive, send)

            self.app = app_with_transport

    return AbortableHTTPProtocol


@dataclass
class ServerParts:
    server: Any  # uvicorn.Server
    store: TemplateStore
    api_key: str
    faults: FaultScript | None


def build_server(
    store: TemplateStore,
    api_key: str,
    faults: bool,
    *,
    log_level: str = "warning",
    configure_logging: bool = False,
) -> ServerParts:
    """A uvicorn.Server for the sandbox app (not started)."""
    import uvicorn

    from tui.sandbox.app import create_app

    script = FaultScript() if faults else None
    config = uvicorn.Config(
        create_app(store, api_key, script),
        http=abortable_protocol(),
        lifespan="off",
        access_log=False,
        log_level=log_level,
        log_config=uvicorn.config.LOGGING_CONFIG if configure_logging else None,
        timeout_graceful_shutdown=2,
        server_header=False,
    )
    return ServerParts(uvicorn.Server(config), store, api_key, script)
