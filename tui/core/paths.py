"""Dotted field paths into a template dict: `vendor_configuration.endpoint_config.gpus`.

List items are addressed by index (`model_request_parameters_schema.parameters.0.type`).
The same paths name findings, `--set`/`--unset` targets and the wizard's fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

PathPart = str | int
Path = tuple[PathPart, ...]


@lru_cache(maxsize=4096)
def parse_path(text: str) -> Path:
    """Split `a.b.0.c` into `("a", "b", 0, "c")`; digits become list indices.

    Cached: the wizard looks up the same few dozen paths after every keystroke."""
    if not text or text.startswith(".") or text.endswith(".") or ".." in text:
        raise ValueError(f"invalid field path {text!r}: use dotted names like a.b.c")
    return tuple(int(part) if part.isdigit() else part for part in text.split("."))


def format_path(parts: Sequence[PathPart]) -> str:
    return ".".join(str(part) for part in parts)


_MISSING = object()


def get_path(data: Any, path: Sequence[PathPart], default: Any = None) -> Any:
    """The value at `path`, or `default` when any step is absent or of the wrong kind."""
    node = data
    for part in path:
        if not _has_child(node, part):
            return default
        node = node[part]
    return node


def _has_child(node: Any, part: PathPart) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and -len(node) <= part < len(node)
    return isinstance(node, Mapping) and part in node


def has_path(data: Any, path: Sequence[PathPart]) -> bool:
    return get_path(data, path, _MISSING) is not _MISSING


def set_path(data: dict[str, Any], path: Sequence[PathPart], value: Any) -> None:
    """Set `value` at `path`, creating intermediate tables; a list index may append."""
    if not path:
        raise ValueError("an empty path cannot be set")
    node: Any = data
    for depth, part in enumerate(path[:-1]):
        following = path[depth + 1]
        node = _child_container(node, part, list if isinstance(following, int) else dict, path)
    _assign(node, path[-1], value, path)


def unset_path(data: dict[str, Any], path: Sequence[PathPart]) -> bool:
    """Remove the key or list item at `path`; returns whether anything was removed."""
    parent = get_path(data, path[:-1], _MISSING) if len(path) > 1 else data
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and -len(parent) <= last < len(parent):
        del parent[last]
        return True
    return False


def strip_nulls(value: Any) -> Any:
    """A copy of `value` without `None` anywhere (TOML and the API both lack null)."""
    if isinstance(value, Mapping):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value if v is not None]
    return value


def _child_container(node: Any, part: PathPart, kind: type, path: Sequence[PathPart]) -> Any:
    if isinstance(node, dict) and isinstance(part, str):
        child = node.get(part)
        if not isinstance(child, dict | list):
            child = kind()
            node[part] = child
        return child
    if isinstance(node, list) and isinstance(part, int):
        if part == len(node):
            node.append(kind())
        if not -len(node) <= part < len(node):
            raise ValueError(f"{format_path(path)}: index {part} is out of range")
        if not isinstance(node[part], dict | list):
            node[part] = kind()
        return node[part]
    raise ValueError(f"{format_path(path)}: cannot descend into {part!r}")


def _assign(node: Any, part: PathPart, value: Any, path: Sequence[PathPart]) -> None:
    if isinstance(node, dict) and isinstance(part, str):
        node[part] = value
    elif isinstance(node, list) and isinstance(part, int):
        if part == len(node):
            node.append(value)
        elif -len(node) <= part < len(node):
            node[part] = value
        else:
            raise ValueError(f"{format_path(path)}: index {part} is out of range")
    else:
        raise ValueError(f"{format_path(path)}: cannot set {part!r} here")
