"""Idempotent submit: never create a duplicate template by replaying or retrying.

1. Unless forced, look for an identical template (same account, name and body once the
   server's defaults are applied) and report it instead of creating another.
2. Create.
3. After an ambiguous failure (read timeout after sending, connection dropped after
   sending, 500/502/504), look again before anything else: a new identical template means
   the create went through; none means nothing was created and the same command is safe to
   run again. Creation is attempted once; there is no loop.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from tui.core.client import SGPClient
from tui.core.errors import SGPError
from tui.core.fields import FieldSpec, child_specs
from tui.core.models import ModelTemplate, ModelTemplateRequest
from tui.core.paths import strip_nulls

Status = Literal["created", "exists", "recovered"]


@dataclass(frozen=True)
class SubmitOutcome:
    status: Status
    template: ModelTemplate
    message: str


class SubmitFailed(Exception):
    """The submit failed. `created` is False when nothing was created, None when unknown."""

    def __init__(self, error: SGPError, message: str, *, created: bool | None = False) -> None:
        self.error = error
        self.message = message
        self.created = created
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


# -- normalisation -------------------------------------------------------------------------


def normalized(body: Mapping[str, Any]) -> dict[str, Any]:
    """`body` as the server stores it: defaults applied, nulls and unknown keys dropped.

    Optional sub-objects whose fields all have defaults (`endpoint_config`, the fine-tuning
    bundle's `resources`) are filled in even when omitted, since the server fills a default
    object; optional sub-objects with required fields (parameter schemas, the fine-tuning
    bundle) stay absent unless given.
    """
    return _normalize_model(strip_nulls(dict(body)), ModelTemplateRequest)


def _normalize_model(data: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in child_specs("", model):
        if spec.name in data:
            out[spec.name] = _normalize_value(data[spec.name], spec)
        elif spec.has_default:
            out[spec.name] = copy.deepcopy(spec.default)
        elif _fills_default_object(spec):
            assert spec.model is not None
            out[spec.name] = _normalize_model({}, spec.model)
    return out


def _normalize_value(value: Any, spec: FieldSpec) -> Any:
    if spec.kind == "model" and spec.model is not None and isinstance(value, Mapping):
        return _normalize_model(value, spec.model)
    if spec.kind == "model_list" and spec.model is not None and isinstance(value, list):
        return [
            _normalize_model(item, spec.model) if isinstance(item, Mapping) else item
            for item in value
        ]
    return value


def _fills_default_object(spec: FieldSpec) -> bool:
    if spec.kind != "model" or spec.model is None:
        return False
    return not any(info.is_required() for info in spec.model.model_fields.values())


def is_identical(template: ModelTemplate, body: Mapping[str, Any]) -> bool:
    return normalized(template.request_body()) == normalized(body)


# -- find and submit -----------------------------------------------------------------------


async def find_identical(client: SGPClient, body: Mapping[str, Any]) -> ModelTemplate | None:
    """An existing template of the body's account with the same name and normalized body."""
    for template in await _account_templates(client, body):
        if is_identical(template, body):
            return template
    return None


async def submit_template(
    client: SGPClient, body: dict[str, Any], force: bool = False
) -> SubmitOutcome:
    """Create the template unless an identical one exists (`force` creates anyway)."""
    name = body.get("name", "")
    try:
        existing = await _account_templates(client, body)
    except SGPError as error:
        raise SubmitFailed(
            error,
            f"{error.message}; could not check for an existing template, nothing was created",
        ) from error
    if not force:
        match = next((t for t in existing if is_identical(t, body)), None)
        if match is not None:
            return SubmitOutcome(
                "exists",
                match,
                f"{name!r} already exists as {match.id} (identical); nothing was created "
                "(use --force to create another)",
            )
    before = {t.id for t in existing}
    try:
        created = await client.create(body)
    except SGPError as error:
        if error.outcome_unknown:
            return await _reconcile(client, body, before, error)
        raise SubmitFailed(error, f"{error.message}; nothing was created") from error
    return SubmitOutcome("created", created, f"created {name!r} as {created.id}")


async def _reconcile(
    client: SGPClient, body: dict[str, Any], before: set[str], error: SGPError
) -> SubmitOutcome:
    """After an ambiguous failure: did the create go through after all?"""
    name = body.get("name", "")
    try:
        after = await _account_templates(client, body)
    except SGPError as lookup_error:
        raise SubmitFailed(
            error,
            f"{error.message}; whether {name!r} was created is unknown (checking failed: "
            f"{lookup_error.message}); run the same command again: it checks first and will "
            "not create a duplicate",
            created=None,
        ) from error
    new = [t for t in after if t.id not in before and is_identical(t, body)]
    if new:
        return SubmitOutcome(
            "recovered",
            new[0],
            f"created {name!r} as {new[0].id} (confirmed after: {error.message})",
        )
    raise SubmitFailed(
        error,
        f"{error.message}; nothing was created (checked the server afterwards); "
        "retrying the same command is safe",
    ) from error


async def _account_templates(client: SGPClient, body: Mapping[str, Any]) -> list[ModelTemplate]:
    account_id = body.get("account_id") or client.config.account_id
    return [t async for t in client.iter_templates(account_id=account_id)]
