"""Benchmark the wizard against the smallest Textual app, side by side in one run.

    .venv/bin/python bench/bench_wizard.py [--runs 7] [--keys 200] [--key-runs 5]

(a) start-up: time from process start to the first painted screen on a real pseudo-terminal
    (100x32). The wizard runs as users start it (`python -m tui new --preset vllm-h100`) and
    is done when its step list's "Basics" appears on the terminal; the baseline is a minimal
    Textual app that paints one line holding the same marker. --runs runs each, interleaved
    so that machine noise hits both. Target ratio <= 1.5.
(b) keystroke: the cost of one keystroke in a validated field (the wizard's `name` field:
    change -> EditSession -> the core's findings -> every widget updated and the screen
    repainted) versus a plain Input with no validation in a minimal app. Both run under
    `App.run_test` at 100x32 and count CPU time per keystroke (see `per_keystroke`). The
    target applies to keys posted as a terminal driver posts them; the same run through
    `pilot.press` is printed for information (Pilot visits every widget after each key, a
    cost that grows with the widget count). After a warm-up, --keys keystrokes alternate
    typing a letter and Backspace; each app runs --key-runs times, interleaved. Target ratio
    <= 1.3.

The target rows compare each app's fastest run (as `timeit` advises: on a shared machine,
noise only ever adds time, so the minimum is the best estimate of the code's own cost); the
medians are printed under them for information.

A script, not a test: timings depend on the machine. Prints a table and the ratios; the
exit status is 0 either way.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_env import with_bytecode_cache  # noqa: E402

SIZE = (100, 32)
MARKER = b"Basics"
STARTUP_TIMEOUT = 60.0
START_TARGET = 1.5
KEY_TARGET = 1.3
SETTLE = 1.3
"""Seconds slept after the timed keys: longer than the wizard's autosave delay (1 s)."""

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class OneLine(App):
    def compose(self):
        yield Static("Basics: one painted line")

