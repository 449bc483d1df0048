"""Introspection of the request models by field path.

The wizard builds its forms from these specs, the CLI prints their help, and `--set`
parses values by their kind, so no field is described twice.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from tui.core.models import ModelTemplateRequest
from tui.core.paths import Path, format_path, parse_path
from tui.core.specs import REQUIRED, FieldSpec, Kind

__all__ = ["REQUIRED", "FieldSpec", "Kind", "child_specs", "field_spec", "iter_paths", "model_at"]


def field_spec(path: str | Path, root: type[BaseModel] = ModelTemplateRequest) -> FieldSpec:
    """The spec of the field at `path`; raises KeyError naming the bad part."""
    parts = parse_path(path) if isinstance(path, str) else tuple(path)
    return _field_spec(parts, root)


@cache
def _field_spec(parts: Path, root: type[BaseModel]) -> FieldSpec:
    model = root
    spec: FieldSpec | None = None
    for index, part in enumerate(parts):
        if isinstance(part, int):
            if spec is None or spec.kind not in ("model_list", "str_list"):
                raise KeyError(f"{format_path(parts[: index + 1])}: not a list")
            if spec.kind == "str_list":
                return _item_spec(parts, spec, "str", None)
            assert spec.model is not None
            spec = _item_spec(parts[: index + 1], spec, "model", spec.model_name)
            model = spec.model
            continue
        if spec is not None and spec.kind == "str_map":
            return _item_spec(parts[: index + 1], spec, "str", None)
        if spec is not None:
            if spec.model is None or spec.kind != "model":
                raise KeyError(f"{format_path(parts[: index + 1])}: {spec.path} has no fields")
            model = spec.model
        info = model.model_fields.get(part)
        if info is None:
            raise KeyError(f"{format_path(parts[: index + 1])}: no such field")
        spec = _spec_from_info(format_path(parts[: index + 1]), part, info)
    if spec is None:
        raise KeyError("an empty path names no field")
    return spec


def child_specs(
    path: str | Path = "", root: type[BaseModel] = ModelTemplateRequest
) -> list[FieldSpec]:
    """The specs of the fields of the model at `path` ("" is the root), in schema order."""
    prefix = path if isinstance(path, str) else format_path(path)
    return list(_child_specs(prefix, root))


@cache
def _child_specs(prefix: str, root: type[BaseModel]) -> tuple[FieldSpec, ...]:
    model = root if not prefix else field_spec(prefix, root).model
    if model is None:
        return ()
    return tuple(
        field_spec(f"{prefix}.{name}" if prefix else name, root) for name in model.model_fields
    )


def model_at(parts: Path, root: type[BaseModel] = ModelTemplateRequest) -> type[BaseModel] | None:
    """The model class whose fields live at `parts` (the container of a key), if any."""
    if not parts:
        return root
    try:
        spec = field_spec(parts, root)
    except KeyError:
        return None
    return spec.model if spec.kind == "model" else None


def _item_spec(parts: Path, parent: FieldSpec, kind: Kind, model_name: str | None) -> FieldSpec:
    return FieldSpec(
        path=format_path(parts),
        name=str(parts[-1]),
        title=parent.title,
        help=parent.help,
        kind=kind,
        required=True,
        default=REQUIRED,
        model_name=model_name,
    )


def _spec_from_info(path: str, name: str, info: FieldInfo) -> FieldSpec:
    annotation = _unwrap(info.annotation)
    kind, enum, model = _classify(annotation)
    if info.is_required():
        default: Any = REQUIRED
    elif info.default_factory is not None:
        default = info.default_factory()  # type: ignore[call-arg]
    else:
        default = None if info.default is PydanticUndefined else info.default
    if isinstance(default, Enum):
        default = default.value
    return FieldSpec(
        path=path,
        name=name,
        title=info.title or name,
        help=info.description or "",
        kind=kind,
        required=info.is_required(),
        default=default,
        enum=enum,
        model_name=model.__name__ if model is not None else None,
    )


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `| None` to the underlying type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _classify(annotation: Any) -> tuple[Kind, type[Enum] | None, type[BaseModel] | None]:
    origin = typing.get_origin(annotation)
    if origin is list:
        item = _unwrap(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "model_list", None, item
        return "str_list", None, None
    if origin is dict:
        return "str_map", None, None
    if origin is Literal:
        return "str", None, None
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "model", None, annotation
        if issubclass(annotation, Enum):
            return "enum", annotation, None
        if issubclass(annotation, bool):
            return "bool", None, None
        if issubclass(annotation, int):
            return "int", None, None
    return "str", None, None


def iter_paths() -> list[str]:
    """Every scalar-ish field path of the request (list items excluded), for completion."""
    out: list[str] = []

    def walk(prefix: str, model: type[BaseModel]) -> None:
        for name in model.model_fields:
            path = f"{prefix}.{name}" if prefix else name
            spec = field_spec(path)
            out.append(path)
            if spec.kind == "model" and spec.model is not None:
                walk(path, spec.model)

    walk("", ModelTemplateRequest)
    return out
