"""Shared fixtures for the CLI tests: a clean environment, draft files, a running sandbox."""

from __future__ import annotations

import copy
import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.cli.main import main
from tui.core.drafts import Draft, dumps_draft
from tui.sandbox import Sandbox

API_KEY = "sk-cli-test-KEYVALUE-987654321"
SECRET = "hf-token-SECRETVALUE-123"
ACCOUNT = "acct-cli"

VALID_TEMPLATE: dict[str, Any] = {
    "name": "vllm-a10",
    "endpoint_type": "SYNC",
    "model_type": "COMPLETION",
    "account_id": ACCOUNT,
    "endpoint_protocol": "VLLM",
    "vendor_configuration": {
        "bundle_config": {
            "registry": "123456789012.dkr.ecr.us-west-2.amazonaws.com",
            "image": "team/vllm",
            "tag": "0.6.3",
            "command": ["python", "-m", "server", "--port", "5005"],
            "env": {"HF_TOKEN": "${HF_TOKEN}"},
        },
        "endpoint_config": {
            "endpoint_type": "SYNC",
            "cpus": 4,
            "memory": "32Gi",
            "storage": "64Gi",
            "gpus": 1,
            "gpu_type": "nvidia-ampere-a10",
            "min_workers": 1,
            "max_workers": 2,
        },
    },
}


def valid_template(**changes: Any) -> dict[str, Any]:
    template = copy.deepcopy(VALID_TEMPLATE)
    template.update(changes)
    return template


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SGP_* from the developer's shell; a known ${HF_TOKEN} value."""
    for name in (
        "SGP_API_KEY",
        "SGP_ACCOUNT_ID",
        "SGP_CLIENT_BASE_URL",
        "SGP_BASE_URL",
        "SGP_SANDBOX_DB",
        "SGP_NO_PROMPT",
        "CI",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_TOKEN", SECRET)


WriteDraft = Callable[..., Path]


@pytest.fixture
def write_draft(tmp_path: Path) -> WriteDraft:
    """Write a draft file: `write_draft("a.toml", template)` (default: the valid template)."""

    def write(name: str = "draft.toml", template: dict[str, Any] | None = None) -> Path:
        path = tmp_path / name
        body = valid_template() if template is None else template
        path.write_text(dumps_draft(Draft(template=body)), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A sandbox server, with SGP_* pointing the CLI at it (key: API_KEY)."""
    with Sandbox(api_key=API_KEY, faults=True) as sb:
        for name, value in sb.env(ACCOUNT).items():
            monkeypatch.setenv(name, value)
        yield sb


class Run:
    """The result of one in-process `main([...])` call."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        gc.unfreeze()  # a batch command freezes what it kept (replay.collector_paused)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
