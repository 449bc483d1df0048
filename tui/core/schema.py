"""The JSON Schema of a whole draft file, for editors (taplo, Even Better TOML, tombi).

Generated from the request models, then adapted to what a TOML file can hold: TOML has no
null, so every `null` branch and `default: null` goes; unknown keys are errors everywhere,
as they are for the API. Titles and descriptions stay (editors show them as hover help),
and enums gain `enumDescriptions` (one line per value, shown by VS Code-based editors).
Point a draft at it with a first line like `#:schema ./sgp-template.schema.json`.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from tui.core import enums
from tui.core.migrations import CURRENT_VERSION, parse_version
from tui.core.models import ModelTemplateRequest

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TEMPLATE_DEF = "ModelTemplateRequest"


def draft_json_schema() -> dict[str, Any]:
    """The schema of a draft file: draft_version, generator and the [template] table."""
    return copy.deepcopy(_draft_json_schema())


def draft_json_schema_text() -> str:
    """The schema as indented JSON, as `sgp-template schema` prints it."""
    return json.dumps(_draft_json_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def _draft_json_schema() -> dict[str, Any]:
    template = _without_nulls(ModelTemplateRequest.model_json_schema(mode="validation"))
    definitions = template.pop("$defs", {})
    definitions[TEMPLATE_DEF] = template
    for definition in definitions.values():
        _describe_enum(definition)
    major = (parse_version(CURRENT_VERSION) or (1, 0))[0]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "sgp-template draft",
        "description": "A Scale GenAI Platform model template draft, as written by sgp-template. "
        "The [template] table is the body of POST /v4/model-templates.",
        "type": "object",
        "properties": {
            "draft_version": {
                "title": "Draft version",
                "description": "The draft format version; this sgp-template writes "
                f'"{CURRENT_VERSION}".',
                "type": "string",
                "pattern": rf"^{major}\.(0|[1-9][0-9]*)$",
                "default": CURRENT_VERSION,
            },
            "generator": {
                "title": "Generator",
                "description": "The tool and version that wrote the draft (informational).",
                "type": "string",
            },
            "template": {
                "$ref": f"#/$defs/{TEMPLATE_DEF}",
                "title": "Template",
                "description": "The model template: exactly the request body.",
            },
            "profiles": {
                "title": "Per-profile overrides",
                "description": "[profiles.NAME] tables shaped like [template], merged over it "
                "when --profile NAME is chosen (tables key by key, other values replaced).",
                "type": "object",
                "additionalProperties": {"type": "object"},
            },
        },
        "required": ["draft_version", "template"],
        "additionalProperties": False,
        "$defs": dict(sorted(definitions.items())),
    }


def _without_nulls(node: Any) -> Any:
    """Drop null branches and null defaults; forbid unknown keys on every object."""
    if isinstance(node, list):
        return [_without_nulls(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _without_nulls(value) for key, value in node.items()}
    if "default" in out and out["default"] is None:
        del out["default"]
    for keyword in ("anyOf", "oneOf"):
        if keyword in out:
            _collapse(out, keyword)
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
    return out


def _collapse(node: dict[str, Any], keyword: str) -> None:
    branches = [branch for branch in node[keyword] if branch != {"type": "null"}]
    if len(branches) == 1:
        del node[keyword]
        for key, value in branches[0].items():
            node.setdefault(key, value)
    else:
        node[keyword] = branches


def _describe_enum(definition: dict[str, Any]) -> None:
    enum_class = getattr(enums, str(definition.get("title", "")), None)
    if "enum" not in definition or not isinstance(enum_class, type):
        return
    if issubclass(enum_class, enums.DescribedEnum):
        definition["enumDescriptions"] = [enum_class.describe(v) for v in definition["enum"]]
