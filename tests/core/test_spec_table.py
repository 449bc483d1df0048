"""The shipped table of field specs: what the models derive now, read without pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core import spec_table
from tui.core.fields import field_spec, iter_paths
from tui.core.specs import REQUIRED, FieldSpec


def test_the_shipped_table_is_what_the_models_derive() -> None:
    """Fails after an edit to any module a spec comes from, until the table is generated
    again with `python -m tui.core.spec_table`."""
    derived = spec_table.derive_table()
    assert set(derived) == set(iter_paths())
    shipped = spec_table.TABLE_FILE.read_text(encoding="utf-8")
    assert shipped == spec_table.table_text(derived), "run: python -m tui.core.spec_table"
    read = spec_table.read_table(spec_table.TABLE_FILE)
    assert read == derived
    for path, spec in read.items():
        assert spec.model is field_spec(path).model
        assert spec.choices == field_spec(path).choices


def test_the_table_is_part_of_the_package() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"**/*.json"' in pyproject  # package-data: tui/core/field_specs.json ships
    assert spec_table.TABLE_FILE.parent == Path(spec_table.__file__).parent


@pytest.mark.parametrize("content", ["", "{not json", '{"name": {"kind": "nope"}}', "[]"])
def test_an_unreadable_table_is_derived_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    broken = tmp_path / "field_specs.json"
    broken.write_text(content)
    monkeypatch.setattr(spec_table, "TABLE_FILE", broken)
    spec_table.spec_table.cache_clear()
    try:
        assert spec_table.spec_table() == spec_table.derive_table()
    finally:
        spec_table.spec_table.cache_clear()


def test_paths_outside_the_table_are_derived() -> None:
    path = "model_request_parameters_schema.parameters.0.name"
    assert path not in spec_table.spec_table()
    assert spec_table.form_spec(path) == field_spec(path)


def test_a_required_field_keeps_no_default_through_json() -> None:
    spec = field_spec("name")
    assert spec.default is REQUIRED
    assert FieldSpec.from_json(json.loads(json.dumps(spec.to_json()))).default is REQUIRED


def test_reading_the_table_imports_no_pydantic() -> None:
    """The point of the table: the wizard's forms are built before pydantic is imported."""
    code = (
        "import sys\n"
        "from tui.core import spec_table\n"
        "assert spec_table.spec_table()\n"
        "print('pydantic' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin"},
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.stdout.strip() == "False", run.stderr
