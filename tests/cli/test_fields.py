"""`sgp-template fields`: the CLI explains every field from the models' own help texts."""

from __future__ import annotations

import json
import subprocess
import sys

from tui.core.fields import field_spec, iter_paths


def test_every_field_is_listed(cli) -> None:
    out = cli("fields").out
    for path in iter_paths():
        assert path in out


def test_one_field_shows_help_and_described_choices(cli) -> None:
    result = cli("fields", "template.vendor_configuration.endpoint_config.gpu_type")
    assert result.code == 0
    spec = field_spec("vendor_configuration.endpoint_config.gpu_type")
    assert spec.help in result.out
    for choice in spec.choices:
        assert choice in result.out
        assert spec.describe_choice(choice) in result.out


def test_json_output_carries_defaults(cli) -> None:
    specs = json.loads(cli("fields", "--json").out)
    cpus = next(s for s in specs if s["path"] == "vendor_configuration.endpoint_config.cpus")
    assert (cpus["kind"], cpus["default"], cpus["required"]) == ("int", 3, False)


def test_unknown_field_suggests_the_near_miss(cli) -> None:
    result = cli("fields", "vendor_configuration.endpoint_config.gpu_typ")
    assert result.code == 2
    assert "did you mean vendor_configuration.endpoint_config.gpu_type?" in result.err


def test_a_closed_pipe_is_not_an_error() -> None:
    command = f"{sys.executable} -m tui fields | head -1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("PATH")
    assert "Traceback" not in result.stderr
