"""The form steps of the wizard: each a scrollable column of `FormField`s built from paths.

Steps only lay fields out; values, findings and rules live in the `EditSession` and the core.
The bundle and resources editors are reused for the fine-tuning job.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static, Switch

from tui.core.launch_rules import GPU_LIMITS, required_paths
from tui.core.report import Finding, Severity
from tui.core.session import BUNDLE, ENDPOINT, FINE_TUNING, EditSession, step_of
from tui.widgets.form_field import FormField, owns

FT_RESOURCES = f"{FINE_TUNING}.resources"
CREATION_PARAMS = "model_creation_parameters_schema.parameters"
REQUEST_PARAMS = "model_request_parameters_schema.parameters"
PARAM_TABLES = {"params-creation": CREATION_PARAMS, "params-request": REQUEST_PARAMS}
"""The parameter tables' widget ids and the lists they edit."""


class StepForm(VerticalScroll):
    """Base of a step: a title, a step-level findings banner, then the step's fields.

    A step shows the session: it loads its fields' values when it mounts (and when the
    screen says the template was replaced), and shows the session's findings on request.
    What is special about a step (tables, a switch, fields required by other values) is in
    its class, through the hooks `load`, `update_dynamic_fields` and `show_table_findings`.
    """

    STEP_ID = ""
    TITLE = ""
    INTRO = ""
    HELP = ""

    DEFAULT_CSS = """
    StepForm { padding: 0 1; }
    StepForm > .step-title { text-style: bold; color: $accent; }
    StepForm > .step-intro { color: $text-muted; margin-bottom: 1; }
    StepForm > .step-findings { display: none; margin-bottom: 1; }
    StepForm > .step-findings.-shown { display: block; }
    """

    def __init__(self, session: EditSession) -> None:
        super().__init__(id=self.STEP_ID)
        self.session = session
        self.fields: dict[str, FormField] = {}
        """The step's fields by path (once mounted)."""
        self._banner: tuple[str, bool] = ("", False)
        self._findings_shown: tuple[object, ...] | None = None
        """What the fields last showed (findings, touched, visited): typing usually leaves
        them as they were, and then no field needs to change."""

    def compose(self) -> ComposeResult:
        yield Label(self.TITLE, classes="step-title")
        if self.INTRO:
            yield Static(self.INTRO, classes="step-intro", markup=False)
        yield Static("", classes="step-findings", markup=False)
        yield from self.compose_fields()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def field_value(self, path: str) -> Any:
        """The session's value at `path`: a FormField builds its control showing it."""
        return self.session.get(path)

    def on_mount(self) -> None:
        self.fields = {field.path: field for field in self.query(FormField)}
        self.load()

    # -- session -> fields ----------------------------------------------------------------

    def load(self) -> None:
        """Show the session's values in every field (on mount, and after the template was
        replaced: a draft opened, a preset, a restore)."""
        self._findings_shown = None
        for path, field in self.fields.items():
            field.load(self.session.get(path))

    def reload(self, *paths: str) -> None:
        """Show the session's values in the fields at or under `paths`, which changed behind
        them (a follow, a fill, a toggled section).

        Never a field's own change echoed back: in a burst of keys the session lags what the
        field holds, and writing the older value back put the cursor back with it.
        """
        for path, field in self.fields.items():
            if any(owns(prefix, path) for prefix in paths):
                field.load(self.session.get(path))

    def show_findings(self) -> None:
        """Show the session's findings: each under its field, the rest in the banner."""
        session = self.session
        self.update_dynamic_fields()
        shown = (tuple(session.findings), frozenset(session.touched), frozenset(session.visited))
        if shown == self._findings_shown:
            return
        self._findings_shown = shown
        by_field = findings_by_field(session.findings, self.fields)
        placed: set[Finding] = set()
        for path, field in self.fields.items():
            mine = by_field.get(path, [])
            placed.update(mine)
            field.show_findings(mine, session.is_shown(path))
        placed.update(self.show_table_findings(session.findings))
        rest = [
            f
            for f in session.findings_for_step(self.STEP_ID)
            if f not in placed and session.is_shown(f.path)
        ]
        self.show_step_findings(rest)

    def update_dynamic_fields(self) -> None:
        """Requiredness and emphasis that depend on other values (a hook; display only,
        the conditions come from the core's Launch rules)."""

    def show_table_findings(self, findings: list[Finding]) -> list[Finding]:
        """Show the findings a table of this step owns; returns them (a hook)."""
        return []

    def widget_for(self, path: str) -> Widget | None:
        """The widget that edits `path` or its closest ancestor (for a jump to a finding)."""
        candidates = [field for field in self.fields.values() if owns(field.path, path)]
        if candidates:
            return max(candidates, key=lambda field: len(field.path))
        return next(iter(self.fields.values()), None)

    def show_step_findings(self, findings: list[Finding]) -> None:
        """Findings no field of this step shows (cross-field or about a whole table)."""
        lines = [
            f"{'✗' if f.severity is Severity.ERROR else '⚠'} {f.path or '(template)'}: {f.message}"
            for f in findings
        ]
        state = ("\n".join(lines), any(f.severity is Severity.ERROR for f in findings))
        if state == self._banner:
            return  # called on every keystroke: an unchanged banner costs nothing
        self._banner = state
        banner = self.query_one(".step-findings", Static)
        banner.update(state[0])
        banner.set_class(bool(lines), "-shown")
        banner.set_class(state[1], "-error")


