"""Idempotent submit: never create a duplicate template by replaying or retrying.

1. Unless forced, look for an identical template (same account, name and body once the
   server's defaults are applied) and report it instead of creating another.
2. Create.
3. After an ambiguous failure (read timeout after sending, connection dropped after
   sending, 500/502/504), look again before anything else: a new identical template means
   the create went through. None means only that it was not there yet: the server may still
   store it, so the create is written to a journal (tui.core.journal) and the next submit
   of the same body polls for it first, for a bounded time, before creating. Creation is
   attempted once per run; there is no loop.

Steps 1 to 3 run under an inter-process lock per (base URL, account, name)
(tui.core.locks), so processes submitting the same draft at once create it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import json
import math
import time
from collections.abc import AsyncIterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from tui.core.client import ListedTemplate, SGPClient
from tui.core.errors import SGPError
from tui.core.fields import FieldSpec, child_specs
from tui.core.journal import CreateJournal, PendingCreate, body_digest
from tui.core.locks import CreateLock, LockTimeout, create_lock, lock_path
from tui.core.models import ModelTemplate, ModelTemplateRequest
from tui.core.paths import strip_nulls

Status = Literal["created", "exists", "recovered"]


@dataclass(frozen=True)
class SubmitOutcome:
    status: Status
    template: ModelTemplate
    message: str


class SubmitFailed(Exception):
    """The submit failed. `created` is False when nothing was created, None when unknown.

    `error` is the API error, or None when nothing was sent (another process held the lock).
    """

    def __init__(
        self, error: SGPError | None, message: str, *, created: bool | None = False
    ) -> None:
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
    for field in _fields_of(model):
        if field.name in data:
            out[field.name] = _normalize_value(data[field.name], field)
        elif field.default is not _NO_DEFAULT:
            value = field.default
            out[field.name] = value if type(value) in _IMMUTABLE else copy.deepcopy(value)
        elif field.fills_default_object:
            assert field.model is not None
            out[field.name] = _normalize_model({}, field.model)
    return out


def _normalize_value(value: Any, field: _Field) -> Any:
    if field.kind == "model" and field.model is not None and isinstance(value, Mapping):
        return _normalize_model(value, field.model)
    if field.kind == "model_list" and field.model is not None and isinstance(value, list):
        return [
            _normalize_model(item, field.model) if isinstance(item, Mapping) else item
            for item in value
        ]
    return value


_NO_DEFAULT = object()
_IMMUTABLE = frozenset({str, int, float, bool})
"""Defaults of these types are used as they are; others are copied (a list may change)."""


@dataclass(frozen=True, slots=True)
class _Field:
    """What normalizing needs of one field's spec, read once per model (every submit
    normalizes its body, and every template of its name in the account)."""

    name: str
    kind: str
    model: type[BaseModel] | None
    default: Any
    fills_default_object: bool


@functools.cache
def _fields_of(model: type[BaseModel]) -> tuple[_Field, ...]:
    fields = []
    for spec in child_specs("", model):
        default = spec.default if spec.has_default else _NO_DEFAULT
        fields.append(_Field(spec.name, spec.kind, spec.model, default, _fills_default(spec)))
    return tuple(fields)


def _fills_default(spec: FieldSpec) -> bool:
    if spec.kind != "model" or spec.model is None:
        return False
    return not any(info.is_required() for info in spec.model.model_fields.values())


def is_identical(template: ModelTemplate, body: Mapping[str, Any]) -> bool:
    return normalized(template.request_body()) == normalized(body)


def account_of(body: Mapping[str, Any], client: SGPClient) -> str | None:
    """The account a body is created in: its own `account_id`, else the client's."""
    return body.get("account_id") or client.config.account_id


# -- what the account holds -----------------------------------------------------------------


