"""From a draft file to the request body: load, apply overrides, fill the account, resolve
`${NAME}` references, validate. The rules themselves live in tui.core; this only chains them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Override = tuple[str, str]
UNSET = "unset"
"""The severity of an unset `${NAME}` variable that fails nothing (validate's default)."""


@dataclass
class Prepared:
    """One draft on its way to a request."""

    file: str
    template: dict[str, Any] | None = None  # after overrides and account fill, unresolved
    body: dict[str, Any] | None = None  # resolved and valid: what would be sent
    findings: list[dict[str, Any]] = field(default_factory=list)
    unset: list[dict[str, Any]] = field(default_factory=list)  # severity "unset": not failing
    notices: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # values that came from the environment
    report: Any = None  # the loader's report, while it still describes `template`

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["severity"] == "error"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
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


def check_environment(prepared: Prepared, environ: Mapping[str, str]) -> Prepared:
    """Name each `${NAME}` variable `environ` lacks, once per name, as its own kind of
    finding, "unset", which fails nothing: a CI job that only validates has no secrets.
    (`resolve_and_check` names them as errors: the job is about to submit.)"""
    if prepared.template is None:
        return prepared
    from tui.core.interpolation import unset_variable_findings

    for finding in unset_variable_findings(prepared.template, environ):
        prepared.unset.append({**finding.as_dict(), "severity": UNSET})
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
    from tui.core.interpolation import (
        InterpolationError,
        is_literal,
        referenced_names,
        resolve,
        unset_variable_findings,
    )
    from tui.core.masking import secrets_masked
    from tui.core.report import Severity

    if is_literal(prepared.template):  # nothing to resolve, nothing unset, no secret
        return _with_report(prepared, prepared.report or _validate(prepared.template))
    environ = os.environ if environ is None else environ
    unset = unset_variable_findings(prepared.template, environ, Severity.ERROR)
    if unset:  # one error per name, then what the unresolved draft has besides
        prepared.findings.extend(f.as_dict() for f in unset)
        return check(prepared)
    try:
        resolved = resolve(prepared.template, environ)
    except InterpolationError as exc:
        prepared.findings.append(_error("", str(exc)))
        return prepared
    names = referenced_names(prepared.template)
    prepared.secrets = [environ[n] for n in names if environ.get(n)]
    if names or prepared.report is None:
        with secrets_masked(prepared.secrets):  # findings quote values: mask, then shorten
            report = _validate(resolved)
    else:
        report = prepared.report
    return _with_report(prepared, report)


def _with_report(prepared: Prepared, report: Any) -> Prepared:
    """The resolved template's findings (masked), and its body when it is valid."""
    prepared.findings.extend(_masked(f.as_dict(), prepared.secrets) for f in report.findings)
    if report.model is not None:
        prepared.body = report.model.body()
    return prepared


def request_body(template: dict[str, Any]) -> dict[str, Any]:
    """The body as it would be sent, its `${NAME}` references not resolved (`render` shows
    them as *** in JSON and reads them at run time in snippets)."""
    from tui.core.drafts import json_compatible
    from tui.core.findings import validate_template

    report = validate_template(template)
    return report.model.body() if report.model is not None else json_compatible(template)


def display_body(template: dict[str, Any]) -> dict[str, Any]:
    """The body as it would be sent, with every value from the environment shown as ***."""
    from tui.core.interpolation import redact

    return redact(request_body(template))


def _masked(finding: dict[str, Any], secrets: Sequence[str]) -> dict[str, Any]:
    from tui.core.masking import mask

    masked = {**finding, "message": mask(finding["message"], secrets)}
    if "fix" in finding:  # a fix built from resolved values may hold one too
        masked["fix"] = [mask(v, secrets) if isinstance(v, str) else v for v in finding["fix"]]
    return masked


def _error(path: str, message: str) -> dict[str, Any]:
    return {"path": path, "severity": "error", "message": message}


def _without_file_prefix(message: str, file: str) -> str:
    """DraftError names the file; the CLI already prints it in front of the message."""
    for prefix in (f"{file}: ", f"{os.path.abspath(file)}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
