"""Built-in starting points for a new template.

Each preset is a complete request body except `account_id` (the wizard and the CLI fill it
from SGP_ACCOUNT_ID). With an account ID added, every preset validates with no errors and no
warnings, so it deploys on Launch as it is; users change the model, image and sizes.
Secrets are referenced from the environment (`${HF_TOKEN}`), never written in.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, replace
from typing import Any

PORT = "5005"  # Launch forwards requests to this port in the container.


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    template: dict[str, Any]


class UnknownPreset(LookupError):
    """No preset has this name; the message lists the ones that exist."""

    def __init__(self, name: str) -> None:
        self.name = name
        close = difflib.get_close_matches(name, list(PRESETS), n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        super().__init__(f"no preset named {name!r}: {hint}choose one of {', '.join(PRESETS)}")

    def __str__(self) -> str:
        return str(self.args[0])


_VLLM_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
_VLLM_COMMAND = [
    "python3",
    "-m",
    "vllm.entrypoints.openai.api_server",
    "--model",
    _VLLM_MODEL,
    "--host",
    "0.0.0.0",
    "--port",
    PORT,
    "--max-model-len",
    "8192",
]

VLLM_H100: dict[str, Any] = {
    "name": "vllm-llama-3.1-8b-instruct",
    "endpoint_type": "STREAMING",
    "model_type": "CHAT_COMPLETION",
    "vendor_configuration": {
        "vendor": "LAUNCH",
        "bundle_config": {
            "registry": "docker.io",
            "image": "vllm/vllm-openai",
            "tag": "v0.6.3",
            "command": _VLLM_COMMAND,
            "env": {
                "HF_TOKEN": "${HF_TOKEN}",
                "HF_HOME": "/workspace/hf",
                "VLLM_WORKER_MULTIPROC_METHOD": "spawn",
            },
            "streaming_command": _VLLM_COMMAND,
            "readiness_initial_delay_seconds": 600,
            "healthcheck_route": "/health",
            "predict_route": "/v1/chat/completions",
            "streaming_predict_route": "/v1/chat/completions",
        },
        "endpoint_config": {
            "cpus": 8,
            "memory": "64Gi",
            "storage": "200Gi",
            "gpus": 1,
            "gpu_type": "nvidia-hopper-h100",
            "min_workers": 1,
            "max_workers": 2,
            "per_worker": 1,
            "endpoint_type": "STREAMING",
            "high_priority": False,
        },
    },
    "model_request_parameters_schema": {
        "parameters": [
            {
                "name": "temperature",
                "type": "float",
                "description": "Sampling temperature: 0 is deterministic, higher is more varied.",
                "required": False,
            },
            {
                "name": "max_tokens",
                "type": "int",
                "description": "The most tokens to generate for one response.",
                "required": False,
            },
        ]
    },
    "endpoint_protocol": "VLLM",
}

CPU_EMBEDDING: dict[str, Any] = {
    "name": "all-minilm-l6-v2-embedding",
    "endpoint_type": "SYNC",
    "model_type": "EMBEDDING",
    "vendor_configuration": {
        "vendor": "LAUNCH",
        "bundle_config": {
            "registry": "ghcr.io",
            "image": "huggingface/text-embeddings-inference",
            "tag": "cpu-1.5",
            "command": [
                "text-embeddings-router",
                "--model-id",
                "sentence-transformers/all-MiniLM-L6-v2",
                "--port",
                PORT,
            ],
            "env": {"HF_HOME": "/data"},
            "readiness_initial_delay_seconds": 120,
            "healthcheck_route": "/health",
            "predict_route": "/embed",
        },
        "endpoint_config": {
            "cpus": 4,
            "memory": "8Gi",
            "storage": "16Gi",
            "gpus": 0,
            "min_workers": 1,
            "max_workers": 4,
            "per_worker": 10,
            "endpoint_type": "SYNC",
            "high_priority": False,
        },
    },
}

RERANKER: dict[str, Any] = {
    "name": "bge-reranker-base",
    "endpoint_type": "SYNC",
    "model_type": "RERANKING",
    "vendor_configuration": {
        "vendor": "LAUNCH",
        "bundle_config": {
            "registry": "ghcr.io",
            "image": "huggingface/text-embeddings-inference",
            "tag": "turing-1.5",
            "command": [
                "text-embeddings-router",
                "--model-id",
                "BAAI/bge-reranker-base",
                "--port",
                PORT,
            ],
            "env": {"HF_HOME": "/data"},
            "readiness_initial_delay_seconds": 180,
            "healthcheck_route": "/health",
            "predict_route": "/rerank",
        },
        "endpoint_config": {
            "cpus": 4,
            "memory": "16Gi",
            "storage": "32Gi",
            "gpus": 1,
            "gpu_type": "nvidia-tesla-t4",
            "min_workers": 1,
            "max_workers": 2,
            "per_worker": 4,
            "endpoint_type": "SYNC",
            "high_priority": False,
        },
    },
}

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "vllm-h100",
            "vLLM chat on one H100",
            "Llama 3.1 8B Instruct behind vLLM's OpenAI-compatible server, streaming tokens.",
            VLLM_H100,
        ),
        Preset(
            "cpu-embedding",
            "Sentence embeddings on CPU",
            "all-MiniLM-L6-v2 behind Text Embeddings Inference on CPU-only nodes (SYNC).",
            CPU_EMBEDDING,
        ),
        Preset(
            "reranker",
            "Reranker on one T4",
            "bge-reranker-base behind Text Embeddings Inference on an NVIDIA T4 (SYNC).",
            RERANKER,
        ),
    )
}


def get_preset(name: str) -> Preset:
    """A copy of the preset `name` (its template may be changed freely)."""
    try:
        preset = PRESETS[name]
    except KeyError:
        raise UnknownPreset(name) from None
    return replace(preset, template=copy.deepcopy(preset.template))


def preset_template(name: str, account_id: str | None = None) -> dict[str, Any]:
    """The template of preset `name`, with `account_id` filled in when given."""
    template = get_preset(name).template
    if account_id:
        template["account_id"] = account_id
    return template
