"""The form steps of the wizard: each a scrollable column of `FormField`s built from paths.

Steps only lay fields out; values, findings and rules live in the `EditSession` and the core.
The bundle and resources editors are reused for the fine-tuning job.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static, Switch

from tui.core.launch_rules import GPU_LIMITS
from tui.core.report import Finding, Severity
from tui.core.session import BUNDLE, ENDPOINT, FINE_TUNING
from tui.widgets.form_field import FormField

FT_RESOURCES = f"{FINE_TUNING}.resources"
CREATION_PARAMS = "model_creation_parameters_schema.parameters"
REQUEST_PARAMS = "model_request_parameters_schema.parameters"


class StepForm(VerticalScroll):
    """Base of a step: a title, a step-level findings banner, then the step's fields."""

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

    def __init__(self) -> None:
        super().__init__(id=self.STEP_ID)
        self._banner: tuple[str, bool] = ("", False)

    def compose(self) -> ComposeResult:
        yield Label(self.TITLE, classes="step-title")
        if self.INTRO:
            yield Static(self.INTRO, classes="step-intro", markup=False)
        yield Static("", classes="step-findings", markup=False)
        yield from self.compose_fields()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def form_fields(self) -> list[FormField]:
        return list(self.query(FormField))

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


class FineTuningStep(StepForm):
    STEP_ID = "finetune"
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
