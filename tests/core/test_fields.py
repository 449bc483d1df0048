"""Field specs: the wizard and the CLI describe every field from the models alone."""

from __future__ import annotations

import pytest

from tui.core.fields import REQUIRED, child_specs, field_spec, iter_paths
from tui.core.models import ModelTemplateRequest


def test_every_field_has_a_title_and_help_text() -> None:
    for path in iter_paths():
        spec = field_spec(path)
        assert spec.title, f"{path} has no title"
        assert spec.help, f"{path} has no help text"


@pytest.mark.parametrize(
    ("path", "kind", "required", "default"),
    [
        ("name", "str", True, REQUIRED),
        ("endpoint_type", "enum", True, REQUIRED),
        ("vendor_configuration", "model", True, REQUIRED),
        ("vendor_configuration.vendor", "str", False, "LAUNCH"),
        ("vendor_configuration.bundle_config.command", "str_list", False, []),
        ("vendor_configuration.bundle_config.env", "str_map", False, {}),
        ("vendor_configuration.bundle_config.readiness_initial_delay_seconds", "int", False, 120),
        ("vendor_configuration.endpoint_config", "model", False, None),
        ("vendor_configuration.endpoint_config.cpus", "int", False, 3),
        ("vendor_configuration.endpoint_config.memory", "str", False, "8Gi"),
        ("vendor_configuration.endpoint_config.gpu_type", "enum", False, None),
        ("vendor_configuration.endpoint_config.endpoint_type", "enum", False, "ASYNC"),
        ("vendor_configuration.endpoint_config.high_priority", "bool", False, False),
        ("model_request_parameters_schema.parameters", "model_list", True, REQUIRED),
        ("model_request_parameters_schema.parameters.0.required", "bool", True, REQUIRED),
    ],
)
def test_spec_kinds_and_defaults(path: str, kind: str, required: bool, default: object) -> None:
    spec = field_spec(path)
    assert (spec.kind, spec.required) == (kind, required)
    assert spec.default == default if default is not REQUIRED else spec.default is REQUIRED


def test_enum_choices_come_with_descriptions() -> None:
    spec = field_spec("model_type")
    assert spec.choices == [
        "COMPLETION",
        "CHAT_COMPLETION",
        "AGENT",
        "EMBEDDING",
        "RERANKING",
        "GENERIC",
    ]
    assert all(spec.describe_choice(choice) for choice in spec.choices)
    assert "BUNDLE" not in spec.choices


def test_gpu_types_are_the_seven_of_the_api() -> None:
    assert len(field_spec("vendor_configuration.endpoint_config.gpu_type").choices) == 7


def test_map_and_list_items_are_strings() -> None:
    assert field_spec("vendor_configuration.bundle_config.env.HF_TOKEN").kind == "str"
    assert field_spec("vendor_configuration.bundle_config.command.2").kind == "str"


@pytest.mark.parametrize(
    "path", ["nope", "name.inner", "vendor_configuration.bundle_config.tga", "name.0"]
)
def test_unknown_paths_raise_key_error(path: str) -> None:
    with pytest.raises(KeyError):
        field_spec(path)


def test_child_specs_follow_schema_order() -> None:
    names = [spec.name for spec in child_specs()]
    assert names == list(ModelTemplateRequest.model_fields)
    endpoint = [s.name for s in child_specs("vendor_configuration.endpoint_config")]
    assert endpoint[:5] == ["cpus", "memory", "storage", "gpus", "gpu_type"]
