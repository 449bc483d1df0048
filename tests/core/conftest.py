"""An in-memory SGP server behind httpx.MockTransport, for the client and submit tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tui.core.client import SGPClient
from tui.core.config import ClientConfig
from tui.core.models import CreateModelEndpointConfig, ModelTemplateRequest

API_KEY = "sk-test-SECRET-0123456789"
ACCOUNT = "acct-1"
BASE_URL = "https://sgp.test"

Action = httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response | None]


def minimal_body(name: str = "vllm-h100", account_id: str = ACCOUNT) -> dict[str, Any]:
    return {
        "name": name,
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "account_id": account_id,
        "vendor_configuration": {
            "bundle_config": {
                "registry": "123.dkr.ecr.us-west-2.amazonaws.com",
                "image": "team/vllm",
                "tag": "0.6.3",
                "command": ["python", "-m", "server"],
            }
        },
    }


def stored_form(body: dict[str, Any]) -> dict[str, Any]:
    """What the fake server keeps: the request model's dump with the defaults filled in."""
    data = ModelTemplateRequest.model_validate(body).model_dump(mode="json", exclude_none=True)
    vendor = data["vendor_configuration"]
    vendor.setdefault("endpoint_config", CreateModelEndpointConfig().model_dump(mode="json"))
    return data


@dataclass
class FakeSGP:
    """Stores templates, answers the four operations, and plays scripted faults first."""

    api_key: str = API_KEY
    templates: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    scripts: dict[str, list[Action]] = field(default_factory=dict)
    next_id: int = 1

    def script(self, method: str, *actions: Action) -> None:
        """Queue actions for the next requests of `method`: a response to return, an
        exception to raise, or a callable that may return a response (None: carry on)."""
        self.scripts.setdefault(method, []).extend(actions)

    def count(self, method: str, path_prefix: str = "/v4/model-templates") -> int:
        return sum(
            1 for r in self.requests if r.method == method and r.url.path.startswith(path_prefix)
        )

    def add(self, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        template = {
            "id": f"tmpl_{self.next_id:03d}",
            "created_at": "2026-01-01T00:00:00Z",
            "created_by_user_id": "user-1",
            "created_by_identity_type": "user",
            **stored_form(body),
            **extra,
        }
        self.next_id += 1
        self.templates.append(template)
        return template

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("x-api-key") != self.api_key:
            return httpx.Response(401, json={"detail": "Not authenticated"})
        queue = self.scripts.get(request.method)
        if queue:
            scripted = self._play(queue.pop(0), request)
            if scripted is not None:
                return scripted
        return self._route(request)

    def _play(self, action: Action, request: httpx.Request) -> httpx.Response | None:
        if isinstance(action, BaseException):
            raise action
        if isinstance(action, httpx.Response):
            return action
        return action(request)

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        if parts[:2] != ["v4", "model-templates"]:
            return httpx.Response(404, json={"detail": "Not Found"})
        if len(parts) == 2 and request.method == "POST":
            return httpx.Response(200, json=self.add(json.loads(request.content)))
        if len(parts) == 2 and request.method == "GET":
            return self._list(request)
        found = [t for t in self.templates if len(parts) == 3 and t["id"] == parts[2]]
        if not found:
            return httpx.Response(404, json={"detail": "Model template not found"})
        if request.method == "DELETE":
            self.templates.remove(found[0])
            return httpx.Response(200, json={"success": True, "count": 1})
        return httpx.Response(200, json=found[0])

    def _list(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", 1))
        limit = int(request.url.params.get("limit", 100))
        account = request.url.params.get("account_id")
        items = [t for t in self.templates if account is None or t["account_id"] == account]
        chunk = items[(page - 1) * limit : page * limit]
        return httpx.Response(
            200,
            json={
                "items": chunk,
                "total_item_count": len(items),
                "current_page": page,
                "items_per_page": limit,
            },
        )

    def stored_after(self, exc: BaseException) -> Callable[[httpx.Request], None]:
        """A POST action: store the template, then fail as if the response was lost."""

        def action(request: httpx.Request) -> None:
            self.add(json.loads(request.content))
            raise exc

        return action


@pytest.fixture
def fake() -> FakeSGP:
    return FakeSGP()


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(base_url=BASE_URL, api_key=API_KEY, account_id=ACCOUNT)


@dataclass
class Sleeps:
    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(
    fake: FakeSGP, config: ClientConfig, sleeps: Sleeps
) -> Iterator[Callable[..., SGPClient]]:
    """Build clients on the fake server; sleeping only records the delay, jitter is 0."""

    def build(cfg: ClientConfig | None = None) -> SGPClient:
        client = SGPClient(cfg or config, transport=httpx.MockTransport(fake.handler))
        client.sleep = sleeps
        client.jitter = lambda: 0.0
        return client

    yield build


def req(method: str = "GET", url: str = f"{BASE_URL}/v4/model-templates") -> httpx.Request:
    return httpx.Request(method, url)
