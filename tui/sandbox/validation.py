"""Request-body validation against SGP's own OpenAPI document, with FastAPI-shaped errors.

The sandbox deliberately does NOT use `tui.core.models`: it checks bodies with a JSON Schema
validator (Draft 2020-12) against `ModelTemplateRequest` from the shipped OpenAPI document, so
it is an independent check that what the client sends is what the real server accepts.

Errors come back as FastAPI/pydantic v2 would report them: one `{loc, msg, type, input}` entry
per problem, `loc` starting with `"body"`. The schema sets no `additionalProperties: false`, so
unknown keys are accepted (and stored), as the real server most likely does (sgp-api.md §2).

`fill_defaults` adds the server-side defaults to a stored template (sgp-api.md §2-3): the
schema's `default` values, the EGP `default_factory` values the schema does not show
(`command`/`env` -> empty, `endpoint_config` and fine-tuning `resources` -> all defaults), and
`null` for every other optional field that was left out.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:sgp:model-templates-openapi"
REQUEST_SCHEMA = "ModelTemplateRequest"

# Fields the server fills with a factory default (EGP `default_factory`) the schema can't show.
_FACTORY_DEFAULTS: dict[str, Any] = {
    "command": [],
    "env": {},
    "endpoint_config": {},
    "resources": {},
}

_TYPE_ERRORS: dict[str, tuple[str, str]] = {
    "string": ("string_type", "Input should be a valid string"),
    "integer": ("int_type", "Input should be a valid integer"),
    "number": ("float_type", "Input should be a valid number"),
    "boolean": ("bool_type", "Input should be a valid boolean"),
    "array": ("list_type", "Input should be a valid list"),
    "object": ("model_type", "Input should be a valid dictionary or object to extract fields from"),
}


@cache
def openapi_document() -> dict[str, Any]:
    """The SGP model-templates OpenAPI document shipped with the package."""
    text = resources.files("tui.sandbox").joinpath("openapi.json").read_text(encoding="utf-8")
    return json.loads(text)


def component(name: str) -> dict[str, Any]:
    """One schema of `#/components/schemas`."""
    return openapi_document()["components"]["schemas"][name]


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    registry: Registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    )
    schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema, registry=registry)


def body_errors(body: Any, schema_name: str = REQUEST_SCHEMA) -> list[dict[str, Any]]:
    """FastAPI-style 422 entries for `body`; an empty list means the body is valid."""
    entries: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    errors = sorted(
        _validator(schema_name).iter_errors(body), key=lambda e: [str(part) for part in e.path]
    )
    for error in errors:
        for entry in _entries_for(error):
            key = (tuple(entry["loc"]), entry["type"])
            if key not in seen:
                seen.add(key)
                entries.append(entry)
    return entries


def _entries_for(error: SchemaError) -> list[dict[str, Any]]:
    loc = ["body", *error.absolute_path]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            _entry([*loc, name], "missing", "Field required", error.instance) for name in missing
        ]
    if error.validator == "type":
        expected = error.validator_value
        kind = expected if isinstance(expected, str) else expected[0]
        type_, msg = _TYPE_ERRORS.get(kind, (f"{kind}_type", error.message))
        if loc == ["body"] and kind == "object":
            type_ = "model_attributes_type"
        return [_entry(loc, type_, msg, error.instance)]
    choices = _choices(error)
    if choices is not None:
        return [_entry(loc, "enum", f"Input should be {_or_list(choices)}", error.instance)]
    return [_entry(loc, str(error.validator), error.message, error.instance)]


def _choices(error: SchemaError) -> list[Any] | None:
    """The allowed values of an enum/const error, or of an `anyOf` made only of consts."""
    if error.validator == "enum":
        return list(error.validator_value)
    if error.validator == "const":
        return [error.validator_value]
    if error.validator == "anyOf" and all("const" in option for option in error.validator_value):
        return [option["const"] for option in error.validator_value]
    return None


def _or_list(values: list[Any]) -> str:
    quoted = [f"'{value}'" for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _entry(loc: list[Any], type_: str, msg: str, value: Any) -> dict[str, Any]:
    return {"type": type_, "loc": loc, "msg": msg, "input": value}


def json_invalid_entry(error: json.JSONDecodeError | UnicodeDecodeError) -> dict[str, Any]:
    """The 422 entry FastAPI gives for a body that is not JSON."""
    position = error.pos if isinstance(error, json.JSONDecodeError) else error.start
    reason = error.msg if isinstance(error, json.JSONDecodeError) else "invalid UTF-8"
    return {
        "type": "json_invalid",
        "loc": ["body", position],
        "msg": "JSON decode error",
        "input": {},
        "ctx": {"error": reason},
    }


def fill_defaults(body: dict[str, Any], schema_name: str = REQUEST_SCHEMA) -> dict[str, Any]:
    """A copy of a valid `body` with the server-side defaults filled in."""
    return _fill(copy.deepcopy(body), component(schema_name))


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    return component(ref.rsplit("/", 1)[-1])


def _fill(value: Any, schema: dict[str, Any]) -> Any:
    schema = _resolve(schema)
    if not isinstance(value, dict) or "properties" not in schema:
        return value
    required = set(schema.get("required", []))
    for name, prop in schema["properties"].items():
        if name in value:
            value[name] = _fill(value[name], prop)
        elif name in _FACTORY_DEFAULTS:
            value[name] = _fill(copy.deepcopy(_FACTORY_DEFAULTS[name]), prop)
        elif "default" in prop:
            value[name] = copy.deepcopy(prop["default"])
        elif name not in required:
            value[name] = None
    return value
