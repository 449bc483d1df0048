"""The draft's JSON Schema: valid drafts pass, bad ones fail, no null anywhere."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from tests.strategies import valid_templates
from tui.core.drafts import Draft, draft_data
from tui.core.presets import PRESETS, preset_template
from tui.core.schema import draft_json_schema, draft_json_schema_text

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "drafts" / "v1_0.toml"
VALIDATOR = jsonschema.Draft202012Validator(draft_json_schema())


def errors_for(data: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


def fixture_data() -> dict[str, Any]:
    return tomllib.loads(FIXTURE.read_text(encoding="utf-8"))


def walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [item for child in node for item in walk(child)]
    if isinstance(node, dict):
        return [node, *(item for child in node.values() for item in walk(child))]
    return []


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(draft_json_schema())


def test_no_null_branches_or_defaults() -> None:
    schema = draft_json_schema()
    assert "null" not in json.dumps(schema)
    for node in walk(schema):
        for keyword in ("anyOf", "oneOf"):
            assert len(node.get(keyword, [1, 2])) > 1


def test_unknown_keys_are_forbidden_on_every_object() -> None:
    objects = [n for n in walk(draft_json_schema()) if "properties" in n]
    assert len(objects) >= 9
    assert all(node["additionalProperties"] is False for node in objects)


def test_titles_and_descriptions_are_kept() -> None:
    gpus = draft_json_schema()["$defs"]["CreateModelEndpointConfig"]["properties"]["gpus"]
    assert gpus["title"] == "GPUs"
    assert "GPU type" in gpus["description"]
    gpu_type = draft_json_schema()["$defs"]["CreateModelEndpointConfig"]["properties"]["gpu_type"]
    assert gpu_type == {
        "$ref": "#/$defs/GPUType",
        "title": "GPU type",
        "description": "The GPU model. Set it only when gpus > 0.",
    }


def test_enums_carry_a_description_per_value() -> None:
    gpu = draft_json_schema()["$defs"]["GPUType"]
    assert len(gpu["enumDescriptions"]) == len(gpu["enum"]) == 7
    assert all(gpu["enumDescriptions"])
    assert "BUNDLE" not in draft_json_schema()["$defs"]["ModelType"]["enum"]


def test_a_valid_draft_file_validates() -> None:
    assert errors_for(fixture_data()) == []


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_saved_as_drafts_validate(name: str) -> None:
    assert errors_for(draft_data(Draft(template=preset_template(name, "acc")))) == []


@settings(max_examples=50, deadline=None)
@given(template=valid_templates())
def test_every_valid_template_validates(template: dict[str, Any]) -> None:
    assert errors_for(draft_data(Draft(template=template))) == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["template"].update(modle_type="EMBEDDING"), "'modle_type' was unexpected"),
        (lambda d: d.update(extra=1), "'extra' was unexpected"),
        (
            lambda d: d["template"]["vendor_configuration"]["endpoint_config"].update(gpus="2"),
            "'2' is not of type 'integer'",
        ),
        (
            lambda d: d["template"]["vendor_configuration"]["endpoint_config"].update(cpus=1.5),
            "1.5 is not of type 'integer'",
        ),
        (lambda d: d["template"].update(model_type="BUNDLE"), "'BUNDLE' is not one of"),
        (lambda d: d["template"].pop("name"), "'name' is a required property"),
        (lambda d: d.update(draft_version="2.0"), "'2.0' does not match"),
        (lambda d: d.update(draft_version=1.0), "1.0 is not of type 'string'"),
        (
            lambda d: d["template"]["vendor_configuration"]["bundle_config"].update(env={"A": 1}),
            "1 is not of type 'string'",
        ),
        (
            lambda d: d["template"]["vendor_configuration"].update(vendor="OTHER"),
            "'LAUNCH' was expected",
        ),
    ],
)
def test_bad_drafts_fail(change: Any, fragment: str) -> None:
    data = fixture_data()
    change(data)
    messages = errors_for(data)
    assert any(fragment in message for message in messages), messages


def test_the_printed_text_is_the_schema() -> None:
    text = draft_json_schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == draft_json_schema()


def test_callers_get_their_own_copy() -> None:
    schema = draft_json_schema()
    schema["properties"].clear()
    assert draft_json_schema()["properties"]
