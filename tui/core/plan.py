"""What replaying a set of drafts against an account would do, decided before doing it.

For each draft, one of:
- `exists`: a template of the account is identical once the server's defaults apply (its id);
- `create`: no template of that name exists, the draft would be created;
- `drift`: templates of that name exist, none identical: the newest one differs at `paths`.
  Templates cannot be updated in place, so a drift is only acted on by an explicit choice.

The account is listed once per account (not per draft). A plan can be saved as JSON and
checked later (`stale_reasons`) against a fresh one: it names the templates it saw and a
fingerprint of each draft (a hash of the body before `${NAME}` references are resolved, so
no secret, hashed or not, is written), and is refused when either changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.core.client import ListedTemplate, SGPClient
from tui.core.diffing import changed_paths, diff_normalized
from tui.core.models import ModelTemplate
from tui.core.submit import KnownTemplates, account_of, normalized

Action = Literal["exists", "create", "drift"]
PLAN_FORMAT = "sgp-template-plan"
PAGE_SIZE = 1000
"""Templates per listed page: a large account in a few requests (the API allows 10,000)."""
PLAN_VERSION = 1

ByName = Mapping[str, Sequence[ModelTemplate]]
"""An account's templates by name."""


class PlanFileError(ValueError):
    """A saved plan cannot be read (not JSON, not a plan, a newer format)."""


@dataclass(frozen=True)
class DraftInput:
    """A valid draft to plan: `body` is what would be sent (resolved), `template` the same
    before `${NAME}` resolution (fingerprinted)."""

    file: str
    body: dict[str, Any]
    template: dict[str, Any]


@dataclass(frozen=True)
class PlannedDraft:
    file: str
    name: str
    account_id: str | None
    action: Action
    template_id: str | None = None  # exists: the identical template; drift: the newest one
    paths: tuple[str, ...] = ()  # drift: the fields that differ from template_id
    same_name: tuple[str, ...] = ()  # every id of that name in the account, as seen
    fingerprint: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["paths"], data["same_name"] = list(self.paths), list(self.same_name)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlannedDraft:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["paths"] = tuple(known.get("paths", ()))
        known["same_name"] = tuple(known.get("same_name", ()))
        return cls(**known)

    def summary(self) -> str:
        if self.action == "exists":
            return f"exists {self.template_id}  {self.file}"
        if self.action == "create":
            return f"create {self.name!r}  {self.file}"
        return f"drift  {self.file}: {self.template_id} differs at {', '.join(self.paths)}"


