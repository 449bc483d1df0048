"""Field-by-field differences between two request bodies, as the server would store them.

Both sides are normalized first (`tui.core.submit.normalized`: the server's defaults applied,
nulls dropped), so a draft that omits a default and a template that holds it compare equal,
exactly as the idempotent submit compares them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.paths import PathPart, format_path
from tui.core.submit import normalized

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """One field that differs. `old` is the server's value, `new` the draft's; a side where
    the field is absent holds None (`kind` says which)."""

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "old": self.old, "new": self.new}


def diff_bodies(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changes from `old` (the server's body) to `new` (the draft's), defaults applied
    to both. Tables are compared key by key, lists of equal length item by item; a list that
    changed length is one change."""
    return diff_normalized(normalized(old), normalized(new))


def diff_normalized(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """`diff_bodies` for bodies the caller has normalized already."""
    changes: list[Change] = []
    _walk(old, new, (), changes)
    return changes


def changed_paths(changes: Iterable[Change]) -> list[str]:
    return [change.path for change in changes]


def _walk(old: Any, new: Any, path: tuple[PathPart, ...], out: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old, *(k for k in new if k not in old)]:
            child = (*path, key)
            if key not in new:
                out.append(Change(format_path(child), "removed", old=old[key]))
            elif key not in old:
                out.append(Change(format_path(child), "added", new=new[key]))
            else:
                _walk(old[key], new[key], child, out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            _walk(before, after, (*path, index), out)
        return
    out.append(Change(format_path(path), "changed", old=old, new=new))


def render_unified(
    changes: Iterable[Change],
    old_label: str,
    new_label: str,
    scrub: Callable[[str], str] = lambda text: text,
) -> str:
    """`diff -u` style text: a `---`/`+++` header, then one `@@ path @@` hunk per field with
    the server's value as `-` lines and the draft's as `+` lines (JSON). `scrub` hides
    secrets in the values (the draft's body holds resolved `${NAME}` values)."""
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    for change in changes:
        lines.append(f"@@ {change.path} @@")
        if change.kind != "added":
            lines.extend(f"-{line}" for line in _json_lines(change.old, scrub))
        if change.kind != "removed":
            lines.extend(f"+{line}" for line in _json_lines(change.new, scrub))
    return "\n".join(lines) + "\n"


def _json_lines(value: Any, scrub: Callable[[str], str]) -> list[str]:
    return scrub(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)).split("\n")
