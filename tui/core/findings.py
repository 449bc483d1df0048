"""Validate a template dict into findings: errors (the API would reject the body) and
warnings (the API accepts it, but a model deployed from it would fail on Launch).

This is the only validation entry point: the wizard calls it on every keystroke, the CLI on
every draft, the submit path before sending.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tui.core.container_rules import container_findings
from tui.core.fields import field_spec, model_at
from tui.core.gpu_types import gpu_type_for
from tui.core.image_rules import image_findings
from tui.core.interpolation import reference_findings
from tui.core.launch_rules import launch_findings
from tui.core.masking import quote
from tui.core.models import NULL_MESSAGE, ModelTemplateRequest
from tui.core.paths import format_path
from tui.core.report import Finding, Report, Severity, findings_from_api_detail

__all__ = [
    "Finding",
    "Report",
    "Severity",
    "findings_from_api_detail",
    "schema_findings",
    "validate_template",
]


def validate_template(data: Any, *, may_reference: bool = True) -> Report:
    """Check `data` (the `[template]` table / request body) against the API and Launch.

    `may_reference=False` says that no string in `data` holds a `$` (a draft whose text has
    none), so the walk looking for malformed `${...}` references is skipped."""
    model, errors = schema_findings(data)
    if not isinstance(data, Mapping):
        return Report(findings=tuple(errors), model=model)
    if may_reference:
        errors += reference_findings(data)
    findings = (
        *errors,
        *launch_findings(data),
        *image_findings(data),
        *container_findings(data),
    )
    return Report(findings=findings, model=model if len(errors) == 0 else None)


def schema_findings(data: Any) -> tuple[ModelTemplateRequest | None, list[Finding]]:
    """Validate against the request model; errors become findings with field paths."""
    if not isinstance(data, Mapping):
        return None, [Finding("", "the template must be a table of fields")]
    try:
        return ModelTemplateRequest.model_validate(data), []
    except ValidationError as exc:
        return None, [_finding_from_error(error) for error in exc.errors(include_url=False)]


def _finding_from_error(error: ErrorDetails) -> Finding:
    loc = tuple(error["loc"])
    return Finding(format_path(loc), _message(error, loc))


_WHOLE_NUMBER_KINDS = frozenset({"int_type", "int_parsing", "int_from_float"})

_TYPE_NAMES = {
    "string_type": "a string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _message(error: ErrorDetails, loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if value is None or NULL_MESSAGE in error["msg"]:
        return NULL_MESSAGE if _is_optional(loc) else "is required and cannot be null"
    if kind == "enum":
        return _enum_message(error, value)
    if kind == "literal_error":
        return f"must be {error.get('ctx', {}).get('expected', '')} (got {_show(value)})"
    if kind in _WHOLE_NUMBER_KINDS:
        return _whole_number_message(value)
    if kind in _TYPE_NAMES:
        return f"must be {_TYPE_NAMES[kind]} (got {_describe(value)})"
    return str(error["msg"])


def _whole_number_message(value: Any) -> str:
    """CPUs, GPUs, workers...: what was typed (a form keeps `2.5` as text), and why not."""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return f"must be a whole number (got a string {_show(value)}: write it without quotes)"
    if isinstance(value, str) and _is_number(value):
        return f"must be a whole number (got {value.strip()})"
    if isinstance(value, float):
        return f"must be a whole number (got {value!r})"
    return f"must be a whole number (got {_describe(value)})"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_optional(loc: tuple[Any, ...]) -> bool:
    try:
        return not field_spec(loc).required
    except KeyError:
        return False


MAX_TYPO_LENGTH = 100
"""Longer values get no "did you mean": no typo of an option, and difflib's cost grows with
the value (a 1 MB string took seconds per finding)."""


def _enum_message(error: ErrorDetails, value: Any) -> str:
    expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
    expected = expected.replace(" or ", ", ")
    if value == "BUNDLE":
        return f"BUNDLE is reserved for SGP's UI and must not be used; pick one of {expected}"
    hint = ""
    if isinstance(value, str) and len(value) <= MAX_TYPO_LENGTH:
        import difflib  # only for a wrong value's hint: validating needs none

        options = [o.strip() for o in expected.split(",")]
        close = (
            [o for o in options if o.lower() == value.lower()]
            or [o for o in [gpu_type_for(value)] if o in options]
            or difflib.get_close_matches(value, options, n=1)
        )
        hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"must be one of {expected} (got {_show(value)}){hint}"


def _unknown_key_message(loc: tuple[Any, ...]) -> str:
    key = str(loc[-1]) if loc else ""
    model = model_at(tuple(loc[:-1]))
    known = list(model.model_fields) if model is not None else []
    import difflib  # only for an unknown key's hint

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r}{hint}"


def _show(value: Any) -> str:
    return quote(value)


def _describe(value: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    for kind, name in kinds.items():
        if type(value) is kind:
            return f"{name} {_show(value)}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return _show(value)
