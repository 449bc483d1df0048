"""Files replaced whole or not at all, and no temp file left behind for ever.

Every file the tool writes for the user (drafts, the wizard's recovery slots, the journal of
creates whose outcome is unknown) is written the same way: a temporary file in the same
folder named `.<name>.<pid>.<random>.tmp`, flushed to disk, read back, then renamed over the
target, and the folder synced so the rename itself survives a crash. A process killed
between the write and the rename leaves its temp file behind; the next write of the same
target removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
LEGACY_TEMP_AGE = 3600.0
"""Temp files named without a process id (before they had one) are removed once this old."""


class ReadBackMismatch(OSError):
    """The written temp file did not read back as it was meant to; the target is unchanged."""


def create_temp(target: Path) -> tuple[int, Path]:
    """An open descriptor and the path of a new temp file for `target` (see the module doc)."""
    prefix = f".{target.name}.{os.getpid()}."
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=target.parent)
    return handle, Path(name)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, or leave it as it was (raises OSError)."""
    handle, temp = create_temp(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if temp.read_bytes() != data:
            raise ReadBackMismatch(f"{path}: the written file did not read back identically")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
    remove_stale_temp_files(path)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (best effort: not every platform allows it)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


def remove_stale_temp_files(target: Path) -> list[Path]:
    """Remove the temp files a killed write of `target` left behind; returns them.

    One whose process is gone is stale (a live one may be mid-write, in this process or
    another, and is left alone). Best effort: a file that cannot be removed stays for the
    next write.
    """
    removed: list[Path] = []
    try:
        candidates = list(target.parent.glob(f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for temp in candidates:
        if _is_stale_temp(temp, target):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _is_stale_temp(temp: Path, target: Path) -> bool:
    middle = temp.name[len(target.name) + 2 : -len(TEMP_SUFFIX)]
    pid_text, dot, random_part = middle.partition(".")
    if dot and pid_text.isdigit() and random_part and "." not in random_part:
        return not _process_alive(int(pid_text))
    if not dot and re.fullmatch(r"[a-z0-9_]{8}", middle):  # mkstemp's, before the pid
        with contextlib.suppress(OSError):
            return time.time() - temp.stat().st_mtime > LEGACY_TEMP_AGE
    return False


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # a write of ours may be under way in another thread; elsewhere, kill()
        # with signal 0 would not be a mere check
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or unknowable: keep the file
    return True
