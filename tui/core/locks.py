"""An inter-process lock around check-then-create, one per (base URL, account, name).

Two processes submitting the same draft at the same moment would both list the account,
both find nothing and both create. Holding this lock from the check to the end of the create
makes the second one wait, then see the first one's template.

The lock is `fcntl.flock` on a file in the user's state folder (POSIX only; elsewhere,
submits run without it). The kernel releases it when its holder exits, even on `kill -9`,
so a lock can never be left stale. The file also holds the wall-clock time (ns) of the last
create attempted under it, so a holder knows whether its cached listing of the account may
predate another process's create.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

POLL_SECONDS = 0.02

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]


class LockTimeout(Exception):
    """The lock stayed with another process for longer than the timeout."""

    def __init__(self, path: Path, waited: float) -> None:
        self.path = path
        self.waited = waited
        super().__init__(f"{path} held by another process for over {waited:.0f} s")


def lock_path(directory: Path, *parts: str) -> Path:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    return directory / f"{digest}.lock"


class CreateLock:
    """A held lock: read and update the time of the last create made under it."""

    def __init__(self, path: Path, handle: int | None) -> None:
        self.path = path
        self._handle = handle

    def last_create_ns(self) -> int:
        """When a create was last attempted under this lock (0: never)."""
        if self._handle is None:
            return 0
        text = os.pread(self._handle, 64, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else 0

    def mark_create(self) -> None:
        """Record that a create was just attempted (call after it returned or failed).

        Written in place at a fixed width (20 digits, zero-padded): no truncation, which
        freed the file's block and allocated it again on every create, and no moment when
        a killed process leaves the file empty."""
        if self._handle is None:
            return
        os.pwrite(self._handle, b"%020d" % time.time_ns(), 0)


@contextlib.asynccontextmanager
async def create_lock(path: Path, timeout: float) -> AsyncIterator[CreateLock]:
    """Hold the lock at `path` (waiting without blocking the event loop, at most `timeout`
    seconds, else LockTimeout)."""
    if fcntl is None:
        yield CreateLock(path, None)
        return
    handle = _open_lock_file(path)
    try:
        await _acquire(handle, path, timeout)
        try:
            yield CreateLock(path, handle)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _open_lock_file(path: Path) -> int:
    """Open (creating it if needed) the lock file; its folder is made by the first lock
    that finds it missing (a run takes one lock per draft, all in one folder)."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o600)


async def _acquire(handle: int, path: Path, timeout: float) -> None:
    assert fcntl is not None
    started = time.monotonic()
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waited = time.monotonic() - started
            if waited >= timeout:
                raise LockTimeout(path, waited) from None
            await asyncio.sleep(POLL_SECONDS)
