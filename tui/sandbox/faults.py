"""Scripted faults: make the sandbox misbehave on purpose, for tests and demos.

Off unless the sandbox is started with faults enabled; then the middleware below is installed
and `POST /_sandbox/faults` exists. Otherwise neither exists (the control route answers 404).

A `Fault` replaces (or delays, or decorates) the next response of a route:

- `status` + `body`: answer with that status; a dict/list body is sent as JSON, a str as is
  (an HTML error page, malformed JSON...). `Fault.error/html/malformed_json` build the usual ones.
- `delay`: wait that many seconds first (alone, the real handler answers afterwards).
- `retry_after` / `headers`: added to the response, scripted or real.
- `drop="before_response"`: read the request, then close the connection without answering.
- `drop="after_store"`: let the real handler run (the template IS stored), then close the
  connection without sending its answer: the ambiguous case a client must reconcile.

Dropping needs the socket: the sandbox serves with a uvicorn protocol that puts its asyncio
transport in `scope["extensions"][TRANSPORT_EXTENSION]` (see `tui.sandbox.server`), and a drop
calls `transport.abort()`. A client then sees `httpx.RemoteProtocolError` ("Server disconnected
without sending a response") or `httpx.ReadError`, never a status code.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import threading
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Any, Literal

TRANSPORT_EXTENSION = "tui.sandbox.transport"
CONTROL_PREFIX = "/_sandbox/"
DROP_MODES = ("before_response", "after_store")
DropMode = Literal["before_response", "after_store"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour (see the module docstring)."""

    status: int | None = None
    body: Any = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    retry_after: float | str | None = None
    delay: float = 0.0
    drop: DropMode | None = None

    def __post_init__(self) -> None:
        if self.status is not None and (
            not isinstance(self.status, int) or isinstance(self.status, bool)
        ):
            raise ValueError(f"status must be an integer HTTP status code, not {self.status!r}")
        if not isinstance(self.delay, int | float) or isinstance(self.delay, bool):
            raise ValueError(f"delay must be a number of seconds, not {self.delay!r}")
        if not isinstance(self.headers, Mapping):
            raise ValueError("headers must be an object of name: value")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status code (100-599), not {self.status}")
        if self.delay < 0:
            raise ValueError(f"delay must be >= 0 seconds, not {self.delay}")
        if self.drop is not None and self.drop not in DROP_MODES:
            raise ValueError(f"drop must be one of {', '.join(DROP_MODES)}, not {self.drop!r}")
        if self.drop is not None and self.status is not None:
            raise ValueError("a fault either drops the connection or answers a status, not both")

    @classmethod
    def error(cls, status: int, detail: Any = None, **kw: Any) -> Fault:
        """A JSON error `{"detail": ...}` (the default detail is the status phrase)."""
        return cls(status=status, body={"detail": detail or _phrase(status)}, **kw)

    @classmethod
    def html(cls, status: int = 502, **kw: Any) -> Fault:
        """An HTML error page, as a proxy or load balancer in front of the API sends."""
        phrase = f"{status} {_phrase(status)}"
        page = f"<html><head><title>{phrase}</title></head><body><h1>{phrase}</h1></body></html>"
        return cls(status=status, body=page, content_type="text/html; charset=utf-8", **kw)

    @classmethod
    def malformed_json(cls, status: int = 200, **kw: Any) -> Fault:
        """A response that claims to be JSON and is cut short."""
        return cls(status=status, body='{"id": "tmpl-', content_type="application/json", **kw)

    @classmethod
    def rate_limited(cls, retry_after: float | str = 1, **kw: Any) -> Fault:
        return cls.error(429, "Rate limit exceeded", retry_after=retry_after, **kw)

    @classmethod
    def slow(cls, delay: float) -> Fault:
        """Delay the real answer by `delay` seconds."""
        return cls(delay=delay)

    @classmethod
    def drop_connection(cls, delay: float = 0.0) -> Fault:
        return cls(drop="before_response", delay=delay)

    @classmethod
    def store_then_drop(cls) -> Fault:
        return cls(drop="after_store")

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        """A fault from the control route's JSON; ValueError with a readable message."""
        if not isinstance(data, Mapping):
            raise ValueError("fault must be a JSON object")
        unknown = set(data) - {f for f in cls.__dataclass_fields__}
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["headers"] = dict(self.headers)
        return out


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@dataclass
class ScriptedFault:
    method: str
    path_pattern: str
    fault: Fault
    remaining: int | None  # None: until cleared

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method in ("*", method.upper())
        return method_ok and fnmatch.fnmatchcase(path, self.path_pattern)

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path_pattern,
            "times": self.remaining,
            "fault": self.fault.as_json(),
        }


