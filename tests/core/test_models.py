"""The request model against the API contract: a table of good and bad values per field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tui.core.enums import EndpointType, GPUType, ModelType, ParameterType
from tui.core.findings import Severity, schema_findings, validate_template
from tui.core.models import ModelTemplate, ModelTemplateRequest
from tui.core.paths import parse_path, set_path, unset_path

VC = "vendor_configuration"
BUNDLE = f"{VC}.bundle_config"
ENDPOINT = f"{VC}.endpoint_config"
FT = f"{VC}.fine_tuning_job_bundle_config"
REQ = "model_request_parameters_schema.parameters.0"


def minimal() -> dict[str, Any]:
    return {
        "name": "llama",
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "account_id": "acct",
        "vendor_configuration": {
            "bundle_config": {"registry": "reg.example.com", "image": "team/llm", "tag": "1.0"}
        },
    }


def full() -> dict[str, Any]:
    data = minimal()
    data["vendor_configuration"]["bundle_config"].update(command=["serve"], env={"A": "b"})
    data["vendor_configuration"]["endpoint_config"] = {"cpus": 2, "gpus": 0}
    data["vendor_configuration"]["fine_tuning_job_bundle_config"] = {
        "registry": "r",
        "image": "i",
        "tag": "t",
        "resources": {"cpus": 1},
    }
    data["model_request_parameters_schema"] = {
        "parameters": [{"name": "t", "type": "float", "description": "", "required": False}]
    }
    data["model_creation_parameters_schema"] = {"parameters": []}
    return data


def with_value(path: str, value: Any) -> dict[str, Any]:
    data = full()
    set_path(data, parse_path(path), value)
    return data


def errors_at(data: dict[str, Any]) -> dict[str, str]:
    _, findings = schema_findings(data)
    return {f.path: f.message for f in findings}


GOOD = [
    ("name", "a template"),
    ("name", ""),
    ("name", 'ünïcode "quoted"'),
    *[("endpoint_type", v.value) for v in EndpointType],
    *[("model_type", v.value) for v in ModelType],
    *[("endpoint_protocol", v) for v in ("SGP", "COHERE", "VLLM")],
    (f"{VC}.vendor", "LAUNCH"),
    (f"{BUNDLE}.command", []),
    (f"{BUNDLE}.command", ["python", "-m", "x"]),
    (f"{BUNDLE}.env", {}),
    (f"{BUNDLE}.env", {"HF_TOKEN": "${HF_TOKEN}"}),
    (f"{BUNDLE}.streaming_command", ["stream"]),
    (f"{BUNDLE}.readiness_initial_delay_seconds", 0),
    (f"{BUNDLE}.healthcheck_route", "/health"),
    (f"{ENDPOINT}.cpus", 6),
    (f"{ENDPOINT}.memory", "512Mi"),
    (f"{ENDPOINT}.high_priority", True),
    *[(f"{ENDPOINT}.gpu_type", v.value) for v in GPUType],
    *[(f"{REQ}.type", v.value) for v in ParameterType],
    (f"{FT}.training_dataset_schema_type", "GENERATION"),
    (f"{FT}.training_dataset_schema_type", "RERANKING_QUESTIONS"),
    (f"{FT}.mount_location", "/workspace/config.json"),
    (f"{FT}.resources.gpu_type", "nvidia-tesla-t4"),
]


@pytest.mark.parametrize(("path", "value"), GOOD)
def test_good_values_are_accepted(path: str, value: Any) -> None:
    assert errors_at(with_value(path, value)) == {}


BAD = [
    ("name", 5, "must be a string (got an integer 5)"),
    # What the wizard keeps when 2.5 is typed into CPUs: say why it is wrong, in plain words.
    (f"{ENDPOINT}.cpus", "2.5", "must be a whole number (got 2.5)"),
    (f"{ENDPOINT}.gpus", 1.5, "must be a whole number (got 1.5)"),
    (f"{ENDPOINT}.cpus", "four", "must be a whole number (got a string 'four')"),
    ("endpoint_type", "sync", "did you mean 'SYNC'?"),
    ("endpoint_type", "REALTIME", "must be one of SYNC, ASYNC, STREAMING, BATCH"),
    ("model_type", "BUNDLE", "BUNDLE is reserved"),
    ("model_type", "CHAT", "must be one of COMPLETION"),
    ("endpoint_protocol", "HTTP", "must be one of SGP, COHERE, VLLM"),
    ("endpoint_protocol", None, "null is not allowed"),
    ("account_id", None, "is required and cannot be null"),
    (f"{VC}.vendor", "SAGEMAKER", "must be 'LAUNCH'"),
    (f"{BUNDLE}.tag", 20240101, "must be a string (got an integer 20240101)"),
    (f"{BUNDLE}.command", "python serve.py", "must be a list"),
    (f"{BUNDLE}.command.0", 1, "must be a string"),
    (f"{BUNDLE}.env.PORT", 5005, "must be a string (got an integer 5005)"),
    (f"{BUNDLE}.streaming_command", None, "null is not allowed"),
    (f"{BUNDLE}.readiness_initial_delay_seconds", "120", "must be a whole number (got a string"),
    (f"{BUNDLE}.readiness_initial_delay_seconds", 1.5, "must be a whole number"),
    (f"{ENDPOINT}.cpus", "4", "must be a whole number (got a string '4': write it without quotes)"),
    (f"{ENDPOINT}.cpus", 1.5, "must be a whole number"),
    (f"{ENDPOINT}.cpus", True, "must be a whole number (got a boolean True)"),
    (f"{ENDPOINT}.memory", 8, "must be a string"),
    (f"{ENDPOINT}.gpus", None, "null is not allowed"),
    (f"{ENDPOINT}.gpu_type", "nvidia-h100", "must be one of nvidia-tesla-t4"),
    (f"{ENDPOINT}.gpu_type", None, "null is not allowed"),
    (f"{ENDPOINT}.high_priority", "yes", "must be true or false"),
    (f"{ENDPOINT}.endpoint_type", "batch", "did you mean 'BATCH'?"),
    (f"{REQ}.type", "string", "did you mean 'str'?"),
    (f"{REQ}.required", "no", "must be true or false"),
    (f"{FT}.training_dataset_schema_type", "CLASSIFICATION", "must be one of GENERATION"),
    (f"{FT}.resources", None, "null is not allowed"),
    (f"{FT}.resources.cpus", "2", "must be a whole number"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD)
def test_bad_values_are_errors_at_their_path(path: str, value: Any, message: str) -> None:
    found = errors_at(with_value(path, value))
    assert path in found, found
    assert message in found[path]


@pytest.mark.parametrize(
    "path",
    [
        "name",
        "endpoint_type",
        "model_type",
        "account_id",
        "vendor_configuration",
        f"{BUNDLE}.registry",
        f"{BUNDLE}.image",
        f"{BUNDLE}.tag",
        f"{FT}.registry",
        f"{REQ}.name",
        f"{REQ}.type",
        f"{REQ}.description",
        f"{REQ}.required",
        "model_request_parameters_schema.parameters",
    ],
)
def test_required_fields_are_reported_missing(path: str) -> None:
    data = full()
    assert unset_path(data, parse_path(path))
    assert errors_at(data) == {path: "is required"}


@pytest.mark.parametrize(
    ("path", "suggestion"),
    [
        ("nmae", "did you mean 'name'?"),
        (f"{ENDPOINT}.gpu_typ", "did you mean 'gpu_type'?"),
        (f"{BUNDLE}.comand", "did you mean 'command'?"),
        (f"{FT}.resources.memroy", "did you mean 'memory'?"),
        (f"{REQ}.requird", "did you mean 'required'?"),
        ("totally_unrelated", None),
    ],
)
def test_unknown_keys_are_errors_with_suggestions(path: str, suggestion: str | None) -> None:
    message = errors_at(with_value(path, "x"))[path]
    assert message.startswith("unknown key")
    if suggestion:
        assert message.endswith(suggestion)
    else:
        assert "did you mean" not in message


def test_body_leaves_unset_optional_fields_out() -> None:
    body = ModelTemplateRequest.model_validate(minimal()).body()
    assert body == minimal()
    assert "endpoint_config" not in body["vendor_configuration"]
    assert "null" not in repr(body).lower()


def test_body_keeps_explicit_defaults_and_empty_values() -> None:
    data = with_value(f"{ENDPOINT}.cpus", 3)
    set_path(data, parse_path(f"{BUNDLE}.env"), {})
    body = ModelTemplateRequest.model_validate(data).body()
    assert body["vendor_configuration"]["endpoint_config"]["cpus"] == 3
    assert body["vendor_configuration"]["bundle_config"]["env"] == {}


def test_full_body_round_trips_through_the_model() -> None:
    data = full()
    assert ModelTemplateRequest.model_validate(data).body() == data


def test_template_that_is_not_a_table_is_one_error() -> None:
    report = validate_template(["not", "a", "table"])
    assert [(f.path, f.severity) for f in report.findings] == [("", Severity.ERROR)]


def test_response_model_is_lenient() -> None:
    raw = {
        "id": "t1",
        "created_at": "2026-01-01T00:00:00Z",
        "account_id": "a",
        "created_by_user_id": "u",
        "name": "n",
        "endpoint_type": "SYNC",
        "model_type": "BUNDLE",
        "vendor_configuration": {"bundle_config": {"registry": "r", "image": "i", "tag": "t"}},
        "endpoint_protocol": None,
        "brand_new_field": 1,
    }
    template = ModelTemplate.model_validate(raw)
    assert template.created_by_identity_type is None
    body = template.request_body()
    assert "id" not in body and "brand_new_field" not in body
    assert "endpoint_protocol" not in body


def test_response_request_body_strips_nested_nulls() -> None:
    raw = {
        "id": "t1",
        "created_at": "2026-01-01T00:00:00Z",
        "account_id": "a",
        "created_by_user_id": "u",
        "created_by_identity_type": "service_account",
        "name": "n",
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "vendor_configuration": {
            "vendor": "LAUNCH",
            "bundle_config": {"registry": "r", "image": "i", "tag": "t", "streaming_command": None},
            "endpoint_config": {"gpu_type": None, "cpus": 3},
            "fine_tuning_job_bundle_config": None,
        },
    }
    body = ModelTemplate.model_validate(raw).request_body()
    assert validate_template(body).errors == []
    vc = body["vendor_configuration"]
    assert "streaming_command" not in vc["bundle_config"]
    assert vc["endpoint_config"] == {"cpus": 3}


def test_validation_does_not_mutate_input() -> None:
    data = full()
    before = copy.deepcopy(data)
    validate_template(data)
    assert data == before
