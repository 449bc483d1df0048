"""Debouncer: one self-re-arming timer; changes move the deadline; `leading` runs at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui import debounce
from tui.debounce import Debouncer


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], object]) -> None:
        self.delay = delay
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


class Owner:
    def __init__(self) -> None:
        self.timers: list[FakeTimer] = []

    def set_timer(self, delay: float, callback: Callable[[], object]) -> FakeTimer:
        self.timers.append(FakeTimer(delay, callback))
        return self.timers[-1]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(debounce.time, "monotonic", lambda: now[0])
    return now


def test_changes_move_the_deadline_and_one_timer_re_arms(clock: list[float]) -> None:
    owner, runs = Owner(), []
    debouncer = Debouncer(owner, 1.0, lambda: runs.append(clock[0]))
    debouncer.changed()
    clock[0] += 0.6
    debouncer.changed()  # no second timer: the deadline moves to 101.6
    assert len(owner.timers) == 1
    clock[0] = 101.0
    owner.timers[0].callback()
    assert runs == [] and owner.timers[-1].delay == pytest.approx(0.6)
    clock[0] = 101.6
    owner.timers[-1].callback()
    assert runs == [101.6]


def test_leading_runs_a_lone_change_at_once_and_coalesces_a_burst(clock: list[float]) -> None:
    owner, runs = Owner(), []
    debouncer = Debouncer(owner, 0.15, lambda: runs.append(clock[0]), leading=True)
    debouncer.changed()
    assert runs == [100.0] and owner.timers == []
    clock[0] += 0.05
    debouncer.changed()
    debouncer.changed()
    assert runs == [100.0] and len(owner.timers) == 1


def test_run_now_drops_the_pending_timer(clock: list[float]) -> None:
    owner, runs = Owner(), []
    debouncer = Debouncer(owner, 1.0, lambda: runs.append(clock[0]))
    debouncer.changed()
    debouncer.run_now()
    assert runs == [100.0] and owner.timers[0].stopped
