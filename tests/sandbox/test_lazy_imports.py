"""Importing the sandbox (as the headless CLI does) must not load the server stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, time
import tui.sandbox, tui.sandbox.command
heavy = [m for m in ("uvicorn", "starlette", "jsonschema", "textual") if m in sys.modules]
assert not heavy, heavy
started = time.perf_counter()
with tui.sandbox.Sandbox() as sandbox:
    took = time.perf_counter() - started
    assert "uvicorn" in sys.modules
print(f"{took:.3f}")
"""


def test_server_stack_loads_only_when_a_sandbox_starts() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 2.0, "start-up (imports included) should take well under 0.5 s"
