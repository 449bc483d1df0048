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

# An ambiguous failure that a check right after does not explain: the truth is that the
# server may still store it (the retry checks first, for 2 x --timeout).
MAY_STILL = ("may still create it", "run the same command again after 2 s")

# fault on the create -> (exit code, status, words the message must contain, templates after)
MATRIX: dict[str, tuple[Fault, int, str, tuple[str, ...], int]] = {
    "json 500": (Fault.error(500), EXIT_API, "failed", ("500", *MAY_STILL), 0),
    "json 400": (Fault.error(400, "bad things"), EXIT_API, "failed", ("bad things",), 0),
    "html 502": (Fault.html(502), EXIT_API, "failed", ("502", *MAY_STILL), 0),
    # A 200 says the server acted even when its body is cut short: never "nothing was created".
    "malformed json": (Fault.malformed_json(), EXIT_API, "failed", MAY_STILL, 0),
    "close before answering": (Fault.drop_connection(), EXIT_API, "failed", MAY_STILL, 0),
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
    result = submit(draft, capsys, "--timeout", "1")
    assert (result.code, result.outcome["status"]) == (code, status), result
    for word in words:
        assert word in result.outcome["message"], result.outcome["message"]
    assert faulty_env.store.count() == count
    assert not faulty_env.faults.pending(), "the fault was hit"
    again = submit(draft, capsys, "--timeout", "1")
    assert again.code == EXIT_OK and again.outcome["status"] == ("exists" if count else "created")
    assert faulty_env.store.count() == 1, "no duplicate after running the same command again"


def test_a_retry_run_at_once_after_a_read_timeout_never_duplicates(
    faulty_env: Sandbox, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: the server stores the create after the client's read timeout and
    after its check; the same command, run again at once, must find it, not create a twin."""
    faulty_env.faults.script(*POST, Fault.slow(1.0))
    result = submit(draft, capsys, "--timeout", "0.4")
    assert result.code == EXIT_API and result.outcome["status"] == "failed"
    assert "may still create it" in result.outcome["message"]
    assert "nothing was created" not in result.outcome["message"]
    assert faulty_env.store.count() == 0, "not stored yet when the retry starts"
    again = submit(draft, capsys, "--timeout", "0.4")
    assert (again.code, again.outcome["status"]) == (EXIT_OK, "exists"), again
    assert faulty_env.store.count() == 1


PROCESSES = 6  # bench/concurrent_submit.py runs 20 processes, 10 times

STARTER = """\
import os, sys, time
from tui.cli.main import main
import tui.cli.commands.submit, tui.core.submit, tui.core.client  # loaded before the start
ready, go = sys.argv[1], sys.argv[2]
open(os.path.join(ready, str(os.getpid())), "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
sys.exit(main(sys.argv[3:]))
"""


def submit_at_once(draft: Path, processes: int, workdir: Path) -> list[str]:
    """Start `processes` submits of `draft`, let them all go at the same moment, and return
    their statuses (each must exit 0)."""
    ready, go = workdir / "ready", workdir / "go"
    ready.mkdir()
    command = [sys.executable, "-c", STARTER, str(ready), str(go), "submit", str(draft), "--json"]
    children = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(processes)
    ]
    deadline = time.monotonic() + 120
    while len(list(ready.iterdir())) < processes and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    statuses = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == EXIT_OK, err.decode()
        statuses.append(json.loads(out)[0]["status"])
    return statuses


def test_processes_submitting_one_draft_at_once_create_one_template(
    faulty_env: Sandbox, draft: Path, tmp_path: Path
) -> None:
    """Without the lock, each process listed the account before the first create (slowed
    down here) was stored, and created its own."""
    faulty_env.faults.script(*POST, Fault.slow(1.0), times=None)
    statuses = submit_at_once(draft, PROCESSES, tmp_path)
    assert sorted(statuses) == ["created"] + ["exists"] * (PROCESSES - 1)
    assert faulty_env.store.count() == 1


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
    assert result.code == EXIT_API and "may still create it" in result.outcome["message"]
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
