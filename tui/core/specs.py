"""FieldSpec: what the UI and the CLI know about one field, as plain data.

The specs are derived from the request models by `tui.core.fields`; this module holds only
the data type (no pydantic), so that a table of specs saved earlier (`spec_table`) can be
read back and used without importing pydantic or the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, get_args

from tui.core import enums
from tui.core.enums import DescribedEnum

if TYPE_CHECKING:
    from pydantic import BaseModel

Kind = Literal["str", "int", "bool", "enum", "str_list", "str_map", "model", "model_list"]
KINDS: frozenset[str] = frozenset(get_args(Kind))


class _Required:
    """The default of a field that has none: the user must give it."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class FieldSpec:
    """Everything the UI and the CLI need to know about one field.

    `enum` is the field's enum class (from `tui.core.enums`); a nested model is named by
    `model_name` and imported only when `model` is asked for.
    """

    path: str
    name: str
    title: str
    help: str
    kind: Kind
    required: bool
    default: Any
    enum: type[Enum] | None = None
    model_name: str | None = None

    @property
    def model(self) -> type[BaseModel] | None:
        """The nested request model of a `model` or `model_list` field."""
        if self.model_name is None:
            return None
        from tui.core import models

        return getattr(models, self.model_name)  # type: ignore[no-any-return]

    @property
    def choices(self) -> list[str]:
        if self.enum is not None:
            return [str(member.value) for member in self.enum]
        return []

    def describe_choice(self, value: str) -> str:
        if self.enum is not None and issubclass(self.enum, DescribedEnum):
            return self.enum.describe(value)
        return ""

    @property
    def has_default(self) -> bool:
        return self.default is not REQUIRED and self.default is not None

    # -- as JSON ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The spec as JSON data (`from_json` reads it back equal)."""
        data: dict[str, Any] = {
            "path": self.path,
            "name": self.name,
            "title": self.title,
            "help": self.help,
            "kind": self.kind,
            "required": self.required,
            "enum": self.enum.__name__ if self.enum is not None else None,
            "model": self.model_name,
        }
        if self.default is not REQUIRED:
            data["default"] = self.default
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldSpec:
        """Read `to_json` data back; raises ValueError for anything it did not write."""
        kind = data.get("kind")
        enum_name = data.get("enum")
        enum = getattr(enums, enum_name, None) if isinstance(enum_name, str) else None
        if kind not in KINDS or (enum_name is not None and not _is_enum(enum)):
            raise ValueError(f"not a field spec: {data!r:.80}")
        return cls(
            path=str(data["path"]),
            name=str(data["name"]),
            title=str(data["title"]),
            help=str(data["help"]),
            kind=kind,
            required=bool(data["required"]),
            default=data.get("default", REQUIRED),
            enum=enum,
            model_name=data.get("model"),
        )


def _is_enum(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, Enum)
