"""Launch's deploy-time rules (sgp-api.md section 6.2), as warnings.

SGP stores a template without these checks; Launch applies them when a model is deployed
from it, so a template that breaks one is accepted today and fails later. Each rule reads the
raw template dict defensively (a value of the wrong type is the schema's business, not ours)
and uses the server's defaults for keys that are left out.

Limits are the open-source defaults of scaleapi/llm-engine (resource_limits.py); Scale's
hosted clusters may be configured differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from tui.core.enums import EndpointType
from tui.core.masking import quote
from tui.core.report import Finding, Severity

VC = "vendor_configuration"
BUNDLE = f"{VC}.bundle_config"
ENDPOINT = f"{VC}.endpoint_config"
FINE_TUNING = f"{VC}.fine_tuning_job_bundle_config"
FT_RESOURCES = f"{FINE_TUNING}.resources"
_FT_RESOURCES_KEYS = ("fine_tuning_job_bundle_config", "resources")

MAX_WORKERS = 250
FORWARDER_CPUS = 1
FORWARDER_MEMORY = 2 * 1024**3  # 2Gi
FORWARDER_STORAGE = 1000**3  # 1G
DEFAULT_STORAGE_LIMIT = "640Gi"
CONTAINER_PORT = 5005
TOO_SMALL = 1024**2
"""Memory or storage under 1Mi is a slip (a number without its unit), not a request."""
_ENDPOINT_TYPES = frozenset(EndpointType.values())


@cache
def endpoint_defaults() -> dict[str, Any]:
    """The server's defaults for endpoint-config keys left out, from the model (one source of
    truth). Read when a rule first runs, so importing this module needs no pydantic."""
    from tui.core.models import CreateModelEndpointConfig

    return CreateModelEndpointConfig().model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class GpuLimits:
    """The most a worker may request on one node type (request + forwarder overhead)."""

    cpus: int
    memory: str
    storage: str = DEFAULT_STORAGE_LIMIT

    @property
    def usable(self) -> str:
        """What the user may ask for, after Launch's forwarder takes its share."""
        memory = (parse_quantity(self.memory) or 0) - FORWARDER_MEMORY
        return (
            f"up to {self.cpus - FORWARDER_CPUS} CPUs, {format_gib(memory)} memory, "
            f"{format_gib((parse_quantity(self.storage) or 0) - FORWARDER_STORAGE)} storage"
        )


GPU_LIMITS: dict[str | None, GpuLimits] = {
    None: GpuLimits(7, "30Gi"),
    "nvidia-tesla-t4": GpuLimits(63, "250Gi"),
    "nvidia-ampere-a10": GpuLimits(63, "250Gi"),
    "nvidia-ampere-a100": GpuLimits(95, "1000Gi"),
    "nvidia-ampere-a100e": GpuLimits(95, "1000Gi"),
    "nvidia-hopper-h100": GpuLimits(191, "2000Gi", "1300Gi"),
    "nvidia-hopper-h100-1g20gb": GpuLimits(47, "500Gi"),
    "nvidia-hopper-h100-3g40gb": GpuLimits(95, "1000Gi"),
}

_QUANTITY = re.compile(
    r"^(?P<number>([0-9]+)(\.([0-9]+))?)(?P<suffix>k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"
)
_SUFFIX = {
    "": 1,
    "k": 1000,
    "M": 1000**2,
    "G": 1000**3,
    "T": 1000**4,
    "P": 1000**5,
    "E": 1000**6,
    "Ki": 1024,
    "Mi": 1024**2,
    "Gi": 1024**3,
    "Ti": 1024**4,
    "Pi": 1024**5,
    "Ei": 1024**6,
}


@lru_cache(maxsize=1024)
def parse_quantity(text: str) -> float | None:
    """Bytes in a Kubernetes quantity as Launch parses it (case-sensitive), or None."""
    match = _QUANTITY.match(text)
    if match is None:
        return None
    return float(match["number"]) * _SUFFIX[match["suffix"] or ""]


def format_gib(size: float) -> str:
    gib = size / 1024**3
    return f"{gib:.0f}Gi" if gib == int(gib) else f"{gib:.1f}Gi"


def launch_findings(template: Mapping[str, Any]) -> list[Finding]:
    """Every deploy-time warning for `template`."""
    view = View.of(template)
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(view))
    return out


