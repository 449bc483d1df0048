"""The headless core, CLI and sandbox never import Textual (they run in CI with no terminal)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

HEADLESS_PACKAGES = ("tui.core", "tui.cli", "tui.sandbox")
HEADLESS_MODULES = ("tui.controller",)
"""What the wizard does without its screens: tested and imported like the core."""


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
    return [*names, *HEADLESS_MODULES]


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


# -- public Textual only, and a core that stays headless (static checks) ----------------------

TUI_ROOT = Path(tui.__file__).parent
CORE_FORBIDDEN = ("textual", "tui.cli", "tui.sandbox", "tui.screens", "tui.widgets")


def _imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, at any depth (function-level imports included)."""
    import ast

    names: list[str] = []
    package = ".".join(path.relative_to(TUI_ROOT.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
    return names


def _is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _private_textual(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "textual" and any(part.startswith("_") for part in parts[1:])


def test_nothing_in_tui_imports_a_private_textual_module() -> None:
    offenders = {
        f"{path.relative_to(TUI_ROOT.parent)}: {module}"
        for path in TUI_ROOT.rglob("*.py")
        for module in _imported_modules(path)
        if _private_textual(module)
    }
    assert not offenders, sorted(offenders)


def test_the_private_import_check_catches_one() -> None:
    assert _private_textual("textual.widgets._footer")
    assert _private_textual("textual._compositor.Compositor")
    assert not _private_textual("textual.widgets.Footer")


def test_tui_core_imports_nothing_from_the_ui_cli_or_sandbox() -> None:
    offenders = {
        f"{path.relative_to(TUI_ROOT.parent)}: {module}"
        for path in (TUI_ROOT / "core").rglob("*.py")
        for module in _imported_modules(path)
        if any(_is_under(module, package) for package in CORE_FORBIDDEN)
    }
    assert not offenders, sorted(offenders)


def test_the_controller_imports_nothing_from_the_ui() -> None:
    forbidden = ("textual", "tui.app", "tui.screens", "tui.widgets")
    imported = _imported_modules(TUI_ROOT / "controller.py")
    assert not [m for m in imported if any(_is_under(m, p) for p in forbidden)]


def test_screens_and_widgets_never_import_the_app() -> None:
    """No cycle between the app and its screens, not even one hidden behind TYPE_CHECKING:
    a screen asks the app for things by messages and reads the controller."""
    offenders = {
        f"{path.relative_to(TUI_ROOT.parent)}: {module}"
        for folder in ("screens", "widgets")
        for path in (TUI_ROOT / folder).rglob("*.py")
        for module in _imported_modules(path)
        if _is_under(module, "tui.app")
    }
    assert not offenders, sorted(offenders)


def _ui_modules() -> list[str]:
    names = []
    for package in ("tui.screens", "tui.widgets"):
        folder = TUI_ROOT / package.split(".")[1]
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules([str(folder)])]
    return ["tui.app", *names]


def underscore_overrides(cls: type) -> list[str]:
    """The underscore (not dunder) methods `cls` defines that a Textual base class defines.

    Only functions written in `cls` count: Textual's metaclass gives every subclass its own
    `_reactives`, `_css_type_name` and the like."""
    import inspect

    textual_bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]
    return [
        f"{cls.__qualname__}.{name}"
        for name, member in vars(cls).items()
        if inspect.isfunction(getattr(member, "__func__", member))
        and name.startswith("_")
        and not name.startswith("__")
        and any(name in vars(base) for base in textual_bases)
    ]


def test_no_tui_class_overrides_an_underscore_member_of_textual() -> None:
    import importlib
    import inspect

    offenders: list[str] = []
    for name in _ui_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                offenders += underscore_overrides(cls)
    assert not offenders, offenders


def test_the_override_check_catches_one() -> None:
    from textual.widgets import Input

    class Sneaky(Input):
        def _watch_value(self, value: str) -> None:  # the kind of override it must catch
            pass

    assert underscore_overrides(Sneaky) == [
        "test_the_override_check_catches_one.<locals>.Sneaky._watch_value"
    ]
