"""The model-template request, exactly as SGP's OpenAPI schema has it.

These pydantic models are the one source of truth: they validate drafts and request bodies,
carry every field's title and help text (shown by the wizard and the CLI), generate the
draft's JSON Schema, and type the `--set` overrides.

Conventions, all from the API contract (see ../shared/reference/sgp-api.md):
- unknown keys are errors (`extra="forbid"`);
- scalars are strict (`"3"` is not an integer, `1` is not a string), as a JSON Schema check is;
- optional fields are *omitted* when unset, never sent as `null`, and an explicit `null` is an
  error: `model_dump(exclude_unset=True)` gives the request body;
- the server's defaults are recorded as field defaults (used for previews, idempotency checks
  and the JSON Schema), but are not sent unless the user set them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)

from tui.core.enums import (
    EndpointProtocol,
    EndpointType,
    GPUType,
    ModelType,
    ParameterType,
    TrainingDatasetSchemaType,
)
from tui.core.paths import strip_nulls

NULL_MESSAGE = "null is not allowed: leave the key out to use the server's default"


def _reject_null(value: Any) -> Any:
    if value is None:
        raise ValueError(NULL_MESSAGE)
    return value


# An optional field that may be omitted but never set to null.
NoNull = BeforeValidator(_reject_null)

Str = StrictStr
StrList = list[Str]
StrMap = dict[Str, Str]


class ApiModel(BaseModel):
    """Base for request models: unknown keys are errors, nothing is coerced silently."""

    model_config = ConfigDict(extra="forbid", validate_default=False)

    def body(self) -> dict[str, Any]:
        """The JSON body for this model: only the keys that were set, never `null`."""
        return self.model_dump(mode="json", exclude_unset=True)


# -- parameter schemas ------------------------------------------------------------------


class ParameterSchemaField(ApiModel):
    """One parameter that callers may pass."""

    name: Str = Field(title="Name", description="The parameter's name, as callers pass it.")
    type: ParameterType = Field(
        title="Type", description="The parameter's value type: str, int, float or bool."
    )
    description: Str = Field(
        title="Description",
        description="What the parameter does (required by the API, may be empty).",
    )
    required: StrictBool = Field(
        title="Required", description="Whether callers must always pass this parameter."
    )


class ParameterSchema(ApiModel):
    """A list of parameter fields."""

    parameters: list[ParameterSchemaField] = Field(
        title="Parameters", description="The parameters, in order."
    )


# -- resources and bundles ----------------------------------------------------------------

_CPUS_HELP = (
    "Whole CPUs per worker. Launch adds 1 CPU for its forwarder; the total must fit the "
    "GPU type's limit (6 usable on CPU-only nodes)."
)
_MEMORY_HELP = (
    "Memory per worker as a Kubernetes quantity such as 8Gi or 512Mi. Launch adds 2Gi for "
    "its forwarder."
)
_STORAGE_HELP = (
    "Ephemeral disk per worker as a Kubernetes quantity such as 16Gi. At most 640Gi "
    "(1300Gi on H100), including 1G for the forwarder."
)
_GPUS_HELP = "GPUs per worker. When above 0, a GPU type is required."
_GPU_TYPE_HELP = "The GPU model. Set it only when gpus > 0."


class RequiredResources(ApiModel):
    """Compute resources for one worker (used by fine-tuning jobs)."""

    cpus: StrictInt = Field(3, title="CPUs", description=_CPUS_HELP)
    memory: Str = Field("8Gi", title="Memory", description=_MEMORY_HELP)
    storage: Str = Field("16Gi", title="Storage", description=_STORAGE_HELP)
    gpus: StrictInt = Field(0, title="GPUs", description=_GPUS_HELP)
    gpu_type: Annotated[GPUType | None, NoNull] = Field(
        None, title="GPU type", description=_GPU_TYPE_HELP
    )


class CreateModelEndpointConfig(RequiredResources):
    """Resources and autoscaling of the endpoint a model deployed from this template gets."""

    min_workers: StrictInt = Field(
        0,
        title="Min workers",
        description="Workers kept running when idle. 0 lets an ASYNC endpoint scale to zero; "
        "SYNC and STREAMING endpoints usually need at least 1.",
    )
    max_workers: StrictInt = Field(
        1,
        title="Max workers",
        description="The most workers autoscaling may start (Launch allows at most 250).",
    )
    per_worker: StrictInt = Field(
        10,
        title="Requests per worker",
        description="The number of concurrent requests one worker handles before Launch adds "
        "another worker. STREAMING endpoints need exactly 1.",
    )
    endpoint_type: EndpointType = Field(
        EndpointType.ASYNC,
        title="Endpoint type (Launch)",
        description="The endpoint type Launch creates. Keep it equal to the template's "
        "endpoint type; the server default is ASYNC.",
    )
    high_priority: StrictBool = Field(
        False,
        title="High priority",
        description="Use the shared pool of prewarmed nodes for faster spin-up.",
    )


_REGISTRY_HELP = "The Docker registry host, e.g. 123456789012.dkr.ecr.us-west-2.amazonaws.com."
_IMAGE_HELP = "The image's repository path inside the registry, e.g. team/vllm."
_TAG_HELP = "The image tag, e.g. 0.6.3. Always a string, even when it looks like a number."
_COMMAND_HELP = (
    "The command that starts the server; it must listen for HTTP on port 5005. "
    "Needed for SYNC and ASYNC endpoints."
)
_ENV_HELP = "Environment variables for the container. Values may reference ${NAME}."


class CommonBundleConfiguration(ApiModel):
    """Fields shared by the serving bundle and the fine-tuning bundle."""

    registry: Str = Field(title="Registry", description=_REGISTRY_HELP)
    image: Str = Field(title="Image", description=_IMAGE_HELP)
    tag: Str = Field(title="Tag", description=_TAG_HELP)
    command: StrList = Field(default_factory=list, title="Command", description=_COMMAND_HELP)
    env: StrMap = Field(default_factory=dict, title="Environment", description=_ENV_HELP)


class ModelBundleConfiguration(CommonBundleConfiguration):
    """The container image and how Launch runs it."""

    streaming_command: Annotated[StrList | None, NoNull] = Field(
        None,
        title="Streaming command",
        description="The command used when the endpoint is STREAMING (required then).",
    )
    readiness_initial_delay_seconds: StrictInt = Field(
        120,
        title="Readiness delay (s)",
        description="Seconds Launch waits for the server to become ready before probing it.",
    )
    healthcheck_route: Str = Field(
        "/readyz", title="Health-check route", description="Must start with /."
    )
    predict_route: Str = Field("/predict", title="Predict route", description="Must start with /.")
    streaming_predict_route: Str = Field(
        "/generate_streaming",
        title="Streaming predict route",
        description="Used by STREAMING endpoints. Must start with /.",
    )


class FineTuningBundleConfiguration(CommonBundleConfiguration):
    """The container that runs fine-tuning jobs for models made from this template."""

    mount_location: Str = Field(
        "/workspace/launch_specific/config.json",
        title="Mount location",
        description="The filesystem location where the fine-tuning job's configuration will "
        "be available when it is started.",
    )
    training_dataset_schema_type: Annotated[TrainingDatasetSchemaType | None, NoNull] = Field(
        None,
        title="Training dataset schema",
        description="Optionally set the required training and validation dataset schema.",
    )
    resources: Annotated[RequiredResources | None, NoNull] = Field(
        None,
        title="Resources",
        description="Compute for each fine-tuning job (server default: 3 CPUs, 8Gi, 16Gi).",
    )


class LaunchVendorConfiguration(ApiModel):
    """Configuration for launching a model with Launch, Scale's Kubernetes serving layer."""

    vendor: Literal["LAUNCH"] = Field(
        "LAUNCH", title="Vendor", description="The serving vendor; always LAUNCH."
    )
    bundle_config: ModelBundleConfiguration = Field(
        title="Bundle", description="The container image and how it is run."
    )
    endpoint_config: Annotated[CreateModelEndpointConfig | None, NoNull] = Field(
        None,
        title="Endpoint",
        description="Resources and autoscaling (server defaults apply when left out).",
    )
    fine_tuning_job_bundle_config: Annotated[FineTuningBundleConfiguration | None, NoNull] = Field(
        None,
        title="Fine-tuning bundle",
        description="Only needed if fine-tuning jobs will use this template.",
    )


