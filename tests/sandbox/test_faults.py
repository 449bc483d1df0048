"""Fault injection, observed with a raw httpx client."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.sandbox.conftest import TEMPLATES, make_body
from tui.sandbox import Fault, Sandbox, SandboxError
from tui.sandbox.faults import FaultScript

FAULTS = "/_sandbox/faults"


def test_faults_are_unreachable_when_disabled(sandbox: Sandbox, http: httpx.Client) -> None:
    assert http.post(FAULTS, json={"path": TEMPLATES, "fault": {"status": 500}}).status_code == 404
    assert http.get(FAULTS).status_code == 404
    with pytest.raises(SandboxError, match="faults=True"):
        sandbox.faults  # noqa: B018


def test_json_error_with_retry_after(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("POST", TEMPLATES, Fault.rate_limited(retry_after=2))
    response = faulty_http.post(TEMPLATES, json=make_body())
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.json() == {"detail": "Rate limit exceeded"}
    assert faulty.store.count() == 0
    assert faulty_http.post(TEMPLATES, json=make_body()).status_code == 200, "used up after once"


def test_html_error_page(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("POST", TEMPLATES, Fault.html(502))
    response = faulty_http.post(TEMPLATES, json=make_body())
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>502 Bad Gateway</title>" in response.text
    assert faulty.store.count() == 0


def test_malformed_json(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("POST", TEMPLATES, Fault.malformed_json())
    response = faulty_http.post(TEMPLATES, json=make_body())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()


def test_delay_then_the_real_answer(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("GET", TEMPLATES, Fault.slow(0.3))
    started = time.monotonic()
    response = faulty_http.get(TEMPLATES)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200 and response.json()["items"] == []


def test_delay_longer_than_the_client_timeout(faulty: Sandbox) -> None:
    faulty.faults.script("GET", TEMPLATES, Fault.slow(0.5))
    with (
        httpx.Client(base_url=faulty.base_url, headers={"x-api-key": faulty.api_key}) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.get(TEMPLATES, timeout=httpx.Timeout(5.0, read=0.1))


def test_close_before_answering_stores_nothing(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("POST", TEMPLATES, Fault.drop_connection())
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        faulty_http.post(TEMPLATES, json=make_body())
    assert faulty.store.count() == 0
    assert faulty_http.post(TEMPLATES, json=make_body()).status_code == 200, "next one works"


def test_store_then_drop_is_the_ambiguous_case(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    faulty.faults.script("POST", TEMPLATES, Fault.store_then_drop())
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        faulty_http.post(TEMPLATES, json=make_body("ghost"))
    [stored] = faulty.store.all()
    assert stored["name"] == "ghost"


def test_faults_match_method_glob_and_count(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    created = faulty_http.post(TEMPLATES, json=make_body()).json()
    faulty.faults.script("GET", f"{TEMPLATES}/*", Fault.error(503), times=2)
    item = f"{TEMPLATES}/{created['id']}"
    assert faulty_http.get(TEMPLATES).status_code == 200, "the list path does not match"
    assert faulty_http.delete(f"{TEMPLATES}/nope").status_code == 404, "DELETE does not match"
    assert [faulty_http.get(item).status_code for _ in range(3)] == [503, 503, 200]


def test_always_until_cleared_and_headers_on_real_answers(
    faulty: Sandbox, faulty_http: httpx.Client
) -> None:
    faulty.faults.script("*", "/v4/*", Fault(headers={"X-Debug": "on"}, retry_after=1), times=None)
    for _ in range(3):
        response = faulty_http.get(TEMPLATES)
        assert response.status_code == 200
        assert (response.headers["x-debug"], response.headers["retry-after"]) == ("on", "1")
    faulty.faults.clear()
    assert "x-debug" not in faulty_http.get(TEMPLATES).headers


def test_control_route_scripts_lists_and_clears(faulty: Sandbox, faulty_http: httpx.Client) -> None:
    spec = {"method": "POST", "path": TEMPLATES, "times": 1, "fault": {"drop": "after_store"}}
    scripted = faulty_http.post(FAULTS, json=spec)
    assert scripted.status_code == 200
    assert scripted.json()["pending"][0]["fault"]["drop"] == "after_store"
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        faulty_http.post(TEMPLATES, json=make_body())
    assert faulty.store.count() == 1
    faulty_http.post(FAULTS, json={"path": TEMPLATES, "fault": {"status": 500}})
    assert len(faulty_http.get(FAULTS).json()["pending"]) == 1
    assert faulty_http.delete(FAULTS).json() == {"pending": []}
    assert faulty_http.get(TEMPLATES).status_code == 200


@pytest.mark.parametrize(
    "spec",
    [
        {"path": TEMPLATES, "fault": {"status": "500"}},
        {"path": TEMPLATES, "fault": {"drop": "sometimes"}},
        {"path": TEMPLATES, "fault": {"colour": "red"}},
        {"path": TEMPLATES, "fault": {"delay": -1}},
        {"path": TEMPLATES, "times": 0, "fault": {}},
        {"path": "v4/no-slash", "fault": {}},
        {"fault": {}},
        ["not", "an", "object"],
    ],
)
def test_control_route_rejects_bad_specs(faulty_http: httpx.Client, spec: object) -> None:
    response = faulty_http.post(FAULTS, json=spec)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("bad fault: ")
    assert faulty_http.get(FAULTS).json()["pending"] == []


def test_control_route_needs_the_key(faulty: Sandbox) -> None:
    response = httpx.post(faulty.base_url + FAULTS, json={"path": TEMPLATES, "fault": {}})
    assert response.status_code == 401


def test_fault_script_is_first_match_first_served() -> None:
    script = FaultScript()
    script.script("POST", TEMPLATES, Fault.error(500))
    script.script("*", "/v4/*", Fault.error(502))
    assert script.take("GET", TEMPLATES).status == 502
    assert script.take("POST", TEMPLATES).status == 500
    assert script.take("POST", TEMPLATES) is None
    assert [path for _, path, _ in script.fired] == [TEMPLATES, TEMPLATES]
