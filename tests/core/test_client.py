"""SGPClient against httpx.MockTransport: headers, operations, pagination, retries."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.core.conftest import ACCOUNT, API_KEY, BASE_URL, FakeSGP, Sleeps, minimal_body
from tui.core.client import SGPClient
from tui.core.config import ClientConfig
from tui.core.errors import (
    AuthError,
    BadResponse,
    ConnectFailed,
    ConnectionLost,
    InvalidConfig,
    NotFound,
    RateLimited,
    Rejected,
    ServerError,
    SGPError,
    TimedOut,
)
from tui.core.models import ModelTemplate

MakeClient = Callable[..., SGPClient]


def status(code: int, **kwargs: object) -> httpx.Response:
    return httpx.Response(code, **kwargs)  # type: ignore[arg-type]


async def test_create_sends_the_body_and_headers(fake: FakeSGP, make_client: MakeClient) -> None:
    async with make_client() as client:
        template = await client.create(minimal_body())
    request = fake.requests[-1]
    assert request.method == "POST" and request.url.path == "/v4/model-templates"
    assert request.headers["x-api-key"] == API_KEY
    assert request.headers["x-selected-account-id"] == ACCOUNT
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("sgp-template/")
    assert json.loads(request.content) == minimal_body()
    assert template.id == "tmpl_001" and template.name == "vllm-h100"


async def test_no_account_header_without_an_account(fake: FakeSGP, make_client: MakeClient) -> None:
    async with make_client(ClientConfig(base_url=BASE_URL, api_key=API_KEY)) as client:
        await client.list_page()
    assert "x-selected-account-id" not in fake.requests[-1].headers


async def test_retrieve_and_delete(fake: FakeSGP, make_client: MakeClient) -> None:
    stored = fake.add(minimal_body())
    async with make_client() as client:
        fetched = await client.retrieve(stored["id"])
        deleted = await client.delete(stored["id"])
        with pytest.raises(NotFound, match="template ID"):
            await client.retrieve(stored["id"])
    assert fetched.id == stored["id"] and fetched.vendor_configuration["vendor"] == "LAUNCH"
    assert deleted.success is True and deleted.count == 1
    assert fake.templates == []


async def test_template_ids_are_escaped_and_required(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    async with make_client() as client:
        with pytest.raises(NotFound):
            await client.retrieve("a/b?c")
        with pytest.raises(SGPError, match="template ID is required"):
            await client.retrieve("  ")
    assert fake.requests[-1].url.raw_path == b"/v4/model-templates/a%2Fb%3Fc"


async def test_list_page_query(fake: FakeSGP, make_client: MakeClient) -> None:
    fake.add(minimal_body("a"))
    fake.add(minimal_body("b", account_id="acct-2"))
    async with make_client() as client:
        page = await client.list_page(page=1, limit=10, account_id="acct-2")
    params = fake.requests[-1].url.params
    assert (params["page"], params["limit"], params["account_id"]) == ("1", "10", "acct-2")
    assert [t.name for t in page.items] == ["b"] and page.total_item_count == 1


Walk = Callable[..., AsyncIterator[Any]]
WALKS = {
    "models": lambda client, **kw: client.iter_templates(**kw),
    "as listed": lambda client, **kw: client.iter_listed(**kw),
}


@pytest.fixture(params=sorted(WALKS))
def walk(request: pytest.FixtureRequest) -> Walk:
    """iter_templates and iter_listed walk the pages the same way."""
    return WALKS[request.param]


async def test_iter_templates_walks_every_page(
    fake: FakeSGP, make_client: MakeClient, walk: Walk
) -> None:
    for i in range(7):
        fake.add(minimal_body(f"t{i}"))
    async with make_client() as client:
        names = [t.name async for t in walk(client, limit=3)]
    assert names == [f"t{i}" for i in range(7)]
    # 3 + 3 + 1: total_item_count stops it without an extra empty page
    assert fake.count("GET") == 3
    assert [r.url.params["page"] for r in fake.requests] == ["1", "2", "3"]


async def test_iter_templates_stops_on_an_empty_page(
    fake: FakeSGP, make_client: MakeClient, walk: Walk
) -> None:
    only = fake.add(minimal_body("only"))
    first = {"items": [only], "total_item_count": 50, "current_page": 1, "items_per_page": 1}
    empty = {"items": [], "total_item_count": 50, "current_page": 2, "items_per_page": 1}
    fake.script("GET", status(200, json=first), status(200, json=empty))
    async with make_client() as client:
        names = [t.name async for t in walk(client, limit=1)]
    assert names == ["only"] and fake.count("GET") == 2


async def test_iter_templates_stops_when_the_server_ignores_page(
    fake: FakeSGP, make_client: MakeClient, walk: Walk
) -> None:
    fake.add(minimal_body("same"))
    first = fake.templates[0]
    stuck = {"items": [first], "total_item_count": 10, "current_page": 1, "items_per_page": 1}
    fake.script("GET", *(status(200, json=stuck) for _ in range(5)))
    async with make_client() as client:
        names = [t.name async for t in walk(client, limit=1)]
    assert names == ["same"] and fake.count("GET") == 2


async def test_iter_listed_reads_a_template_only_when_asked(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.add(minimal_body("fine"))
    broken = fake.add(minimal_body("broken"), created_at=None)  # the API always sends one
    async with make_client() as client:
        listed = [t async for t in client.iter_listed()]
    assert [(t.id, t.name) for t in listed] == [("tmpl_001", "fine"), (broken["id"], "broken")]
    assert listed[0].template() == ModelTemplate.model_validate(fake.templates[0])
    assert listed[0].template() is listed[0].template()  # read once
    with pytest.raises(BadResponse, match=r"template tmpl_002 \('broken'\).*created_at"):
        listed[1].template()


async def test_iter_listed_reads_json_as_json_does(fake: FakeSGP, make_client: MakeClient) -> None:
    odd = {"n": 2**70, "f": 0.1, "s": "caf\u00e9 \U0001f600", "l": [None, True]}
    fake.add(minimal_body("odd"), extra=odd)
    async with make_client() as client:
        (listed,) = [t async for t in client.iter_listed()]
    assert listed.data == json.loads(json.dumps(fake.templates[0]))
    fake.script("GET", status(200, content=b'{"items": ['))
    async with make_client() as client:
        with pytest.raises(BadResponse, match="not JSON"):
            [t async for t in client.iter_listed()]


@pytest.mark.parametrize(
    ("page", "needle"),
    [
        ({"items": {}, "total_item_count": 1}, r"items: not a list"),
        ({"items": [], "total_item_count": "1"}, r"total_item_count: not an integer"),
        ({"items": [{"id": "t1", "name": 7}], "total_item_count": 1}, r"items\.0: not a"),
        ({"items": [{"name": "a"}], "total_item_count": 1}, r"items\.0: not a"),
        ({"items": ["t1"], "total_item_count": 1}, r"items\.0: not a"),
    ],
)
async def test_iter_listed_needs_each_item_s_id_and_name(
    fake: FakeSGP, make_client: MakeClient, page: dict[str, Any], needle: str
) -> None:
    fake.script("GET", status(200, json=page))
    async with make_client() as client:
        with pytest.raises(BadResponse, match=needle):
            [t async for t in client.iter_listed()]


async def test_missing_key_fails_before_sending(fake: FakeSGP, make_client: MakeClient) -> None:
    async with make_client(ClientConfig(base_url=BASE_URL)) as client:
        with pytest.raises(InvalidConfig, match="SGP_API_KEY"):
            await client.list_page()
    assert fake.requests == []


async def test_wrong_key_is_an_auth_error_without_the_key(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    wrong = "sk-wrong-SECRET-999"
    async with make_client(ClientConfig(base_url=BASE_URL, api_key=wrong)) as client:
        with pytest.raises(AuthError, match="SGP_API_KEY") as caught:
            await client.list_page()
        assert wrong not in repr(client)
    assert wrong not in caught.value.message and wrong not in repr(caught.value)
    assert fake.count("GET") == 1  # 401 is not retried


async def test_echoed_key_is_scrubbed(fake: FakeSGP, make_client: MakeClient) -> None:
    fake.script("GET", status(403, json={"detail": f"key {API_KEY} cannot use {ACCOUNT}"}))
    async with make_client() as client:
        with pytest.raises(AuthError) as caught:
            await client.list_page()
    assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)
    assert "SGP_ACCOUNT_ID" in caught.value.message


async def test_repr_hides_the_key(make_client: MakeClient) -> None:
    async with make_client() as client:
        assert API_KEY not in repr(client) and BASE_URL in repr(client)


def test_insecure_http_is_refused_at_construction() -> None:
    with pytest.raises(InvalidConfig, match="--allow-insecure-http"):
        SGPClient(ClientConfig(base_url="http://sgp.example.com", api_key=API_KEY))


async def test_loopback_http_is_fine(fake: FakeSGP) -> None:
    config = ClientConfig(base_url="http://127.0.0.1:8000", api_key=API_KEY)
    async with SGPClient(config, transport=httpx.MockTransport(fake.handler)) as client:
        await client.list_page()
    assert str(fake.requests[-1].url).startswith("http://127.0.0.1:8000/v4/model-templates")


async def test_422_from_create_carries_findings(fake: FakeSGP, make_client: MakeClient) -> None:
    detail = [{"loc": ["body", "vendor_configuration", "bundle_config", "tag"], "msg": "bad"}]
    fake.script("POST", status(422, json={"detail": detail}))
    async with make_client() as client:
        with pytest.raises(Rejected) as caught:
            await client.create(minimal_body())
    assert [f.path for f in caught.value.findings] == ["vendor_configuration.bundle_config.tag"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"<html><title>Login</title></html>", "Login"),
        (b"not json at all", "not json at all"),
        (b'{"unexpected": true}', "unexpected response shape"),
    ],
)
async def test_success_with_a_bad_body(
    fake: FakeSGP, make_client: MakeClient, content: bytes, needle: str
) -> None:
    fake.script("GET", status(200, content=content))
    async with make_client() as client:
        with pytest.raises(BadResponse, match=needle):
            await client.list_page()


# -- retries for GET / DELETE ---------------------------------------------------------------


async def test_get_honours_retry_after(
    fake: FakeSGP, make_client: MakeClient, sleeps: Sleeps
) -> None:
    fake.script(
        "GET",
        status(429, headers={"retry-after": "3"}, json={"detail": "slow down"}),
        status(503, headers={"retry-after-ms": "1500"}),
    )
    async with make_client() as client:
        page = await client.list_page()
    assert page.total_item_count == 0
    assert sleeps.delays == [3.0, 1.5]
    assert fake.count("GET") == 3


async def test_get_backs_off_exponentially_then_gives_up(
    fake: FakeSGP, make_client: MakeClient, sleeps: Sleeps, config: ClientConfig
) -> None:
    fake.script("GET", *(status(500, json={"detail": "boom"}) for _ in range(10)))
    cfg = ClientConfig(base_url=BASE_URL, api_key=API_KEY, max_retries=4)
    async with make_client(cfg) as client:
        with pytest.raises(ServerError, match="HTTP 500: boom"):
            await client.list_page()
    assert sleeps.delays == [0.5, 1.0, 2.0, 4.0]
    assert fake.count("GET") == 5


async def test_backoff_is_capped_and_jittered(make_client: MakeClient) -> None:
    async with make_client() as client:
        client.jitter = lambda: 1.0
        error = ServerError("x", status=500)
        assert client._retry_delay(0, error) == pytest.approx(0.375)
        assert client._retry_delay(10, error) == pytest.approx(6.0)
        client.jitter = lambda: 0.0
        assert client._retry_delay(10, error) == 8.0


async def test_get_retries_timeouts_and_dropped_connections(
    fake: FakeSGP, make_client: MakeClient, sleeps: Sleeps
) -> None:
    fake.script("GET", httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"))
    async with make_client() as client:
        await client.list_page()
    assert fake.count("GET") == 3 and len(sleeps.delays) == 2


async def test_delete_retries_on_refused_connection(fake: FakeSGP, make_client: MakeClient) -> None:
    stored = fake.add(minimal_body())
    fake.script("DELETE", httpx.ConnectError("[Errno 111] Connection refused"))
    async with make_client() as client:
        assert (await client.delete(stored["id"])).success
    assert fake.count("DELETE") == 2


async def test_dns_failure_is_not_retried(fake: FakeSGP, make_client: MakeClient) -> None:
    fake.script("GET", httpx.ConnectError("[Errno -2] Name or service not known"))
    async with make_client() as client:
        with pytest.raises(ConnectFailed, match=r"could not resolve host sgp\.test"):
            await client.list_page()
    assert fake.count("GET") == 1


async def test_retry_after_too_long_is_not_waited_for(
    fake: FakeSGP, make_client: MakeClient, sleeps: Sleeps
) -> None:
    fake.script("GET", status(429, headers={"retry-after": "3600"}))
    async with make_client() as client:
        with pytest.raises(RateLimited, match="wait 3600 s") as caught:
            await client.list_page()
    assert caught.value.retry_after == 3600 and sleeps.delays == []


async def test_404_is_not_retried(fake: FakeSGP, make_client: MakeClient) -> None:
    async with make_client() as client:
        with pytest.raises(NotFound):
            await client.retrieve("nope")
    assert fake.count("GET") == 1


# -- create is not retried blindly ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error_type"),
    [
        (status(500, json={"detail": "boom"}), ServerError),
        (status(502), ServerError),
        (status(503), ServerError),  # no Retry-After
        (status(429), RateLimited),  # no Retry-After
        (httpx.ReadTimeout("slow"), TimedOut),
        (httpx.RemoteProtocolError("Server disconnected"), ConnectionLost),
    ],
)
async def test_create_is_not_retried_when_it_may_have_landed(
    fake: FakeSGP,
    make_client: MakeClient,
    sleeps: Sleeps,
    fault: httpx.Response | Exception,
    error_type: type[SGPError],
) -> None:
    fake.script("POST", fault)
    async with make_client() as client:
        with pytest.raises(error_type):
            await client.create(minimal_body())
    assert fake.count("POST") == 1 and sleeps.delays == []


@pytest.mark.parametrize(
    "fault",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectTimeout("timed out"),
        status(429, headers={"retry-after": "2"}),
        status(503, headers={"retry-after": "2"}),
    ],
)
async def test_create_is_retried_when_it_provably_did_not_land(
    fake: FakeSGP, make_client: MakeClient, fault: httpx.Response | Exception
) -> None:
    fake.script("POST", fault)
    async with make_client() as client:
        template = await client.create(minimal_body())
    assert fake.count("POST") == 2
    assert [t["id"] for t in fake.templates] == [template.id]


async def test_create_gives_up_after_max_retries(
    fake: FakeSGP, make_client: MakeClient, sleeps: Sleeps
) -> None:
    refused = [httpx.ConnectError("[Errno 111] Connection refused") for _ in range(5)]
    fake.script("POST", *refused)
    async with make_client() as client:
        with pytest.raises(ConnectFailed, match=r"connection refused by sgp\.test"):
            await client.create(minimal_body())
    assert fake.count("POST") == 3 and len(sleeps.delays) == 2 and fake.templates == []


# -- real sockets on loopback: the send tracker and the OS's own error texts ------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def silent_server(reply: bytes | None) -> asyncio.Server:
    """Reads one request, then sends `reply` and closes (None: never answers)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if reply is None:
            await asyncio.sleep(5)
        else:
            writer.write(reply)
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def loopback_client(port: int, sleeps: Sleeps, **config: object) -> SGPClient:
    cfg = ClientConfig(base_url=f"http://127.0.0.1:{port}", api_key=API_KEY, **config)  # type: ignore[arg-type]
    client = SGPClient(cfg)
    client.sleep = sleeps
    return client