class ModelTemplateRequest(ApiModel):
    """The body of `POST /v4/model-templates`."""

    name: Str = Field(title="Name", description="A name for the template.")
    endpoint_type: EndpointType = Field(
        title="Endpoint type",
        description="How callers reach models made from this template.",
    )
    model_type: ModelType = Field(
        title="Model type", description="What kind of model the template serves."
    )
    vendor_configuration: LaunchVendorConfiguration = Field(
        title="Vendor configuration",
        description="The container bundle, endpoint resources and optional fine-tuning "
        "bundle that Launch uses.",
    )
    account_id: Str = Field(
        title="Account ID",
        description="The ID of the account that owns the template (default: $SGP_ACCOUNT_ID).",
    )
    model_creation_parameters_schema: Annotated[ParameterSchema | None, NoNull] = Field(
        None,
        title="Creation parameters",
        description="Parameters that may be specified when a model is created from this template.",
    )
    model_request_parameters_schema: Annotated[ParameterSchema | None, NoNull] = Field(
        None,
        title="Request parameters",
        description="Parameters that callers may pass in a request's model_request_parameters.",
    )
    endpoint_protocol: Annotated[EndpointProtocol | None, NoNull] = Field(
        None,
        title="Endpoint protocol",
        description="The calling convention expected by the Launch model endpoint.",
    )


# -- responses (lenient: the server may add keys) -------------------------------------------


class ModelTemplate(BaseModel):
    """A template as the server returns it. Unknown keys are kept, nothing is strict."""

    model_config = ConfigDict(extra="allow")

    id: str
    created_at: str
    account_id: str
    created_by_user_id: str
    created_by_identity_type: Literal["user", "service_account"] | str | None = None
    name: str
    endpoint_type: str
    model_type: str
    vendor_configuration: dict[str, Any]
    model_creation_parameters_schema: dict[str, Any] | None = None
    model_request_parameters_schema: dict[str, Any] | None = None
    endpoint_protocol: str | None = None

    def request_body(self) -> dict[str, Any]:
        """The create-request body that would reproduce this template (for `pull`)."""
        data = strip_nulls(self.model_dump(mode="json"))
        allowed = set(ModelTemplateRequest.model_fields)
        return {key: value for key, value in data.items() if key in allowed}


class TemplatePage(BaseModel):
    """One page of `GET /v4/model-templates`."""

    model_config = ConfigDict(extra="allow")

    items: list[ModelTemplate]
    total_item_count: int
    current_page: int = 1
    items_per_page: int = 100


class DeleteResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    success: bool
    count: int = 0
