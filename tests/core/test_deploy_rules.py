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


# -- 5. a command written as one string -----------------------------------------------------


def test_a_one_string_command_gets_the_split_list_as_its_fix() -> None:
    text = "python3 -m vllm.entrypoints.openai.api_server --port 5005"
    [finding] = [
        f
        for f in validate_template(draft({"command": [text]})).findings
        if f.path.endswith("command")
    ]
    split = ("python3", "-m", "vllm.entrypoints.openai.api_server", "--port", "5005")
    assert finding.fix == split
    assert finding.as_dict()["fix"] == list(split)
    assert finding.message.startswith("is one argument with no shell around it")
    assert finding.message.endswith(f": {list(split)!r}")


@pytest.mark.parametrize("command", [["serve"], ["python", "-m", "server", "--port", "5005"]])
def test_a_list_of_arguments_is_fine(command: list[str]) -> None:
    assert messages_at(draft({"command": command}), f"{BUNDLE}.command") == []


def test_an_unsplittable_string_still_warns_without_a_fix() -> None:
    [finding] = [
        f
        for f in validate_template(draft({"command": ["echo 'unclosed"]})).findings
        if f.path.endswith("command")
    ]
    assert finding.fix is None and "one argument" in finding.message


# -- 1. the port ----------------------------------------------------------------------------

VLLM_ROUTES = {"healthcheck_route": "/health", "predict_route": "/v1/completions"}
TEI_ROUTES = {"healthcheck_route": "/health", "predict_route": "/embed"}
ADD = "but Launch forwards requests to port 5005 in the container: add"


@pytest.mark.parametrize(
    ("bundle", "message"),
    [
        (
            {"command": ["python", "-m", "server", "--port", "8000"]},
            "makes the server listen on port 8000 (--port 8000), but Launch forwards requests "
            "to port 5005 in the container: use --port 5005",
        ),
        (
            {"command": ["python", "-m", "server", "--port=8000"]},
            "makes the server listen on port 8000 (--port 8000), but Launch forwards requests "
            "to port 5005 in the container: use --port 5005",
        ),
        (
            {"command": ["python", "-m", "server", "-p", "8080"]},
            "makes the server listen on port 8080 (-p 8080), but Launch forwards requests "
            "to port 5005 in the container: use -p 5005",
        ),
        (
            {"command": ["vllm", "serve", "m"], **VLLM_ROUTES},
            f"vLLM's OpenAI server listens on port 8000 by default, {ADD} --port 5005",
        ),
        (
            {"command": ["python3", "-m", "vllm.entrypoints.openai.api_server"], **VLLM_ROUTES},
            f"vLLM's OpenAI server listens on port 8000 by default, {ADD} --port 5005",
        ),
        (
            {"command": ["uvicorn", "app:app", "--host", "0.0.0.0"]},
            f"uvicorn listens on port 8000 by default, {ADD} --port 5005",
        ),
        (
            {"command": ["gunicorn", "app:app"]},
            f"gunicorn listens on port 8000 by default, {ADD} --bind 0.0.0.0:5005",
        ),
        (
            {"command": ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]},
            "makes the server listen on port 8000 (-b 0.0.0.0:8000), but Launch forwards "
            "requests to port 5005 in the container: use -b 0.0.0.0:5005",
        ),
        (
            {"command": ["text-generation-launcher", "--model-id", "m"]},
            f"text-generation-inference listens on port 3000 by default, {ADD} --port 5005",
        ),
        (
            {
                "image": "huggingface/text-embeddings-inference",
                "command": ["text-embeddings-router", "--model-id", "m"],
                **TEI_ROUTES,
            },
            "text-embeddings-inference listens on port 80 (Hugging Face's image sets PORT=80), "
            f"{ADD} --port 5005",
        ),
        (
            {"command": ["sh", "-c", "exec uvicorn app:app --port 8000"]},
            "makes the server listen on port 8000 (--port 8000), but Launch forwards requests "
            "to port 5005 in the container: use --port 5005",
        ),
    ],
)
def test_a_server_on_another_port_is_named(bundle: dict[str, Any], message: str) -> None:
    assert messages_at(draft(bundle), f"{BUNDLE}.command", "port") == [message]


