"""The deploy-time findings of issue 10, one table per rule: a draft that triggers it, the
nearest draft that must not, and the message (at the path that must change)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tui.core.findings import validate_template
from tui.core.presets import PRESETS

VC = "vendor_configuration"
BUNDLE = f"{VC}.bundle_config"
ENDPOINT = f"{VC}.endpoint_config"

BASE: dict[str, Any] = {
    "name": "t",
    "endpoint_type": "SYNC",
    "model_type": "COMPLETION",
    "account_id": "acct",
    "vendor_configuration": {
        "bundle_config": {
            "registry": "docker.io",
            "image": "team/server",
            "tag": "1.0",
            "command": ["python", "-m", "server", "--port", "5005"],
        },
        "endpoint_config": {
            "endpoint_type": "SYNC",
            "cpus": 4,
            "memory": "16Gi",
            "storage": "32Gi",
            "gpus": 1,
            "gpu_type": "nvidia-hopper-h100",
            "min_workers": 1,
            "max_workers": 1,
        },
    },
}


def draft(bundle: dict[str, Any] | None = None, **endpoint: Any) -> dict[str, Any]:
    template = copy.deepcopy(BASE)
    template[VC]["bundle_config"].update(bundle or {})
    template[VC]["endpoint_config"].update(endpoint)
    return template


def messages_at(template: dict[str, Any], path: str, rule: str | None = None) -> list[str]:
    return [
        f.message
        for f in validate_template(template).findings
        if f.path == path and (rule is None or f.rule.endswith(rule))
    ]


def test_the_base_draft_is_clean() -> None:
    assert validate_template(BASE).findings == ()


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_stay_free_of_findings(name: str) -> None:
    template = {**PRESETS[name].template, "account_id": "acct"}
    assert [str(f) for f in validate_template(template).findings] == []


# -- 8. GPU type spelled the short way ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("h100", "nvidia-hopper-h100"),
        ("a10", "nvidia-ampere-a10"),
        ("t4", "nvidia-tesla-t4"),
        ("A100-80GB", "nvidia-ampere-a100e"),
        ("a100", "nvidia-ampere-a100"),
        ("NVIDIA H100", "nvidia-hopper-h100"),
    ],
)
def test_short_gpu_names_get_the_enum_value(typed: str, meant: str) -> None:
    [message] = messages_at(draft(gpu_type=typed), f"{ENDPOINT}.gpu_type")
    assert message.endswith(f"(got {typed!r}); did you mean {meant!r}?")


def test_an_unknown_gpu_gets_no_made_up_suggestion() -> None:
    [message] = messages_at(draft(gpu_type="x9000"), f"{ENDPOINT}.gpu_type")
    assert "did you mean" not in message


# -- 4. memory and storage without a unit ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("memory", "64", "'64' has no unit, so it means 64 bytes: write '64Gi' for 64 GiB"),
        ("storage", "100", "'100' has no unit, so it means 100 bytes: write '100Gi' for 100 GiB"),
        ("memory", "64k", "'64k' is only 64000 bytes: write '64Gi' for 64 GiB"),
    ],
)
def test_a_quantity_under_1mi_is_a_missing_unit(key: str, value: str, message: str) -> None:
    assert messages_at(draft(**{key: value}), f"{ENDPOINT}.{key}") == [message]


@pytest.mark.parametrize("value", ["1Mi", "512Mi", "1048576", "16Gi"])
def test_a_quantity_of_1mi_or_more_is_fine(value: str) -> None:
    assert messages_at(draft(memory=value), f"{ENDPOINT}.memory") == []


# -- 7. workers --------------------------------------------------------------------------


def test_max_workers_zero_means_no_worker() -> None:
    template = draft(min_workers=0, max_workers=0)
    [message] = messages_at(template, f"{ENDPOINT}.max_workers")
    assert message.startswith("0 means no worker will ever run")
    assert messages_at(draft(min_workers=0, max_workers=1), f"{ENDPOINT}.max_workers") == []


def test_min_above_max_still_warns() -> None:
    assert messages_at(draft(min_workers=3, max_workers=2), f"{ENDPOINT}.min_workers") == [
        "min_workers (3) is above max_workers (2)"
    ]


# -- 6. image reference in the wrong fields -------------------------------------------------

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        (
            {"image": "team/vllm:0.6.3"},
            "image",
            "holds a tag: set image = 'team/vllm', tag = '0.6.3'; Launch pulls registry/image:tag",
        ),
        (
            {"image": "ghcr.io/team/vllm:1.0"},
            "image",
            "holds the registry host and a tag: set registry = 'ghcr.io', image = 'team/vllm', "
            "tag = '1.0'; Launch pulls registry/image:tag",
        ),
        (
            {"image": f"team/vllm@{DIGEST}"},
            "image",
            "holds a digest: set image = 'team/vllm' (SGP cannot pin a digest: use the tag it "
            "was pushed as); Launch pulls registry/image:tag",
        ),
        (
            {"registry": "https://ghcr.io/v2/"},
            "registry",
            "'https://ghcr.io/v2/' is a URL: the registry is the host alone, 'ghcr.io'",
        ),
        (
            {"tag": "1.0:latest"},
            "tag",
            "'1.0:latest' is more than a tag: the tag is what follows the last ':' of a "
            "reference (SGP cannot pin a digest; use the tag the digest was pushed as)",
        ),
    ],
)
def test_image_parts_in_the_wrong_field(fields: dict[str, str], path: str, message: str) -> None:
    assert messages_at(draft(fields), f"{BUNDLE}.{path}", "image") == [message]


@pytest.mark.parametrize(
    "fields",
    [
        {"image": "team/vllm", "tag": "0.6.3"},
        {"registry": "localhost:5000", "image": "vllm"},
        {"registry": "ghcr.io", "image": "huggingface/text-embeddings-inference"},
        {"tag": "v0.6.3-cuda12.1"},
    ],
)
def test_image_parts_in_their_fields_are_fine(fields: dict[str, str]) -> None:
    assert [f for f in validate_template(draft(fields)).findings if f.rule.endswith("image")] == []
