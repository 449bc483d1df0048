"""Every deploy-time Launch rule: each bad template gets exactly the warning it deserves."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.findings import Severity, validate_template
from tui.core.launch_rules import GPU_LIMITS, format_gib, parse_quantity, required_paths
from tui.core.paths import parse_path, set_path, unset_path

ENDPOINT = "vendor_configuration.endpoint_config"
BUNDLE = "vendor_configuration.bundle_config"
RESOURCES = "vendor_configuration.fine_tuning_job_bundle_config.resources"


def deployable() -> dict[str, Any]:
    """A SYNC template that breaks no rule."""
    return {
        "name": "ok",
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "account_id": "acct",
        "vendor_configuration": {
            "bundle_config": {"registry": "r", "image": "i", "tag": "t", "command": ["serve"]},
            "endpoint_config": {"endpoint_type": "SYNC", "min_workers": 1},
        },
    }


def streaming() -> dict[str, Any]:
    data = deployable()
    data["endpoint_type"] = "STREAMING"
    data["vendor_configuration"]["bundle_config"]["streaming_command"] = ["stream"]
    data["vendor_configuration"]["endpoint_config"].update(endpoint_type="STREAMING", per_worker=1)
    return data


def warnings(data: dict[str, Any]) -> dict[str, str]:
    report = validate_template(data)
    assert report.errors == [], report.errors
    return {f.path: f.message for f in report.warnings}


def changed(base: dict[str, Any], **values: Any) -> dict[str, Any]:
    for path, value in values.items():
        parts = parse_path(path.replace("__", "."))
        if value is None:
            unset_path(base, parts)
        else:
            set_path(base, parts, value)
    return base


def test_clean_templates_have_no_warnings() -> None:
    assert warnings(deployable()) == {}
    assert warnings(streaming()) == {}


CASES = [
    # (description, template, path, fragment of the message)
    (
        "gpus without a type",
        changed(deployable(), **{f"{ENDPOINT}.gpus": 1}),
        f"{ENDPOINT}.gpu_type",
        "a GPU type is required when gpus is 1",
    ),
    (
        "a type without gpus",
        changed(deployable(), **{f"{ENDPOINT}.gpu_type": "nvidia-tesla-t4"}),
        f"{ENDPOINT}.gpus",
        "gpus is 0",
    ),
    (
        "negative gpus",
        changed(deployable(), **{f"{ENDPOINT}.gpus": -1}),
        f"{ENDPOINT}.gpus",
        "must be 0 or more",
    ),
    (
        "memory in the wrong unit",
        changed(deployable(), **{f"{ENDPOINT}.memory": "8GB"}),
        f"{ENDPOINT}.memory",
        "not a Kubernetes quantity",
    ),
    (
        "storage lower-case suffix",
        changed(deployable(), **{f"{ENDPOINT}.storage": "16gi"}),
        f"{ENDPOINT}.storage",
        "not a Kubernetes quantity",
    ),
    (
        "zero memory",
        changed(deployable(), **{f"{ENDPOINT}.memory": "0"}),
        f"{ENDPOINT}.memory",
        "more than 0",
    ),
    (
        "too many CPUs on CPU-only nodes",
        changed(deployable(), **{f"{ENDPOINT}.cpus": 7}),
        f"{ENDPOINT}.cpus",
        "at most 6",
    ),
    (
        "zero CPUs",
        changed(deployable(), **{f"{ENDPOINT}.cpus": 0}),
        f"{ENDPOINT}.cpus",
        "must be positive",
    ),
    (
        "too much memory on CPU-only nodes",
        changed(deployable(), **{f"{ENDPOINT}.memory": "29Gi"}),
        f"{ENDPOINT}.memory",
        "at most 28Gi",
    ),
    (
        "too much storage on a T4",
        changed(
            deployable(),
            **{
                f"{ENDPOINT}.gpus": 1,
                f"{ENDPOINT}.gpu_type": "nvidia-tesla-t4",
                f"{ENDPOINT}.storage": "640Gi",
            },
        ),
        f"{ENDPOINT}.storage",
        "storage for gpu_type=nvidia-tesla-t4",
    ),
    (
        "too many workers",
        changed(deployable(), **{f"{ENDPOINT}.max_workers": 251}),
        f"{ENDPOINT}.max_workers",
        "at most 250",
    ),
    (
        "min above max",
        changed(deployable(), **{f"{ENDPOINT}.min_workers": 3, f"{ENDPOINT}.max_workers": 2}),
        f"{ENDPOINT}.min_workers",
        "above max_workers",
    ),
    (
        "SYNC scaled to zero",
        changed(deployable(), **{f"{ENDPOINT}.min_workers": 0}),
        f"{ENDPOINT}.min_workers",
        "min_workers >= 1",
    ),
    (
        "zero per_worker",
        changed(deployable(), **{f"{ENDPOINT}.per_worker": 0}),
        f"{ENDPOINT}.per_worker",
        "1 or more",
    ),
    (
        "streaming with per_worker 10",
        changed(streaming(), **{f"{ENDPOINT}.per_worker": 10}),
        f"{ENDPOINT}.per_worker",
        "per_worker = 1",
    ),
    (
        "streaming without a streaming command",
        changed(streaming(), **{f"{BUNDLE}.streaming_command": []}),
        f"{BUNDLE}.streaming_command",
        "non-empty streaming command",
    ),
    (
        "SYNC without a command",
        changed(deployable(), **{f"{BUNDLE}.command": None}),
        f"{BUNDLE}.command",
        "non-empty command",
    ),
    (
        "route without a slash",
        changed(deployable(), **{f"{BUNDLE}.predict_route": "predict"}),
        f"{BUNDLE}.predict_route",
        "must start with /",
    ),
    (
        "empty health route",
        changed(deployable(), **{f"{BUNDLE}.healthcheck_route": ""}),
        f"{BUNDLE}.healthcheck_route",
        "must start with /",
    ),
    (
        "negative readiness delay",
        changed(deployable(), **{f"{BUNDLE}.readiness_initial_delay_seconds": -1}),
        f"{BUNDLE}.readiness_initial_delay_seconds",
        "0 or more",
    ),
    (
        "endpoint types disagree",
        changed(deployable(), **{f"{ENDPOINT}.endpoint_type": "ASYNC"}),
        f"{ENDPOINT}.endpoint_type",
        "the template's endpoint_type is SYNC",
    ),
    (
        "fine-tuning gpus without a type",
        changed(
            deployable(),
            **{
                "vendor_configuration.fine_tuning_job_bundle_config": {
                    "registry": "r",
                    "image": "i",
                    "tag": "t",
                    "resources": {"gpus": 2},
                }
            },
        ),
        f"{RESOURCES}.gpu_type",
        "required when gpus is 2",
    ),
    (
        "duplicate parameter names",
        changed(
            deployable(),
            model_request_parameters_schema={
                "parameters": [
                    {"name": "t", "type": "str", "description": "", "required": True},
                    {"name": "t", "type": "int", "description": "", "required": False},
                ]
            },
        ),
        "model_request_parameters_schema.parameters.1.name",
        "already parameter 1",
    ),
    (
        "empty parameter name",
        changed(
            deployable(),
            model_creation_parameters_schema={
                "parameters": [{"name": " ", "type": "str", "description": "", "required": True}]
            },
        ),
        "model_creation_parameters_schema.parameters.0.name",
        "needs a name",
    ),
]


@pytest.mark.parametrize(
    ("template", "path", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_warns_at_its_field(template: dict[str, Any], path: str, fragment: str) -> None:
    found = warnings(template)
    assert path in found, found
    assert fragment in found[path]


def test_omitted_endpoint_config_disagrees_through_the_server_default() -> None:
    data = deployable()
    del data["vendor_configuration"]["endpoint_config"]
    message = warnings(data)[f"{ENDPOINT}.endpoint_type"]
    assert "server's default" in message


def test_batch_is_flagged_for_launch() -> None:
    data = changed(deployable(), endpoint_type="BATCH", **{f"{ENDPOINT}.endpoint_type": "BATCH"})
    assert "no BATCH endpoint type" in warnings(data)[f"{ENDPOINT}.endpoint_type"]


def test_h100_allows_more_storage_than_other_gpus() -> None:
    data = changed(
        deployable(),
        **{
            f"{ENDPOINT}.gpus": 8,
            f"{ENDPOINT}.gpu_type": "nvidia-hopper-h100",
            f"{ENDPOINT}.storage": "1000Gi",
            f"{ENDPOINT}.cpus": 190,
            f"{ENDPOINT}.memory": "1998Gi",
        },
    )
    assert warnings(data) == {}


def test_rules_ignore_values_of_the_wrong_type() -> None:
    data = changed(deployable(), **{f"{ENDPOINT}.cpus": "many", f"{ENDPOINT}.memory": 8})
    report = validate_template(data)
    assert {f.path for f in report.errors} == {f"{ENDPOINT}.cpus", f"{ENDPOINT}.memory"}
    assert all(f.severity is Severity.WARNING for f in report.warnings)


@pytest.mark.parametrize(
    ("text", "size"),
    [("8Gi", 8 * 1024**3), ("512Mi", 512 * 1024**2), ("1.5G", 1.5e9), ("100", 100), ("1k", 1000)],
)
def test_quantity_parsing(text: str, size: float) -> None:
    assert parse_quantity(text) == size


@pytest.mark.parametrize("text", ["8gi", "8 Gi", "Gi", "-1Gi", "1.Gi", "8GB", ""])
def test_quantity_rejects_what_launch_rejects(text: str) -> None:
    assert parse_quantity(text) is None


def test_gpu_limits_describe_usable_resources() -> None:
    assert GPU_LIMITS[None].usable == "up to 6 CPUs, 28Gi memory, 639.1Gi storage"
    assert format_gib(1024**3) == "1Gi"


def test_an_invalid_endpoint_type_is_only_a_schema_error() -> None:
    data = changed(deployable(), endpoint_type="sync")
    report = validate_template(data)
    assert [f.path for f in report.errors] == ["endpoint_type"]
    assert f"{ENDPOINT}.endpoint_type" not in {f.path for f in report.warnings}


def test_required_paths_follow_the_rules_conditions() -> None:
    assert required_paths(deployable()) == frozenset()
    data = changed(streaming(), **{f"{ENDPOINT}.gpus": 1})
    assert required_paths(data) == {f"{BUNDLE}.streaming_command", f"{ENDPOINT}.gpu_type"}
    data["vendor_configuration"]["fine_tuning_job_bundle_config"] = {"resources": {"gpus": 2}}
    assert f"{RESOURCES}.gpu_type" in required_paths(data)