OneLine().run()
"""


@dataclass(frozen=True)
class Row:
    label: str
    measure: str
    wizard: float
    baseline: float
    target: float
    unit: str

    @property
    def ratio(self) -> float:
        return self.wizard / self.baseline


# -- (a) start-up on a pseudo-terminal ------------------------------------------------------


def child_environment(state_dir: str, pycache_dir: str) -> dict[str, str]:
    """The same environment for both apps: a terminal, fresh state and cache dirs, and
    cached bytecode (bench_env.py).

    The wizard's field-spec table (tui/core/spec_table.py) goes to a fresh cache dir too: the
    warm-up run derives and saves it, as a user's first start does; the timed runs read it.
    """
    drop = ("CI", "SGP_NO_PROMPT", "SGP_TEMPLATE_STATE_DIR", "SGP_TEMPLATE_CACHE_DIR")
    env = with_bytecode_cache({k: v for k, v in os.environ.items() if k not in drop}, pycache_dir)
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
        # The platform's folders, as a user has them (platformdirs is part of the start-up).
        XDG_STATE_HOME=state_dir,
        XDG_CACHE_HOME=os.path.join(state_dir, "cache"),
        XDG_CONFIG_HOME=os.path.join(state_dir, "config"),
        TEXTUAL_ANIMATIONS="none",
        PYTHONPATH=str(ROOT),
    )
    for name in ("TEXTUAL", "TEXTUAL_DEBUG", "TEXTUAL_DEVTOOLS_PORT"):
        env.pop(name, None)
    return env


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `argv` on a fresh pty until MARKER is painted on it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    try:
        return _read_until_marker(master, start, process)
    finally:
        _stop(process)
        os.close(master)


def _read_until_marker(master: int, start: float, process: subprocess.Popen[bytes]) -> float:
    seen = b""
    deadline = start + STARTUP_TIMEOUT
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk and process.poll() is not None:
                break
            seen += chunk
            if MARKER in seen:
                return time.perf_counter() - start
    tail = seen[-400:].decode("utf-8", "replace")
    raise RuntimeError(f"{MARKER!r} never appeared on the terminal; last output: {tail!r}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def measure_startup(runs: int) -> list[Row]:
    python = sys.executable
    wizard = [python, "-m", "tui", "new", "--preset", "vllm-h100"]
    minimal = [python, "-c", MINIMAL_APP]
    wizard_times: list[float] = []
    minimal_times: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-wizard-") as state,
        tempfile.TemporaryDirectory(prefix="bench-pycache-") as pycache,
    ):
        env = child_environment(state, pycache)
        time_to_marker(wizard, env)  # warm the OS file cache and .pyc files for both
        time_to_marker(minimal, env)
        for _ in range(runs):
            minimal_times.append(time_to_marker(minimal, env))
            wizard_times.append(time_to_marker(wizard, env))
    return [
        Row(
            f"start-up to first paint (pty), {stat}",
            f"{runs} runs",
            pick(wizard_times) * 1000,
            pick(minimal_times) * 1000,
            target,
            "ms",
        )
        for stat, pick, target in (("min", min, START_TARGET), ("median", statistics.median, 0.0))
    ]


# -- (b) one keystroke in a validated field --------------------------------------------------

Setup = Callable[[Any], Awaitable[None]]


Typist = Callable[[Any, int], Awaitable[None]]


async def per_keystroke(app: Any, setup: Setup, typist: Typist, keys: int, warmup: int) -> float:
    """CPU seconds per keystroke, from the key event to the repainted screen.

    CPU time, not wall time: waiting for the app to be idle means sleeping in 20 ms steps,
    which the wall clock would mostly measure. Everything the keystroke causes (handlers, the
    core's validation, widget updates, layout, the repaint by the screen's update timer) runs
    before the typist returns, so it is counted. The wizard defers some work until typing
    pauses (the preview and Review re-render, the recovery autosave): both apps then sleep
    SETTLE seconds inside the timed window, so that deferred work is counted too. Both also
    sleep SETTLE seconds after the warm-up keys, so one-time work (the first autosave imports
    the TOML writer) is not counted as the keys' cost.
    """
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await setup(pilot)
        await typist(pilot, warmup)
        # Let the warm-up's deferred work run once: the first autosave imports the draft
        # writer, a one-time cost that is no keystroke's.
        await asyncio.sleep(SETTLE)
        await pilot.pause()
        start = time.process_time()
        await typist(pilot, keys)
        await asyncio.sleep(SETTLE)  # deferred work (preview, review, autosave) is counted
        elapsed = time.process_time() - start
        await pilot.pause()
    return elapsed / keys


def _key(index: int) -> str:
    return "x" if index % 2 == 0 else "backspace"


async def press_with_pilot(pilot: Any, count: int) -> None:
    """`pilot.press`: it also visits every widget's queue after each key (`_wait_for_screen`),
    a harness cost that grows with the number of widgets."""
    for index in range(count):
        await pilot.press(_key(index))


async def press_like_a_terminal(pilot: Any, count: int) -> None:
    """Post the same Key event a terminal driver posts, then wait until the app is idle."""
    from textual import events

    for index in range(count):
        key = _key(index)
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until_idle()


async def until_idle(step: float = 0.005, busy: float = 0.0005) -> None:
    """Return once a `step` of sleep used less than `busy` CPU seconds (Pilot's own rule,
    with shorter steps)."""
    while True:
        before = time.process_time()
        await asyncio.sleep(step)
        if time.process_time() - before < busy:
            return


def minimal_input_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class PlainInput(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(value="bench-model", compact=True)

    return PlainInput()


async def focus_plain_input(pilot: Any) -> None:
    from textual.widgets import Input

    field = pilot.app.query_one(Input)
    field.focus()
    field.cursor_position = len(field.value)
    await pilot.pause()


def wizard_app(state_dir: Path) -> Any:
    from tui.app import make_app
    from tui.core.config import ClientConfig
    from tui.core.recovery import RecoveryStore

    config = ClientConfig.from_env({}, base_url="http://127.0.0.1:9", account_id="bench")
    return make_app(
        preset="vllm-h100",
        config=config,
        recovery=RecoveryStore(state_dir),
        choose_start=False,
    )


async def focus_wizard_name(pilot: Any) -> None:
    from tui.widgets.form_field import FormField

    field = next(f for f in pilot.app.screen.query(FormField) if f.path == "name")
    control = field.control
    control.focus()
    await pilot.pause()
    await pilot.press("end")
    await pilot.pause()


def measure_keystroke(keys: int, warmup: int, runs: int) -> list[Row]:
    """Per typist, `runs` runs of each app, interleaved (plain, wizard, plain, ...) so that
    machine noise hits both; the median of the runs' per-key means."""
    rows = []
    typists = (
        ("key event -> repaint, CPU", press_like_a_terminal, KEY_TARGET),
        ("  same via pilot.press (+harness)", press_with_pilot, 0.0),
    )
    for label, typist, target in typists:
        plain_times: list[float] = []
        wizard_times: list[float] = []
        for _ in range(runs):
            plain_times.append(
                asyncio.run(
                    per_keystroke(minimal_input_app(), focus_plain_input, typist, keys, warmup)
                )
            )
            # A fresh state directory per run: the previous run's autosave would otherwise
            # greet this one with the restore dialog.
            with tempfile.TemporaryDirectory(prefix="bench-wizard-") as state:
                app = wizard_app(Path(state))
                wizard_times.append(
                    asyncio.run(per_keystroke(app, focus_wizard_name, typist, keys, warmup))
                )
        measure = f"{keys} keys x{runs}"
        rows.append(
            Row(label, measure, min(wizard_times) * 1000, min(plain_times) * 1000, target, "ms")
        )
        if target:
            wizard_ms = statistics.median(wizard_times) * 1000
            plain_ms = statistics.median(plain_times) * 1000
            rows.append(Row("  the same, median", measure, wizard_ms, plain_ms, 0.0, "ms"))
    return rows


# -- report ----------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'measure':36} {'over':>12} {'wizard':>10} {'baseline':>10} {'ratio':>7} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        target = f"<={row.target}" if row.target else "(info)"
        verdict = "" if not row.target else ("ok" if row.ratio <= row.target else "MISSED")
        print(
            f"{row.label:36} {row.measure:>12} {row.wizard:>8.2f}{row.unit} "
            f"{row.baseline:>8.2f}{row.unit} {row.ratio:>6.2f}x {target:>7} {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per app (default 7)")
    parser.add_argument("--keys", type=int, default=200, help="timed keystrokes (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed keystrokes first")
    parser.add_argument(
        "--key-runs", type=int, default=5, help="keystroke runs per app, median (default 5)"
    )
    parser.add_argument("--only", choices=("startup", "keys"), help="run one measurement")
    args = parser.parse_args(argv)
    rows = []
    if args.only in (None, "startup"):
        rows.extend(measure_startup(args.runs))
    if args.only in (None, "keys"):
        rows.extend(measure_keystroke(args.keys, args.warmup, args.key_runs))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
