"""Run an action once changes pause: the wizard's autosave and its preview re-render.

Each change only moves a deadline; one timer re-arms itself until the changes have paused for
`delay` seconds, instead of a timer started and stopped on every keystroke.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class _Timer(Protocol):
    def stop(self) -> None: ...


class _TimerOwner(Protocol):
    def set_timer(self, delay: float, callback: Callable[[], object]) -> _Timer: ...


class Debouncer:
    """Calls `action` `delay` seconds after the last `changed()`.

    With `leading`, a change that comes after a quiet spell of `delay` runs the action at
    once (a lone change shows at once; a burst of typing is coalesced).
    """

    def __init__(
        self,
        owner: _TimerOwner,
        delay: float,
        action: Callable[[], object],
        *,
        leading: bool = False,
    ) -> None:
        self._owner = owner
        self.delay = delay
        self._action = action
        self._leading = leading
        self._timer: _Timer | None = None
        self._due = 0.0
        self._last_run = 0.0

    def changed(self) -> None:
        now = time.monotonic()
        quiet = now - self._last_run >= self.delay
        if self._leading and self._timer is None and quiet:
            self.run_now()
            return
        self._due = now + self.delay
        if self._timer is None:
            self._timer = self._owner.set_timer(self.delay, self._tick)

    def run_now(self) -> None:
        """Run the action now (a pending run is dropped: this one covers it)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._last_run = time.monotonic()
        self._action()

    def _tick(self) -> None:
        self._timer = None
        remaining = self._due - time.monotonic()
        if remaining > 0.005:
            self._timer = self._owner.set_timer(remaining, self._tick)
        else:
            self.run_now()
