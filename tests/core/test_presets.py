"""Built-in presets: complete, warning-free, and safe to change."""

from __future__ import annotations

import pytest

from tui.core.drafts import Draft, dumps_draft, loads_draft
from tui.core.findings import validate_template
from tui.core.interpolation import references
from tui.core.presets import PRESETS, UnknownPreset, get_preset, preset_template


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_clean_once_the_account_is_added(name: str) -> None:
    template = preset_template(name, account_id="acc_1")
    report = validate_template(template)
    assert report.findings == ()
    assert report.model is not None


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_leave_the_account_to_the_user(name: str) -> None:
    template = get_preset(name).template
    assert "account_id" not in template
    assert [f.path for f in validate_template(template).errors] == ["account_id"]


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_have_a_title_and_one_line_description(name: str) -> None:
    preset = PRESETS[name]
    assert preset.name == name
    assert preset.title and preset.description
    assert "\n" not in preset.description


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_round_trip_through_a_draft(name: str) -> None:
    template = preset_template(name, account_id="acc_1")
    assert loads_draft(dumps_draft(Draft(template=template))).draft.template == template


def test_vllm_preset_streams_on_one_h100() -> None:
    template = preset_template("vllm-h100")
    endpoint = template["vendor_configuration"]["endpoint_config"]
    bundle = template["vendor_configuration"]["bundle_config"]
    assert template["endpoint_type"] == endpoint["endpoint_type"] == "STREAMING"
    assert (endpoint["per_worker"], endpoint["min_workers"], endpoint["gpus"]) == (1, 1, 1)
    assert endpoint["gpu_type"] == "nvidia-hopper-h100"
    assert (endpoint["cpus"], endpoint["memory"], endpoint["storage"]) == (8, "64Gi", "200Gi")
    assert template["endpoint_protocol"] == "VLLM"
    for command in (bundle["command"], bundle["streaming_command"]):
        assert "vllm.entrypoints.openai.api_server" in command
        assert command[command.index("--port") + 1] == "5005"
    names = [p["name"] for p in template["model_request_parameters_schema"]["parameters"]]
    assert names == ["temperature", "max_tokens"]


def test_secrets_are_references_not_values() -> None:
    template = preset_template("vllm-h100")
    assert template["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] == "${HF_TOKEN}"
    assert [r.names for r in references(template)] == [("HF_TOKEN",)]


@pytest.mark.parametrize(
    ("name", "model_type", "gpus"),
    [("cpu-embedding", "EMBEDDING", 0), ("reranker", "RERANKING", 1)],
)
def test_sync_presets(name: str, model_type: str, gpus: int) -> None:
    template = preset_template(name)
    endpoint = template["vendor_configuration"]["endpoint_config"]
    assert template["model_type"] == model_type
    assert template["endpoint_type"] == endpoint["endpoint_type"] == "SYNC"
    assert endpoint["gpus"] == gpus and endpoint["min_workers"] >= 1


def test_get_preset_returns_a_deep_copy() -> None:
    first = get_preset("vllm-h100")
    first.template["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] = "leaked"
    first.template["name"] = "changed"
    second = get_preset("vllm-h100")
    assert (
        second.template["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] == "${HF_TOKEN}"
    )
    assert second.template["name"] != "changed"


def test_unknown_preset_suggests_the_close_one() -> None:
    with pytest.raises(UnknownPreset) as caught:
        get_preset("vllm-h10")
    assert str(caught.value) == (
        "no preset named 'vllm-h10': did you mean 'vllm-h100'? "
        "choose one of vllm-h100, cpu-embedding, reranker"
    )
