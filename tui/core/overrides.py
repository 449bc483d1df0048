"""`--set PATH=VALUE` and `--unset PATH`: change a draft's template for one run.

Overrides apply in the order given, on top of the draft (draft < first < second ...). The
VALUE is read by the kind of the field PATH names (tui.core.fields), so nothing is guessed:

    str, enum, list item, env entry    the text as written (`tag=20240101` stays a string)
    int, bool                          a TOML value (`gpus=2`, `high_priority=true`)
    list of strings                    a TOML inline array (`command=["python", "serve.py"]`)
    map, table                         a TOML inline table (`env={A="b"}`)
    list of tables                     a TOML inline array of tables

Paths are the dotted field paths used everywhere else; list items are addressed by index.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.fields import FieldSpec, child_specs, field_spec
from tui.core.nesting import MAX_NESTING, deeper_than
from tui.core.paths import Path, format_path, parse_path, set_path, unset_path

Action = Literal["set", "unset"]


class OverrideError(ValueError):
    """A bad --set/--unset; the message is one line naming the path."""


@dataclass(frozen=True)
class Override:
    """One parsed --set (with its typed value) or --unset."""

    action: Action
    path: str
    parts: Path
    value: Any = None

    def __str__(self) -> str:
        if self.action == "unset":
            return f"--unset {self.path}"
        return f"--set {self.path}={self.value!r}"


_EXPECTED = {
    "int": "an integer, e.g. 2",
    "bool": "true or false",
    "str_list": 'a TOML array of strings, e.g. ["python", "serve.py"]',
    "str_map": 'a TOML inline table of strings, e.g. {NAME = "value"}',
    "model": 'a TOML inline table, e.g. {key = "value"}',
    "model_list": 'a TOML array of inline tables, e.g. [{key = "value"}]',
}


def parse_override(flag: str, text: str) -> Override:
    """Parse the argument of `--set` (`PATH=VALUE`) or `--unset` (`PATH`)."""
    action = flag.lstrip("-")
    if action == "set":
        path_text, equals, raw = text.partition("=")
        if not equals:
            raise OverrideError(f"--set needs PATH=VALUE (got {text!r})")
        path_text = path_text.strip()
        parts, spec = resolve_field(path_text)
        return Override("set", format_path(parts), parts, parse_value(spec, raw))
    if action == "unset":
        if "=" in text:
            raise OverrideError(f"--unset takes only a PATH (got {text!r}): use --set to change")
        parts, _spec = resolve_field(text.strip())
        return Override("unset", format_path(parts), parts)
    raise OverrideError(f"unknown override {flag!r}: use --set or --unset")


def parse_overrides(pairs: Iterable[tuple[str, str]]) -> list[Override]:
    """Parse `(flag, argument)` pairs, keeping their order."""
    return [parse_override(flag, text) for flag, text in pairs]


def apply_overrides(template: Mapping[str, Any], overrides: Iterable[Override]) -> dict[str, Any]:
    """A copy of `template` with `overrides` applied in order (later ones win)."""
    result: dict[str, Any] = copy.deepcopy(dict(template))
    for override in overrides:
        if override.action == "unset":
            unset_path(result, override.parts)
            continue
        try:
            set_path(result, override.parts, copy.deepcopy(override.value))
        except ValueError as exc:
            raise OverrideError(f"--set {override.path}: {_set_failure(exc)}") from None
    return result


def _set_failure(exc: ValueError) -> str:
    message = str(exc)
    return message.split(": ", 1)[1] if ": " in message else message


# -- paths ----------------------------------------------------------------------------------


def resolve_field(path_text: str) -> tuple[Path, FieldSpec]:
    """The parts and spec of a field path; OverrideError with a suggestion if unknown.

    A leading `template.` is accepted, since the draft file nests the fields under it.
    """
    if path_text.startswith("template."):
        path_text = path_text.removeprefix("template.")
    try:
        parts = parse_path(path_text)
    except ValueError as exc:
        raise OverrideError(str(exc)) from None
    try:
        spec = field_spec(parts)
    except KeyError:
        raise OverrideError(_unknown_path_message(parts)) from None
    if spec.path != format_path(parts):
        raise OverrideError(
            f"unknown field path {format_path(parts)!r}: {spec.path} holds a single value"
        )
    return parts, spec


def _unknown_path_message(parts: Path) -> str:
    path = format_path(parts)
    for depth in range(len(parts)):
        try:
            field_spec(parts[: depth + 1])
        except KeyError:
            return f"unknown field path {path!r}: {_why(parts, depth)}"
    return f"unknown field path {path!r}"


def _why(parts: Path, depth: int) -> str:
    """Explain why `parts[depth]` does not exist under its parent."""
    parent = parts[:depth]
    part = parts[depth]
    parent_spec = field_spec(parent) if parent else None
    if parent_spec is not None and parent_spec.kind in ("model_list", "str_list"):
        example = format_path((*parent, 0, *parts[depth:]))
        return f"{format_path(parent)} is a list: address an item by index, e.g. {example!r}"
    if parent_spec is not None and parent_spec.kind not in ("model",):
        return f"{format_path(parent)} has no fields below it"
    if isinstance(part, int):
        return f"{format_path(parent) or 'the template'} is not a list"
    names = [spec.name for spec in child_specs(parent)]
    close = difflib.get_close_matches(str(part), names, n=1, cutoff=0.6)
    if close:
        return f"did you mean {format_path((*parent, close[0], *parts[depth + 1 :]))!r}?"
    where = format_path(parent) or "the template"
    return f"{where} has no field {part!r} (fields: {', '.join(names)})"


# -- values ---------------------------------------------------------------------------------


def parse_value(spec: FieldSpec, raw: str) -> Any:
    """Read `raw` as a value of `spec`'s kind (see the module docstring)."""
    if spec.kind in ("str", "enum"):
        return raw
    text = raw.strip()
    if spec.kind == "bool" and text.lower() in ("true", "false"):
        text = text.lower()
    value = _toml_value(text, spec.path)
    if value is _NOT_TOML or not _fits(spec, value):
        raise OverrideError(
            f"--set {spec.path}: expected {_EXPECTED.get(spec.kind, spec.kind)}, got {raw!r}"
        )
    return value


_NOT_TOML = object()


def _toml_value(text: str, path: str) -> Any:
    """`text` read as one TOML value (`x = <text>`), or _NOT_TOML.

    Raises OverrideError for a value nested too deep to handle (see tui.core.nesting).
    """
    try:
        document = tomllib.loads(f"value = {text}")
    except tomllib.TOMLDecodeError:
        return _NOT_TOML
    except RecursionError:  # tomllib recurses once per nested inline table or array
        document = None
    if document is None or deeper_than(document, MAX_NESTING + 1):  # +1: the `value` key
        raise OverrideError(
            f"--set {path}: tables or arrays nested more than {MAX_NESTING} levels deep"
        )
    return document["value"] if list(document) == ["value"] else _NOT_TOML


def _fits(spec: FieldSpec, value: Any) -> bool:
    if spec.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.kind == "bool":
        return isinstance(value, bool)
    if spec.kind == "str_list":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if spec.kind == "str_map":
        return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())
    if spec.kind == "model":
        return isinstance(value, dict)
    if spec.kind == "model_list":
        return isinstance(value, list) and all(isinstance(item, dict) for item in value)
    return False
