"""Client input never makes the sandbox answer 500: bodies over the size limit get 413 (as
the real server's proxy answers), out-of-range query values 422, deep JSON 422."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import TEMPLATES, make_body
from tui.sandbox import Sandbox
from tui.sandbox.app import MAX_BODY_BYTES, MAX_PAGE


@pytest.mark.parametrize(
    "query",
    [
        "page=9223372036854775807",
        f"page={MAX_PAGE + 1}",
        "page=" + "9" * 5000,
        "limit=" + "9" * 30,
        "page=-9223372036854775809",
    ],
)
def test_out_of_range_query_values_are_422(http: httpx.Client, query: str) -> None:
    response = http.get(f"{TEMPLATES}?{query}")
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_the_last_page_allowed_answers_an_empty_page(http: httpx.Client) -> None:
    response = http.get(f"{TEMPLATES}?page={MAX_PAGE}&limit=10000")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("size", [MAX_BODY_BYTES + 1, 10 * MAX_BODY_BYTES])
def test_a_body_over_the_limit_is_413_and_not_stored(
    http: httpx.Client, sandbox: Sandbox, size: int
) -> None:
    response = http.post(TEMPLATES, content=b"[" * size)
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert sandbox.store.count() == 0


def test_a_streamed_body_without_length_is_cut_at_the_limit(
    http: httpx.Client, sandbox: Sandbox
) -> None:
    chunk = b" " * 65536

    def body():  # no Content-Length: chunked
        for _ in range(4 * MAX_BODY_BYTES // len(chunk)):
            yield chunk

    response = http.post(TEMPLATES, content=body())
    assert response.status_code == 413
    assert sandbox.store.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000,
        b"[" * 50_000 + b"]" * 50_000,
        b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    ],
)
def test_deeply_nested_json_under_the_limit_is_422(http: httpx.Client, raw: bytes) -> None:
    response = http.post(TEMPLATES, content=raw)
    assert response.status_code == 422, response.text


def test_a_deep_value_under_an_unknown_key_is_422(http: httpx.Client) -> None:
    body = make_body()
    deep: object = 1
    for _ in range(5000):
        deep = [deep]
    body["extra"] = deep
    import json
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)
    try:
        raw = json.dumps(body).encode()
    finally:
        sys.setrecursionlimit(limit)
    response = http.post(TEMPLATES, content=raw)
    assert response.status_code == 422, response.text


def test_a_body_at_the_limit_is_read(http: httpx.Client) -> None:
    raw = httpx.Request("POST", "/", json=make_body()).content
    padded = raw + b" " * (MAX_BODY_BYTES - len(raw))
    assert http.post(TEMPLATES, content=padded).status_code == 200
