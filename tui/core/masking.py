"""Secret values kept out of every message the tool quotes back: findings, errors, previews.

One rule, used everywhere a value is shown: **mask first, then shorten**. Shortening first
would cut a secret so that the mask no longer matches, and the cut prefix leaks
(`'HF-CANARY-456-xxxx...` instead of `'***'`).

A value is masked wherever it occurs when it is long enough to be a secret
(MIN_SECRET_LENGTH); a shorter one only where it stands as a value of its own, not inside a
word, so that an API key `k` does not turn "the API key" into "the API ***ey".

Which values are secret depends on the caller (the API key, the values `${NAME}` references
resolved to). Code that builds messages deep in the core (`findings`, `errors`) cannot be
handed them through every call, so a caller declares them for a block with `secrets_masked`
(a context variable: each asyncio task sees its own), and `quote`/`mask` use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

MASK = "***"
MIN_SECRET_LENGTH = 8
"""Values this long are masked wherever they occur; shorter ones only as whole values."""
QUOTE_LENGTH = 40
"""The longest quoted value in a finding, mask included."""

_ACTIVE: ContextVar[tuple[str, ...]] = ContextVar("tui_masked_secrets", default=())


@contextmanager
def secrets_masked(values: Iterable[str | None]) -> Iterator[None]:
    """Within the block, `mask` and `quote` also hide `values` (added to any active ones)."""
    token = _ACTIVE.set(_ACTIVE.get() + tuple(v for v in values if v))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_secrets() -> tuple[str, ...]:
    return _ACTIVE.get()


def mask(text: str, secrets: Iterable[str | None] | None = None) -> str:
    """`text` with every secret replaced by `***` (`secrets` default to the active ones).

    Longer secrets go first, so a secret that contains another is masked whole.
    """
    values = active_secrets() if secrets is None else tuple(s for s in secrets if s)
    for secret in sorted(set(values), key=len, reverse=True):
        if secret not in text:
            continue
        if len(secret) >= MIN_SECRET_LENGTH:
            text = text.replace(secret, MASK)
        else:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", MASK, text)
    return text


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in `...` when cut. Mask before you shorten."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def quote(value: Any, limit: int = QUOTE_LENGTH, secrets: Iterable[str] | None = None) -> str:
    """`repr(value)` for a message: secrets masked, then shortened to `limit`."""
    return shorten(mask(repr(value), secrets), limit)