class View(NamedTuple):
    """The tables the rules read, looked up once per validation (it runs per keystroke; a
    named tuple: a frozen dataclass's init alone took a microsecond)."""

    template: Mapping[str, Any]
    bundle: Mapping[str, Any] | None
    endpoint: Mapping[str, Any]
    ft_resources: Mapping[str, Any] | None
    endpoint_type: str | None
    """The endpoint config's own type (the server's default when left out), if a known one."""
    types: frozenset[str]

    @classmethod
    def of(cls, template: Mapping[str, Any]) -> View:
        vendor = _table(template, (VC,))
        endpoint = _table(vendor, ("endpoint_config",)) or {}
        default_type = endpoint_defaults()["endpoint_type"]
        inner = _known_type(_str(endpoint, "endpoint_type", default_type))
        top = _known_type(_str(template, "endpoint_type"))
        return cls(
            template=template,
            bundle=_table(vendor, ("bundle_config",)),
            endpoint=endpoint,
            ft_resources=_table(vendor, _FT_RESOURCES_KEYS),
            endpoint_type=inner,
            types=frozenset(t for t in (top, inner) if t),
        )


# -- helpers ------------------------------------------------------------------------------


def _warn(path: str, message: str, rule: str) -> Finding:
    return Finding(path, message, Severity.WARNING, rule=f"launch.{rule}")


def _table(node: Any, keys: tuple[str, ...]) -> Mapping[str, Any] | None:
    """The table at `keys` below `node`, if there is one there."""
    for part in keys:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _int(table: Mapping[str, Any], key: str, default: int | None = None) -> int | None:
    value = table.get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(table: Mapping[str, Any], key: str, default: str | None = None) -> str | None:
    value = table.get(key, default)
    return value if isinstance(value, str) else None


# -- resources ----------------------------------------------------------------------------


RESOURCE_KEYS = ("cpus", "memory", "storage", "gpus", "gpu_type")
"""The only keys the resource rules read."""
_LEFT_OUT = object()
_PLAIN_TYPES = frozenset({str, int, bool, type(None), object})


def _resource_rules(table: Mapping[str, Any], prefix: str) -> Iterable[Finding]:
    """The resource warnings for `table`, cached by the values the rules read: resources
    rarely change between keystrokes or between the drafts of a folder. Values of other
    types than text, numbers and booleans are checked uncached (equal floats or dates may
    be written differently, and a list cannot be a cache key)."""
    values = [table.get(key, _LEFT_OUT) for key in RESOURCE_KEYS]
    if all(type(value) in _PLAIN_TYPES for value in values):
        return _cached_resource_rules(prefix, *values)
    return tuple(_resource_rules_of(table, prefix))


@lru_cache(maxsize=256, typed=True)  # typed: 1 and True are different values here
def _cached_resource_rules(prefix: str, *values: Any) -> tuple[Finding, ...]:
    table = {key: v for key, v in zip(RESOURCE_KEYS, values, strict=True) if v is not _LEFT_OUT}
    return tuple(_resource_rules_of(table, prefix))


def _resource_rules_of(table: Mapping[str, Any], prefix: str) -> Iterator[Finding]:
    yield from _gpu_pairing(table, prefix)
    yield from _quantity_format(table, prefix)
    yield from _resource_maxima(table, prefix)
    cpus = _int(table, "cpus", endpoint_defaults()["cpus"])
    if cpus is not None and cpus <= 0:
        yield _warn(f"{prefix}.cpus", "must be positive: Launch rejects 0 or fewer CPUs", "cpus")


def _needs_gpu_type(table: Mapping[str, Any]) -> bool:
    gpus = _int(table, "gpus", 0)
    return gpus is not None and gpus > 0


def _streams(view: View) -> bool:
    return "STREAMING" in view.types


def required_paths(template: Mapping[str, Any]) -> frozenset[str]:
    """Optional fields that the template's own values make required on Launch: the
    streaming command of a STREAMING endpoint, the GPU type when gpus > 0. The wizard marks
    them, using the same conditions as the warnings below."""
    view = View.of(template)
    paths = {f"{BUNDLE}.streaming_command"} if _streams(view) else set()
    for prefix, table in ((ENDPOINT, view.endpoint), (FT_RESOURCES, view.ft_resources or {})):
        if _needs_gpu_type(table):
            paths.add(f"{prefix}.gpu_type")
    return frozenset(paths)


