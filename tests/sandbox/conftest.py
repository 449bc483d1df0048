"""Fixtures: a real sandbox server on 127.0.0.1 and an httpx client talking to it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tui.sandbox import Sandbox

ACCOUNT = "acct-sandbox-tests"
TEMPLATES = "/v4/model-templates"

MINIMAL_BODY: dict[str, Any] = {
    "name": "tiny",
    "endpoint_type": "SYNC",
    "model_type": "COMPLETION",
    "account_id": ACCOUNT,
    "vendor_configuration": {
        "bundle_config": {"registry": "docker.io", "image": "acme/llm", "tag": "1.0"}
    },
}


def make_body(name: str = "tiny", **top: Any) -> dict[str, Any]:
    body = copy.deepcopy(MINIMAL_BODY)
    body["name"] = name
    body.update(top)
    return body


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def faulty() -> Iterator[Sandbox]:
    with Sandbox(faults=True) as sb:
        yield sb


def client_for(sb: Sandbox, **headers: str) -> httpx.Client:
    return httpx.Client(
        base_url=sb.base_url, headers={"x-api-key": sb.api_key, **headers}, timeout=10
    )


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with client_for(sandbox) as client:
        yield client


@pytest.fixture
def faulty_http(faulty: Sandbox) -> Iterator[httpx.Client]:
    with client_for(faulty) as client:
        yield client