@pytest.mark.parametrize(
    "bundle",
    [
        {"command": ["vllm", "serve", "m", "--port", "5005"]},
        {"command": ["uvicorn", "app:app", "--port=5005"]},
        {"command": ["gunicorn", "--bind", "0.0.0.0:5005", "app:app"]},
        {"command": ["gunicorn", "app:app"], "env": {"PORT": "5005"}},
        {"command": ["text-embeddings-router", "--model-id", "m"], "env": {"PORT": "5005"}},
        {"command": ["text-generation-launcher", "-p", "5005"]},
        {"command": ["./start.sh"]},  # unknown program, no port flag: nothing to say
    ],
)
def test_a_server_on_5005_is_fine(bundle: dict[str, Any]) -> None:
    assert messages_at(draft(bundle), f"{BUNDLE}.command", "port") == []


def test_the_streaming_command_is_checked_too() -> None:
    template = draft({"streaming_command": ["uvicorn", "app:app"]})
    assert messages_at(template, f"{BUNDLE}.streaming_command", "port") == [
        f"uvicorn listens on port 8000 by default, {ADD} --port 5005"
    ]


# -- 2. routes for the server in the command ------------------------------------------------

VLLM_CMD = ["vllm", "serve", "m", "--port", "5005"]


@pytest.mark.parametrize(
    ("bundle", "model_type", "key", "message"),
    [
        (
            {"command": VLLM_CMD},
            "COMPLETION",
            "healthcheck_route",
            "vLLM's OpenAI server does not serve /readyz (SGP's default, since it is not set), "
            "so the pod never turns ready: use /health",
        ),
        (
            {"command": VLLM_CMD, "predict_route": "/predict"},
            "CHAT_COMPLETION",
            "predict_route",
            "vLLM's OpenAI server does not serve /predict, so every request 404s: use "
            "/v1/chat/completions",
        ),
        (
            {"command": VLLM_CMD},
            "EMBEDDING",
            "predict_route",
            "vLLM's OpenAI server does not serve /predict (SGP's default, since it is not set), "
            "so every request 404s: use /v1/embeddings",
        ),
        (
            {"command": ["text-generation-launcher", "-p", "5005"], "healthcheck_route": "/hc"},
            "COMPLETION",
            "healthcheck_route",
            "text-generation-inference does not serve /hc, so the pod never turns ready: use "
            "/health",
        ),
        (
            {"command": ["text-embeddings-router", "-p", "5005"], "predict_route": "/predict"},
            "EMBEDDING",
            "predict_route",
            "text-embeddings-inference answers /predict for other kinds of model than "
            "EMBEDDING, so every request fails: use /embed",
        ),
    ],
)
def test_routes_the_server_does_not_answer(
    bundle: dict[str, Any], model_type: str, key: str, message: str
) -> None:
    template = {**draft(bundle), "model_type": model_type}
    assert messages_at(template, f"{BUNDLE}.{key}", "routes") == [message]


def test_a_streaming_route_is_checked_against_the_streaming_command() -> None:
    template = draft(
        {"command": [], "streaming_command": VLLM_CMD, "healthcheck_route": "/health"},
        endpoint_type="STREAMING",
        per_worker=1,
    )
    template.update(endpoint_type="STREAMING", model_type="CHAT_COMPLETION")
    assert messages_at(template, f"{BUNDLE}.streaming_predict_route", "routes") == [
        "vLLM's OpenAI server does not serve /generate_streaming (SGP's default, since it is "
        "not set), so every stream 404s: use /v1/chat/completions"
    ]


@pytest.mark.parametrize(
    "bundle",
    [
        {"command": VLLM_CMD, **VLLM_ROUTES},
        {"command": ["text-embeddings-router", "-p", "5005"], **TEI_ROUTES},
        {"command": ["uvicorn", "app:app", "--port", "5005"]},  # the app's own routes
    ],
)
def test_routes_the_server_answers_are_fine(bundle: dict[str, Any]) -> None:
    assert [f for f in validate_template(draft(bundle)).findings if "routes" in f.rule] == []


# -- 3. will the model fit on the GPUs? -----------------------------------------------------