async def test_real_refused_connection_is_retried_then_reported(sleeps: Sleeps) -> None:
    async with loopback_client(closed_port(), sleeps) as client:
        with pytest.raises(ConnectFailed) as caught:
            await client.create(minimal_body())
    assert caught.value.reason == "refused" and caught.value.reached_server is False
    assert len(sleeps.delays) == 2


async def test_real_read_timeout_after_sending_is_not_retried(sleeps: Sleeps) -> None:
    server = await silent_server(None)
    port = server.sockets[0].getsockname()[1]
    async with server, loopback_client(port, sleeps, read_timeout=0.2) as client:
        with pytest.raises(TimedOut) as caught:
            await client.create(minimal_body())
    assert caught.value.phase == "read" and caught.value.outcome_unknown
    assert sleeps.delays == []


async def test_real_connection_dropped_after_sending(sleeps: Sleeps) -> None:
    server = await silent_server(b"")
    port = server.sockets[0].getsockname()[1]
    async with server, loopback_client(port, sleeps) as client:
        with pytest.raises(ConnectionLost):
            await client.create(minimal_body())
    assert sleeps.delays == []


async def test_an_echoed_key_is_masked_before_the_excerpt_is_cut(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    """The key sits where a 120-character excerpt cuts it: no prefix of it may survive."""
    fake.script("GET", status(400, json={"detail": "x" * 100 + " " + API_KEY}))
    async with make_client() as client:
        with pytest.raises(SGPError) as caught:
            await client.list_page()
    assert API_KEY[:10] not in caught.value.message and "***" in caught.value.message
