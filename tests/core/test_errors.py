"""Every error kind becomes a typed exception with one actionable line."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from tests.core.conftest import BASE_URL
from tui.core.errors import (
    AuthError,
    BadRequest,
    BadResponse,
    Conflict,
    ConnectFailed,
    ConnectionLost,
    InvalidConfig,
    NetworkError,
    NotFound,
    RateLimited,
    Rejected,
    ServerError,
    SGPError,
    TimedOut,
    bad_response,
    error_from_exception,
    error_from_response,
    parse_retry_after,
)
from tui.core.masking import secrets_masked

LIST_URL = f"{BASE_URL}/v4/model-templates"


def response(status: int, method: str = "POST", url: str = LIST_URL, **kwargs: object):
    request = httpx.Request(method, url, headers={"x-selected-account-id": "acct-9"})
    return httpx.Response(status, request=request, **kwargs)  # type: ignore[arg-type]


def assert_one_line(error: SGPError) -> None:
    assert error.message
    assert "\n" not in error.message
    assert str(error) == error.message
    assert len(error.message) < 400


def test_401_points_at_the_api_key() -> None:
    error = error_from_response(response(401, json={"detail": "Invalid API key"}))
    assert isinstance(error, AuthError)
    assert error.status == 401 and error.reached_server is True
    assert "SGP_API_KEY" in error.message and "Invalid API key" in error.message
    assert_one_line(error)


def test_403_points_at_the_account() -> None:
    error = error_from_response(response(403, json={"detail": "Forbidden"}))
    assert isinstance(error, AuthError)
    assert error.status == 403
    assert "acct-9" in error.message
    assert "SGP_ACCOUNT_ID" in error.message and "--account-id" in error.message


def test_404_for_a_template_points_at_the_id() -> None:
    url = f"{LIST_URL}/tmpl_x"
    error = error_from_response(
        response(404, "GET", url, json={"detail": "Model template not found"})
    )
    assert isinstance(error, NotFound)
    assert "GET /v4/model-templates/tmpl_x" in error.message
    assert "template ID" in error.message and "Model template not found" in error.message


def test_404_html_page_points_at_the_base_url() -> None:
    html = "<html><head><title>404 Not Found</title></head><body>" + "x" * 5000 + "</body></html>"
    error = error_from_response(
        response(404, headers={"content-type": "text/html"}, content=html.encode())
    )
    assert isinstance(error, NotFound)
    assert "base-url" in error.message and "404 Not Found" in error.message
    assert "xxxxxxxx" not in error.message


def test_409_is_a_conflict() -> None:
    error = error_from_response(response(409, json={"detail": "name already taken"}))
    assert isinstance(error, Conflict)
    assert "name already taken" in error.message and error.status == 409


def test_422_maps_detail_entries_to_draft_paths() -> None:
    detail = [
        {
            "loc": ["body", "model_request_parameters_schema", "parameters", 0, "type"],
            "msg": "value is not a valid enumeration member",
            "type": "type_error.enum",
        },
        {
            "loc": ["body", "vendor_configuration", "bundle_config", "image"],
            "msg": "field required",
            "type": "value_error.missing",
            "input": None,
            "ctx": {},
        },
    ]
    error = error_from_response(response(422, json={"detail": detail}))
    assert isinstance(error, Rejected)
    paths = [f.path for f in error.findings]
    assert paths == [
        "model_request_parameters_schema.parameters.0.type",
        "vendor_configuration.bundle_config.image",
    ]
    assert "model_request_parameters_schema.parameters.0.type" in error.message
    assert "body." not in error.message
    assert "2 problems" in error.message
    assert_one_line(error)


def test_422_lists_only_the_first_few() -> None:
    detail = [{"loc": ["body", f"f{i}"], "msg": "bad", "type": "x"} for i in range(7)]
    error = error_from_response(response(422, json={"detail": detail}))
    assert isinstance(error, Rejected)
    assert len(error.findings) == 7
    assert "and 4 more" in error.message


def test_422_with_a_string_detail() -> None:
    error = error_from_response(response(422, json={"detail": "bad template"}))
    assert isinstance(error, Rejected)
    assert error.findings == [] and "bad template" in error.message


def test_429_carries_retry_after() -> None:
    error = error_from_response(response(429, headers={"retry-after": "7"}, json={}))
    assert isinstance(error, RateLimited)
    assert error.retry_after == 7.0
    assert "wait 7 s" in error.message


@pytest.mark.parametrize(
    ("status", "unknown"), [(500, True), (502, True), (503, False), (504, True)]
)
def test_5xx_are_server_errors(status: int, unknown: bool) -> None:
    error = error_from_response(response(status, json={"detail": "boom"}))
    assert isinstance(error, ServerError)
    assert error.status == status
    assert error.outcome_unknown is unknown
    assert f"HTTP {status}" in error.message and "boom" in error.message
    assert_one_line(error)


def test_html_error_page_gives_a_short_excerpt() -> None:
    page = (
        "<!DOCTYPE html><html><head><style>body{color:red}</style></head><body>"
        "<h1>502 Bad Gateway</h1>" + "<p>filler text</p>" * 400 + "</body></html>"
    )
    error = error_from_response(
        response(502, headers={"content-type": "text/html"}, content=page.encode())
    )
    assert isinstance(error, ServerError)
    assert "HTML page" in error.message and "502 Bad Gateway" in error.message
    assert "color:red" not in error.message
    assert len(error.message) < 300


def test_non_json_body_is_excerpted() -> None:
    error = error_from_response(response(500, content=b"upstream connect error " * 50))
    assert isinstance(error, ServerError)
    assert "upstream connect error" in error.message
    assert len(error.message) < 300


def test_nested_detail_is_unwrapped() -> None:
    body = {"detail": {"detail": "Limit 15 fine-tunes per account"}}
    error = error_from_response(response(400, json=body))
    assert isinstance(error, BadRequest)
    assert "Limit 15 fine-tunes per account" in error.message
    assert "{" not in error.message


def test_detail_object_with_message() -> None:
    error = error_from_response(response(400, json={"detail": {"message": "quota exceeded"}}))
    assert "quota exceeded" in error.message


def test_missing_detail_and_empty_body() -> None:
    no_detail = error_from_response(response(500, json={"error": "db down"}))
    odd = error_from_response(response(500, json={"trace_id": "t-1"}))
    empty = error_from_response(response(500, content=b""))
    assert isinstance(no_detail, ServerError) and "(HTTP 500: db down)" in no_detail.message
    assert '"trace_id": "t-1"' in odd.message
    assert isinstance(empty, ServerError) and empty.message.startswith("POST /v4/model-templates")


def test_redirect_points_at_the_base_url() -> None:
    error = error_from_response(response(301, headers={"location": "https://new.example/v4"}))
    assert isinstance(error, BadResponse)
    assert "https://new.example/v4" in error.message and "--base-url" in error.message


def test_bad_response_for_a_success_with_html() -> None:
    error = bad_response(
        response(200, headers={"content-type": "text/html"}, content=b"<title>Sign in</title>"),
        "the response is not JSON",
    )
    assert isinstance(error, BadResponse)
    assert "Sign in" in error.message and "SGP_CLIENT_BASE_URL" in error.message


@pytest.mark.parametrize(
    ("text", "reason", "needle"),
    [
        ("[Errno -2] Name or service not known", "dns", "resolve"),
        ("[Errno 8] nodename nor servname provided, or not known", "dns", "resolve"),
        ("[Errno 111] Connection refused", "refused", "refused"),
        (
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed",
            "tls",
            "TLS",
        ),
        ("something odd", "other", "could not connect"),
    ],
)
def test_connect_errors_are_never_sent(text: str, reason: str, needle: str) -> None:
    error = error_from_exception(httpx.ConnectError(text, request=httpx.Request("GET", LIST_URL)))
    assert isinstance(error, ConnectFailed) and isinstance(error, NetworkError)
    assert error.reason == reason
    assert error.reached_server is False and error.outcome_unknown is False
    assert needle in error.message and "sgp.test" in error.message
    assert_one_line(error)


def test_connect_timeout_was_not_sent() -> None:
    error = error_from_exception(httpx.ConnectTimeout("t", request=httpx.Request("GET", LIST_URL)))
    assert isinstance(error, TimedOut) and error.phase == "connect"
    assert error.reached_server is False and not error.outcome_unknown
    assert "connecting" in error.message


def test_read_timeout_is_ambiguous() -> None:
    error = error_from_exception(httpx.ReadTimeout("t", request=httpx.Request("POST", LIST_URL)))
    assert isinstance(error, TimedOut) and error.phase == "read"
    assert error.reached_server is None and error.outcome_unknown
    assert "may still have handled" in error.message


@pytest.mark.parametrize(
    "exc",
    [
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("Connection reset by peer"),
    ],
)
def test_dropped_after_sending_is_ambiguous(exc: httpx.HTTPError) -> None:
    exc.request = httpx.Request("POST", LIST_URL)
    error = error_from_exception(exc)
    assert isinstance(error, ConnectionLost)
    assert error.outcome_unknown and error.reached_server is None
    assert "dropped" in error.message


def test_dropped_before_sending_counts_as_not_sent() -> None:
    exc = httpx.RemoteProtocolError("Server disconnected", request=httpx.Request("POST", LIST_URL))
    error = error_from_exception(exc, sent=False)
    assert isinstance(error, ConnectFailed) and error.reached_server is False


def test_unsupported_protocol_is_a_config_error() -> None:
    exc = httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'.")
    error = error_from_exception(exc)
    assert isinstance(error, InvalidConfig) and "https://" in error.message


def test_scrub_removes_an_echoed_secret() -> None:
    error = error_from_response(response(401, json={"detail": "bad key sk-live-abc"}))
    error.scrub("sk-live-abc")
    assert "sk-live-abc" not in error.message and "sk-live-abc" not in str(error.args)
    assert "***" in error.message


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "0"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers)) == expected


def test_parse_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    seconds = parse_retry_after(httpx.Headers({"retry-after": when}))
    assert seconds is not None and 15 < seconds <= 21


def test_scrub_of_a_short_key_leaves_words_alone() -> None:
    error = error_from_response(response(401, json={"detail": "bad key: k"})).scrub("k")
    assert error.message.startswith("the API key was rejected")
    assert "bad key: ***" in error.message and "check SGP_API_KEY" in error.message


def test_a_secret_is_masked_before_the_excerpt_is_cut() -> None:
    secret = "sk-live-" + "s" * 60
    with secrets_masked([secret]):
        error = error_from_response(response(400, json={"detail": "x" * 90 + " " + secret}))
    assert secret[:12] not in error.message and "***" in error.message