def _gpu_pairing(table: Mapping[str, Any], prefix: str) -> Iterator[Finding]:
    gpus = _int(table, "gpus", 0)
    gpu_type = table.get("gpu_type")
    if gpus is None:
        return
    if gpus < 0:
        yield _warn(f"{prefix}.gpus", "must be 0 or more", "gpus")
    elif _needs_gpu_type(table) and gpu_type is None:
        yield _warn(f"{prefix}.gpu_type", f"a GPU type is required when gpus is {gpus}", "gpu")
    elif gpus == 0 and gpu_type is not None:
        yield _warn(
            f"{prefix}.gpus",
            f"gpu_type is {gpu_type} but gpus is 0: set gpus above 0 or remove gpu_type",
            "gpu",
        )


def _quantity_format(table: Mapping[str, Any], prefix: str) -> Iterator[Finding]:
    for key in ("memory", "storage"):
        value = _str(table, key)
        if value is None:
            continue
        size = parse_quantity(value)
        if size is None:
            yield _warn(
                f"{prefix}.{key}",
                f"{quote(value)} is not a Kubernetes quantity: use a number with an optional "
                "suffix such as 512Mi, 8Gi or 1T (case-sensitive)",
                "quantity",
            )
        elif size <= 0:
            yield _warn(f"{prefix}.{key}", "must be more than 0", "quantity")
        elif size < TOO_SMALL:
            yield _warn(f"{prefix}.{key}", _too_small_message(value, size), "quantity")


def _too_small_message(value: str, size: float) -> str:
    """`memory = "64"` is 64 bytes to Kubernetes: say so, and suggest the GiB meant."""
    number = _QUANTITY.match(value)["number"]  # type: ignore[index]  # parsed above
    said = "has no unit, so it means" if value == number else "is only"
    return f"{quote(value)} {said} {size:.0f} bytes: write {quote(number + 'Gi')} for {number} GiB"


def _resource_maxima(table: Mapping[str, Any], prefix: str) -> Iterator[Finding]:
    gpu_type = table.get("gpu_type")
    limits = GPU_LIMITS.get(gpu_type if isinstance(gpu_type, str) else None)
    if limits is None:
        return
    where = f"gpu_type={gpu_type}" if gpu_type else "CPU-only nodes"
    defaults = endpoint_defaults()
    cpus = _int(table, "cpus", defaults["cpus"])
    if cpus is not None and cpus + FORWARDER_CPUS > limits.cpus:
        yield _warn(
            f"{prefix}.cpus",
            f"{cpus} CPUs is too many for {where}: at most {limits.cpus - FORWARDER_CPUS} "
            f"(Launch adds {FORWARDER_CPUS} for its forwarder)",
            "limits",
        )
    checks = (
        ("memory", limits.memory, FORWARDER_MEMORY),
        ("storage", limits.storage, FORWARDER_STORAGE),
    )
    for key, limit, overhead in checks:
        size = parse_quantity(_str(table, key, defaults[key]) or "")
        ceiling = parse_quantity(limit) or 0
        if size is not None and size + overhead > ceiling:
            yield _warn(
                f"{prefix}.{key}",
                f"{table.get(key)} is too much {key} for {where}: at most "
                f"{format_gib(ceiling - overhead)} (the limit is {limit}, including Launch's "
                "forwarder)",
                "limits",
            )


def endpoint_resources(view: View) -> Iterator[Finding]:
    yield from _resource_rules(view.endpoint, ENDPOINT)


def fine_tuning_resources(view: View) -> Iterator[Finding]:
    if view.ft_resources is not None:
        yield from _resource_rules(view.ft_resources, FT_RESOURCES)


# -- autoscaling --------------------------------------------------------------------------


def workers(view: View) -> Iterator[Finding]:
    table = view.endpoint
    defaults = endpoint_defaults()
    low = _int(table, "min_workers", defaults["min_workers"])
    high = _int(table, "max_workers", defaults["max_workers"])
    if low is not None and low < 0:
        yield _warn(f"{ENDPOINT}.min_workers", "must be 0 or more", "workers")
    if high is not None and high < 0:
        yield _warn(f"{ENDPOINT}.max_workers", "must be 0 or more", "workers")
    if high == 0:
        yield _warn(
            f"{ENDPOINT}.max_workers",
            "0 means no worker will ever run, so every request waits forever: set it to 1 or more",
            "workers",
        )
    if high is not None and high > MAX_WORKERS:
        yield _warn(
            f"{ENDPOINT}.max_workers",
            f"{high} is too many: Launch allows at most {MAX_WORKERS}",
            "workers",
        )
    if low is not None and high is not None and 0 <= high < low:
        yield _warn(
            f"{ENDPOINT}.min_workers",
            f"min_workers ({low}) is above max_workers ({high})",
            "workers",
        )
    if low == 0 and view.endpoint_type in ("SYNC", "STREAMING"):
        yield _warn(
            f"{ENDPOINT}.min_workers",
            f"{view.endpoint_type} endpoints need min_workers >= 1 unless the cluster can scale "
            "HTTP endpoints from zero",
            "workers",
        )


