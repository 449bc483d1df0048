"""--set / --unset: values typed by the target field, applied in order, clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.findings import validate_template
from tui.core.overrides import (
    Override,
    OverrideError,
    apply_overrides,
    parse_override,
    parse_overrides,
)
from tui.core.presets import preset_template

BUNDLE = "vendor_configuration.bundle_config"
ENDPOINT = "vendor_configuration.endpoint_config"
PARAMS = "model_request_parameters_schema.parameters"


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        (f"{BUNDLE}.tag=20240101", "20240101"),
        (f"{BUNDLE}.tag=1.0", "1.0"),
        (f"{BUNDLE}.tag=true", "true"),
        (f"{BUNDLE}.image= spaced ", " spaced "),
        ("name=a=b", "a=b"),
        ("name=", ""),
        (f"{ENDPOINT}.gpus=2", 2),
        (f"{ENDPOINT}.gpus= -1 ", -1),
        (f"{ENDPOINT}.cpus=0x10", 16),
        (f"{ENDPOINT}.high_priority=true", True),
        (f"{ENDPOINT}.high_priority=False", False),
        (f"{ENDPOINT}.gpu_type=nvidia-tesla-t4", "nvidia-tesla-t4"),
        ("endpoint_type=SYNC", "SYNC"),
        (f'{BUNDLE}.command=["python", "serve.py"]', ["python", "serve.py"]),
        (f"{BUNDLE}.command=[]", []),
        (f'{BUNDLE}.env={{A = "b", C = "${{D}}"}}', {"A": "b", "C": "${D}"}),
        (f"{BUNDLE}.env.HF_TOKEN=${{HF_TOKEN}}", "${HF_TOKEN}"),
        (f"{BUNDLE}.command.0=python3", "python3"),
        (f"{ENDPOINT}={{gpus = 1}}", {"gpus": 1}),
        (
            f'{PARAMS}=[{{name = "t", type = "float", description = "", required = false}}]',
            [{"name": "t", "type": "float", "description": "", "required": False}],
        ),
        (f"{PARAMS}.0.name=top_p", "top_p"),
        (f"{PARAMS}.0.required=true", True),
    ],
)
def test_values_are_parsed_by_the_field_kind(argument: str, value: Any) -> None:
    override = parse_override("--set", argument)
    assert override.action == "set"
    assert override.value == value
    assert type(override.value) is type(value)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        (f"{ENDPOINT}.gpus=two", "an integer"),
        (f"{ENDPOINT}.gpus=1.5", "an integer"),
        (f"{ENDPOINT}.gpus=true", "an integer"),
        (f'{ENDPOINT}.gpus="2"', "an integer"),
        (f"{ENDPOINT}.gpus=", "an integer"),
        (f"{ENDPOINT}.gpus=1\nname = 2", "an integer"),
        (f"{ENDPOINT}.high_priority=yes", "true or false"),
        (f"{BUNDLE}.command=python serve.py", "a TOML array of strings"),
        (f"{BUNDLE}.command=[1, 2]", "a TOML array of strings"),
        (f"{BUNDLE}.env=A=b", "a TOML inline table of strings"),
        (f"{BUNDLE}.env={{A = 1}}", "a TOML inline table of strings"),
        (f"{ENDPOINT}=[1]", "a TOML inline table"),
        (f"{PARAMS}=[1]", "a TOML array of inline tables"),
    ],
)
def test_values_that_do_not_fit_the_kind(argument: str, expected: str) -> None:
    path = argument.split("=", 1)[0]
    with pytest.raises(OverrideError) as caught:
        parse_override("--set", argument)
    message = str(caught.value)
    assert message.startswith(f"--set {path}: expected {expected}")
    assert "got " in message


@pytest.mark.parametrize(
    ("flag", "argument", "message"),
    [
        ("--set", f"{ENDPOINT}.gpu=2", f"did you mean '{ENDPOINT}.gpus'?"),
        ("--set", "vendor_configuraton.bundle_config.tag=x", f"did you mean '{BUNDLE}.tag'?"),
        ("--unset", "nmae", "did you mean 'name'?"),
        ("--set", f"{PARAMS}.name=x", f"address an item by index, e.g. '{PARAMS}.0.name'"),
        ("--set", f"{BUNDLE}.tag.x=1", f"{BUNDLE}.tag has no fields below it"),
        ("--set", f"{BUNDLE}.env.A.B=1", f"{BUNDLE}.env.A holds a single value"),
        ("--set", "zzz=1", "the template has no field 'zzz' (fields: name, endpoint_type"),
        ("--set", "name.0=x", "name has no fields below it"),
        ("--set", "..=x", "invalid field path"),
        ("--set", "name", "--set needs PATH=VALUE (got 'name')"),
        ("--unset", "name=x", "--unset takes only a PATH"),
        ("--frob", "name", "unknown override '--frob'"),
    ],
)
def test_bad_overrides(flag: str, argument: str, message: str) -> None:
    with pytest.raises(OverrideError) as caught:
        parse_override(flag, argument)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_leading_template_prefix_is_accepted() -> None:
    assert parse_override("--set", "template.name=x") == parse_override("--set", "name=x")


def test_set_and_unset_apply_on_a_copy() -> None:
    template = preset_template("cpu-embedding", "acc")
    before = preset_template("cpu-embedding", "acc")
    result = apply_overrides(
        template,
        parse_overrides(
            [
                ("--set", f"{ENDPOINT}.gpus=1"),
                ("--set", f"{ENDPOINT}.gpu_type=nvidia-tesla-t4"),
                ("--set", f"{BUNDLE}.tag=20240101"),
                ("--unset", f"{BUNDLE}.env"),
            ]
        ),
    )
    assert template == before
    assert result["vendor_configuration"]["endpoint_config"]["gpus"] == 1
    assert result["vendor_configuration"]["bundle_config"]["tag"] == "20240101"
    assert "env" not in result["vendor_configuration"]["bundle_config"]
    assert validate_template(result).errors == []


def test_later_overrides_win_in_the_order_given() -> None:
    template = {"name": "draft"}
    set_a, set_b = parse_override("--set", "name=a"), parse_override("--set", "name=b")
    unset = parse_override("--unset", "name")
    assert apply_overrides(template, [set_a, set_b]) == {"name": "b"}
    assert apply_overrides(template, [set_b, set_a]) == {"name": "a"}
    assert apply_overrides(template, [set_a, unset]) == {}
    assert apply_overrides(template, [unset, set_a]) == {"name": "a"}
    assert apply_overrides(template, []) == template


def test_setting_into_missing_tables_creates_them() -> None:
    result = apply_overrides({}, [parse_override("--set", f"{BUNDLE}.env.HF_TOKEN=${{HF_TOKEN}}")])
    assert result == {
        "vendor_configuration": {"bundle_config": {"env": {"HF_TOKEN": "${HF_TOKEN}"}}}
    }


def test_list_items_by_index() -> None:
    template = {"vendor_configuration": {"bundle_config": {"command": ["python", "a.py"]}}}
    replaced = apply_overrides(template, [parse_override("--set", f"{BUNDLE}.command.1=b.py")])
    assert replaced["vendor_configuration"]["bundle_config"]["command"] == ["python", "b.py"]
    appended = apply_overrides(template, [parse_override("--set", f"{BUNDLE}.command.2=-v")])
    assert appended["vendor_configuration"]["bundle_config"]["command"] == ["python", "a.py", "-v"]
    removed = apply_overrides(template, [parse_override("--unset", f"{BUNDLE}.command.0")])
    assert removed["vendor_configuration"]["bundle_config"]["command"] == ["a.py"]


def test_index_past_the_end_of_a_list() -> None:
    template = {"vendor_configuration": {"bundle_config": {"command": ["python"]}}}
    with pytest.raises(OverrideError) as caught:
        apply_overrides(template, [parse_override("--set", f"{BUNDLE}.command.5=x")])
    assert str(caught.value) == f"--set {BUNDLE}.command.5: index 5 is out of range"


def test_parameter_item_fields() -> None:
    template = preset_template("vllm-h100", "acc")
    result = apply_overrides(template, [parse_override("--set", f"{PARAMS}.1.required=true")])
    parameters = result["model_request_parameters_schema"]["parameters"]
    assert parameters[1] == {
        **template["model_request_parameters_schema"]["parameters"][1],
        "required": True,
    }


def test_unsetting_something_absent_is_a_no_op() -> None:
    assert apply_overrides({"name": "x"}, [parse_override("--unset", ENDPOINT)]) == {"name": "x"}


def test_override_describes_itself() -> None:
    assert str(parse_override("--set", f"{ENDPOINT}.gpus=2")) == f"--set {ENDPOINT}.gpus=2"
    assert str(parse_override("--unset", "name")) == "--unset name"
    assert parse_override("set", "name=x") == Override("set", "name", ("name",), "x")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("vendor_configuration.bundle_config.command", "[" * 2000 + "]" * 2000),
        ("vendor_configuration.bundle_config.command", "[" * 100 + "]" * 100),
        ("model_request_parameters_schema", "{a=" * 500 + "1" + "}" * 500),
    ],
    ids=["arrays-2000", "arrays-100", "tables-500"],
)
def test_a_value_nested_too_deep_is_a_message_not_a_crash(path: str, value: str) -> None:
    with pytest.raises(OverrideError, match="nested more than 64 levels"):
        apply_overrides({"name": "x"}, [parse_override("--set", f"{path}={value}")])
