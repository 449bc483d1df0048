"""The real `sgp-template` in a pseudo-terminal: a burst of keys is saved exactly as typed.

This is the user's journey end to end (terminal driver, input parser, wizard, draft file):
the keys are written to the terminal in one write, as a paste without bracketed paste or
`tmux send-keys -l` delivers them, then Tab and more keys, then ctrl+s saves the draft.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from tests.ui.helpers import VALID_TEMPLATE
from tui.core.drafts import Draft, load_draft, save_draft

NAME = ("abcdefghijklmnopqrstuvwxyz-0123456789" * 6)[:210]
ACCOUNT = "acct-" + NAME[:60]


def _command() -> list[str]:
    script = shutil.which("sgp-template", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "tui"]


class Terminal:
    """A child process on a 100x32 pseudo-terminal whose output is drained in a thread."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def write(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait_for_output(self, needle: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.output:
            if time.monotonic() > deadline or self.process.poll() is not None:
                tail = bytes(self.output[-500:])
                raise AssertionError(f"no {needle!r} on the terminal: {tail!r}")
            time.sleep(0.05)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_burst_typed_in_a_real_terminal_is_saved_exactly(tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    template = {k: v for k, v in VALID_TEMPLATE.items() if k not in ("name", "account_id")}
    save_draft(draft, Draft(template=template))
    env = {**_interactive_env(tmp_path), "COLUMNS": "100", "LINES": "32"}
    terminal = Terminal([*_command(), "edit", str(draft)], tmp_path, env)
    try:
        terminal.wait_for_output(b"Basics", timeout=30)
        time.sleep(1.5)  # past the first frame's deferred work (keymap, recovery check)
        terminal.write(NAME + "\t" + ACCOUNT)  # one write: one burst
        time.sleep(1.5)
        terminal.write("X")
        time.sleep(1.0)
        before = draft.stat().st_mtime_ns
        terminal.write("\x13")  # ctrl+s
        deadline = time.monotonic() + 20
        while draft.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.1)
        saved = load_draft(draft).draft.template
        assert saved["name"] == NAME
        assert saved["account_id"] == ACCOUNT + "X"
        terminal.write("\x11")  # ctrl+q: saved, so it quits without asking
        terminal.process.wait(timeout=20)
    finally:
        terminal.close()


NOT_INTERACTIVE = ("CI", "SGP_NO_PROMPT")
"""Variables that make the wizard refuse to start (CI sets CI=true): a terminal test is the
one place where the wizard must run under CI, in a terminal of its own."""


def _interactive_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user at a terminal, with the recovery slots kept in `tmp_path`."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INTERACTIVE}
    return {**env, "TERM": "xterm-256color", "SGP_TEMPLATE_STATE_DIR": str(tmp_path / "state")}


def _tmux(*args: str) -> str:
    result = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=20)
    return result.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_step_jump_keys_reach_the_wizard_under_tmux(tmp_path: Path) -> None:
    """tmux's default configuration: ctrl+l then a step's number jumps to it, shift+F<N>
    (sent as F<12+N>) too, F6 goes to Review. (shift+F3 is sent as ESC[1;2R, which Textual
    cannot tell from a cursor position report: the reason for ctrl+l.)"""
    draft = tmp_path / "draft.toml"
    save_draft(draft, Draft(template=VALID_TEMPLATE))
    socket = f"sgp-test-{os.getpid()}"
    command = " ".join([*_command(), "edit", str(draft)])
    env_args = [f"SGP_TEMPLATE_STATE_DIR={tmp_path / 'state'}", "TERM=xterm-256color"]
    unset = [arg for name in NOT_INTERACTIVE for arg in ("-u", name)]
    _tmux("-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "w", "-x", "100",
          "-y", "32", "env", *unset, *env_args, "sh", "-c", command)  # fmt: skip
    try:

        def screen() -> str:
            return _tmux("-L", socket, "capture-pane", "-p", "-t", "w")

        def wait_for(text: str) -> str:
            deadline = time.monotonic() + 30
            while text not in (shown := screen()):
                if time.monotonic() > deadline:
                    raise AssertionError(f"{text!r} never shown:\n{shown}")
                time.sleep(0.1)
            return shown

        wait_for("1 · Basics")
        time.sleep(1.0)
        _tmux("-L", socket, "send-keys", "-t", "w", "C-l", "3")
        wait_for("3 · Endpoint resources")
        _tmux("-L", socket, "send-keys", "-t", "w", "S-F2")  # F14 on the wire
        wait_for("2 · Bundle")
        _tmux("-L", socket, "send-keys", "-t", "w", "C-l", "5")
        wait_for("5 · Parameter schemas")
        _tmux("-L", socket, "send-keys", "-t", "w", "F6")
        wait_for("6 · Review")
    finally:
        _tmux("-L", socket, "kill-server")
