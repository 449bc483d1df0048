"""The pre-commit hooks in .pre-commit-hooks.yaml run real commands of ours."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tui.cli.main import build_parser

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_every_hook_entry_is_a_command_we_parse(tmp_path: Path) -> None:
    entries = re.findall(r"^\s*entry:\s*(.+)$", HOOKS.read_text(encoding="utf-8"), re.M)
    ids = re.findall(r"^- id:\s*(\S+)$", HOOKS.read_text(encoding="utf-8"), re.M)
    assert len(entries) == len(ids) >= 1
    for entry in entries:
        program, *argv = shlex.split(entry)
        assert program == "sgp-template"
        args = build_parser(argv).parse_args([*argv, str(tmp_path / "a.toml")])  # as pre-commit
        assert args.handler.__module__ == "tui.cli.commands.validate"
