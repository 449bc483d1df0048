"""From a draft file to the request body: load, apply overrides, fill the account, resolve
`${NAME}` references, validate. The rules themselves live in tui.core; this only chains them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Override = tuple[str, str]


@dataclass
class Prepared:
    """One draft on its way to a request."""

    file: str
    template: dict[str, Any] | None = None  # after overrides and account fill, unresolved
    body: dict[str, Any] | None = None  # resolved and valid: what would be sent
    findings: list[dict[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # values that came from the environment
    report: Any = None  # the loader's report, while it still describes `template`

    @property
    def errors(self) -> list[dict[str, str]]:
        return [f for f in self.findings if f["severity"] == "error"]

    @property
    def warnings(self) -> list[dict[str, str]]:
        return [f for f in self.findings if f["severity"] == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def parse_overrides(raw: Sequence[tuple[str, str]]) -> list[Any]:
    """Parse `--set`/`--unset` once for all drafts (OverrideError on bad input)."""
    if not raw:
        return []
    from tui.core.overrides import parse_override

    return [parse_override(option, text) for option, text in raw]


def load(
    file: str, overrides: Sequence[Any], account_id: str | None, profile: str | None = None
) -> Prepared:
    """Load a draft and build its template: the draft, its `[profiles.<profile>]` overrides,
    then --set/--unset, then the account; an unreadable file becomes an error finding."""
    from tui.core.drafts import DraftError, load_draft

    prepared = Prepared(file)
    try:
        loaded = load_draft(file)
    except DraftError as exc:
        prepared.findings.append(_error("", _without_file_prefix(str(exc), file)))
        return prepared
    except OSError as exc:  # the drafts module should turn these into DraftError already
        prepared.findings.append(_error("", exc.strerror or str(exc)))
        return prepared
    prepared.notices = list(loaded.notices)
    template = loaded.draft.template
    if profile:
        from tui.core.draft_profiles import with_profile

        template = with_profile(template, loaded.draft.profiles, profile)
    if overrides:
        from tui.core.overrides import apply_overrides

        template = apply_overrides(template, overrides)
    prepared.template = with_account(template, account_id)
    if prepared.template is loaded.draft.template:
        prepared.report = loaded.report  # unchanged: no need to validate it again
    return prepared


def with_account(template: dict[str, Any], account_id: str | None) -> dict[str, Any]:
    """The template with `account_id` filled in when it has none (the file is not changed)."""
    if account_id and isinstance(template, dict) and "account_id" not in template:
        return {**template, "account_id": account_id}
    return template


def check(prepared: Prepared) -> Prepared:
    """Validate the (unresolved) template: what `validate` and `show` report."""
    if prepared.template is not None:
        report = prepared.report or _validate(prepared.template)
        prepared.findings.extend(f.as_dict() for f in report.findings)
    return prepared


def _validate(template: dict[str, Any]) -> Any:
    from tui.core.findings import validate_template

    return validate_template(template)


def resolve_and_check(prepared: Prepared, environ: Mapping[str, str] | None = None) -> Prepared:
    """Resolve `${NAME}` and validate the result: what `submit` sends.

    Messages are scrubbed of values that came from the environment, since a finding may quote
    the offending value.
    """
    if prepared.template is None:
        return prepared
    from tui.core.interpolation import InterpolationError, referenced_names, resolve

    environ = os.environ if environ is None else environ
    try:
        resolved = resolve(prepared.template, environ)
    except InterpolationError as exc:
        prepared.findings.append(_error("", str(exc)))
        return prepared
    names = referenced_names(prepared.template)
    prepared.secrets = [environ[n] for n in names if environ.get(n)]
    report = _validate(resolved) if names or prepared.report is None else prepared.report
    prepared.findings.extend(_scrub(f.as_dict(), prepared.secrets) for f in report.findings)
    if report.model is not None:
        prepared.body = report.model.body()
    return prepared


def display_body(template: dict[str, Any]) -> dict[str, Any]:
    """The body as it would be sent, with every value from the environment shown as ***."""
    from tui.core.findings import validate_template
    from tui.core.interpolation import redact

    report = validate_template(template)
    body = report.model.body() if report.model is not None else template
    return redact(body)


def _scrub(finding: dict[str, str], secrets: Sequence[str]) -> dict[str, str]:
    message = finding["message"]
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "***")
    return {**finding, "message": message}


def _error(path: str, message: str) -> dict[str, str]:
    return {"path": path, "severity": "error", "message": message}


def _without_file_prefix(message: str, file: str) -> str:
    """DraftError names the file; the CLI already prints it in front of the message."""
    for prefix in (f"{file}: ", f"{os.path.abspath(file)}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
