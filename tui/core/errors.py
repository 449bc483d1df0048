"""Typed API errors, each with one line a person can act on.

Every failure of the SGP client becomes an `SGPError` subclass: HTTP error statuses via
`error_from_response`, transport failures via `error_from_exception`. Two facts matter to
callers beyond the message:

- `reached_server`: True (a response came back), False (provably never sent: DNS failure,
  refused connection, TLS failure, connect timeout), None (unknown).
- `outcome_unknown`: the server may or may not have acted on the request (a read timeout
  after sending, a dropped connection, 500/502/504, a success status with a body we cannot
  read). A create that fails this way must be reconciled before anything else (see
  `tui.core.submit`).

Messages never contain the API key: they are built from statuses, URLs and response bodies
only, and the client additionally scrubs the key from anything the server echoes back.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.core.masking import mask, shorten
from tui.core.report import Finding, findings_from_api_detail

if TYPE_CHECKING:  # httpx is imported where it is used: the wizard starts without it
    import httpx

EXCERPT_LENGTH = 120
MAX_LISTED_FINDINGS = 3


class SGPError(Exception):
    """Base of every client error. `str(error)` is `error.message`, a single line."""

    default_hint: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        hint: str | None = None,
        reached_server: bool | None = None,
        outcome_unknown: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.hint = hint if hint is not None else self.default_hint
        self.message = _one_line(f"{message}; {self.hint}" if self.hint else message)
        self.status = status
        self.reached_server = reached_server
        self.outcome_unknown = outcome_unknown
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def scrub(self, secret: str | None) -> SGPError:
        """Replace `secret` wherever it appears in the message (a server may echo it)."""
        if secret and secret in self.message:
            self.message = mask(self.message, [secret])
            self.hint = mask(self.hint, [secret]) if self.hint else self.hint
            self.args = (self.message,)
        return self


class InvalidConfig(SGPError):
    """The client is not configured well enough to send a request (never sent)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint, reached_server=False)


class AuthError(SGPError):
    """401 (the key was rejected) or 403 (the key may not act for that account)."""


class NotFound(SGPError):
    """404."""


class Conflict(SGPError):
    """409."""


class BadRequest(SGPError):
    """400 and any other 4xx without a class of its own."""


class Rejected(SGPError):
    """422: the server's schema rejected the body; `.findings` carry draft field paths."""

    def __init__(self, message: str, *, findings: list[Finding], **kwargs: Any) -> None:
        self.findings = findings
        super().__init__(message, **kwargs)


class RateLimited(SGPError):
    """429; `.retry_after` is the server's requested wait in seconds, when it gave one."""

    default_hint = "wait a moment and try again"


class ServerError(SGPError):
    """5xx. 500/502/504 leave the outcome unknown; 503 means the request was not handled."""


class BadResponse(SGPError):
    """A response that is not what the SGP API returns (HTML page, non-JSON, wrong shape)."""

    default_hint = "check that --base-url / SGP_CLIENT_BASE_URL points at the SGP API"


class NetworkError(SGPError):
    """No usable response arrived."""


class ConnectFailed(NetworkError):
    """The connection could not be made (DNS, refused, TLS, proxy): the request was never sent.

    `.reason` is one of "dns", "refused", "tls", "other".
    """

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        self.reason = reason
        super().__init__(message, hint=hint, reached_server=False)


class TimedOut(NetworkError):
    """A timeout; `.phase` is "connect", "pool", "write" or "read".

    Connect and pool timeouts happen before anything is sent; a read or write timeout may
    leave the request processed by the server.
    """

    def __init__(self, message: str, *, phase: str, hint: str | None = None) -> None:
        self.phase = phase
        before_sending = phase in ("connect", "pool")
        super().__init__(
            message,
            hint=hint,
            reached_server=False if before_sending else None,
            outcome_unknown=not before_sending,
        )


