"""Real processes: `python -m tui`, the wizard's fast failure, and no Textual when headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(
    args: list[str], env_extra: dict[str, str] | None = None, **kw
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SGP_")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        **kw,
    )


def test_python_m_tui_validate(write_draft, tmp_path) -> None:
    good = write_draft()
    bad = tmp_path / "bad.toml"
    bad.write_text("draft_version = 1.0 = 2", encoding="utf-8")
    ok = run(["-m", "tui", "validate", str(good)])
    assert ok.returncode == 0, ok.stderr
    failed = run(["-m", "tui", "validate", "--json", str(good), str(bad)])
    assert failed.returncode == 1
    assert [f["file"] for f in json.loads(failed.stdout)] == [str(bad)]
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize("argv", [[], ["new"], ["edit", "draft.toml"]])
def test_wizard_without_a_terminal_exits_2_quickly(argv: list[str]) -> None:
    result = run(["-m", "tui", *argv])
    assert result.returncode == 2
    assert "validate" in result.stderr and "show" in result.stderr and "submit" in result.stderr
    assert "Traceback" not in result.stderr


HYGIENE = """
import sys
from tui.cli.main import main
codes = [
    main(["validate", sys.argv[1]]),
    main(["show", sys.argv[1], "-f", "curl"]),
    main(["show", sys.argv[1], "-f", "python"]),
    main(["submit", "--dry-run", sys.argv[1]]),
    main([]),
]
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("RESULT", codes, loaded, file=sys.stderr)
"""


def test_headless_commands_never_import_textual(write_draft) -> None:
    result = run(["-c", HYGIENE, str(write_draft())], {"HF_TOKEN": "x"})
    last = result.stderr.strip().splitlines()[-1]
    assert last == "RESULT [0, 0, 0, 0, 2] []", result.stderr
