"""Findings as plain data: what is wrong where, and the report of one validation.

Kept apart from `findings.py` (which validates with pydantic) so that what only shows or
carries findings (the wizard's first frame, the client's error mapping) never imports
pydantic: the wizard paints its first frame before the request models are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tui.core.paths import format_path

if TYPE_CHECKING:
    from tui.core.models import ModelTemplateRequest


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one field path (relative to the template)."""

    path: str
    message: str
    severity: Severity = Severity.ERROR
    rule: str = "schema"
    fix: tuple[Any, ...] | None = None
    """A value to set at `path` that resolves the finding (e.g. a command split into its
    arguments), for a tool that offers to apply it; None when there is no single fix."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "path": self.path,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.fix is not None:
            row["fix"] = list(self.fix)
        return row

    def __str__(self) -> str:
        where = self.path or "(template)"
        return f"{self.severity.value}: {where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The findings for one template, and the validated model when there are no errors."""

    findings: tuple[Finding, ...] = ()
    model: ModelTemplateRequest | None = field(default=None, compare=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        """True when the template must not be submitted (`strict` counts warnings too)."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def under(self, prefix: str) -> list[Finding]:
        """Findings at `prefix` or below it."""
        if not prefix:
            return list(self.findings)
        dotted = prefix + "."
        return [f for f in self.findings if f.path == prefix or f.path.startswith(dotted)]


def findings_from_api_detail(entries: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """Map FastAPI 422 `detail` entries (`loc` starting with `body`) to findings."""
    out = []
    for entry in entries:
        loc = list(entry.get("loc") or [])
        if loc and loc[0] == "body":
            loc = loc[1:]
        message = str(entry.get("msg") or entry.get("message") or "rejected by the server")
        out.append(Finding(format_path(loc), message, Severity.ERROR, rule="server"))
    return out
