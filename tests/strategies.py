"""Hypothesis strategies shared by the test suite.

`valid_templates()` draws complete request bodies that pass schema validation: every field
varies, optional fields are sometimes left out, strings mix ASCII, quotes, backslashes and
some non-ASCII text. They may still draw Launch *warnings* (e.g. odd resources): the schema is
what they guarantee.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tui.core.enums import (
    EndpointProtocol,
    EndpointType,
    GPUType,
    ModelType,
    ParameterType,
    TrainingDatasetSchemaType,
)
from tui.core.interpolation import invalid_references_in

SAFE_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " -_./:=@#'\"\\{}[]$\t"
    "éüßñ漢字ЖΩ🙂"
)

MAX_INT = 2**63 - 1  # TOML integers are 64-bit


def safe_text(min_size: int = 0, max_size: int = 20) -> st.SearchStrategy[str]:
    """Text from a tricky alphabet; a malformed `${...}` would be an error, so none appear."""
    text = st.text(alphabet=SAFE_ALPHABET, min_size=min_size, max_size=max_size)
    return text.filter(lambda value: not invalid_references_in(value))


def env_names() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)


def ints() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(min_value=-5, max_value=300), st.integers(-MAX_INT, MAX_INT))


def str_lists() -> st.SearchStrategy[list[str]]:
    return st.lists(safe_text(max_size=12), max_size=5)


def env_maps() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(env_names(), safe_text(), max_size=4)


def enum_values(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


def parameter_schemas() -> st.SearchStrategy[dict[str, Any]]:
    parameter = st.fixed_dictionaries(
        {
            "name": safe_text(min_size=1),
            "type": enum_values(ParameterType),
            "description": safe_text(max_size=40),
            "required": st.booleans(),
        }
    )
    return st.fixed_dictionaries({"parameters": st.lists(parameter, max_size=4)})


def resources(endpoint: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "cpus": ints(),
        "memory": st.sampled_from(["8Gi", "512Mi", "64Gi", "1T"]) | safe_text(),
        "storage": st.sampled_from(["16Gi", "200Gi"]) | safe_text(),
        "gpus": ints(),
        "gpu_type": enum_values(GPUType),
    }
    if endpoint:
        optional |= {
            "min_workers": ints(),
            "max_workers": ints(),
            "per_worker": ints(),
            "endpoint_type": enum_values(EndpointType),
            "high_priority": st.booleans(),
        }
    return st.fixed_dictionaries({}, optional=optional)


def _common_bundle() -> tuple[dict[str, Any], dict[str, Any]]:
    required = {
        "registry": safe_text(),
        "image": safe_text(),
        "tag": safe_text() | st.integers(0, 99999999).map(str),
    }
    optional = {"command": str_lists(), "env": env_maps()}
    return required, optional


def bundle_configs() -> st.SearchStrategy[dict[str, Any]]:
    required, optional = _common_bundle()
    optional |= {
        "streaming_command": str_lists(),
        "readiness_initial_delay_seconds": ints(),
        "healthcheck_route": safe_text(),
        "predict_route": safe_text(),
        "streaming_predict_route": safe_text(),
    }
    return st.fixed_dictionaries(required, optional=optional)


def fine_tuning_bundle_configs() -> st.SearchStrategy[dict[str, Any]]:
    required, optional = _common_bundle()
    optional |= {
        "mount_location": safe_text(),
        "training_dataset_schema_type": enum_values(TrainingDatasetSchemaType),
        "resources": resources(endpoint=False),
    }
    return st.fixed_dictionaries(required, optional=optional)


def vendor_configurations() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"bundle_config": bundle_configs()},
        optional={
            "vendor": st.just("LAUNCH"),
            "endpoint_config": resources(endpoint=True),
            "fine_tuning_job_bundle_config": fine_tuning_bundle_configs(),
        },
    )


def valid_templates() -> st.SearchStrategy[dict[str, Any]]:
    """Complete request bodies that the request model accepts (no schema errors)."""
    return st.fixed_dictionaries(
        {
            "name": safe_text(min_size=1),
            "endpoint_type": enum_values(EndpointType),
            "model_type": enum_values(ModelType),
            "vendor_configuration": vendor_configurations(),
            "account_id": safe_text(min_size=1),
        },
        optional={
            "model_creation_parameters_schema": parameter_schemas(),
            "model_request_parameters_schema": parameter_schemas(),
            "endpoint_protocol": enum_values(EndpointProtocol),
        },
    )
