"""SGPClient: create, list, retrieve and delete model templates over httpx.

Retries differ by method, because a create retried blindly can make duplicates (the
official SDK retries every POST without an idempotency key):

- GET and DELETE retry on connection errors, timeouts, 429 and 5xx, with exponential
  backoff and jitter (0.5 s doubling, capped at 8 s), honouring Retry-After.
- POST (create) retries only when the request provably never reached the server (refused
  connection, connect timeout) or on a 429/503 that carries Retry-After.

Whether a request had started to go out is tracked with httpcore's trace hook, so a
connection dropped *before* sending counts as "not sent".
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from tui.core.config import ClientConfig
from tui.core.errors import (
    BadResponse,
    ConnectFailed,
    NetworkError,
    RateLimited,
    ServerError,
    SGPError,
    TimedOut,
    bad_response,
    error_from_exception,
    error_from_response,
)
from tui.core.masking import secrets_masked
from tui.core.models import DeleteResponse, ModelTemplate, TemplatePage

TEMPLATES_PATH = "/v4/model-templates"
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""A Retry-After longer than this is not waited for: the error is raised instead."""

Model = TypeVar("Model", bound=BaseModel)
RetryPolicy = Callable[[SGPError], bool]
Sleep = Callable[[float], Awaitable[Any]]


def retry_idempotent(error: SGPError) -> bool:
    """GET/DELETE: transient failures are worth another try."""
    if isinstance(error, ConnectFailed):
        return error.reason in ("refused", "other")  # DNS and TLS failures do not fix themselves
    return isinstance(error, NetworkError | RateLimited | ServerError)


def retry_create(error: SGPError) -> bool:
    """POST: only when the server provably did not act on the request."""
    if isinstance(error, ConnectFailed):
        return error.reason in ("refused", "other")
    if isinstance(error, TimedOut):
        return error.phase in ("connect", "pool")
    if isinstance(error, RateLimited) or (isinstance(error, ServerError) and error.status == 503):
        return error.retry_after is not None
    return False