@dataclass
class Plan:
    target: str
    profile: str | None
    drafts: list[PlannedDraft] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(d.action != "exists" for d in self.drafts)

    def counts(self) -> dict[str, int]:
        counts = {"exists": 0, "create": 0, "drift": 0}
        for draft in self.drafts:
            counts[draft.action] += 1
        return counts

    def to_json(self) -> str:
        data = {
            "format": PLAN_FORMAT,
            "version": PLAN_VERSION,
            "target": self.target,
            "profile": self.profile,
            "drafts": [d.as_dict() for d in self.drafts],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Plan:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanFileError(f"not a saved plan (not JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise PlanFileError("not a saved plan (write one with `sgp-template plan -o FILE`)")
        if data.get("version") != PLAN_VERSION:
            raise PlanFileError(f"plan format version {data.get('version')!r} is not supported")
        try:
            drafts = [PlannedDraft.from_dict(d) for d in data["drafts"]]
            return cls(target=str(data["target"]), profile=data.get("profile"), drafts=drafts)
        except (KeyError, TypeError) as exc:
            raise PlanFileError(f"saved plan is incomplete ({exc})") from None


def fingerprint(template: Mapping[str, Any]) -> str:
    """A short hash of the template (any edit changes it, even one the server's defaults
    would make equal: a saved plan errs on the side of refusing)."""
    text = json.dumps(template, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Listing(Mapping[str, list[ModelTemplate]]):
    """One account's templates by name, as listed. A name's templates are read into
    ModelTemplate when that name is first looked up: a plan looks up only its drafts' names,
    so a large account costs its JSON, and a template the server sent malformed stops the
    plan (BadResponse) only when a draft has its name and so must be compared with it."""

    def __init__(self, listed: Iterable[ListedTemplate] = ()) -> None:
        self._by_name: dict[str, list[ListedTemplate]] = {}
        for template in listed:
            self.add(template)

    def add(self, listed: ListedTemplate) -> None:
        self._by_name.setdefault(listed.name, []).append(listed)

    def __getitem__(self, name: str) -> list[ModelTemplate]:
        return [listed.template() for listed in self._by_name[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)


async def list_accounts(
    client: SGPClient, accounts: Iterable[str | None], known: KnownTemplates | None = None
) -> dict[str | None, Listing]:
    """Each account's templates by name, one listing per account. Passing `known` records
    every listed template in it (as listed: read when a submit compares it), so a following
    submit lists nothing again."""
    listed: dict[str | None, Listing] = {}
    for account in dict.fromkeys(accounts):
        by_name = Listing()
        async for template in client.iter_listed(account_id=account, limit=PAGE_SIZE):
            by_name.add(template)
            if known is not None:
                known.add(template)
        listed[account] = by_name
    return listed


def plan_draft(draft: DraftInput, account_id: str | None, by_name: ByName) -> PlannedDraft:
    """Decide one draft against the templates of its account."""
    name = str(draft.body.get("name", ""))
    same = sorted(by_name.get(name, []), key=lambda t: (t.created_at, t.id))
    common = {
        "file": draft.file,
        "name": name,
        "account_id": account_id,
        "same_name": tuple(t.id for t in same),
        "fingerprint": fingerprint(draft.template),
    }
    if not same:
        return PlannedDraft(action="create", **common)
    shape = normalized(draft.body)
    stored: dict[str, Any] = {}
    for template in same:
        # The server stores its defaults, so a stored body usually equals the draft's shape
        # as it is; normalizing it too is only needed when it does not.
        body = template.request_body()
        if body == shape:
            return PlannedDraft(action="exists", template_id=template.id, **common)
        stored = normalized(body)
        if stored == shape:
            return PlannedDraft(action="exists", template_id=template.id, **common)
    paths = tuple(changed_paths(diff_normalized(stored, shape)))  # stored: the newest one's
    return PlannedDraft(action="drift", template_id=same[-1].id, paths=paths, **common)


async def make_plan(
    client: SGPClient,
    drafts: Sequence[DraftInput],
    profile: str | None = None,
    known: KnownTemplates | None = None,
    listed: Mapping[str | None, ByName] | None = None,
) -> Plan:
    """Plan every draft; each draft's account is its `account_id`, else the client's.
    Accounts in `listed` (from `list_accounts`) are not listed again."""
    accounts = [account_of(d.body, client) for d in drafts]
    listed = dict(listed or {})
    missing = [account for account in accounts if account not in listed]
    listed.update(await list_accounts(client, missing, known))
    planned = [
        plan_draft(draft, account, listed[account])
        for draft, account in zip(drafts, accounts, strict=True)
    ]
    return Plan(target=client.config.base_url, profile=profile, drafts=planned)


def stale_reasons(saved: Plan, fresh: Plan) -> list[str]:
    """Why `saved` no longer describes what applying would do (empty: it still does)."""
    if saved.target != fresh.target or saved.profile != fresh.profile:
        return [
            f"the plan was made for {saved.target} (profile {saved.profile}), "
            f"not {fresh.target} (profile {fresh.profile})"
        ]
    reasons: list[str] = []
    now = {d.file: d for d in fresh.drafts}
    for before in saved.drafts:
        after = now.pop(before.file, None)
        if after is None:
            reasons.append(f"{before.file}: no longer planned")
        elif after.fingerprint != before.fingerprint:
            reasons.append(f"{before.file}: the draft changed since the plan")
        elif after != before:
            reasons.append(
                f"{before.file}: the server changed since the plan (was {before.action}, "
                f"now {after.action}; templates named {before.name!r}: "
                f"{list(before.same_name)} -> {list(after.same_name)})"
            )
    reasons.extend(f"{file}: not in the plan" for file in now)
    return reasons
