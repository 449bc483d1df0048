"""The fault matrix: every fault kind against `sgp-template submit`.

Each case checks the exit code, a clear one-line message, that the draft file is untouched
(byte for byte), and how many templates the sandbox holds afterwards: never a duplicate.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.sandbox.conftest import ACCOUNT, TEMPLATES, make_body
from tui.cli.main import main
from tui.core.drafts import Draft, dumps_draft
from tui.sandbox import Fault, Sandbox

ROOT = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_API = 0, 3


@dataclass
class Submitted:
    code: int
    outcome: dict[str, Any]
    err: str


@pytest.fixture
def faulty_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    for name in ("SGP_CLIENT_BASE_URL", "SGP_BASE_URL", "SGP_API_KEY", "SGP_ACCOUNT_ID"):
        monkeypatch.delenv(name, raising=False)
    with Sandbox(faults=True) as sandbox:
        for name, value in sandbox.env(ACCOUNT).items():
            monkeypatch.setenv(name, value)
        yield sandbox


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    template = make_body("matrix")
    template["vendor_configuration"]["bundle_config"]["command"] = ["serve", "--port", "5005"]
    path = tmp_path / "matrix.toml"
    path.write_text(dumps_draft(Draft(template=template)), encoding="utf-8")
    return path


def submit(draft: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Submitted:
    before = draft.read_bytes()
    capsys.readouterr()
    code = main(["submit", str(draft), "--json", *extra])
    captured = capsys.readouterr()
    assert draft.read_bytes() == before, "the draft file must never change"
    [outcome] = json.loads(captured.out)
    assert "\n" not in outcome["message"].strip()
    assert "Traceback" not in captured.err
    return Submitted(code, outcome, captured.err)


POST = ("POST", TEMPLATES)

# fault on the create -> (exit code, status, words the message must contain, templates after)
MATRIX: dict[str, tuple[Fault, int, str, tuple[str, ...], int]] = {
    "json 500": (Fault.error(500), EXIT_API, "failed", ("500", "nothing was created"), 0),
    "json 400": (Fault.error(400, "bad things"), EXIT_API, "failed", ("bad things",), 0),
    "html 502": (Fault.html(502), EXIT_API, "failed", ("502", "nothing was created"), 0),
    "malformed json": (Fault.malformed_json(), EXIT_API, "failed", ("nothing was created",), 0),
    "close before answering": (
        Fault.drop_connection(),
        EXIT_API,
        "failed",
        ("nothing was created", "safe"),
        0,
    ),
    "store then drop": (Fault.store_then_drop(), EXIT_OK, "recovered", ("created",), 1),
    "429 with retry-after": (Fault.rate_limited(retry_after=0.2), EXIT_OK, "created", (), 1),
    "503 with retry-after": (
        Fault.error(503, retry_after=0.2),
        EXIT_OK,
        "created",
        (),
        1,
    ),
    "short delay": (Fault.slow(0.3), EXIT_OK, "created", (), 1),
}


@pytest.mark.parametrize("case", list(MATRIX))
def test_submit_under_fault(
    case: str, faulty_env: Sandbox, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fault, code, status, words, count = MATRIX[case]
    faulty_env.faults.script(*POST, fault)
    result = submit(draft, capsys)
    assert (result.code, result.outcome["status"]) == (code, status), result
    for word in words:
        assert word in result.outcome["message"], result.outcome["message"]
    assert faulty_env.store.count() == count
    assert not faulty_env.faults.pending(), "the fault was hit"
    again = submit(draft, capsys)
    assert again.code == EXIT_OK and again.outcome["status"] == ("exists" if count else "created")
    assert faulty_env.store.count() == 1, "no duplicate after running the same command again"


def test_timeout_that_later_succeeds_never_duplicates(
    faulty_env: Sandbox, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server answers after the client gave up, and stores the template anyway."""
    faulty_env.faults.script(*POST, Fault.slow(0.8))
    result = submit(draft, capsys, "--timeout", "0.3")
    assert result.code == EXIT_API and result.outcome["status"] == "failed"
    assert "timed out" in result.outcome["message"].lower()
    deadline = time.monotonic() + 5
    while faulty_env.store.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert faulty_env.store.count() == 1, "the slow create went through on the server"
    again = submit(draft, capsys)
    assert (again.code, again.outcome["status"]) == (EXIT_OK, "exists")
    assert faulty_env.store.count() == 1


def test_dropped_after_a_long_wait_times_out_cleanly(
    faulty_env: Sandbox, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faulty_env.faults.script(*POST, Fault.drop_connection(delay=0.6))
    result = submit(draft, capsys, "--timeout", "0.2")
    assert result.code == EXIT_API and "nothing was created" in result.outcome["message"]
    time.sleep(0.6)
    assert faulty_env.store.count() == 0


def test_a_failing_existence_check_sends_nothing(
    faulty_env: Sandbox, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faulty_env.faults.script("GET", TEMPLATES, Fault.error(401, "Invalid API key"), times=None)
    result = submit(draft, capsys)
    assert result.code == EXIT_API
    assert "nothing was created" in result.outcome["message"]
    assert faulty_env.store.count() == 0
    assert not [f for method, _, f in faulty_env.faults.fired if method == "POST"]


def test_submit_with_embedded_sandbox_as_a_subprocess(tmp_path: Path, draft: Path) -> None:
    """`submit --sandbox` end to end in a fresh process: no account, no network."""
    db = tmp_path / "sub.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SGP_ACCOUNT_ID": ACCOUNT}
    command = [sys.executable, "-m", "tui", "submit", str(draft), "--sandbox", "--json"]
    command += ["--sandbox-db", str(db)]
    for expected in ("created", "exists"):
        before = draft.read_bytes()
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)[0]["status"] == expected
        assert draft.read_bytes() == before
    with Sandbox(db=db) as reopened:
        assert reopened.store.count() == 1
