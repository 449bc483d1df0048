"""Crash recovery: the work in progress, autosaved to the user's state directory.

The wizard writes the template being edited here (debounced) so that a crash, a kill or a
closed terminal loses nothing; the next start offers to restore it.

Every wizard has a slot of its own (`session-<id>.toml` plus a `.json` note saying which
draft file, if any, it belongs to), so two wizards running at once never write over each
other's work. A running wizard holds a lock on its slot (`claim`); a start offers only the
slots nobody holds: work left by a wizard that crashed or was killed, never the work of
one still running. Both files are written atomically: a temporary file in the same folder,
flushed to disk, read back and compared, then renamed over the old one (the draft through
`tui.core.drafts.save_draft`, which does the same).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import APP_NAME
from tui.core.atomic import write_atomically

STATE_DIR_ENV = "SGP_TEMPLATE_STATE_DIR"
SLOT_PREFIX = "session-"


def state_dir() -> Path:
    """Where recovery files live: $SGP_TEMPLATE_STATE_DIR, else the platform's state dir."""
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_path(APP_NAME))


@dataclass(frozen=True)
class Recoverable:
    """Unsaved work found on start."""

    template: dict[str, Any]
    draft_path: Path | None
    saved_at: float
    slot: str = ""
    """The slot's name in the state directory (what `RecoveryStore.forget` removes)."""

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        name = self.template.get("name") or "an unnamed template"
        where = f" (draft {self.draft_path})" if self.draft_path else ""
        return f"Unsaved changes to {name!s}{where} from {when}"


class RecoveryStore:
    """This wizard's recovery slot: `save` overwrites it, `discard` removes it."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else state_dir()
        self.slot = f"{SLOT_PREFIX}{uuid.uuid4().hex[:12]}"
        self._lock: int | None = None

    @property
    def draft_file(self) -> Path:
        return self.directory / f"{self.slot}.toml"

    @property
    def meta_file(self) -> Path:
        return self.directory / f"{self.slot}.json"

    # -- this wizard's slot ---------------------------------------------------------------

    def claim(self) -> None:
        """Hold this slot while the wizard runs: other wizards will not offer it."""
        if self._lock is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.directory / f"{self.slot}.lock")

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor drops the lock
            self._lock = None
            (self.directory / f"{self.slot}.lock").unlink(missing_ok=True)

    def save(self, template: dict[str, Any], draft_path: Path | None) -> None:
        from tui.core.drafts import Draft, save_draft

        self.directory.mkdir(parents=True, exist_ok=True)
        save_draft(self.draft_file, Draft(template=template))
        meta = {"draft_path": str(draft_path) if draft_path else None, "saved_at": time.time()}
        write_atomically(self.meta_file, json.dumps(meta).encode("utf-8"))

    def discard(self) -> None:
        _remove_slot(self.directory, self.slot)

    # -- work left by other wizards -------------------------------------------------------

    def find_recoverable(self, draft_path: Path | None = None) -> Recoverable | None:
        """The newest work nobody holds (for `draft_path`, when given), or None."""
        found = [r for r in self._orphans() if draft_path is None or r.draft_path == draft_path]
        return max(found, key=lambda r: r.saved_at, default=None)

    def forget(self, recoverable: Recoverable) -> None:
        """Remove work found by `find_recoverable` (restored into this slot, or declined)."""
        if recoverable.slot and recoverable.slot != self.slot:
            _remove_slot(self.directory, recoverable.slot)

    def _orphans(self) -> list[Recoverable]:
        if not self.directory.is_dir():
            return []
        found = []
        for draft in self.directory.glob(f"{SLOT_PREFIX}*.toml"):
            slot = draft.stem
            if slot == self.slot or _held(self.directory / f"{slot}.lock"):
                continue
            recoverable = _read_slot(self.directory, slot)
            if recoverable is not None:
                found.append(recoverable)
        return found


def _read_slot(directory: Path, slot: str) -> Recoverable | None:
    from tui.core.drafts import DraftError, load_draft

    draft_file = directory / f"{slot}.toml"
    try:
        loaded = load_draft(draft_file)
        mtime = draft_file.stat().st_mtime
    except (DraftError, OSError):
        return None
    meta = _read_meta(directory / f"{slot}.json")
    path = meta.get("draft_path")
    saved_at = meta.get("saved_at")
    return Recoverable(
        template=loaded.draft.template,
        draft_path=Path(path) if isinstance(path, str) else None,
        saved_at=float(saved_at) if isinstance(saved_at, int | float) else mtime,
        slot=slot,
    )


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remove_slot(directory: Path, slot: str) -> None:
    for suffix in (".toml", ".json"):
        (directory / f"{slot}{suffix}").unlink(missing_ok=True)


def _lock(path: Path) -> int | None:
    """An exclusive lock on `path`, held while the returned descriptor is open."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): slots are never offered as held
        return None
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def _held(path: Path) -> bool:
    """Whether a running wizard holds the lock at `path`."""
    if not path.exists():
        return False
    handle = _lock(path)
    if handle is None:
        return True
    os.close(handle)
    return False


def find_recoverable() -> Recoverable | None:
    return RecoveryStore().find_recoverable()
