"""plan_draft decides exists / create / drift; saved plans round-trip and go stale."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.core.conftest import ACCOUNT, minimal_body
from tui.core.client import ListedTemplate
from tui.core.errors import BadResponse
from tui.core.models import ModelTemplate
from tui.core.plan import (
    DraftInput,
    Listing,
    Plan,
    PlanFileError,
    plan_draft,
    stale_reasons,
)

TAG = "vendor_configuration.bundle_config.tag"


def stored(body: dict[str, Any], template_id: str, created_at: str) -> ModelTemplate:
    return ModelTemplate(**body, id=template_id, created_at=created_at, created_by_user_id="u1")


def draft_of(body: dict[str, Any], file: str = "a.toml") -> DraftInput:
    return DraftInput(file, body, body)


def with_tag(tag: str) -> dict[str, Any]:
    body = minimal_body()
    body["vendor_configuration"]["bundle_config"]["tag"] = tag
    return body


def test_create_when_no_template_has_the_name() -> None:
    planned = plan_draft(draft_of(minimal_body()), ACCOUNT, {})
    assert (planned.action, planned.template_id, planned.same_name) == ("create", None, ())


def test_exists_when_any_template_of_the_name_is_identical() -> None:
    old = stored(with_tag("0.1"), "t-old", "2026-01-01")
    same = stored(minimal_body(), "t-same", "2026-01-02")
    newer = stored(with_tag("0.9"), "t-new", "2026-01-03")
    by_name = {"vllm-h100": [newer, old, same]}
    planned = plan_draft(draft_of(minimal_body()), ACCOUNT, by_name)
    assert (planned.action, planned.template_id) == ("exists", "t-same")
    assert planned.same_name == ("t-old", "t-same", "t-new")  # oldest first


def test_drift_is_against_the_newest_of_the_name() -> None:
    by_name = {
        "vllm-h100": [
            stored(with_tag("0.9"), "t-new", "2026-01-03"),
            stored(with_tag("0.1"), "t-old", "2026-01-01"),
        ]
    }
    planned = plan_draft(draft_of(with_tag("1.0")), ACCOUNT, by_name)
    assert (planned.action, planned.template_id, planned.paths) == ("drift", "t-new", (TAG,))


def saved_plan() -> Plan:
    draft = draft_of(minimal_body())
    return Plan("https://sgp.test", "dev", [plan_draft(draft, ACCOUNT, {})])


def test_saved_plan_round_trips() -> None:
    plan = saved_plan()
    assert Plan.from_json(plan.to_json()) == plan


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not JSON"), ("[]", "not a saved plan"), ('{"format": "sgp-template-plan"}', "version")],
)
def test_not_a_plan(text: str, message: str) -> None:
    with pytest.raises(PlanFileError, match=message):
        Plan.from_json(text)


def test_stale_when_target_server_or_draft_changed() -> None:
    saved = saved_plan()
    assert stale_reasons(saved, saved_plan()) == []
    other_target = Plan("https://prod.test", "dev", saved.drafts)
    assert "was made for https://sgp.test" in stale_reasons(saved, other_target)[0]
    body = minimal_body()
    taken = {"vllm-h100": [stored(body, "t-1", "2026-01-01")]}
    server_changed = Plan(saved.target, "dev", [plan_draft(draft_of(body), ACCOUNT, taken)])
    assert stale_reasons(saved, server_changed) == [
        "a.toml: the server changed since the plan (was create, now exists; templates named "
        "'vllm-h100': [] -> ['t-1'])"
    ]
    edited = copy.deepcopy(body)
    edited["vendor_configuration"]["bundle_config"]["tag"] = "2"
    draft_changed = Plan(saved.target, "dev", [plan_draft(draft_of(edited), ACCOUNT, {})])
    assert stale_reasons(saved, draft_changed) == ["a.toml: the draft changed since the plan"]
    more = Plan(
        saved.target, "dev", [*saved.drafts, plan_draft(draft_of(body, "b.toml"), ACCOUNT, {})]
    )
    assert stale_reasons(saved, more) == ["b.toml: not in the plan"]


def listed(body: dict[str, Any], template_id: str, created_at: str | None) -> ListedTemplate:
    """A template as a server lists it (`created_at` None: malformed, the API always sends
    one)."""
    return ListedTemplate(
        {**body, "id": template_id, "created_at": created_at, "created_by_user_id": "u1"}
    )


def test_a_listing_reads_only_the_templates_of_the_names_planned() -> None:
    other = copy.deepcopy(minimal_body())
    other["name"] = "someone-else"
    listing = Listing([listed(minimal_body(), "t-same", "2026-01-01"), listed(other, "t-x", None)])
    planned = plan_draft(draft_of(minimal_body()), ACCOUNT, listing)
    assert (planned.action, planned.template_id) == ("exists", "t-same")
    assert sorted(listing) == ["someone-else", "vllm-h100"]


def test_a_malformed_template_of_a_planned_name_stops_the_plan() -> None:
    listing = Listing([listed(with_tag("0.1"), "t-bad", None)])
    with pytest.raises(BadResponse, match=r"template t-bad \('vllm-h100'\).*created_at"):
        plan_draft(draft_of(minimal_body()), ACCOUNT, listing)