class SGPClient:
    """An async context manager wrapping one `httpx.AsyncClient`.

    `sleep` and `jitter` are attributes so tests can record delays instead of waiting.
    """

    def __init__(
        self, config: ClientConfig, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        config.check_transport_security()
        self.config = config
        self.sleep: Sleep = asyncio.sleep
        self.jitter: Callable[[], float] = random.random
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            transport=transport,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            headers=self._default_headers(),
            follow_redirects=False,
            # A proxy from HTTP_PROXY/ALL_PROXY is a host too: a plain-http loopback target
            # (the only plain http allowed without a flag) must not send the key through one.
            trust_env=not config.is_loopback,
        )

    def __repr__(self) -> str:
        account = f", account_id={self.config.account_id!r}" if self.config.account_id else ""
        return f"SGPClient(base_url={self.config.base_url!r}{account})"

    async def __aenter__(self) -> SGPClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- operations ---------------------------------------------------------------------

    async def create(self, body: dict[str, Any]) -> ModelTemplate:
        """POST /v4/model-templates (success is 200)."""
        response = await self._request("POST", TEMPLATES_PATH, retry=retry_create, json=body)
        return self._parse(response, ModelTemplate)

    async def list_page(
        self, page: int = 1, limit: int = 100, account_id: str | None = None
    ) -> TemplatePage:
        """One page of GET /v4/model-templates; `account_id` filters by owning account."""
        response = await self._list_response(page, limit, account_id)
        return self._parse(response, TemplatePage)

    async def iter_templates(
        self, account_id: str | None = None, limit: int = 100
    ) -> AsyncIterator[ModelTemplate]:
        """Every template, page by page. Stops at `total_item_count` or an empty page,
        whichever comes first (and on a page with nothing new, should a server ignore
        `page`)."""

        async def page_of(page: int) -> tuple[list[ModelTemplate], int]:
            result = await self.list_page(page=page, limit=limit, account_id=account_id)
            return result.items, result.total_item_count

        async for template in _every_page(page_of, lambda template: template.id):
            yield template

    async def iter_listed(
        self, account_id: str | None = None, limit: int = 100
    ) -> AsyncIterator[ListedTemplate]:
        """Every template as `iter_templates` lists them, each kept as the server sent it.

        Reading a template into a ModelTemplate costs more than its JSON; a caller that
        compares only a few of a large account's templates (plan) reads only those, with
        `ListedTemplate.template()`. Each item must still be an object with a string `id`
        and `name` (BadResponse otherwise): they are what a listing is looked up by.
        """

        async def page_of(page: int) -> tuple[list[ListedTemplate], int]:
            return await self._listed_page(page, limit, account_id)

        async for listed in _every_page(page_of, lambda listed: listed.id):
            yield listed

    async def _listed_page(
        self, page: int, limit: int, account_id: str | None
    ) -> tuple[list[ListedTemplate], int]:
        """One page of the listing, its items left as the server sent them.

        pydantic's JSON parser reads a page of 1,000 templates in about a third of the time
        `json` takes, by sharing the strings that repeat from template to template."""
        response = await self._list_response(page, limit, account_id)
        try:
            data = from_json(response.content, cache_strings="all")
        except ValueError:
            raise bad_response(response, "the response is not JSON") from None
        items = data.get("items") if isinstance(data, dict) else None
        total = data.get("total_item_count") if isinstance(data, dict) else None
        if not isinstance(items, list) or not isinstance(total, int):
            problem = (
                "items: not a list"
                if not isinstance(items, list)
                else "total_item_count: not an integer"
            )
            raise bad_response(response, f"unexpected response shape ({problem})")
        listed = []
        for index, item in enumerate(items):
            if not (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and isinstance(item.get("name"), str)
            ):
                problem = f"items.{index}: not a template with a string id and name"
                raise bad_response(response, f"unexpected response shape ({problem})")
            listed.append(ListedTemplate(item))
        return listed, total

    async def _list_response(self, page: int, limit: int, account_id: str | None) -> httpx.Response:
        params: dict[str, Any] = {"page": page, "limit": limit}
        if account_id:
            params["account_id"] = account_id
        return await self._request("GET", TEMPLATES_PATH, params=params)

    async def retrieve(self, template_id: str) -> ModelTemplate:
        response = await self._request("GET", _template_path(template_id))
        return self._parse(response, ModelTemplate)

    async def delete(self, template_id: str) -> DeleteResponse:
        response = await self._request("DELETE", _template_path(template_id))
        return self._parse(response, DeleteResponse)

    # -- plumbing -----------------------------------------------------------------------

    def _default_headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": self.config.user_agent,
        }
        if self.config.account_id:
            headers["x-selected-account-id"] = self.config.account_id
        return headers

    async def _request(
        self, method: str, path: str, *, retry: RetryPolicy = retry_idempotent, **kwargs: Any
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response or raises an SGPError."""
        api_key = self.config.require_api_key()
        attempt = 0
        while True:
            with secrets_masked([api_key]):  # masked before any excerpt is shortened
                outcome = await self._attempt(method, path, api_key, **kwargs)
            if isinstance(outcome, httpx.Response):
                return outcome
            error = outcome.scrub(api_key)
            delay = self._retry_delay(attempt, error)
            if attempt >= self.config.max_retries or delay is None or not retry(error):
                raise error
            await self.sleep(delay)
            attempt += 1

    async def _attempt(
        self, method: str, path: str, api_key: str, **kwargs: Any
    ) -> httpx.Response | SGPError:
        sent = _SendTracker()
        try:
            response = await self._http.request(
                method,
                path,
                headers={"x-api-key": api_key},
                extensions={"trace": sent.trace},
                **kwargs,
            )
        except httpx.HTTPError as exc:
            return error_from_exception(exc, sent=sent.started if sent.traced else None)
        if response.is_success:
            return response
        return error_from_response(response)

    def _retry_delay(self, attempt: int, error: SGPError) -> float | None:
        """Seconds to wait before the next try; None when the server asks for too long."""
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= MAX_RETRY_AFTER else None
        backoff = min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)
        return backoff * (1 - 0.25 * self.jitter())

    def _parse(self, response: httpx.Response, model: type[Model]) -> Model:
        try:
            data = response.json()
        except ValueError:
            raise bad_response(response, "the response is not JSON") from None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            problem = first_problem(exc, "the body")
            raise bad_response(response, f"unexpected response shape ({problem})") from None


def first_problem(exc: ValidationError, whole: str) -> str:
    """'where: what' of the first error (`whole` when it is about the whole value)."""
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or whole
    return f"{where}: {first['msg']}"


Item = TypeVar("Item")


async def _every_page(
    page_of: Callable[[int], Awaitable[tuple[list[Item], int]]], id_of: Callable[[Item], str]
) -> AsyncIterator[Item]:
    """Each item of pages 1, 2, ... once, until `total_item_count` (the page's second value)
    items were seen, or a page brings nothing new (an empty page, or a server that ignores
    `page`)."""
    seen: set[str] = set()
    page = 1
    while True:
        items, total = await page_of(page)
        fresh = [item for item in items if id_of(item) not in seen]
        for item in fresh:
            seen.add(id_of(item))
            yield item
        if not fresh or len(seen) >= total:
            return
        page += 1


class ListedTemplate:
    """One template of a listing, as the server sent it, read into a ModelTemplate on the
    first call of `template()`."""

    __slots__ = ("_template", "data")

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._template: ModelTemplate | None = None

    def __repr__(self) -> str:
        return f"ListedTemplate(id={self.id!r}, name={self.name!r})"

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def account_id(self) -> str | None:
        """The account as sent (None when it is missing or not a string)."""
        account = self.data.get("account_id")
        return account if isinstance(account, str) else None

    def template(self) -> ModelTemplate:
        """The template; BadResponse, naming it, when the server sent it malformed."""
        if self._template is None:
            try:
                self._template = ModelTemplate.model_validate(self.data)
            except ValidationError as exc:
                raise BadResponse(
                    f"GET {TEMPLATES_PATH}: template {self.id} ({self.name!r}) is not in the "
                    f"shape the API returns ({first_problem(exc, 'the template')})",
                    status=200,
                    reached_server=True,
                    hint=f"the server sent it malformed; `sgp-template delete {self.id}` "
                    "removes it if it is not needed",
                ) from None
        return self._template


class _SendTracker:
    """Notes, via httpcore's trace hook, whether the request started going out."""

    def __init__(self) -> None:
        self.traced = False
        self.started = False

    async def trace(self, event_name: str, info: dict[str, Any]) -> None:
        self.traced = True
        if "send_request_headers.started" in event_name:
            self.started = True


def _template_path(template_id: str) -> str:
    cleaned = template_id.strip()
    if not cleaned:
        raise SGPError("a template ID is required", reached_server=False)
    return f"{TEMPLATES_PATH}/{quote(cleaned, safe='')}"