class FaultScript:
    """The queue of scripted faults; thread-safe (tests script from their own thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[ScriptedFault] = []
        self.fired: list[tuple[str, str, Fault]] = []

    def script(
        self, method: str, path_pattern: str, fault: Fault, times: int | None = 1
    ) -> ScriptedFault:
        """Script the next `times` matching responses (`None`: every one until `clear()`).

        `method`: an HTTP method or `*`; `path_pattern`: a path or a glob like `/v4/x/*`.
        """
        if times is not None and times < 1:
            raise ValueError(f"times must be >= 1 (or None for always), not {times}")
        if not path_pattern.startswith("/"):
            raise ValueError(f"path pattern must start with '/': {path_pattern!r}")
        entry = ScriptedFault(method.upper(), path_pattern, fault, times)
        with self._lock:
            self._entries.append(entry)
        return entry

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if one is scripted (consumes one use)."""
        with self._lock:
            for entry in self._entries:
                if entry.matches(method, path):
                    if entry.remaining is not None:
                        entry.remaining -= 1
                        if entry.remaining == 0:
                            self._entries.remove(entry)
                    self.fired.append((method, path, entry.fault))
                    return entry.fault
        return None

    def pending(self) -> list[ScriptedFault]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class FaultInjector:
    """ASGI middleware applying the scripted faults to API routes."""

    def __init__(self, app: ASGIApp, script: FaultScript) -> None:
        self.app = app
        self.script = script

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = None
        if scope["type"] == "http" and not scope["path"].startswith(CONTROL_PREFIX):
            fault = self.script.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        # The request is read first, as a server does before it starts working on it: a
        # slow answer then still stores a template even if the client has given up.
        replay = _replay(await _read_body(receive), receive)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop == "before_response":
            await _drop(scope, receive)
        elif fault.drop == "after_store":
            await self.app(scope, replay, _discard)
            await _drop(scope, receive)
        elif fault.status is not None:
            await _respond(send, fault)
        else:
            await self.app(scope, replay, _with_headers(send, _extra_headers(fault)))


async def _discard(message: Message) -> None:
    """A `send` that throws the response away."""


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` giving the already-read body once, then the real events."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


async def _drop(scope: Scope, receive: Receive) -> None:
    """Close the connection without a response, then wait until uvicorn notices."""
    transport = scope.get("extensions", {}).get(TRANSPORT_EXTENSION)
    if transport is None:
        raise RuntimeError("cannot drop the connection: not served by the sandbox's protocol")
    transport.abort()
    try:
        async with asyncio.timeout(1.0):
            while (await receive())["type"] != "http.disconnect":
                pass
    except TimeoutError:
        pass


def _extra_headers(fault: Fault) -> list[tuple[bytes, bytes]]:
    headers = [(k.lower().encode(), str(v).encode()) for k, v in fault.headers.items()]
    if fault.retry_after is not None:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    return headers


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start" and extra:
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_with_headers


def _fault_body(fault: Fault) -> tuple[bytes, str]:
    if fault.body is None:
        body: Any = {"detail": _phrase(fault.status or 500)}
    else:
        body = fault.body
    if isinstance(body, bytes):
        return body, fault.content_type or "application/octet-stream"
    if isinstance(body, str):
        return body.encode(), fault.content_type or "text/plain; charset=utf-8"
    return json.dumps(body).encode(), fault.content_type or "application/json"


async def _respond(send: Send, fault: Fault) -> None:
    body, content_type = _fault_body(fault)
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
        *_extra_headers(fault),
    ]
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
