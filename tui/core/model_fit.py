"""Will the model fit on the GPUs? An estimate read from the command (issue 10, rule 3).

When the command names a Hugging Face model whose size is in its name, its weights take
about 2 bytes a parameter (16-bit), 4 for float32, 1 for 8-bit/fp8, 0.5 for 4-bit (AWQ,
GPTQ...), from `--quantization`/`--quantize`/`-q`, `--dtype` or the name itself. They must fit
in gpus x the GPU type's memory (tui/core/gpu_types.py) with room to spare. When unsure, the
estimate stays low: a warning that is wrong costs trust, a missed one an afternoon.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.command_line import flag_value, program
from tui.core.gpu_types import GPU_MEMORY_GB
from tui.core.report import Finding, Severity

ENDPOINT = "vendor_configuration.endpoint_config"
GPU_MEMORY_USABLE = 0.9
"""Share of GPU memory a server may fill: vLLM's default --gpu-memory-utilization (0.9).
The weights must fit in it with room to spare for the KV cache."""
MOE_SHARED = 0.8
"""An `8x7B` mixture has fewer parameters than 8 x 7B, since the experts share attention
layers: Mixtral 8x7B has 46.7B, 8x22B 141B (Mistral's model cards), about 0.8 of n x size."""


_SIZE = re.compile(
    r"(?<![A-Za-z0-9.])(?:(?P<experts>\d+)x)?(?P<count>\d+(?:\.\d+)?)(?P<unit>[BbMm])"
    r"(?![A-Za-z0-9])"
)
MODEL_FLAGS = ("--model", "--model-id")
PARALLEL_FLAGS = ("--tensor-parallel-size", "-tp", "--num-shard")


@dataclass(frozen=True)
class Estimate:
    model: str
    parameters: float  # in billions
    bytes_per_parameter: float
    why: str

    @property
    def gigabytes(self) -> float:
        return self.parameters * self.bytes_per_parameter


def model_name(argv: Sequence[str]) -> str | None:
    """The Hugging Face model the command serves: `--model X`, `--model-id X`, or the word
    after `vllm serve`."""
    found = flag_value(argv, MODEL_FLAGS)
    if found is not None:
        return found[1]
    for index, word in enumerate(argv[:-2]):
        if program(word) == "vllm" and argv[index + 1] == "serve":
            return argv[index + 2] if not argv[index + 2].startswith("-") else None
    return None


def parameters_in(name: str) -> float | None:
    """Billions of parameters from a model name (`Llama-3.1-70B`, `Mixtral-8x7B`, `opt-125m`)."""
    match = _SIZE.search(name.rsplit("/", 1)[-1])
    if match is None:
        return None
    count = float(match["count"]) / (1000 if match["unit"] in "Mm" else 1)
    if match["experts"]:
        return int(match["experts"]) * count * MOE_SHARED
    return count


def estimate(argv: Sequence[str]) -> Estimate | None:
    """The weights of the model the command serves (None when its size is not in its name)."""
    return _estimate(tuple(argv))


@functools.lru_cache(maxsize=256)
def _estimate(argv: tuple[str, ...]) -> Estimate | None:
    """Cached: the wizard validates on every key, and the command rarely changes."""
    name = model_name(argv)
    parameters = parameters_in(name) if name else None
    if name is None or parameters is None:
        return None
    size, why = _bytes_per_parameter(argv, name)
    return Estimate(name, parameters, size, why)


def _bytes_per_parameter(argv: Sequence[str], name: str) -> tuple[float, str]:
    """2 bytes (16-bit), 4 for float32, 1 for 8-bit, 0.5 for 4-bit; from --quantization /
    --quantize / -q, --dtype, or the model's name, in that order."""
    quantization = flag_value(argv, ("--quantization", "--quantize", "-q"))
    if quantization is not None:
        size = _quantized_size(quantization[1])
        if size is not None:
            return size, f", {quantization[0]} {quantization[1]}"
    dtype = flag_value(argv, ("--dtype",))
    if dtype is not None and dtype[1] in ("float32", "float"):
        return 4.0, f", --dtype {dtype[1]}"
    size = _quantized_size(name)
    if size is not None:
        return size, ", quantized by its name"
    return 2.0, ""


def _quantized_size(text: str) -> float | None:
    lowered = text.lower()
    if re.search(r"awq|gptq|marlin|int4|4bit|4-bit|nf4|fp4|gguf|exl2|aqlm|bitsandbytes", lowered):
        return 0.5
    if re.search(r"fp8|int8|8bit|8-bit|eetq|w8a8", lowered):
        return 1.0
    return None


def fit_findings(
    argv: Sequence[str], command_path: str, endpoint: Mapping[str, Any]
) -> Iterator[Finding]:
    """A tensor-parallel size other than gpus (at the command), and weights that cannot fit
    on gpus x the GPU type's memory (at gpus)."""
    gpus = endpoint.get("gpus")
    gpus = gpus if isinstance(gpus, int) and not isinstance(gpus, bool) else None
    parallel = flag_value(argv, PARALLEL_FLAGS)
    if parallel is not None and parallel[1].isdigit() and gpus is not None and gpus > 0:
        shards = int(parallel[1])
        if shards != gpus:
            yield _warn(
                command_path,
                f"{parallel[0]} {shards} shards the model over {shards} GPUs, but gpus is "
                f"{gpus}: make them equal",
                "gpu_fit",
            )
    found = estimate(argv)
    gpu_type = endpoint.get("gpu_type")
    per_gpu = GPU_MEMORY_GB.get(gpu_type) if isinstance(gpu_type, str) else None
    if found is None or per_gpu is None or not gpus or gpus < 1:
        return
    total = gpus * per_gpu
    if found.gigabytes <= total * GPU_MEMORY_USABLE:
        return
    each = f" ({per_gpu} GB each)" if gpus > 1 else ""
    unit = "byte" if found.bytes_per_parameter == 1 else "bytes"
    yield _warn(
        f"{ENDPOINT}.gpus",
        f"{found.model} needs about {found.gigabytes:.0f} GB for its weights alone "
        f"({found.parameters:g}B parameters x {found.bytes_per_parameter:g} {unit}"
        f"{found.why}), but {gpus} x {gpu_type} has {total} GB{each} and the server needs "
        "room beyond the weights: add GPUs (with the same tensor-parallel "
        "size), pick a GPU type with more memory, or serve a quantized model",
        "gpu_fit",
    )


def _warn(path: str, message: str, rule: str) -> Finding:
    return Finding(path, message, Severity.WARNING, rule=f"launch.{rule}")
