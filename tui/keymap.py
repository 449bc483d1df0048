"""The user's keymap file and the F1 key table.

`keymap.toml` maps binding ids (`"wizard.next" = "ctrl+j,f9"`) to keys; the app applies it
with Textual's `App.set_keymap`. The F1 table is built from the bindings in force, so it
stays true after a remap. The registry of binding ids is `tui.app.all_bindings`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tui import APP_NAME

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.binding import ActiveBinding

KEYS_TITLE = "Keys in force (remap any by its binding id in keymap.toml):"
ROW_KEYS_HELP = """In the env and parameter tables: ctrl+o or shift+F8 adds a row,
ctrl+delete or shift+F9 deletes it, alt+↑/↓ or shift+F10/F11 moves it.
Tab / shift+Tab move between fields; the mouse works everywhere."""
KEY_COLUMN = 24
KEYMAP_FILE = "keymap.toml"


class KeymapError(Exception):
    """The keymap file cannot be used (the message says why and where, in one line)."""


def keymap_path() -> Path:
    """`$XDG_CONFIG_HOME/sgp-template-wizard/keymap.toml` (platformdirs' user config dir)."""
    import platformdirs

    return Path(platformdirs.user_config_path(APP_NAME)) / KEYMAP_FILE


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id -> keys from the keymap file ({} when there is none).

    The file is a TOML table such as `"wizard.next" = "ctrl+j,f9"`; a list of keys
    (`["ctrl+j", "f9"]`) is accepted too. Raises KeymapError for a file that cannot be used.
    """
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise KeymapError(f"cannot read {path}: {exc.strerror or exc}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{path} is not valid TOML ({exc}); fix or delete it") from None
    keymap: dict[str, str] = {}
    for binding_id, keys in data.items():
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            raise KeymapError(
                f'{path}: {binding_id!r} must be keys like "ctrl+j,f9"; nothing was remapped'
            )
        keymap[binding_id] = keys.replace(" ", "")
    return keymap


def key_table(active: Mapping[str, ActiveBinding]) -> str:
    """The F1 key table, from the bindings in force (so it stays true after a remap): one
    line per binding id, its keys as the user's keymap left them. The seven step jumps share
    one line."""
    keys: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for key, active_binding in active.items():
        binding = active_binding.binding
        if not binding.id or not binding.description:
            continue  # Textual's own (Tab, ctrl+c's hint): not ours to list
        jump = binding.id.startswith("wizard.step") and binding.id[-1].isdigit()
        group = "wizard.step" if jump else binding.id
        keys.setdefault(group, []).append(key)
        texts[group] = "jump to step N" if jump else binding.description
    lines = [KEYS_TITLE]
    for group, names in keys.items():
        shown = " ".join(_jump_keys(names) if group == "wizard.step" else names)
        lines.append(f"  {shown:<{KEY_COLUMN}} {texts[group]}")
    return "\n".join(lines)


def _jump_keys(names: list[str]) -> list[str]:
    """alt+1 ... alt+7 as "alt+N" (each family of the step jumps' keys once)."""
    families = []
    for name in names:
        if re.fullmatch(r"f1[3-9]", name):
            name = "shift+f" + str(int(name[1:]) - 12)  # what xterm and tmux send for it
        family = name.rstrip("0123456789") + "N" if name[-1].isdigit() else name
        if family not in families:
            families.append(family)
    return families


def unknown_binding_ids(keymap: dict[str, str], known: set[str]) -> list[str]:
    return sorted(binding_id for binding_id in keymap if binding_id not in known)
