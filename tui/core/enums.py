"""The API's enumerations, exactly as SGP's OpenAPI schema has them.

Each enum carries a one-line description per member (shown by the wizard and the CLI);
the texts come from the public API page and the reference notes.
"""

from __future__ import annotations

from enum import StrEnum


class DescribedEnum(StrEnum):
    """A string enum whose members each carry a plain-language description."""

    @classmethod
    def describe(cls, member: str) -> str:
        return _DESCRIPTIONS.get(cls.__name__, {}).get(str(member), "")

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class EndpointType(DescribedEnum):
    """How callers reach the model endpoint."""

    SYNC = "SYNC"
    ASYNC = "ASYNC"
    STREAMING = "STREAMING"
    BATCH = "BATCH"


class ModelType(DescribedEnum):
    """What kind of model the template serves (BUNDLE is UI-only and never offered)."""

    COMPLETION = "COMPLETION"
    CHAT_COMPLETION = "CHAT_COMPLETION"
    AGENT = "AGENT"
    EMBEDDING = "EMBEDDING"
    RERANKING = "RERANKING"
    GENERIC = "GENERIC"


class EndpointProtocol(DescribedEnum):
    """The calling convention expected by the Launch model endpoint."""

    SGP = "SGP"
    COHERE = "COHERE"
    VLLM = "VLLM"


class Vendor(DescribedEnum):
    """The serving vendor; Launch is the only one."""

    LAUNCH = "LAUNCH"


class GPUType(DescribedEnum):
    """The GPU models Launch can schedule."""

    T4 = "nvidia-tesla-t4"
    A10 = "nvidia-ampere-a10"
    A100 = "nvidia-ampere-a100"
    A100E = "nvidia-ampere-a100e"
    H100 = "nvidia-hopper-h100"
    H100_1G20GB = "nvidia-hopper-h100-1g20gb"
    H100_3G40GB = "nvidia-hopper-h100-3g40gb"


class ParameterType(DescribedEnum):
    """The value type of a parameter that callers may pass."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"


class TrainingDatasetSchemaType(DescribedEnum):
    """The schema that training and validation datasets must follow."""

    GENERATION = "GENERATION"
    RERANKING_QUESTIONS = "RERANKING_QUESTIONS"


_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "EndpointType": {
        "SYNC": "Synchronous: the caller waits for each response (needs a command).",
        "ASYNC": "Asynchronous: requests are queued and results fetched later (needs a command).",
        "STREAMING": "Streaming: tokens are sent as they are generated (needs a streaming "
        "command and per_worker = 1).",
        "BATCH": "Batch: offline jobs. Launch itself has no batch endpoint type.",
    },
    "ModelType": {
        "COMPLETION": "Text completion: prompt in, text out.",
        "CHAT_COMPLETION": "Chat completion: a list of messages in, the next message out.",
        "AGENT": "Agent: a model that plans and calls tools.",
        "EMBEDDING": "Embedding: text in, a vector out.",
        "RERANKING": "Reranking: scores documents against a query.",
        "GENERIC": "Generic: any other request/response shape.",
    },
    "EndpointProtocol": {
        "SGP": "SGP's own request format.",
        "COHERE": "Cohere's API, for self-hosted Cohere endpoints.",
        "VLLM": "vLLM's OpenAI-compatible server.",
    },
    "Vendor": {"LAUNCH": "Scale's Launch service, which deploys models on Kubernetes."},
    "GPUType": {
        "nvidia-tesla-t4": "NVIDIA T4 (16 GB): small models, cheap inference.",
        "nvidia-ampere-a10": "NVIDIA A10 (24 GB): mid-size models.",
        "nvidia-ampere-a100": "NVIDIA A100 (40 GB).",
        "nvidia-ampere-a100e": "NVIDIA A100 (80 GB).",
        "nvidia-hopper-h100": "NVIDIA H100 (80 GB): large models.",
        "nvidia-hopper-h100-1g20gb": "A 1g.20gb MIG slice of an H100.",
        "nvidia-hopper-h100-3g40gb": "A 3g.40gb MIG slice of an H100.",
    },
    "ParameterType": {
        "str": "A string.",
        "int": "An integer.",
        "float": "A floating-point number.",
        "bool": "true or false.",
    },
    "TrainingDatasetSchemaType": {
        "GENERATION": "Prompt/response pairs for generation models.",
        "RERANKING_QUESTIONS": "Questions with ranked passages for rerankers.",
    },
}
