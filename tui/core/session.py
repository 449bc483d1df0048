"""The wizard's editing state, without any UI: the template being edited and its findings.

Every change goes through `EditSession.set` / `unset`, after which the next read of the report
re-validates the whole template with the core (`validate_template` is fast enough to run on
every keystroke), so the UI never holds a rule of its own. The report is computed when first
read, not when the session is made: the wizard paints its first frame before it asks, and so
before pydantic and the request models are imported. The session also knows which wizard
step owns a field path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from tui.core.paths import get_path, parse_path, set_path, strip_nulls, unset_path
from tui.core.report import Finding, Report

VC = "vendor_configuration"
BUNDLE = f"{VC}.bundle_config"
ENDPOINT = f"{VC}.endpoint_config"
FINE_TUNING = f"{VC}.fine_tuning_job_bundle_config"
INNER_ENDPOINT_TYPE = f"{ENDPOINT}.endpoint_type"


@dataclass(frozen=True)
class Step:
    """One wizard step: its id (also the widget id), its title and its key in the list."""

    id: str
    title: str
    number: int


STEPS: tuple[Step, ...] = (
    Step("basics", "Basics", 1),
    Step("bundle", "Bundle", 2),
    Step("resources", "Resources", 3),
    Step("finetune", "Fine-tuning", 4),
    Step("params", "Parameters", 5),
    Step("review", "Review", 6),
    Step("result", "Result", 7),
)
FORM_STEPS: tuple[str, ...] = ("basics", "bundle", "resources", "finetune", "params")
STEP_IDS: tuple[str, ...] = tuple(step.id for step in STEPS)

_STEP_PREFIXES: tuple[tuple[str, str], ...] = (
    (FINE_TUNING, "finetune"),
    (ENDPOINT, "resources"),
    (BUNDLE, "bundle"),
    ("model_creation_parameters_schema", "params"),
    ("model_request_parameters_schema", "params"),
    (VC, "bundle"),
)


def step_of(path: str) -> str:
    """The id of the step that edits `path` ("review" for template-wide findings)."""
    for prefix, step in _STEP_PREFIXES:
        if path == prefix or path.startswith(prefix + "."):
            return step
    return "basics" if path else "review"


def step_keys(step: str) -> tuple[str, ...]:
    """The body's keys (last path segments) under which `step`'s values sit, in body order;
    () for a step whose values are at the top (Basics) or that edits none."""
    return tuple(prefix.rsplit(".", 1)[-1] for prefix, owner in _STEP_PREFIXES if owner == step)


StepState = str  # "untouched" | "valid" | "warnings" | "errors"


class EditSession:
    """The template being edited, its report, and what the user has touched."""

    def __init__(
        self,
        template: dict[str, Any] | None = None,
        *,
        draft_path: FsPath | None = None,
        on_change: Callable[[EditSession], None] | None = None,
    ) -> None:
        self.template: dict[str, Any] = copy.deepcopy(template or {})
        self.draft_path = draft_path
        self.schema_url: str | None = None
        """The opened draft's `#:schema` line, kept when the wizard saves it."""
        self.profiles: dict[str, dict[str, Any]] = {}
        """The opened draft's `[profiles.NAME]` overrides: the wizard edits `[template]` only,
        and saves these back as they were read."""
        self.dirty = False
        self.touched: set[str] = set()
        self.visited: set[str] = set()
        self.server_findings: list[Finding] = []
        self.on_change = on_change
        self._report: Report | None = None

    # -- editing ------------------------------------------------------------------------

    def get(self, path: str, default: Any = None) -> Any:
        return get_path(self.template, parse_path(path), default)

    def set(self, path: str, value: Any) -> tuple[str, ...]:
        """Set `path` to `value` (None removes the key: the API wants absent, never null).

        Returns the other paths whose value changed with it (a field that follows another),
        so that a UI reloads exactly those and never writes over the field being typed in.
        """
        if value is None:
            self.unset(path)
            return ()
        if self.get(path, _ABSENT) == value:
            self.touched.add(path)
            return ()
        followed = self._follow_endpoint_type(value) if path == "endpoint_type" else ()
        set_path(self.template, parse_path(path), value)
        self._changed(path)
        return followed

    def unset(self, path: str) -> None:
        removed = unset_path(self.template, parse_path(path))
        self.touched.add(path)
        if removed:
            self._prune_empty_parents(path)
            self._changed(path)

    def replace(self, template: dict[str, Any], *, dirty: bool = True) -> None:
        """Swap the whole template (a preset, a restored recovery file)."""
        self.template = copy.deepcopy(template)
        self.server_findings = []
        self.dirty = dirty
        self._revalidate()

    def mark_saved(self, path: FsPath | None = None) -> None:
        if path is not None:
            self.draft_path = path
        self.dirty = False

    def touch_step(self, step: str) -> None:
        """Show every error of `step`, as if each field had been touched (an attempted Next)."""
        self.visited.add(step)

    def _follow_endpoint_type(self, value: Any) -> tuple[str, ...]:
        """Keep the endpoint config's type equal to the template's unless the user changed it;
        returns the path it changed."""
        inner_path = parse_path(INNER_ENDPOINT_TYPE)
        inner = get_path(self.template, inner_path)
        if inner == value or (inner is not None and inner != self.template.get("endpoint_type")):
            return ()
        set_path(self.template, inner_path, value)
        return (INNER_ENDPOINT_TYPE,)

    def _prune_empty_parents(self, path: str) -> None:
        """Drop tables left empty by an unset, except the required vendor configuration."""
        parts = parse_path(path)
        for depth in range(len(parts) - 1, 0, -1):
            parent = parts[:depth]
            node = get_path(self.template, parent)
            if isinstance(node, dict) and not node and ".".join(map(str, parent)) != BUNDLE:
                unset_path(self.template, parent)
            else:
                break

    def _changed(self, path: str) -> None:
        self.touched.add(path)
        self.dirty = True
        self.server_findings = [f for f in self.server_findings if f.path != path]
        self._revalidate()

    def _revalidate(self) -> None:
        self._report = None
        if self.on_change is not None:
            self.on_change(self)

    # -- reading ------------------------------------------------------------------------

    @property
    def report(self) -> Report:
        """The core's findings for the template as it is now (validated on first read)."""
        if self._report is None:
            from tui.core.findings import validate_template

            self._report = validate_template(self.template)
        return self._report

    @property
    def findings(self) -> list[Finding]:
        """The core's findings plus any the server returned for the last submit."""
        return list(self.report.findings) + self.server_findings

    @property
    def can_submit(self) -> bool:
        return not self.report.errors

    def body(self) -> dict[str, Any]:
        """The request body: the validated model's when valid, else the raw template."""
        if self.report.model is not None:
            return self.report.model.body()
        return strip_nulls(self.template)

    def findings_for_step(self, step: str) -> list[Finding]:
        return [f for f in self.findings if step_of(f.path) == step]

    def is_shown(self, path: str) -> bool:
        """Whether errors at `path` should be visible: touched, or its step was attempted."""
        if path in self.touched or step_of(path) in self.visited:
            return True
        return any(f.path == path and f.rule == "server" for f in self.server_findings)

    def step_state(self, step: str) -> StepState:
        """The step's mark in the step list. Like a field's error line, a step's problems
        show once the user engaged with it (touched a field or tried to move on), so a blank
        template does not greet the user with every step marked wrong."""
        return self.step_states((step,))[step]

    def step_states(self, steps: tuple[str, ...] = FORM_STEPS) -> dict[str, StepState]:
        """`step_state` of each of `steps`, in one pass over the findings (per keystroke)."""
        by_step: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_step.setdefault(step_of(finding.path), []).append(finding)
        engaged = self.visited | {step_of(path) for path in self.touched}
        filled: set[str] | None = None
        states: dict[str, StepState] = {}
        for step in steps:
            findings = by_step.get(step)
            if findings:
                if step not in engaged:
                    states[step] = "untouched"
                else:
                    errors = any(f.is_error for f in findings)
                    states[step] = "errors" if errors else "warnings"
            elif step in engaged:
                states[step] = "valid"
            else:
                if filled is None:
                    filled = {step_of(path) for path in _leaf_paths(self.template)}
                states[step] = "valid" if step in FORM_STEPS and step in filled else "untouched"
        return states

    def first_step_needing_attention(self) -> str | None:
        for step in FORM_STEPS:
            if self.findings_for_step(step):
                return step
        return None


_ABSENT = object()


def _leaf_paths(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        out: list[str] = []
        for key, value in data.items():
            out.extend(_leaf_paths(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return [prefix] if prefix else []
