"""`sgp-template sandbox`: foreground server, banner, Ctrl+C, refusals."""

from __future__ import annotations

import argparse
import io
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import TEMPLATES, make_body
from tui.sandbox import Sandbox
from tui.sandbox.command import add_sandbox_arguments, run_sandbox_command

ROOT = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_sandbox_arguments(parser)
    return parser.parse_args(argv)


def test_sandbox_command_serves_until_ctrl_c(tmp_path: Path) -> None:
    db = tmp_path / "cmd.sqlite3"
    argv = ["sandbox", "--port", "0", "--db", str(db), "--api-key", "k-test"]
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)\s+api key: (\S+)\s+db: (\S+)", banner)
        assert match, banner
        url, key, banner_db = match.groups()
        assert (key, banner_db) == ("k-test", str(db))
        response = httpx.post(url + TEMPLATES, json=make_body(), headers={"x-api-key": key})
        assert response.status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with Sandbox(db=db) as reopened:
        assert reopened.store.count() == 1, "stored in the --db file"


def test_generated_key_and_memory_db_are_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in-process with a server that stops at once (should_exit preset)."""
    monkeypatch.delenv("SGP_SANDBOX_API_KEY", raising=False)
    out = io.StringIO()
    from tui.sandbox import command

    original = command.build_server

    def build_and_stop(*args: object, **kw: object) -> object:
        parts = original(*args, **kw)  # type: ignore[arg-type]
        parts.server.should_exit = True
        return parts

    monkeypatch.setattr(command, "build_server", build_and_stop)
    assert run_sandbox_command(parse("--port", "0", "--memory"), out=out) == 0
    assert re.search(r"api key: sandbox-\S{10,}\s+db: :memory:", out.getvalue())
    monkeypatch.setenv("SGP_SANDBOX_API_KEY", "from-env")
    out = io.StringIO()
    assert run_sandbox_command(parse("--port", "0", "--memory", "--faults"), out=out) == 0
    assert "api key: from-env" in out.getvalue() and "faults on" in out.getvalue()


def test_non_loopback_host_needs_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sandbox_command(parse("--host", "0.0.0.0", "--memory")) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_busy_port_is_one_clear_line(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    port = sandbox.base_url.rsplit(":", 1)[1]
    assert run_sandbox_command(parse("--port", port, "--memory")) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "--port" in err and err.count("\n") == 1


def test_unusable_db_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00garbage" * 512)
    assert run_sandbox_command(parse("--port", "0", "--db", str(bad))) == 1
    assert str(bad) in capsys.readouterr().err


def test_db_and_memory_are_exclusive() -> None:
    with pytest.raises(SystemExit):
        parse("--db", "x.sqlite3", "--memory")
