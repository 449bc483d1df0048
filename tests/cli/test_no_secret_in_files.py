"""No secret in any file the tool writes (issue 10).

Canary values for SGP_API_KEY and for a `${NAME}` variable; every command, then a wizard
journey (autosave, save, submit), run under a temporary HOME and XDG folders; after each,
every file under that root is searched for both canaries. The sandbox keeps its database in
memory: it stores what it was sent, like the real server, and is not ours to search.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import ACCOUNT, valid_template
from tui.core.drafts import Draft, dumps_draft
from tui.sandbox import Sandbox

KEY_CANARY = "sk-CANARY-KEY-7f3a9c21d5e8"
VALUE_CANARY = "hf_CANARY_VALUE_4b6d8e0a2c"
CANARIES = (KEY_CANARY.encode(), VALUE_CANARY.encode())


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary HOME holding the XDG folders and the working directory."""
    root = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_DATA_HOME", ".local/share"),
    ):
        (root / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(root / sub))
    monkeypatch.setenv("HOME", str(root))
    for name in ("SGP_TEMPLATE_CACHE_DIR", "SGP_TEMPLATE_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_TOKEN", VALUE_CANARY)
    work = root / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    yield root
    # Two sandboxes, every command and a wizard leave much garbage: collect it here, so a
    # full collection does not land inside a later timing-sensitive wizard test (the footer
    # test in tests/ui/test_wizard.py waits a single pause for the layout).
    gc.collect()


@pytest.fixture
def canary_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox(api_key=KEY_CANARY) as sandbox:
        for name, value in sandbox.env(ACCOUNT).items():
            monkeypatch.setenv(name, value)
        yield sandbox


def assert_no_canary(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    leaks = [str(p) for p in files if any(c in p.read_bytes() for c in CANARIES)]
    assert leaks == []
    return files


def draft_file(work: Path, name: str = "draft.toml") -> Path:
    template = valid_template(name=name.removesuffix(".toml"))
    path = work / name
    path.write_text(dumps_draft(Draft(template=template)), encoding="utf-8")
    return path


def test_every_command_writes_no_secret(cli, home: Path, canary_sandbox: Sandbox) -> None:
    draft = draft_file(home / "work")
    steps = [
        ("validate", draft),
        ("validate", "--json", "--require-env", draft),
        *[("show", draft, "-f", fmt) for fmt in ("json", "toml", "curl", "python")],
        ("submit", "--dry-run", draft),
        ("submit", draft),
        ("submit", "--json", draft),
        ("list",),
        ("list", "--json"),
        ("fields", "name"),
        ("schema",),
    ]
    for argv in steps:
        result = cli(*argv)
        assert result.code == 0, (argv, result.err)
        assert_no_canary(home)
    template_id = canary_sandbox.store.all()[0]["id"]
    for argv in (("pull", template_id, "-o", "pulled.toml"), ("pull", template_id)):
        assert cli(*argv).code == 0
        assert_no_canary(home)
    assert cli("submit", "pulled.toml").out.startswith(f"exists {template_id}")
    assert cli("delete", template_id, "--yes").code == 0
    files = assert_no_canary(home)
    assert home / "work" / "pulled.toml" in files  # the search did see what was written


async def test_a_wizard_journey_writes_no_secret(home: Path, canary_sandbox: Sandbox) -> None:
    from tui.app import make_app

    draft = draft_file(home / "work", "wizard.toml")
    app = make_app(draft_path=draft, config=canary_sandbox.config(account_id=ACCOUNT))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.session.set("name", "wizard-journey")
        app.autosave_now()
        await pilot.pause()
        recovery_files = [p for p in assert_no_canary(home) if p.parent != home / "work"]
        assert recovery_files  # the autosave wrote something to search
        app.save()
        await pilot.pause()
        await app.submit()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.controller.result is not None and app.controller.result.kind == "created"
    stored = canary_sandbox.store.all()[0]["vendor_configuration"]["bundle_config"]["env"]
    assert stored == {"HF_TOKEN": VALUE_CANARY}  # the secret did reach the server
    assert 'name = "wizard-journey"' in draft.read_text(encoding="utf-8")
    assert_no_canary(home)