def findings_by_field(
    findings: list[Finding], fields: dict[str, FormField]
) -> dict[str, list[Finding]]:
    """Each field's findings (at or under its path), without scanning the DOM."""
    by_field: dict[str, list[Finding]] = {}
    for finding in findings:
        path = finding.path
        while path:
            if path in fields:
                by_field.setdefault(path, []).append(finding)
            path = path.rpartition(".")[0]
    return by_field


class BasicsStep(StepForm):
    STEP_ID = "basics"
    TITLE = "1 · Basics"
    INTRO = "Name the template, choose who owns it and what kind of endpoint it serves."
    HELP = (
        "Basics: the template's name, the owning account (prefilled from SGP_ACCOUNT_ID), "
        "how callers reach the endpoint (SYNC, ASYNC, STREAMING or BATCH) and what kind of "
        "model it serves. Use the arrow keys and space/enter in the option lists."
    )

    def compose_fields(self) -> ComposeResult:
        yield FormField("name", placeholder="e.g. llama-3-8b-instruct-vllm")
        yield FormField("account_id", placeholder="your SGP account id")
        yield FormField("endpoint_type", style="radio")
        yield FormField("model_type", style="radio")
        yield FormField("endpoint_protocol", style="radio")


def bundle_fields(prefix: str, *, fine_tuning: bool) -> list[Widget]:
    """The fields of a bundle (the serving bundle or the fine-tuning one)."""
    fields: list[Widget] = [
        FormField(f"{prefix}.registry", placeholder="paste a full image reference here"),
        FormField(f"{prefix}.image", placeholder="team/model"),
        FormField(f"{prefix}.tag", placeholder="e.g. 0.6.3"),
        FormField(f"{prefix}.command", placeholder="python -m server --port 5005"),
    ]
    if not fine_tuning:
        fields.append(FormField(f"{prefix}.streaming_command", placeholder="for STREAMING"))
    fields.append(FormField(f"{prefix}.env"))
    if fine_tuning:
        fields += [
            FormField(f"{prefix}.mount_location"),
            FormField(f"{prefix}.training_dataset_schema_type"),
        ]
    else:
        fields += [
            FormField(f"{prefix}.readiness_initial_delay_seconds"),
            FormField(f"{prefix}.healthcheck_route"),
            FormField(f"{prefix}.predict_route"),
            FormField(f"{prefix}.streaming_predict_route"),
        ]
    return fields