class KnownTemplates:
    """The templates of each account, listed once per run and shared by concurrent submits.

    Listing the account before every create makes a run of N drafts cost N listings of a
    growing list (quadratic); one snapshot per account, plus what this run creates, keeps it
    linear. Templates are only read (when listed) and normalized when a draft of the same
    name is compared with them, so one the server sent malformed fails only the submits of
    its name. A per-body lock makes identical drafts in one run wait for each other, so the
    second one finds the first one's template instead of creating a twin.
    """

    def __init__(self, client: SGPClient) -> None:
        self._client = client
        self._accounts: dict[str | None, _Account] = {}
        self._listing: dict[str | None, asyncio.Lock] = {}
        self._bodies: dict[str, asyncio.Lock] = {}
        self._listed_at: dict[str | None, int] = {}

    def account_of(self, body: Mapping[str, Any]) -> str | None:
        return account_of(body, self._client)

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
            if entry.id not in exclude and entry.shape == wanted:
                return entry.template
        return None

    async def refresh(self, account_id: str | None) -> None:
        """Forget the snapshot of `account_id` (after an ambiguous failure) and list again."""
        self._accounts.pop(account_id, None)
        await self._load(account_id)

    def listed_before(self, account_id: str | None, when_ns: int) -> bool:
        """Whether the snapshot of `account_id` was started before `when_ns` (wall clock):
        then a create made elsewhere at that time may be missing from it."""
        listed = self._listed_at.get(account_id)
        return listed is not None and listed <= when_ns

    def add(self, template: ModelTemplate | ListedTemplate) -> None:
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
                self._listed_at[account_id] = time.time_ns()
                account = _Account()
                async for template in self._client.iter_listed(account_id=account_id):
                    account.add(template)
                self._accounts[account_id] = account
            return self._accounts[account_id]


class _Known:
    """A template (one as listed is read on first use) and, once asked for, its normalized
    body."""

    __slots__ = ("_shape", "_template", "id")

    def __init__(self, template: ModelTemplate | ListedTemplate) -> None:
        self.id = template.id
        self._template = template
        self._shape: dict[str, Any] | None = None

    @property
    def template(self) -> ModelTemplate:
        """The template; BadResponse when the server listed it malformed."""
        if isinstance(self._template, ListedTemplate):
            self._template = self._template.template()
        return self._template

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

    def add(self, template: ModelTemplate | ListedTemplate) -> None:
        self.ids.add(template.id)
        self.by_name.setdefault(template.name, []).append(_Known(template))


# -- find and submit -----------------------------------------------------------------------


async def find_identical(client: SGPClient, body: Mapping[str, Any]) -> ModelTemplate | None:
    """An existing template of the body's account with the same name and normalized body."""
    return await KnownTemplates(client).identical(body)


@dataclass(frozen=True)
class CreateGuard:
    """Where the journal of unknown outcomes and the create locks live, and how long to
    wait. Both derive from the client's read timeout unless given."""

    directory: Path
    settle_seconds: float | None = None
    """How long after an ambiguous failure the server may still store the create
    (default: twice the read timeout)."""
    lock_timeout: float | None = None
    """How long to wait for another process's submit of the same name (default: long
    enough for its listing, create, check and settling)."""

    @classmethod
    def default(cls) -> CreateGuard:
        from tui.core.recovery import state_dir

        return cls(state_dir())

    @property
    def journal(self) -> CreateJournal:
        return CreateJournal(self.directory / "pending-creates")

    def settle_for(self, client: SGPClient) -> float:
        if self.settle_seconds is not None:
            return self.settle_seconds
        return 2 * client.config.read_timeout

    def lock_timeout_for(self, client: SGPClient) -> float:
        if self.lock_timeout is not None:
            return self.lock_timeout
        return self.settle_for(client) + 4 * client.config.read_timeout + 10


SETTLE_POLL_SECONDS = 0.5


async def submit_template(
    client: SGPClient,
    body: dict[str, Any],
    force: bool = False,
    known: KnownTemplates | None = None,
    guard: CreateGuard | None = None,
) -> SubmitOutcome:
    """Create the template unless an identical one exists (`force` creates anyway).

    Pass one `known` to every submit of a run so the account is listed once, not per draft.
    `guard` places the journal and the locks (default: the user's state folder).
    """
    known = known or KnownTemplates(client)
    guard = guard or CreateGuard.default()
    shape = normalized(body)
    async with known.body_lock(body, shape), _locked(client, known, body, guard) as lock:
        attempt = _Attempt(client, body, shape, known, guard, lock)
        return await attempt.run(force)


@contextlib.asynccontextmanager
async def _locked(
    client: SGPClient, known: KnownTemplates, body: Mapping[str, Any], guard: CreateGuard
) -> AsyncIterator[CreateLock]:
    name = str(body.get("name", ""))
    base_url = str(client.config.base_url)
    path = lock_path(guard.directory / "locks", base_url, known.account_of(body) or "", name)
    timeout = guard.lock_timeout_for(client)
    held = contextlib.AsyncExitStack()
    try:  # only taking the lock: errors of the submit itself pass through unchanged
        lock = await held.enter_async_context(create_lock(path, timeout))
    except LockTimeout as exc:
        raise SubmitFailed(
            None,
            f"another sgp-template process has been submitting {name!r} to {base_url} for "
            f"over {exc.waited:.0f} s (lock {exc.path}); nothing was sent: run the same "
            "command again once it has finished",
        ) from None
    except OSError as exc:  # the state folder cannot be written
        raise SubmitFailed(
            None,
            f"cannot take the submit lock {path} ({exc.strerror or exc}); nothing was sent: "
            "set SGP_TEMPLATE_STATE_DIR to a writable folder",
        ) from None
    async with held:
        yield lock


