"""Root fixtures: UI tests are deterministic and isolated from the user's machine.

- every XDG/state directory points into the test's tmp dir (recovery files included);
- SGP_* variables are cleared so nothing reaches a real server by accident;
- Input cursors do not blink, so screenshots are stable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SGP_VARS = ("SGP_API_KEY", "SGP_ACCOUNT_ID", "SGP_CLIENT_BASE_URL", "SGP_BASE_URL")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for name in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("SGP_TEMPLATE_STATE_DIR", str(tmp_path / "state"))
    for name in SGP_VARS:
        monkeypatch.delenv(name, raising=False)
    yield tmp_path


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs start with blinking off (the public attribute, set at construction)."""
    from textual.widgets import Input

    original = Input.__init__

    def init(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", init)