class GpuLimitsNote(Static):
    """The per-GPU-type maxima for the chosen GPU type (Launch's limits, from the core)."""

    DEFAULT_CSS = "GpuLimitsNote { color: $text-muted; margin-bottom: 1; }"

    def show_for(self, gpu_type: object) -> None:
        key = gpu_type if isinstance(gpu_type, str) else None
        limits = GPU_LIMITS.get(key)
        where = key or "CPU-only nodes"
        text = f"Limits on {where}: {limits.usable}." if limits else f"No known limits for {key}."
        if text != getattr(self, "_shown_text", None):
            self._shown_text = text
            self.update(text)


def resources_fields(prefix: str, *, endpoint: bool) -> list[Widget]:
    fields: list[Widget] = [GpuLimitsNote("", classes="gpu-limits")]
    fields += [FormField(f"{prefix}.{name}") for name in ("cpus", "memory", "storage", "gpus")]
    fields.append(FormField(f"{prefix}.gpu_type"))
    if endpoint:
        names = ("min_workers", "max_workers", "per_worker", "endpoint_type", "high_priority")
        fields += [FormField(f"{prefix}.{name}") for name in names]
    return fields


def update_gpu_fields(step: StepForm, prefix: str) -> None:
    """The GPU type is required when GPUs are asked for (and offered only then), and the
    limits note follows the chosen type."""
    gpu_field = step.fields.get(f"{prefix}.gpu_type")
    if gpu_field is None:
        return
    has_gpus = gpu_field.path in required_paths(step.session.template)
    gpu_field.set_required(has_gpus)
    gpu_field.control.disabled = not has_gpus and gpu_field.value is None
    if gpu_field.parent is not None:
        for note in gpu_field.parent.query_children(GpuLimitsNote):
            note.show_for(step.session.get(f"{prefix}.gpu_type"))


class BundleStep(StepForm):
    STEP_ID = "bundle"
    TITLE = "2 · Bundle"
    INTRO = (
        "The container Launch runs. Paste a full image reference such as "
        "123.dkr.ecr.us-west-2.amazonaws.com/team/vllm:0.6.3 into Registry to fill all three."
    )
    HELP = (
        "Bundle: the image (registry, image, tag), the command that starts a server on port "
        "5005 (typed as a shell line; the parsed argument list is shown under it), the "
        "streaming command (required for STREAMING endpoints), environment variables "
        "(${NAME} values are read from your environment at submit time) and routes."
    )

    def compose_fields(self) -> ComposeResult:
        yield from bundle_fields(BUNDLE, fine_tuning=False)

    def update_dynamic_fields(self) -> None:
        """The streaming command is required (and stands out) for a STREAMING endpoint."""
        field = self.fields.get(f"{BUNDLE}.streaming_command")
        if field is not None:
            streaming = field.path in required_paths(self.session.template)
            field.set_required(streaming)
            field.set_emphasis(streaming)


class ResourcesStep(StepForm):
    STEP_ID = "resources"
    TITLE = "3 · Endpoint resources"
    INTRO = "What each worker gets and how the endpoint scales. Empty fields use the defaults."
    HELP = (
        "Resources: CPUs, memory and storage per worker (Kubernetes quantities like 8Gi), "
        "GPUs and their type (required when GPUs > 0), autoscaling (min/max workers, "
        "requests per worker) and the endpoint type Launch creates, which follows step 1."
    )

    def compose_fields(self) -> ComposeResult:
        yield from resources_fields(ENDPOINT, endpoint=True)

    def update_dynamic_fields(self) -> None:
        update_gpu_fields(self, ENDPOINT)