class ConnectionLost(NetworkError):
    """The connection dropped after the request was sent: the outcome is unknown."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint, reached_server=None, outcome_unknown=True)


# -- responses -------------------------------------------------------------------------------


def error_from_response(response: httpx.Response) -> SGPError:
    """The typed error for an HTTP error response (any status >= 400)."""
    status = response.status_code
    body = _decode_body(response)
    detail = _detail_text(body)
    where = _where(response)
    retry_after = parse_retry_after(response.headers)
    if status == 401:
        return AuthError(
            f"the API key was rejected (HTTP 401{_colon(detail)})",
            status=status,
            hint="check SGP_API_KEY",
            reached_server=True,
        )
    if status == 403:
        return AuthError(
            f"the API key may not do this{_for_account(response)} (HTTP 403{_colon(detail)})",
            status=status,
            hint="check SGP_ACCOUNT_ID or --account-id, and the key's access",
            reached_server=True,
        )
    if status == 404:
        return NotFound(
            f"{where}: not found (HTTP 404{_colon(detail)})",
            status=status,
            hint=_not_found_hint(response, body),
            reached_server=True,
        )
    if status == 409:
        return Conflict(
            f"{where}: conflict (HTTP 409{_colon(detail)})",
            status=status,
            hint="a template like this may already exist; list templates to check",
            reached_server=True,
        )
    if status == 422:
        return _rejected(response, body, detail)
    if status == 429:
        wait = f"wait {_seconds(retry_after)} and try again" if retry_after else None
        return RateLimited(
            f"{where}: rate limited by the server (HTTP 429{_colon(detail)})",
            status=status,
            hint=wait,
            reached_server=True,
            retry_after=retry_after,
        )
    if status >= 500:
        return ServerError(
            f"{where}: server error (HTTP {status}{_colon(detail)})",
            status=status,
            hint=_server_hint(status, retry_after),
            reached_server=True,
            outcome_unknown=status != 503,
            retry_after=retry_after,
        )
    if 300 <= status < 400:
        location = response.headers.get("location", "elsewhere")
        return BadResponse(
            f"{where}: the server redirected to {_shorten(location, 80)} (HTTP {status})",
            status=status,
            hint="use the final URL as --base-url / SGP_CLIENT_BASE_URL",
            reached_server=True,
        )
    return BadRequest(
        f"{where}: request refused (HTTP {status}{_colon(detail)})",
        status=status,
        reached_server=True,
        retry_after=retry_after,
    )


def bad_response(response: httpx.Response, problem: str) -> BadResponse:
    """A success status whose body is not what the API returns.

    The status says the server acted (a POST may have stored a template) while the body
    says nothing we can read, so the outcome of a write is unknown and must be reconciled.
    """
    body = _decode_body(response)
    seen = f" (got {_excerpt(body)})" if isinstance(body, _Text) else ""
    return BadResponse(
        f"{_where(response)}: {problem}{seen}",
        status=response.status_code,
        reached_server=True,
        outcome_unknown=True,
    )


class _Text(str):
    """A response body that was not JSON (already shortened to an excerpt)."""


def _decode_body(response: httpx.Response) -> Any:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        return _Text("binary data")
    if not text.strip():
        return None
    if _looks_like_html(response, text):
        return _Text(_html_excerpt(text))
    try:
        return json.loads(text)
    except ValueError:
        return _Text(_shorten(text))


def _looks_like_html(response: httpx.Response, text: str) -> bool:
    content_type = response.headers.get("content-type", "")
    return "html" in content_type or text.lstrip()[:1] == "<"


def _html_excerpt(text: str) -> str:
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title and title.group(1).strip():
        return "an HTML page: " + _shorten(title.group(1))
    without_tags = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.I | re.S)
    without_tags = re.sub(r"<[^>]+>", " ", without_tags)
    words = _shorten(without_tags)
    return f"an HTML page: {words}" if words else "an HTML page"


def _shorten(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """One line of what the server said: secrets masked first, then shortened."""
    return shorten(mask(" ".join(text.split())), limit)


def _excerpt(body: Any) -> str:
    if isinstance(body, _Text):
        return str(body)
    return _shorten(json.dumps(body, ensure_ascii=False, default=str))


def _detail_text(body: Any) -> str:
    """A short description of what the server said, whatever shape `detail` has."""
    if body is None:
        return ""
    if isinstance(body, _Text):
        return str(body)
    detail = _unwrap_detail(body)
    if isinstance(detail, str):
        return _shorten(detail)
    if isinstance(detail, list) and all(isinstance(e, Mapping) for e in detail) and detail:
        return _list_findings(findings_from_api_detail(detail))
    if isinstance(detail, Mapping):
        for key in ("message", "msg", "error"):
            if isinstance(detail.get(key), str):
                return _shorten(detail[key])
    return _excerpt(detail)


def _unwrap_detail(body: Any) -> Any:
    """Unwrap `{"detail": {"detail": ...}}` (the legacy SDK saw such nesting)."""
    for _ in range(5):
        if isinstance(body, Mapping) and "detail" in body:
            body = body["detail"]
        else:
            break
    return body


def _list_findings(findings: list[Finding]) -> str:
    shown = [f"{f.path or '(template)'}: {f.message}" for f in findings[:MAX_LISTED_FINDINGS]]
    more = len(findings) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _rejected(response: httpx.Response, body: Any, detail: str) -> Rejected:
    entries = _unwrap_detail(body)
    findings: list[Finding] = []
    if isinstance(entries, list):
        findings = findings_from_api_detail(e for e in entries if isinstance(e, Mapping))
    count = f"{len(findings)} problem{'s' if len(findings) != 1 else ''}: " if findings else ""
    return Rejected(
        f"the server rejected the template (HTTP 422): {count}{detail or 'no details given'}",
        findings=findings,
        status=422,
        hint="fix the draft and validate it again",
        reached_server=True,
    )


def _where(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:
        return "request"
    return f"{request.method} {request.url.path}"


def _colon(detail: str) -> str:
    return f": {detail}" if detail else ""


def _for_account(response: httpx.Response) -> str:
    try:
        account = response.request.headers.get("x-selected-account-id")
    except RuntimeError:
        account = None
    return f" for account {account}" if account else ""


def _not_found_hint(response: httpx.Response, body: Any) -> str:
    if isinstance(body, _Text) or body is None:
        return "check --base-url / SGP_CLIENT_BASE_URL: this does not look like the SGP API"
    try:
        path = response.request.url.path
    except RuntimeError:
        path = ""
    if path.rstrip("/").count("/") >= 3:
        return "check the template ID and the account (SGP_ACCOUNT_ID / --account-id)"
    return "check --base-url / SGP_CLIENT_BASE_URL"


def _server_hint(status: int, retry_after: float | None) -> str:
    if status == 503:
        return f"the service is unavailable; try again in {_seconds(retry_after or 30)}"
    return "try again later; if it persists, contact SGP support"


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 10 else f"{round(value)} s"


def parse_retry_after(headers: httpx.Headers | Mapping[str, str]) -> float | None:
    """Seconds the server asks us to wait: `retry-after-ms`, or `retry-after` as seconds
    (floats accepted) or an HTTP date. None when absent, unparsable or not positive."""
    millis = _float(headers.get("retry-after-ms"))
    if millis is not None and millis > 0:
        return millis / 1000
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _float(raw)
    if seconds is None:
        seconds = _seconds_until(raw)
    return seconds if seconds is not None and seconds > 0 else None


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.strip())
    except ValueError:
        return None


def _seconds_until(http_date: str) -> float | None:
    import email.utils  # only for a Retry-After date (rare): the wizard starts without it

    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when.timestamp() - time.time()


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- transport exceptions ------------------------------------------------------------------

_DNS_MARKERS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated",
    "name resolution",
    "[errno -2]",
    "[errno -3]",
    "[errno -5]",
    "[errno 8]",
    "[errno 11001]",
)
_REFUSED_MARKERS = ("connection refused", "errno 111", "errno 61", "10061", "actively refused")
_TLS_MARKERS = ("ssl", "tls", "certificate", "handshake")


def error_from_exception(exc: httpx.HTTPError, sent: bool | None = None) -> SGPError:
    """The typed error for an httpx exception.

    `sent` says whether the request had started going out on the wire; None infers it from
    the exception type (connect-phase errors are never sent, read/write-phase ones may be).
    """
    import httpx

    host = _host_of(exc)
    reason = _shorten(str(exc) or type(exc).__name__, 80)
    if isinstance(exc, httpx.TimeoutException):
        return _timeout(exc, host)
    if isinstance(exc, httpx.ProxyError):
        return ConnectFailed(
            f"could not connect through the proxy to {host}: {reason}",
            reason="other",
            hint="check HTTPS_PROXY / HTTP_PROXY",
        )
    if isinstance(exc, httpx.ConnectError) or (sent is False and _is_dropped(exc)):
        return _connect_failed(exc, reason, host)
    if _is_dropped(exc):
        return ConnectionLost(
            f"the connection to {host} dropped before a response arrived ({reason})",
            hint="the server may or may not have handled the request",
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return InvalidConfig(
            f"unsupported URL {reason}", hint="the base URL must start with https://"
        )
    if isinstance(exc, httpx.TooManyRedirects | httpx.DecodingError):
        return BadResponse(f"bad response from {host}: {reason}")
    return NetworkError(f"request to {host} failed: {reason}", reached_server=None)


def _is_dropped(exc: httpx.HTTPError) -> bool:
    import httpx

    return isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError)


def _timeout(exc: httpx.TimeoutException, host: str) -> TimedOut:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return TimedOut(
            f"timed out connecting to {host}",
            phase="connect",
            hint="check the network and --base-url / SGP_CLIENT_BASE_URL",
        )
    if isinstance(exc, httpx.PoolTimeout):
        return TimedOut(f"timed out waiting for a free connection to {host}", phase="pool")
    phase = "write" if isinstance(exc, httpx.WriteTimeout) else "read"
    return TimedOut(
        f"timed out waiting for {host} to respond ({phase} timeout)",
        phase=phase,
        hint="the server may still have handled the request; raise --timeout if it is slow",
    )


def _connect_failed(exc: httpx.HTTPError, reason: str, host: str) -> ConnectFailed:
    kind = _connect_failure_kind(exc)
    if kind == "dns":
        return ConnectFailed(
            f"could not resolve host {host}",
            reason="dns",
            hint="check --base-url / SGP_CLIENT_BASE_URL and your network or VPN",
        )
    if kind == "refused":
        return ConnectFailed(
            f"connection refused by {host}",
            reason="refused",
            hint="is the server running, and is the base URL's port right?",
        )
    if kind == "tls":
        return ConnectFailed(
            f"TLS handshake with {host} failed ({reason})",
            reason="tls",
            hint="check the base URL (https on an https port) or set SSL_CERT_FILE for a proxy",
        )
    return ConnectFailed(f"could not connect to {host}: {reason}", reason="other")


def _connect_failure_kind(exc: BaseException) -> str:
    """dns / refused / tls / other, from the chained OS errors or, failing that, the text
    (anyio wraps a refusal as "All connection attempts failed" with the real error chained)."""
    chain = list(_causes(exc))
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return "dns"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, ssl.SSLError):
            return "tls"
    lowered = " ".join(str(cause) for cause in chain).lower()
    for kind, markers in (("dns", _DNS_MARKERS), ("refused", _REFUSED_MARKERS)):
        if any(marker in lowered for marker in markers):
            return kind
    return "tls" if any(marker in lowered for marker in _TLS_MARKERS) else "other"


def _causes(exc: BaseException, limit: int = 12) -> list[BaseException]:
    """`exc` and everything chained to it (causes, contexts, exception-group members)."""
    seen: list[BaseException] = []
    pending = [exc]
    while pending and len(seen) < limit:
        current = pending.pop()
        if any(current is known for known in seen):
            continue
        seen.append(current)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
    return seen


def _host_of(exc: httpx.HTTPError) -> str:
    try:
        url = exc.request.url
    except RuntimeError:
        return "the server"
    port = f":{url.port}" if url.port else ""
    return f"{url.host}{port}" if url.host else "the server"
