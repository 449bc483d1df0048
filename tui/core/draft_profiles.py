"""A draft's per-profile overrides: `[profiles.NAME]` tables shaped like `[template]`.

    [profiles.production.vendor_configuration.endpoint_config]
    max_workers = 8

They apply between the draft and `--set`/`--unset`: tables merge key by key, any other value
(strings, numbers, lists) replaces the draft's. `show`, `diff`, `plan`, `apply` and `submit`
all go through `with_profile`, so they agree on the body a profile makes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any


def with_profile(
    template: dict[str, Any], profiles: Mapping[str, Mapping[str, Any]], name: str | None
) -> dict[str, Any]:
    """`template` with the draft's `[profiles.NAME]` merged over it (a copy), or `template`
    itself when no profile is chosen or the draft has none of that name."""
    overrides = profiles.get(name) if name else None
    if not overrides:
        return template
    return _merged(template, overrides)


def _merged(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out
