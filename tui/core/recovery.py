"""Crash recovery: the work in progress, autosaved to the user's state directory.

The wizard writes the template being edited here (debounced) so that a crash, a kill or a
closed terminal loses nothing; the next start offers to restore it. The file is a normal
draft (written atomically by `tui.core.drafts.save_draft`) plus a small JSON note saying
which draft file, if any, it belongs to.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import APP_NAME

STATE_DIR_ENV = "SGP_TEMPLATE_STATE_DIR"
RECOVERY_FILE = "recovery.toml"
META_FILE = "recovery.json"


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

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        name = self.template.get("name") or "an unnamed template"
        where = f" (draft {self.draft_path})" if self.draft_path else ""
        return f"Unsaved changes to {name!s}{where} from {when}"


class RecoveryStore:
    """One recovery slot: `save` overwrites it, `discard` removes it."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else state_dir()

    @property
    def draft_file(self) -> Path:
        return self.directory / RECOVERY_FILE

    @property
    def meta_file(self) -> Path:
        return self.directory / META_FILE

    def save(self, template: dict[str, Any], draft_path: Path | None) -> None:
        from tui.core.drafts import Draft, save_draft

        self.directory.mkdir(parents=True, exist_ok=True)
        save_draft(self.draft_file, Draft(template=template))
        meta = {"draft_path": str(draft_path) if draft_path else None, "saved_at": time.time()}
        temp = self.meta_file.with_suffix(".json.tmp")
        temp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(temp, self.meta_file)

    def find_recoverable(self) -> Recoverable | None:
        """The saved work, or None when there is none (or it cannot be read)."""
        if not self.draft_file.exists():
            return None
        from tui.core.drafts import DraftError, load_draft

        try:
            loaded = load_draft(self.draft_file)
        except (DraftError, OSError):
            return None
        meta = self._read_meta()
        path = meta.get("draft_path")
        saved_at = meta.get("saved_at")
        return Recoverable(
            template=loaded.draft.template,
            draft_path=Path(path) if isinstance(path, str) else None,
            saved_at=float(saved_at)
            if isinstance(saved_at, int | float)
            else self.draft_file.stat().st_mtime,
        )

    def discard(self) -> None:
        for file in (self.draft_file, self.meta_file):
            file.unlink(missing_ok=True)

    def _read_meta(self) -> dict[str, Any]:
        try:
            data = json.loads(self.meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def find_recoverable() -> Recoverable | None:
    return RecoveryStore().find_recoverable()


def discard() -> None:
    RecoveryStore().discard()
