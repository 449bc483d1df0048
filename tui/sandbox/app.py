"""The sandbox's HTTP API: SGP's model-template routes, as a Starlette app.

Routes (status codes from SGP's OpenAPI document):
- `POST /v4/model-templates` -> 200 with the stored template (id, created_at, account_id,
  created_by_user_id, created_by_identity_type "user", server-side defaults filled in,
  absent optional top-level fields echoed as null).
- `GET /v4/model-templates?page=1&limit=100&account_id=` -> `{items, total_item_count,
  current_page, items_per_page}`; page >= 1, 1 <= limit <= 10000, else 422 (FastAPI shape).
- `GET /v4/model-templates/{id}` -> the template, 404 `{"detail": ...}` when missing.
- `DELETE /v4/model-templates/{id}` -> `{"success": true, "count": 1}`, 404 when missing.

Choices where the real server is undocumented (sgp-api.md "Open questions"):
- Auth: every route needs `x-api-key` equal to the sandbox key; otherwise 401
  `{"detail": ...}` (missing and wrong keys get different messages).
- Bodies are checked against the OpenAPI `ModelTemplateRequest` with a JSON Schema validator
  (`tui.sandbox.validation`), never with the client's models. Unknown keys are accepted and
  stored (the schema has no `additionalProperties: false`). A non-JSON body is 422
  `json_invalid`, as FastAPI answers.
- `x-selected-account-id`: when present, the list only shows that account's templates, and a
  create whose body `account_id` differs is refused with 403. The `account_id` query filter
  applies too (both together keep only templates matching both). Retrieve and delete ignore
  the header, as SPEC declares none on them.
- Template names need not be unique (nothing documents a 409).
- Unknown paths and methods answer FastAPI's JSON 404 / 405.

Client input never gets a 500: a body over MAX_BODY_BYTES is refused with 413 before it is
read any further (nginx's default limit, as the real server's proxy would answer; memory is
never spent on it), JSON nested deeper than MAX_JSON_DEPTH is 422, and `page` is bounded
(422 above MAX_PAGE, where SQLite's OFFSET would overflow).
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.core.nesting import deeper_than
from tui.sandbox.faults import Fault, FaultInjector, FaultScript
from tui.sandbox.store import TemplateStore
from tui.sandbox.validation import body_errors, fill_defaults, json_invalid_entry

TEMPLATES_PATH = "/v4/model-templates"
FAULTS_PATH = "/_sandbox/faults"
ACCOUNT_HEADER = "x-selected-account-id"
KEY_HEADER = "x-api-key"
SANDBOX_USER_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "sgp-template-wizard/sandbox-user"))
MAX_LIMIT = 10000
MAX_PAGE = 2**31 - 1
MAX_BODY_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64


class BodyTooLarge(Exception):
    pass


def create_app(
    store: TemplateStore,
    api_key: str,
    faults: FaultScript | None = None,
    user_id: str = SANDBOX_USER_ID,
) -> Any:
    """The ASGI app; fault injection (and its control route) only when `faults` is given."""
    api = SandboxApi(store, api_key, faults, user_id)
    routes = [
        Route(TEMPLATES_PATH, api.create, methods=["POST"]),
        Route(TEMPLATES_PATH, api.list, methods=["GET"]),
        Route(TEMPLATES_PATH + "/{template_id}", api.retrieve, methods=["GET"]),
        Route(TEMPLATES_PATH + "/{template_id}", api.delete, methods=["DELETE"]),
    ]
    if faults is not None:
        routes.append(Route(FAULTS_PATH, api.faults_control, methods=["GET", "POST", "DELETE"]))
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_exception})
    return app if faults is None else FaultInjector(app, faults)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _detail(exc.status_code, exc.detail, exc.headers)


def _detail(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _unprocessable(entries: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": entries}, status_code=422)


class SandboxApi:
    """Route handlers sharing the store, the key and the fault script."""

    def __init__(
        self, store: TemplateStore, api_key: str, faults: FaultScript | None, user_id: str
    ) -> None:
        self.store = store
        self.api_key = api_key
        self.fault_script = faults
        self.user_id = user_id

    def _authenticate(self, request: Request) -> None:
        given = request.headers.get(KEY_HEADER)
        if not given:
            raise HTTPException(401, "Not authenticated: send your API key in x-api-key")
        if not secrets.compare_digest(given.encode(), self.api_key.encode()):
            raise HTTPException(401, "Invalid API key")

    async def create(self, request: Request) -> Response:
        self._authenticate(request)
        try:
            raw = await _read_body(request)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        except BodyTooLarge:
            return _detail(413, f"Request body too large: the limit is {MAX_BODY_BYTES} bytes")
        if not raw:
            return _unprocessable([_missing_body()])
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return _unprocessable([json_invalid_entry(exc)])
        except RecursionError:  # nested deeper than the decoder's stack
            return _unprocessable([_too_deep_entry()])
        if deeper_than(body, MAX_JSON_DEPTH):
            return _unprocessable([_too_deep_entry()])
        errors = body_errors(body)
        if errors:
            return _unprocessable(errors)
        selected = request.headers.get(ACCOUNT_HEADER)
        if selected and body["account_id"] != selected:
            raise HTTPException(
                403,
                f"account_id {body['account_id']!r} does not match the selected account "
                f"{selected!r} (x-selected-account-id)",
            )
        template = self._new_template(body)
        self.store.add(template)
        return JSONResponse(template)

    def _new_template(self, body: dict[str, Any]) -> dict[str, Any]:
        created_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        return {
            **fill_defaults(body),
            "id": str(uuid.uuid4()),
            "created_at": created_at,
            "account_id": body["account_id"],
            "created_by_user_id": self.user_id,
            "created_by_identity_type": "user",
        }

    async def list(self, request: Request) -> Response:
        self._authenticate(request)
        errors: list[dict[str, Any]] = []
        page = _int_query(request, "page", 1, 1, MAX_PAGE, errors)
        limit = _int_query(request, "limit", 100, 1, MAX_LIMIT, errors)
        if errors:
            return _unprocessable(errors)
        accounts = [
            value
            for value in (
                request.query_params.get("account_id"),
                request.headers.get(ACCOUNT_HEADER),
            )
            if value
        ]
        documents, total = self.store.page_json(page, limit, accounts)
        # The stored documents are already JSON: splice them in instead of re-encoding.
        envelope = (
            f'{{"items":[{",".join(documents)}],"total_item_count":{total},'
            f'"current_page":{page},"items_per_page":{limit}}}'
        )
        return Response(envelope, media_type="application/json")

    async def retrieve(self, request: Request) -> Response:
        self._authenticate(request)
        template_id = request.path_params["template_id"]
        template = self.store.get(template_id)
        if template is None:
            raise HTTPException(404, f"Model template {template_id} not found")
        return JSONResponse(template)

    async def delete(self, request: Request) -> Response:
        self._authenticate(request)
        template_id = request.path_params["template_id"]
        if not self.store.delete(template_id):
            raise HTTPException(404, f"Model template {template_id} not found")
        return JSONResponse({"success": True, "count": 1})

    async def faults_control(self, request: Request) -> Response:
        """GET lists the pending faults, POST scripts one, DELETE clears them all."""
        self._authenticate(request)
        script = self.fault_script
        assert script is not None
        if request.method == "DELETE":
            script.clear()
        elif request.method == "POST":
            try:
                spec = json.loads(await _read_body(request))
                _script_from_json(script, spec)
            except BodyTooLarge:
                raise HTTPException(413, "Request body too large") from None
            except (ValueError, TypeError, RecursionError) as exc:
                raise HTTPException(400, f"bad fault: {exc}") from None
        return JSONResponse({"pending": [entry.as_json() for entry in script.pending()]})


def _script_from_json(script: FaultScript, spec: Any) -> None:
    """`{"method": "POST", "path": "/v4/model-templates", "times": 1, "fault": {...}}`."""
    if not isinstance(spec, dict):
        raise ValueError('send {"method", "path", "fault", "times"} as a JSON object')
    method = spec.get("method", "*")
    path = spec.get("path")
    times = spec.get("times", 1)
    if not isinstance(method, str) or not isinstance(path, str):
        raise ValueError('"method" and "path" must be strings')
    if times is not None and (not isinstance(times, int) or isinstance(times, bool)):
        raise ValueError('"times" must be an integer >= 1 or null')
    script.script(method, path, Fault.from_json(spec.get("fault", {})), times=times)


async def _read_body(request: Request) -> bytes:
    """The request body, or BodyTooLarge as soon as it is known to exceed MAX_BODY_BYTES
    (from Content-Length, else while streaming: never more than the limit is held)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _too_deep_entry() -> dict[str, Any]:
    return {
        "type": "json_invalid",
        "loc": ["body"],
        "msg": f"JSON nested more than {MAX_JSON_DEPTH} levels deep",
        "input": None,
    }


def _missing_body() -> dict[str, Any]:
    return {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}


def _int_query(
    request: Request,
    name: str,
    default: int,
    minimum: int,
    maximum: int | None,
    errors: list[dict[str, Any]],
) -> int:
    """An integer query parameter, validated as FastAPI does (errors appended)."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    loc = ["query", name]
    try:
        value = int(raw)
    except ValueError:
        msg = "Input should be a valid integer, unable to parse string as an integer"
        errors.append({"type": "int_parsing", "loc": loc, "msg": msg, "input": raw})
        return default
    if value < minimum:
        msg = f"Input should be greater than or equal to {minimum}"
        errors.append(
            {
                "type": "greater_than_equal",
                "loc": loc,
                "msg": msg,
                "input": raw,
                "ctx": {"ge": minimum},
            }
        )
    elif maximum is not None and value > maximum:
        msg = f"Input should be less than or equal to {maximum}"
        errors.append(
            {
                "type": "less_than_equal",
                "loc": loc,
                "msg": msg,
                "input": raw,
                "ctx": {"le": maximum},
            }
        )
    return value