def per_worker(view: View) -> Iterator[Finding]:
    table = view.endpoint
    value = _int(table, "per_worker", endpoint_defaults()["per_worker"])
    if value is None:
        return
    if value <= 0:
        yield _warn(f"{ENDPOINT}.per_worker", "must be 1 or more", "per_worker")
    elif value != 1 and "STREAMING" in view.types:
        yield _warn(
            f"{ENDPOINT}.per_worker",
            f"STREAMING endpoints need per_worker = 1 (it is {value})",
            "streaming",
        )


# -- endpoint type and commands -----------------------------------------------------------


def endpoint_type_agreement(view: View) -> Iterator[Finding]:
    top = _known_type(_str(view.template, "endpoint_type"))
    inner = view.endpoint_type
    explicit = "endpoint_type" in view.endpoint
    if top and inner and top != inner:
        origin = "" if explicit else " (the server's default, since it is not set)"
        yield _warn(
            f"{ENDPOINT}.endpoint_type",
            f"is {inner}{origin} but the template's endpoint_type is {top}: set both to the "
            "same value",
            "endpoint_type",
        )
    if inner == "BATCH" and explicit:
        yield _warn(
            f"{ENDPOINT}.endpoint_type",
            "Launch has no BATCH endpoint type: use SYNC, ASYNC or STREAMING",
            "endpoint_type",
        )


def _known_type(value: str | None) -> str | None:
    """`value` if it is an endpoint type (a bad one is the schema's error, not ours)."""
    return value if value in _ENDPOINT_TYPES else None


def commands(view: View) -> Iterator[Finding]:
    bundle = view.bundle
    if bundle is None:
        return
    types = view.types
    streaming = bundle.get("streaming_command")
    if _streams(view) and not (isinstance(streaming, list) and streaming):
        yield _warn(
            f"{BUNDLE}.streaming_command",
            "STREAMING endpoints need a non-empty streaming command",
            "streaming",
        )
    command = bundle.get("command", [])
    if types & {"SYNC", "ASYNC"} and not (isinstance(command, list) and command):
        kind = "/".join(sorted(types & {"SYNC", "ASYNC"}))
        yield _warn(
            f"{BUNDLE}.command",
            f"{kind} endpoints need a non-empty command (a server listening on port "
            f"{CONTAINER_PORT})",
            "command",
        )


def routes(view: View) -> Iterator[Finding]:
    bundle = view.bundle
    if bundle is None:
        return
    for key in ("healthcheck_route", "predict_route", "streaming_predict_route"):
        value = _str(bundle, key)
        if value is not None and not value.startswith("/"):
            yield _warn(f"{BUNDLE}.{key}", f"must start with / (got {quote(value)})", "routes")


def readiness_delay(view: View) -> Iterator[Finding]:
    value = _int(view.bundle or {}, "readiness_initial_delay_seconds")
    if value is not None and value < 0:
        yield _warn(
            f"{BUNDLE}.readiness_initial_delay_seconds", "must be 0 or more seconds", "readiness"
        )


# -- parameter schemas --------------------------------------------------------------------


def parameter_names(template: Mapping[str, Any]) -> Iterator[Finding]:
    """Empty or duplicate parameter names (also run alone by the wizard's parameter table)."""
    for schema in ("model_creation_parameters_schema", "model_request_parameters_schema"):
        params = (_table(template, (schema,)) or {}).get("parameters")
        if not isinstance(params, list):
            continue
        seen: dict[str, int] = {}
        for index, param in enumerate(params):
            name = param.get("name") if isinstance(param, dict) else None
            if not isinstance(name, str):
                continue
            path = f"{schema}.parameters.{index}.name"
            if not name.strip():
                yield _warn(path, "a parameter needs a name", "parameters")
            elif name in seen:
                yield _warn(
                    path, f"{quote(name)} is already parameter {seen[name] + 1}", "parameters"
                )
            else:
                seen[name] = index


def _parameters(view: View) -> Iterator[Finding]:
    return parameter_names(view.template)


Rule = Callable[[View], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    endpoint_type_agreement,
    commands,
    routes,
    readiness_delay,
    endpoint_resources,
    workers,
    per_worker,
    fine_tuning_resources,
    _parameters,
)
