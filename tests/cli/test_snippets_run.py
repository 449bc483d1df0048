"""`show --format curl|python` snippets run as printed, against the sandbox: the template they
create holds the environment's value, never the mask `***` (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.conftest import API_KEY, SECRET


def _stored_tokens(sandbox) -> list[str]:
    return [
        t["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] for t in sandbox.store.all()
    ]


def _run(argv: list[str], snippet: str) -> None:
    loopback = "127.0.0.1,localhost"
    env = {**os.environ, "SGP_API_KEY": API_KEY, "HF_TOKEN": SECRET, "NO_PROXY": loopback}
    env["no_proxy"] = loopback
    result = subprocess.run([*argv, snippet], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert SECRET not in snippet and "***" not in snippet


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
# (without curl, tests/core/test_render.py still runs the snippet's shell part with bash)
def test_curl_snippet_creates_the_template_with_the_real_value(cli, write_draft, sandbox) -> None:
    snippet = cli("show", write_draft(), "-f", "curl").out
    _run(["bash", "-c"], snippet)
    assert _stored_tokens(sandbox) == [SECRET]


def test_python_snippet_creates_the_template_with_the_real_value(cli, write_draft, sandbox) -> None:
    snippet = cli("show", write_draft(), "-f", "python").out
    _run([sys.executable, "-c"], snippet)
    assert _stored_tokens(sandbox) == [SECRET]
