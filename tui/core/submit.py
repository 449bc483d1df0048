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

import asyncio
import copy
import json
from collections.abc import Mapping, Set
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


# -- what the account holds -----------------------------------------------------------------


class KnownTemplates:
    """The templates of each account, listed once per run and shared by concurrent submits.

    Listing the account before every create makes a run of N drafts cost N listings of a
    growing list (quadratic); one snapshot per account, plus what this run creates, keeps it
    linear. Templates are only normalized when a draft of the same name is compared with
    them. A per-body lock makes identical drafts in one run wait for each other, so the
    second one finds the first one's template instead of creating a twin.
    """

    def __init__(self, client: SGPClient) -> None:
        self._client = client
        self._accounts: dict[str | None, _Account] = {}
        self._listing: dict[str | None, asyncio.Lock] = {}
        self._bodies: dict[str, asyncio.Lock] = {}

    def account_of(self, body: Mapping[str, Any]) -> str | None:
        return body.get("account_id") or self._client.config.account_id

    async def ids(self, account_id: str | None) -> set[str]:
        return set((await self._load(account_id)).ids)

    async def identical(
        self,
        body: Mapping[str, Any],
        exclude: Set[str] = frozenset(),
        shape: dict[str, Any] | None = None,
    ) -> ModelTemplate | None:
        """A known template equal to `body` once defaults apply, skipping ids in `exclude`.

        `shape` is `normalized(body)` when the caller has it already.
        """
        account = await self._load(self.account_of(body))
        wanted = normalized(body) if shape is None else shape
        for entry in account.by_name.get(str(body.get("name", "")), []):
            if entry.template.id not in exclude and entry.shape == wanted:
                return entry.template
        return None

    async def refresh(self, account_id: str | None) -> None:
        """Forget the snapshot of `account_id` (after an ambiguous failure) and list again."""
        self._accounts.pop(account_id, None)
        await self._load(account_id)

    def add(self, template: ModelTemplate) -> None:
        self._accounts.setdefault(template.account_id, _Account()).add(template)

    def body_lock(
        self, body: Mapping[str, Any], shape: dict[str, Any] | None = None
    ) -> asyncio.Lock:
        wanted = normalized(body) if shape is None else shape
        key = json.dumps([self.account_of(body), wanted], sort_keys=True)
        return self._bodies.setdefault(key, asyncio.Lock())

    async def _load(self, account_id: str | None) -> _Account:
        lock = self._listing.setdefault(account_id, asyncio.Lock())
        async with lock:
            if account_id not in self._accounts:
                account = _Account()
                async for template in self._client.iter_templates(account_id=account_id):
                    account.add(template)
                self._accounts[account_id] = account
            return self._accounts[account_id]


class _Known:
    """A template and, once asked for, its normalized body."""

    __slots__ = ("_shape", "template")

    def __init__(self, template: ModelTemplate) -> None:
        self.template = template
        self._shape: dict[str, Any] | None = None

    @property
    def shape(self) -> dict[str, Any]:
        if self._shape is None:
            self._shape = normalized(self.template.request_body())
        return self._shape


class _Account:
    """One account's templates: every id, and the templates by name."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.by_name: dict[str, list[_Known]] = {}

    def add(self, template: ModelTemplate) -> None:
        self.ids.add(template.id)
        self.by_name.setdefault(template.name, []).append(_Known(template))


# -- find and submit -----------------------------------------------------------------------


async def find_identical(client: SGPClient, body: Mapping[str, Any]) -> ModelTemplate | None:
    """An existing template of the body's account with the same name and normalized body."""
    return await KnownTemplates(client).identical(body)


async def submit_template(
    client: SGPClient,
    body: dict[str, Any],
    force: bool = False,
    known: KnownTemplates | None = None,
) -> SubmitOutcome:
    """Create the template unless an identical one exists (`force` creates anyway).

    Pass one `known` to every submit of a run so the account is listed once, not per draft.
    """
    known = known or KnownTemplates(client)
    shape = normalized(body)
    async with known.body_lock(body, shape):
        return await _submit_locked(client, body, force, known, shape)


async def _submit_locked(
    client: SGPClient,
    body: dict[str, Any],
    force: bool,
    known: KnownTemplates,
    shape: dict[str, Any],
) -> SubmitOutcome:
    name = body.get("name", "")
    try:
        before = await known.ids(known.account_of(body))
        match = None if force else await known.identical(body, shape=shape)
    except SGPError as error:
        raise SubmitFailed(
            error,
            f"{error.message}; could not check for an existing template, nothing was created",
        ) from error
    if match is not None:
        return SubmitOutcome(
            "exists",
            match,
            f"{name!r} already exists as {match.id} (identical); nothing was created",
        )
    try:
        created = await client.create(body)
    except SGPError as error:
        if error.outcome_unknown:
            return await _reconcile(client, body, before, error, known)
        raise SubmitFailed(error, f"{error.message}; nothing was created") from error
    known.add(created)
    return SubmitOutcome("created", created, f"created {name!r} as {created.id}")


async def _reconcile(
    client: SGPClient,
    body: dict[str, Any],
    before: set[str],
    error: SGPError,
    known: KnownTemplates,
) -> SubmitOutcome:
    """After an ambiguous failure: did the create go through after all?"""
    name = body.get("name", "")
    account_id = known.account_of(body)
    try:
        await known.refresh(account_id)
        new = await known.identical(body, exclude=before)
    except SGPError as lookup_error:
        raise SubmitFailed(
            error,
            f"{error.message}; whether {name!r} was created is unknown (checking failed: "
            f"{lookup_error.message}); run the same command again: it checks first and will "
            "not create a duplicate",
            created=None,
        ) from error
    if new is not None:
        return SubmitOutcome(
            "recovered",
            new,
            f"created {name!r} as {new.id} (confirmed after: {error.message})",
        )
    raise SubmitFailed(
        error,
        f"{error.message}; nothing was created (checked the server afterwards); "
        "retrying the same command is safe",
    ) from error