class _Attempt:
    """One submit under the lock: settle a pending create, check, create, reconcile."""

    def __init__(
        self,
        client: SGPClient,
        body: dict[str, Any],
        shape: dict[str, Any],
        known: KnownTemplates,
        guard: CreateGuard,
        lock: CreateLock,
    ) -> None:
        self.client, self.body, self.shape, self.known = client, body, shape, known
        self.guard, self.lock = guard, lock
        self.name = str(body.get("name", ""))
        self.account = known.account_of(body)
        self.key = (str(client.config.base_url), self.account, self.name, body_digest(shape))

    async def run(self, force: bool) -> SubmitOutcome:
        try:
            if self.known.listed_before(self.account, self.lock.last_create_ns()):
                await self.known.refresh(self.account)  # another process created since
            pending = None if force else self.guard.journal.find(*self.key)
            settled = await self._settle(pending) if pending is not None else None
            if settled is not None:
                return settled
            before = await self.known.ids(self.account)
            match = None if force else await self.known.identical(self.body, shape=self.shape)
        except SGPError as error:
            raise SubmitFailed(
                error,
                f"{error.message}; could not check for an existing template, nothing was created",
            ) from error
        if match is not None:
            return SubmitOutcome(
                "exists",
                match,
                f"{self.name!r} already exists as {match.id} (identical); nothing was created",
            )
        return await self._create(before)

    async def _settle(self, pending: PendingCreate) -> SubmitOutcome | None:
        """An earlier create of this body had an unknown outcome: poll until its template
        shows up (reported as existing) or its settling time has passed (None: create)."""
        while True:
            await self.known.refresh(self.account)
            match = await self.known.identical(self.body, shape=self.shape)
            if match is not None:
                self.guard.journal.clear(*self.key)
                return SubmitOutcome(
                    "exists",
                    match,
                    f"{self.name!r} exists as {match.id}: the earlier submit whose outcome was "
                    f"unknown ({pending.reason}) created it; nothing new was created",
                )
            remaining = pending.remaining()
            if remaining <= 0:
                self.guard.journal.clear(*self.key)
                return None
            await asyncio.sleep(min(SETTLE_POLL_SECONDS, remaining))

    async def _create(self, before: set[str]) -> SubmitOutcome:
        try:
            created = await self.client.create(self.body)
        except SGPError as error:
            self.lock.mark_create()
            if error.outcome_unknown:
                return await self._reconcile(before, error)
            raise SubmitFailed(error, f"{error.message}; nothing was created") from error
        self.lock.mark_create()
        self.known.add(created)
        return SubmitOutcome("created", created, f"created {self.name!r} as {created.id}")

    async def _reconcile(self, before: set[str], error: SGPError) -> SubmitOutcome:
        """After an ambiguous failure: did the create go through after all?"""
        try:
            await self.known.refresh(self.account)
            new = await self.known.identical(self.body, exclude=before)
        except SGPError as lookup_error:
            wait = self._journal(error)
            raise SubmitFailed(
                error,
                f"{error.message}; whether {self.name!r} was created is unknown (checking "
                f"failed: {lookup_error.message}); run the same command again after {wait} s: "
                "it checks first and will not create a duplicate",
                created=None,
            ) from error
        if new is not None:
            return SubmitOutcome(
                "recovered",
                new,
                f"created {self.name!r} as {new.id} (confirmed after: {error.message})",
            )
        wait = self._journal(error)
        raise SubmitFailed(
            error,
            f"{error.message}; {self.name!r} was not on the server when checked just after, "
            f"but the server may still create it: run the same command again after {wait} s, "
            "it will check first and will not create a duplicate",
            created=None,
        ) from error

    def _journal(self, error: SGPError) -> int:
        """Record the unknown outcome; the seconds until the server is taken to have settled."""
        settle = self.guard.settle_for(self.client)
        now = time.time()
        base_url, account, name, digest = self.key
        entry = PendingCreate(base_url, account, name, digest, now, now + settle, error.message)
        with contextlib.suppress(OSError):  # unwritable: the retry still checks before creating
            self.guard.journal.record(entry)
        return math.ceil(settle)
