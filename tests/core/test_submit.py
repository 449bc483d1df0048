"""Idempotent submit: no duplicates from replay, reconciliation after ambiguous failures."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.core.conftest import ACCOUNT, BASE_URL, FakeSGP, minimal_body
from tui.core.client import SGPClient
from tui.core.errors import (
    AuthError,
    BadResponse,
    ConnectFailed,
    ConnectionLost,
    Rejected,
    ServerError,
    TimedOut,
)
from tui.core.models import ModelTemplate
from tui.core.submit import (
    CreateGuard,
    SubmitFailed,
    find_identical,
    is_identical,
    normalized,
    submit_template,
)

MakeClient = Callable[..., SGPClient]

SERVER_DEFAULTS_ENDPOINT = {
    "cpus": 3,
    "memory": "8Gi",
    "storage": "16Gi",
    "gpus": 0,
    "min_workers": 0,
    "max_workers": 1,
    "per_worker": 10,
    "endpoint_type": "ASYNC",
    "high_priority": False,
}


def as_returned(body: dict[str, Any], **vendor_extra: Any) -> ModelTemplate:
    """A template the way a server would return `body`, defaults written out by hand."""
    bundle = body["vendor_configuration"]["bundle_config"]
    vendor: dict[str, Any] = {
        "vendor": "LAUNCH",
        "bundle_config": {
            "command": [],
            "env": {},
            "streaming_command": None,
            "readiness_initial_delay_seconds": 120,
            "healthcheck_route": "/readyz",
            "predict_route": "/predict",
            "streaming_predict_route": "/generate_streaming",
            **bundle,
        },
        "endpoint_config": {**SERVER_DEFAULTS_ENDPOINT, "gpu_type": None},
        "fine_tuning_job_bundle_config": None,
        **vendor_extra,
    }
    return ModelTemplate.model_validate(
        {
            **body,
            "id": "tmpl_x",
            "created_at": "2026-01-01T00:00:00Z",
            "created_by_user_id": "u",
            "vendor_configuration": vendor,
            "model_request_parameters_schema": None,
            "endpoint_protocol": None,
        }
    )


# -- normalized ----------------------------------------------------------------------------


def test_a_minimal_body_equals_what_the_server_returns() -> None:
    body = minimal_body()
    assert normalized(as_returned(body).request_body()) == normalized(body)
    assert is_identical(as_returned(body), body)


def test_normalized_fills_the_endpoint_defaults_and_vendor() -> None:
    vendor = normalized(minimal_body())["vendor_configuration"]
    assert vendor["vendor"] == "LAUNCH"
    assert vendor["endpoint_config"] == SERVER_DEFAULTS_ENDPOINT
    assert vendor["bundle_config"]["healthcheck_route"] == "/readyz"
    assert "fine_tuning_job_bundle_config" not in vendor


def test_explicit_defaults_equal_omitted_ones() -> None:
    explicit = minimal_body()
    explicit["vendor_configuration"]["endpoint_config"] = {"cpus": 3, "per_worker": 10}
    explicit["vendor_configuration"]["bundle_config"]["env"] = {}
    assert normalized(explicit) == normalized(minimal_body())


def test_fine_tuning_resources_default_only_when_the_bundle_exists() -> None:
    body = minimal_body()
    body["vendor_configuration"]["fine_tuning_job_bundle_config"] = {
        "registry": "r",
        "image": "ft",
        "tag": "1",
    }
    fine_tuning = normalized(body)["vendor_configuration"]["fine_tuning_job_bundle_config"]
    assert fine_tuning["mount_location"] == "/workspace/launch_specific/config.json"
    assert fine_tuning["resources"] == {"cpus": 3, "memory": "8Gi", "storage": "16Gi", "gpus": 0}


def test_normalized_drops_nulls_and_unknown_server_keys() -> None:
    returned = as_returned(minimal_body(), internal_flag=True).request_body()
    returned["vendor_configuration"]["bundle_config"]["server_only"] = "x"
    result = normalized(returned)
    assert "internal_flag" not in result["vendor_configuration"]
    assert "server_only" not in result["vendor_configuration"]["bundle_config"]
    assert "streaming_command" not in result["vendor_configuration"]["bundle_config"]


def test_normalized_keeps_parameter_lists_and_env_keys() -> None:
    body = minimal_body()
    body["vendor_configuration"]["bundle_config"]["env"] = {"MODEL": "llama", "unknown": "ok"}
    body["model_request_parameters_schema"] = {
        "parameters": [{"name": "t", "type": "float", "description": "", "required": False}]
    }
    result = normalized(body)
    assert result["vendor_configuration"]["bundle_config"]["env"] == {
        "MODEL": "llama",
        "unknown": "ok",
    }
    assert result["model_request_parameters_schema"] == body["model_request_parameters_schema"]


@pytest.mark.parametrize(
    "change",
    [
        ("name", "other"),
        ("account_id", "acct-2"),
        ("endpoint_protocol", "VLLM"),
    ],
)
def test_any_difference_breaks_identity(change: tuple[str, str]) -> None:
    body = minimal_body()
    changed = {**copy.deepcopy(body), change[0]: change[1]}
    assert normalized(changed) != normalized(body)
    assert not is_identical(as_returned(body), changed)


def test_a_nested_difference_breaks_identity() -> None:
    changed = minimal_body()
    changed["vendor_configuration"]["endpoint_config"] = {"gpus": 1, "gpu_type": "nvidia-tesla-t4"}
    assert not is_identical(as_returned(minimal_body()), changed)


def test_normalized_does_not_mutate_its_input() -> None:
    body = minimal_body()
    before = copy.deepcopy(body)
    normalized(body)["vendor_configuration"]["bundle_config"]["command"].append("x")
    assert body == before
    assert normalized(body)["vendor_configuration"]["bundle_config"]["env"] == {}


# -- find_identical ------------------------------------------------------------------------


async def test_find_identical_filters_by_account(fake: FakeSGP, make_client: MakeClient) -> None:
    fake.add(minimal_body(account_id="acct-2"))
    kept = fake.add(minimal_body())
    async with make_client() as client:
        found = await find_identical(client, minimal_body())
        none = await find_identical(client, minimal_body("other-name"))
    assert found is not None and found.id == kept["id"]
    assert none is None
    assert all(r.url.params.get("account_id") == ACCOUNT for r in fake.requests)


# -- submit_template -----------------------------------------------------------------------


async def test_creates_when_nothing_identical_exists(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.add(minimal_body("different"))
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
    assert outcome.status == "created"
    assert outcome.template.id == fake.templates[-1]["id"]
    assert fake.count("POST") == 1 and len(fake.templates) == 2
    assert outcome.template.id in outcome.message


async def test_identical_template_exists_so_nothing_is_sent(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    existing = fake.add(minimal_body())
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
    assert outcome.status == "exists"
    assert outcome.template.id == existing["id"]
    assert existing["id"] in outcome.message and "nothing was created" in outcome.message
    assert fake.count("POST") == 0 and len(fake.templates) == 1


async def test_replay_twice_creates_once(fake: FakeSGP, make_client: MakeClient) -> None:
    async with make_client() as client:
        first = await submit_template(client, minimal_body())
        second = await submit_template(client, minimal_body())
    assert (first.status, second.status) == ("created", "exists")
    assert first.template.id == second.template.id
    assert fake.count("POST") == 1 and len(fake.templates) == 1


async def test_force_creates_even_when_identical_exists(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.add(minimal_body())
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body(), force=True)
    assert outcome.status == "created"
    assert fake.count("POST") == 1 and len(fake.templates) == 2


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("Connection reset by peer"),
    ],
)
async def test_ambiguous_failure_that_landed_is_recovered(
    fake: FakeSGP, make_client: MakeClient, failure: Exception
) -> None:
    fake.script("POST", fake.stored_after(failure))
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
    assert outcome.status == "recovered"
    assert len(fake.templates) == 1 and outcome.template.id == fake.templates[0]["id"]
    assert fake.count("POST") == 1


@pytest.mark.parametrize("code", [500, 502, 504])
async def test_server_error_after_storing_is_recovered(
    fake: FakeSGP, make_client: MakeClient, code: int
) -> None:
    def store_then_fail(request: httpx.Request) -> httpx.Response:
        fake.add(minimal_body())
        return httpx.Response(code, json={"detail": "gateway trouble"})

    fake.script("POST", store_then_fail)
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
    assert outcome.status == "recovered" and len(fake.templates) == 1
    assert fake.count("POST") == 1


@pytest.mark.parametrize(
    ("failure", "error_type"),
    [
        (httpx.ReadTimeout("timed out"), TimedOut),
        (httpx.RemoteProtocolError("Server disconnected"), ConnectionLost),
        (httpx.Response(500, json={"detail": "boom"}), ServerError),
    ],
)
async def test_ambiguous_failure_not_seen_after_says_the_server_may_still_create_it(
    fake: FakeSGP,
    make_client: MakeClient,
    failure: Exception | httpx.Response,
    error_type: type[Exception],
) -> None:
    """A check right after cannot see a create still in flight: never 'nothing was created'."""
    fake.script("POST", failure)
    async with make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body())
    failed = caught.value
    assert isinstance(failed.error, error_type)
    assert failed.created is None
    assert "nothing was created" not in failed.message
    assert "may still create it" in failed.message
    assert "run the same command again after 120 s" in failed.message  # 2 x the read timeout
    assert "\n" not in failed.message
    assert fake.templates == [] and fake.count("POST") == 1
    assert fake.count("GET") == 2  # looked before and once more after


async def test_forced_ambiguous_failure_ignores_the_older_identical_template(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.add(minimal_body())
    fake.script("POST", httpx.ReadTimeout("timed out"))
    async with make_client() as client:
        with pytest.raises(SubmitFailed, match="may still create it"):
            await submit_template(client, minimal_body(), force=True)
    assert len(fake.templates) == 1


async def test_forced_ambiguous_failure_that_landed_finds_the_new_one(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    old = fake.add(minimal_body())
    fake.script("POST", fake.stored_after(httpx.ReadTimeout("timed out")))
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body(), force=True)
    assert outcome.status == "recovered" and outcome.template.id != old["id"]


@pytest.mark.parametrize(
    ("failure", "error_type"),
    [
        (
            httpx.Response(
                422,
                json={"detail": [{"loc": ["body", "name"], "msg": "bad", "type": "value_error"}]},
            ),
            Rejected,
        ),
        (httpx.Response(403, json={"detail": "no access"}), AuthError),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] verify failed"), ConnectFailed),
    ],
)
async def test_clear_failures_are_not_reconciled(
    fake: FakeSGP,
    make_client: MakeClient,
    failure: Exception | httpx.Response,
    error_type: type[Exception],
) -> None:
    fake.script("POST", failure)
    async with make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body())
    assert isinstance(caught.value.error, error_type)
    assert caught.value.created is False and "nothing was created" in caught.value.message
    assert fake.count("POST") == 1 and fake.count("GET") == 1


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>proxy page</html>", headers={"content-type": "text/html"}),
        httpx.Response(200, text="{not json"),
        httpx.Response(200, json={"unexpected": "shape"}),
    ],
)
async def test_a_success_status_we_cannot_read_is_reconciled(
    fake: FakeSGP, make_client: MakeClient, answer: httpx.Response
) -> None:
    """A 200 says the server acted: an unreadable body must not read 'nothing was created'."""

    def store_then_answer(request: httpx.Request) -> httpx.Response:
        fake.add(minimal_body())
        return answer

    fake.script("POST", store_then_answer)
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
    assert outcome.status == "recovered" and len(fake.templates) == 1
    assert outcome.template.id == fake.templates[0]["id"]
    assert fake.count("POST") == 1


async def test_a_malformed_listed_template_fails_only_the_submits_of_its_name(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.add(minimal_body("someone-else"), created_at=None)  # the API always sends one
    fake.add(minimal_body("broken"), created_at=None)
    async with make_client() as client:
        outcome = await submit_template(client, minimal_body())
        assert outcome.status == "created"
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body("broken"))
    assert isinstance(caught.value.error, BadResponse)
    assert "('broken')" in caught.value.message and "nothing was created" in caught.value.message
    assert fake.count("POST") == 1


async def test_lookup_failure_before_creating_sends_nothing(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.script("GET", httpx.Response(401, json={"detail": "Not authenticated"}))
    async with make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body())
    assert isinstance(caught.value.error, AuthError)
    assert "nothing was created" in caught.value.message and "SGP_API_KEY" in caught.value.message
    assert fake.count("POST") == 0


async def test_reconcile_lookup_failure_says_the_outcome_is_unknown(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    fake.script("POST", fake.stored_after(httpx.ReadTimeout("timed out")))
    outage = [httpx.Response(503, json={"detail": "down"}) for _ in range(3)]
    fake.script("GET", lambda request: None, *outage)
    async with make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body())
    assert caught.value.created is None
    assert (
        "unknown" in caught.value.message and "will not create a duplicate" in caught.value.message
    )
    assert fake.count("POST") == 1


async def test_account_falls_back_to_the_client_config(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    body = minimal_body()
    del body["account_id"]
    async with make_client() as client:
        assert await find_identical(client, body) is None
    assert fake.requests[-1].url.params["account_id"] == ACCOUNT


# -- one run, many drafts ----------------------------------------------------------------


async def test_a_run_lists_the_account_once_not_per_draft(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    import asyncio

    from tui.core.submit import KnownTemplates

    bodies = [minimal_body(name=f"t{i}") for i in range(12)]
    async with make_client() as client:
        known = KnownTemplates(client)
        outcomes = await asyncio.gather(*(submit_template(client, b, known=known) for b in bodies))
    assert [o.status for o in outcomes] == ["created"] * 12
    assert fake.count("GET") == 1
    assert fake.count("POST") == 12


async def test_identical_drafts_in_one_run_create_one_template(
    fake: FakeSGP, make_client: MakeClient
) -> None:
    import asyncio

    from tui.core.submit import KnownTemplates

    body = minimal_body()
    async with make_client() as client:
        known = KnownTemplates(client)
        outcomes = await asyncio.gather(
            *(submit_template(client, copy.deepcopy(body), known=known) for _ in range(3))
        )
    assert sorted(o.status for o in outcomes) == ["created", "exists", "exists"]
    assert len({o.template.id for o in outcomes}) == 1
    assert len(fake.templates) == 1


# -- the journal of unknown outcomes, and the lock between processes ---------------------


def guard(tmp_path: Path, **kw: float) -> CreateGuard:
    return CreateGuard(tmp_path / "state", **kw)


async def test_a_retry_waits_for_a_create_that_lands_late(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    """The issue's duplicate: the server stores the create after the client gave up and
    after its check; the retry, run at once, must find it instead of creating a twin."""
    fake.script("POST", httpx.ReadTimeout("timed out"))
    async with make_client() as client:
        with pytest.raises(SubmitFailed):
            await submit_template(client, minimal_body(), guard=guard(tmp_path))
    landed = False

    def lands_on_the_second_look(request: httpx.Request) -> None:
        nonlocal landed
        if fake.count("GET") >= 4 and not landed:  # before, after, first poll, then it lands
            landed = True
            fake.add(minimal_body())

    fake.script("GET", *([lands_on_the_second_look] * 5))
    async with make_client() as client:
        outcome = await submit_template(
            client, minimal_body(), guard=guard(tmp_path, settle_seconds=30)
        )
    assert outcome.status == "exists" and "earlier submit" in outcome.message
    assert len(fake.templates) == 1 and fake.count("POST") == 1
    assert not list((tmp_path / "state" / "pending-creates").glob("*.json"))


async def test_a_retry_creates_once_the_settling_time_has_passed(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    fake.script("POST", httpx.ReadTimeout("timed out"))
    quick = guard(tmp_path, settle_seconds=0.3)
    async with make_client() as client:
        with pytest.raises(SubmitFailed, match="again after 1 s"):
            await submit_template(client, minimal_body(), guard=quick)
        outcome = await submit_template(client, minimal_body(), guard=quick)
    assert outcome.status == "created"
    assert len(fake.templates) == 1 and fake.count("POST") == 2


async def test_another_body_does_not_wait_for_a_pending_create(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    fake.script("POST", httpx.ReadTimeout("timed out"))
    slow = guard(tmp_path, settle_seconds=60)
    async with make_client() as client:
        with pytest.raises(SubmitFailed):
            await submit_template(client, minimal_body(), guard=slow)
        other = await submit_template(client, minimal_body(name="other"), guard=slow)
    assert other.status == "created"


async def test_a_held_lock_times_out_with_a_clear_message_and_sends_nothing(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    from tui.core.locks import create_lock, lock_path

    short = guard(tmp_path, lock_timeout=0.2)
    body = minimal_body()
    path = lock_path(tmp_path / "state" / "locks", BASE_URL, ACCOUNT, body["name"])
    async with create_lock(path, 1), make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, body, guard=short)
    assert caught.value.error is None and caught.value.created is False
    assert "another sgp-template process" in caught.value.message
    assert "nothing was sent" in caught.value.message
    assert fake.count("POST") == 0


async def test_a_create_by_another_process_since_the_listing_is_seen(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    """A run's cached listing may predate another process's create under the same lock:
    the lock file says when the last create was, and the listing is redone."""
    from tui.core.locks import create_lock, lock_path
    from tui.core.submit import KnownTemplates

    body = minimal_body()
    async with make_client() as client:
        known = KnownTemplates(client)
        await known.ids(ACCOUNT)  # the run listed the account: empty
        fake.add(body)  # another process creates it...
        path = lock_path(tmp_path / "state" / "locks", BASE_URL, ACCOUNT, body["name"])
        async with create_lock(path, 1) as lock:
            lock.mark_create()  # ...under the lock, as submit does
        outcome = await submit_template(client, body, known=known, guard=guard(tmp_path))
    assert outcome.status == "exists"
    assert len(fake.templates) == 1


async def test_an_unwritable_state_folder_is_a_clear_message_and_sends_nothing(
    fake: FakeSGP, make_client: MakeClient, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    async with make_client() as client:
        with pytest.raises(SubmitFailed) as caught:
            await submit_template(client, minimal_body(), guard=CreateGuard(blocked))
    assert "SGP_TEMPLATE_STATE_DIR" in caught.value.message
    assert "nothing was sent" in caught.value.message
    assert fake.count("POST") == 0
