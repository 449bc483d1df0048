"""The journal of creates whose outcome is unknown.

A create that timed out after sending (or lost its connection, or got a 500/502/504) may
still be stored by the server after the client gave up, even though a check right after
found nothing. Such a create is written here (target, account, name, a hash of the body,
when, and until when the server may still store it), in the user's state folder. The next
submit of the same body to the same place reads it first and polls the server until the
template shows up or that time has passed, so a retry run at once cannot create a twin.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tui.core.atomic import write_atomically

KEEP_SECONDS = 7 * 24 * 3600
"""Entries older than this are ignored and removed (their create settled long ago)."""


def body_digest(shape: Mapping[str, Any]) -> str:
    """A stable hash of a normalized body (`tui.core.submit.normalized`)."""
    text = json.dumps(shape, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PendingCreate:
    base_url: str
    account_id: str | None
    name: str
    body_sha256: str
    sent_at: float
    settle_until: float
    """Wall-clock time after which the server is taken to have settled the create."""
    reason: str

    def remaining(self, now: float | None = None) -> float:
        return max(0.0, self.settle_until - (time.time() if now is None else now))


class CreateJournal:
    """One JSON file per pending create, in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def record(self, entry: PendingCreate) -> None:
        """Write the entry atomically (a reader sees the old file or the new, whole)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self._path(entry.base_url, entry.account_id, entry.name, entry.body_sha256)
        write_atomically(target, json.dumps(asdict(entry)).encode("utf-8"))

    def find(
        self, base_url: str, account_id: str | None, name: str, body_sha256: str
    ) -> PendingCreate | None:
        path = self._path(base_url, account_id, name, body_sha256)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = PendingCreate(**data)
        except (OSError, ValueError, TypeError):  # none, or unreadable: nothing to wait for
            return None
        if time.time() - entry.sent_at > KEEP_SECONDS:
            self.clear(base_url, account_id, name, body_sha256)
            return None
        return entry

    def clear(self, base_url: str, account_id: str | None, name: str, body_sha256: str) -> None:
        with contextlib.suppress(OSError):
            self._path(base_url, account_id, name, body_sha256).unlink()

    def _path(self, base_url: str, account_id: str | None, name: str, body_sha256: str) -> Path:
        key = "\0".join([base_url, account_id or "", name, body_sha256])
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.json"
