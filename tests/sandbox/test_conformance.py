"""Conformance: what the client builds, the server's own schema accepts; and vice versa for
the things the client refuses on purpose (null, unknown keys are server-accepted but
client-rejected; that asymmetry is deliberate and documented in tui.core.models)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.sandbox.conftest import MINIMAL_BODY
from tests.strategies import valid_templates
from tui.core.models import ModelTemplateRequest
from tui.core.presets import PRESETS, preset_template
from tui.sandbox.validation import body_errors, component, fill_defaults, openapi_document

REFERENCE = (
    Path(__file__).resolve().parents[3] / "shared/reference/sgp-model-templates.openapi.json"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_templates())
def test_every_generated_body_is_accepted_by_the_server_schema(template: dict) -> None:
    body = ModelTemplateRequest.model_validate(template).body()
    assert body_errors(body) == []


def test_presets_are_accepted_by_the_server_schema() -> None:
    assert PRESETS
    for name in PRESETS:
        template = preset_template(name, account_id="acct")
        body = ModelTemplateRequest.model_validate(template).body()
        assert body_errors(body) == [], name


def test_filled_defaults_keep_what_was_sent() -> None:
    body = {**MINIMAL_BODY, "surprise": 1}
    filled = fill_defaults(body)
    assert filled["surprise"] == 1 and filled["name"] == MINIMAL_BODY["name"]
    assert filled["vendor_configuration"]["bundle_config"]["tag"] == "1.0"
    assert "command" not in MINIMAL_BODY["vendor_configuration"]["bundle_config"], "not mutated"


def test_the_minimal_body_is_valid_and_each_required_field_is_needed() -> None:
    assert body_errors(MINIMAL_BODY) == []
    for name in component("ModelTemplateRequest")["required"]:
        partial = {k: v for k, v in MINIMAL_BODY.items() if k != name}
        assert [(e["loc"], e["type"]) for e in body_errors(partial)] == [
            (["body", name], "missing")
        ]


def test_the_shipped_schema_is_the_reference_document() -> None:
    if REFERENCE.exists():
        assert openapi_document() == json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert "ModelTemplateRequest" in openapi_document()["components"]["schemas"]