class FineTuningStep(StepForm):
    STEP_ID = "finetune"
    _stash: dict[str, Any] | None = None
    """The section as it was when switched off (in memory only)."""
    TITLE = "4 · Fine-tuning (optional)"
    INTRO = "Only needed if fine-tuning jobs will use this template."
    HELP = (
        "Fine-tuning: switch it on to describe the container that runs fine-tuning jobs, "
        "where its configuration is mounted, the training dataset schema and its resources. "
        "Switching it off removes the whole section from the request (it is kept in memory "
        "if you switch it back on)."
    )

    def compose_fields(self) -> ComposeResult:
        with Vertical(classes="ft-switch-row"):
            yield Label("Enable fine-tuning")
            yield Switch(False, id="ft-enabled")
        with Vertical(id="ft-fields"):
            yield from bundle_fields(FINE_TUNING, fine_tuning=True)
            yield Label("Fine-tuning job resources", classes="step-subtitle")
            yield from resources_fields(FT_RESOURCES, endpoint=False)

    def load(self) -> None:
        super().load()
        enabled = self.session.get(FINE_TUNING) is not None
        switch = self.query_one("#ft-enabled", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = enabled
        self.query_one("#ft-fields").display = enabled

    def update_dynamic_fields(self) -> None:
        update_gpu_fields(self, FT_RESOURCES)

    @on(Switch.Changed, "#ft-enabled")
    def _toggled(self, event: Switch.Changed) -> None:
        """Switching the section off removes it from the template and keeps it in memory;
        switching it back on brings it back."""
        event.stop()
        session = self.session
        present = session.get(FINE_TUNING) is not None
        self.query_one("#ft-fields").display = event.value
        if event.value == present:
            return
        if event.value:
            # A newly enabled section starts quiet: its errors appear once its fields are
            # touched or the user tries to move on (a preset or draft had marked it visited).
            session.visited.discard(self.STEP_ID)
            session.touched = {p for p in session.touched if step_of(p) != self.STEP_ID}
            session.set(FINE_TUNING, self._stash or {})
            session.touched.discard(FINE_TUNING)
        else:
            self._stash = session.get(FINE_TUNING)
            session.unset(FINE_TUNING)
        self.reload(FINE_TUNING)


class ParametersStep(StepForm):
    STEP_ID = "params"
    TITLE = "5 · Parameter schemas"
    INTRO = "Parameters callers may pass when creating a model, and with each request."
    HELP = (
        "Parameters: two tables. Add, edit, delete and reorder rows of name, type "
        "(str, int, float, bool), description and required. Duplicate or empty names are "
        "flagged. An empty table leaves the schema out of the request."
    )

    def compose_fields(self) -> ComposeResult:
        yield make_parameter_table("Creation parameters", CREATION_PARAMS, "params-creation")
        yield make_parameter_table("Request parameters", REQUEST_PARAMS, "params-request")

    def tables(self) -> dict[str, Any]:
        """Each parameter table by the path of the list it edits."""
        return {path: self.query_one(f"#{table_id}") for table_id, path in PARAM_TABLES.items()}

    def load(self) -> None:
        super().load()
        for path, table in self.tables().items():
            table.set_value(self.session.get(path) or [])

    def show_table_findings(self, findings: list[Finding]) -> list[Finding]:
        placed: list[Finding] = []
        for path, table in self.tables().items():
            mine = [f for f in findings if owns(path.rsplit(".", 1)[0], f.path)]
            table.show_findings(mine)
            placed += mine
        return placed

    def widget_for(self, path: str) -> Widget | None:
        for table_path, table in self.tables().items():
            if owns(table_path.rsplit(".", 1)[0], path):
                return table
        return super().widget_for(path)

    def on_parameter_table_changed(self, event: Any) -> None:
        """A table's rows changed: its list into the session (an empty table leaves the
        whole schema out of the request). The table is imported when the step is built."""
        event.stop()
        path = PARAM_TABLES.get(event.table.id or "")
        if path is None:
            return
        value = list(event.value)
        if value:
            self.session.set(path, value)
        else:
            self.session.unset(path.rsplit(".", 1)[0])


def make_parameter_table(title: str, schema_path: str, widget_id: str) -> Widget:
    from tui.widgets.param_table import ParameterTable

    return ParameterTable(title=title, schema_path=schema_path, id=widget_id)


FORM_STEP_CLASSES: tuple[type[StepForm], ...] = (
    BasicsStep,
    BundleStep,
    ResourcesStep,
    FineTuningStep,
    ParametersStep,
)