def vllm_model(*args: str) -> dict[str, Any]:
    return {"command": ["vllm", "serve", *args, "--port", "5005"], **VLLM_ROUTES}


@pytest.mark.parametrize(
    ("bundle", "endpoint", "message"),
    [
        (
            vllm_model("meta-llama/Llama-3.1-70B-Instruct"),
            {"gpus": 1, "gpu_type": "nvidia-hopper-h100"},
            "meta-llama/Llama-3.1-70B-Instruct needs about 140 GB for its weights alone (70B "
            "parameters x 2 bytes), but 1 x nvidia-hopper-h100 has 80 GB and the server needs "
            "room beyond the weights",
        ),
        (
            vllm_model("mistralai/Mixtral-8x7B-Instruct-v0.1"),
            {"gpus": 2, "gpu_type": "nvidia-ampere-a100"},
            "mistralai/Mixtral-8x7B-Instruct-v0.1 needs about 90 GB for its weights alone "
            "(44.8B parameters x 2 bytes), but 2 x nvidia-ampere-a100 has 80 GB (40 GB each)",
        ),
        (
            {
                "command": [
                    "text-generation-launcher",
                    "--model-id",
                    "org/Model-13B",
                    "-p",
                    "5005",
                ],
                "healthcheck_route": "/health",
                "predict_route": "/generate",
            },
            {"gpus": 1, "gpu_type": "nvidia-ampere-a10"},
            "org/Model-13B needs about 26 GB for its weights alone (13B parameters x 2 bytes)",
        ),
        (
            vllm_model("Qwen/Qwen2.5-72B-Instruct", "--quantization", "fp8"),
            {"gpus": 1, "gpu_type": "nvidia-ampere-a100"},
            "needs about 72 GB for its weights alone (72B parameters x 1 byte, --quantization "
            "fp8), but 1 x nvidia-ampere-a100 has 40 GB",
        ),
        (
            vllm_model("Qwen/Qwen2.5-72B-Instruct-AWQ"),
            {"gpus": 1, "gpu_type": "nvidia-ampere-a10"},
            "(72B parameters x 0.5 bytes, quantized by its name), but 1 x nvidia-ampere-a10 "
            "has 24 GB",
        ),
    ],
)
def test_weights_that_cannot_fit_are_shown_against_the_gpus(
    bundle: dict[str, Any], endpoint: dict[str, Any], message: str
) -> None:
    [found] = messages_at(draft(bundle, **endpoint), f"{ENDPOINT}.gpus", "gpu_fit")
    assert message in found
    assert found.endswith(
        "add GPUs (with the same tensor-parallel size), pick a GPU type with "
        "more memory, or serve a quantized model"
    )


@pytest.mark.parametrize(
    ("bundle", "endpoint"),
    [
        (
            vllm_model("meta-llama/Llama-3.1-8B-Instruct"),
            {"gpus": 1, "gpu_type": "nvidia-ampere-a10"},
        ),
        (
            vllm_model("meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "2"),
            {"gpus": 2, "gpu_type": "nvidia-hopper-h100"},
        ),
        (
            vllm_model("Qwen/Qwen2.5-72B-Instruct-AWQ"),
            {"gpus": 1, "gpu_type": "nvidia-hopper-h100"},
        ),
        (vllm_model("org/model-without-size"), {"gpus": 1, "gpu_type": "nvidia-tesla-t4"}),
    ],
)
def test_weights_that_fit_are_fine(bundle: dict[str, Any], endpoint: dict[str, Any]) -> None:
    assert messages_at(draft(bundle, **endpoint), f"{ENDPOINT}.gpus", "gpu_fit") == []
    assert messages_at(draft(bundle, **endpoint), f"{BUNDLE}.command", "gpu_fit") == []


@pytest.mark.parametrize("flag", ["--tensor-parallel-size", "-tp", "--num-shard"])
def test_tensor_parallel_size_must_equal_gpus(flag: str) -> None:
    template = draft(vllm_model("org/m", flag, "4"), gpus=2, gpu_type="nvidia-hopper-h100")
    assert messages_at(template, f"{BUNDLE}.command", "gpu_fit") == [
        f"{flag} 4 shards the model over 4 GPUs, but gpus is 2: make them equal"
    ]
