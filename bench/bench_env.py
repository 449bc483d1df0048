"""Child processes of the benchmarks run from cached bytecode, as an installed program does.

With PYTHONDONTWRITEBYTECODE set (as in some dev and CI shells), a child recompiles every
module whose .pyc is missing or stale on every run (tens of ms for ours) while the baselines
import only precompiled site-packages. So both sides share one temporary bytecode cache
(PYTHONPYCACHEPREFIX), filled by the warm-up runs, which leaves no files in the tree.
"""

from __future__ import annotations

from collections.abc import Mapping


def with_bytecode_cache(env: Mapping[str, str], cache_dir: str) -> dict[str, str]:
    """`env` without PYTHONDONTWRITEBYTECODE, caching bytecode under `cache_dir`."""
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = cache_dir
    return out
