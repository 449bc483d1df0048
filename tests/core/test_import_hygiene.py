"""The headless core, CLI and sandbox never import Textual (they run in CI with no terminal)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

HEADLESS_PACKAGES = ("tui.core", "tui.cli", "tui.sandbox")


def headless_modules() -> list[str]:
    root = Path(tui.__file__).parent
    names = []
    for package in HEADLESS_PACKAGES:
        folder = root.joinpath(*package.split(".")[1:])
        if not folder.is_dir():
            continue
        names.append(package)
        for info in pkgutil.walk_packages([str(folder)], prefix=f"{package}."):
            names.append(info.name)
    return names


def test_there_are_headless_modules_to_check() -> None:
    modules = headless_modules()
    assert "tui.core.models" in modules
    assert "tui.core.findings" in modules


def test_headless_modules_do_not_import_textual() -> None:
    modules = headless_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, f'{name} imported textual'\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
