"""What the tool knows about Launch's GPU types: memory per GPU, and the short names people
type for them (`h100`, `A100-80GB`).

The names are the API's `GPUType` enum (tui/core/enums.py; sgp-api.md's GPUType row, from
scaleapi/llm-engine `gpu_type.py`). The memory figures are NVIDIA's, per GPU, in GB:
"""

from __future__ import annotations

import re

from tui.core.enums import GPUType

GPU_MEMORY_GB: dict[str, int] = {
    # NVIDIA T4 datasheet: 16 GB GDDR6.
    GPUType.T4.value: 16,
    # NVIDIA A10 datasheet: 24 GB GDDR6.
    GPUType.A10.value: 24,
    # The enum's own descriptions (enums.py) name `a100` the 40 GB A100 and `a100e` the
    # 80 GB one; NVIDIA A100 datasheet: 40 GB or 80 GB HBM2e.
    GPUType.A100.value: 40,
    GPUType.A100E.value: 80,
    # NVIDIA H100 datasheet: 80 GB (SXM and PCIe).
    GPUType.H100.value: 80,
    # MIG slices of an H100: the profile name carries the memory (NVIDIA MIG user guide,
    # "H100 MIG profiles": 1g.20gb and 3g.40gb on the H100 94 GB / 80 GB variants).
    GPUType.H100_1G20GB.value: 20,
    GPUType.H100_3G40GB.value: 40,
}

_VENDOR_WORDS = ("nvidia", "tesla", "ampere", "hopper")
_SHORT_NAMES: dict[str, str] = {
    "t4": GPUType.T4.value,
    "t416gb": GPUType.T4.value,
    "a10": GPUType.A10.value,
    "a10g": GPUType.A10.value,  # AWS's A10G: the same 24 GB Ampere part
    "a1024gb": GPUType.A10.value,
    "a100": GPUType.A100.value,
    "a10040gb": GPUType.A100.value,
    "a100e": GPUType.A100E.value,
    "a10080gb": GPUType.A100E.value,
    "h100": GPUType.H100.value,
    "h10080gb": GPUType.H100.value,
    "h1001g20gb": GPUType.H100_1G20GB.value,
    "h1003g40gb": GPUType.H100_3G40GB.value,
}


def gpu_type_for(text: str) -> str | None:
    """The GPUType value a short or vendor spelling means (`h100`, `A100-80GB`, `nvidia-t4`),
    or None. Case, separators, vendor words and a trailing `gb`/`g` unit are ignored."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    changed = True
    while changed:
        changed = False
        for word in _VENDOR_WORDS:
            if key.startswith(word):
                key, changed = key[len(word) :], True
    return _SHORT_NAMES.get(key) or _SHORT_NAMES.get(re.sub(r"(\d)g$", r"\1gb", key))
