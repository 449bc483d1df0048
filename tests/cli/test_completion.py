"""Shell completion: scripts a shell accepts, answering partial words from the full parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main as cli_main
from tui.cli.commands.completion import completion_script

BIN = Path(sys.executable).parent
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

COMPLETE = """\
source "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}; COMPREPLY=()
_shtab_sgp_template
printf '%s\\n' "${COMPREPLY[@]}"
"""


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "sgp-template.bash"
    path.write_text(completion_script("bash"), encoding="utf-8")
    return path


def complete(script: Path, *words: str, cwd: Path | None = None, **env: str) -> list[str]:
    result = subprocess.run(
        ["bash", "-c", COMPLETE, "complete", str(script), "sgp-template", *words],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env},
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line]


@needs_bash
def test_bash_accepts_the_script(bash_script: Path) -> None:
    subprocess.run(["bash", "-n", str(bash_script)], check=True)


@needs_bash
def test_completes_commands_flags_and_choices(bash_script: Path) -> None:
    assert complete(bash_script, "pl") == ["plan"]
    assert complete(bash_script, "apply", "--on-d") == ["--on-drift"]
    assert complete(bash_script, "apply", "--on-drift", "s") == ["skip"]
    assert complete(bash_script, "show", "--format", "t") == ["toml"]


@needs_bash
def test_completes_profile_names_from_the_config(bash_script: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.dev]\n[profiles.prod]\n[profiles.staging]\n", encoding="utf-8")
    words = complete(bash_script, "plan", "--profile", "p", SGP_TEMPLATE_CONFIG=str(config))
    assert words == ["prod"]


@needs_bash
def test_completes_draft_paths(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "llama.toml").write_text("", encoding="utf-8")
    (tmp_path / "llama.txt").write_text("", encoding="utf-8")
    assert complete(bash_script, "validate", "ll", cwd=tmp_path) == ["llama.toml"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_know_every_command(shell: str) -> None:
    script = completion_script(shell)
    for name in cli_main.HEADLESS_COMMANDS:
        assert name in script
    assert "--on-drift" in script and "completion --list-profiles" in script
    if shutil.which(shell):
        subprocess.run([shell, "-n"], input=script, text=True, check=True)


def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["completion", "bash"]) == 0
    assert "_shtab_sgp_template" in capsys.readouterr().out
    assert cli_main.main(["completion", "tcsh"]) == 2


def test_normal_start_does_not_load_shtab() -> None:
    code = (
        "import sys; from tui.cli.main import main; main(['fields', 'name']); "
        "sys.stderr.write(str('shtab' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr == "False"


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_answers_partial_words(tmp_path: Path) -> None:
    script = tmp_path / "sgp-template.fish"
    script.write_text(completion_script("fish"), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text("[profiles.dev]\n[profiles.prod]\n", encoding="utf-8")
    calls = "; ".join(
        f"complete -C '{line}'"
        for line in ("sgp-template pl", "sgp-template plan --profile p", "sgp-template show -f t")
    )
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; {calls}"],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "SGP_TEMPLATE_CONFIG": str(config),
        },
    )
    words = [line.split("\t")[0] for line in result.stdout.splitlines() if line]
    assert words == ["plan", "prod", "toml"]
