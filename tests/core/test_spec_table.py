"""The saved table of field specs: equal to the models' own specs, never stale, never fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core import spec_table
from tui.core.fields import field_spec, iter_paths
from tui.core.specs import REQUIRED, FieldSpec


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(spec_table.CACHE_DIR_ENV, str(folder))
    spec_table.spec_table.cache_clear()
    yield folder
    spec_table.spec_table.cache_clear()


def test_a_saved_table_reads_back_equal_to_the_models_specs(cache_dir: Path) -> None:
    derived = spec_table.derive_table()
    assert set(derived) == set(iter_paths())
    spec_table.write_table(spec_table.table_path(), derived)
    read = spec_table.read_table(spec_table.table_path())
    assert read == derived
    for path, spec in read.items():
        assert spec.model is field_spec(path).model
        assert spec.choices == field_spec(path).choices


def test_the_first_use_saves_the_table_and_the_next_reads_it(cache_dir: Path) -> None:
    assert not cache_dir.exists()
    first = spec_table.form_spec("vendor_configuration.endpoint_config.gpu_type")
    [saved] = cache_dir.glob("field-specs-*.json")
    assert saved == spec_table.table_path()
    data = json.loads(saved.read_text())
    data["name"]["title"] = "Read from the file"
    saved.write_text(json.dumps(data))
    spec_table.spec_table.cache_clear()
    assert spec_table.form_spec("name").title == "Read from the file"
    assert spec_table.form_spec("vendor_configuration.endpoint_config.gpu_type") == first


def test_the_file_name_changes_with_any_source(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = spec_table.table_path()
    monkeypatch.setattr(spec_table, "__version__", "0.0.0-other")
    other_package = spec_table.table_path()
    assert other_package != before
    assert other_package.parent == before.parent
    monkeypatch.setattr(spec_table, "_pydantic_version_file", lambda: b"VERSION = '9.9'")
    assert spec_table.table_path() not in (before, other_package)


def test_writing_a_new_table_removes_tables_of_other_sources(cache_dir: Path) -> None:
    cache_dir.mkdir()
    stale = cache_dir / "field-specs-0000000000000000.json"
    stale.write_text("{}")
    spec_table.spec_table()
    assert not stale.exists()
    assert spec_table.table_path().exists()


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"name": {"kind": "nonsense"}}'])
def test_an_unreadable_table_is_derived_again(cache_dir: Path, content: str) -> None:
    cache_dir.mkdir()
    spec_table.table_path().write_text(content)
    assert spec_table.form_spec("name") == field_spec("name")
    assert spec_table.read_table(spec_table.table_path()) == spec_table.derive_table()


def test_an_unwritable_cache_folder_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(spec_table.CACHE_DIR_ENV, str(blocker / "cache"))
    spec_table.spec_table.cache_clear()
    try:
        assert spec_table.form_spec("name") == field_spec("name")
    finally:
        spec_table.spec_table.cache_clear()


def test_paths_outside_the_table_are_derived(cache_dir: Path) -> None:
    path = "model_request_parameters_schema.parameters.0.name"
    assert path not in spec_table.spec_table()
    assert spec_table.form_spec(path) == field_spec(path)


def test_a_required_field_keeps_no_default_through_json() -> None:
    spec = field_spec("name")
    assert spec.default is REQUIRED
    assert FieldSpec.from_json(json.loads(json.dumps(spec.to_json()))).default is REQUIRED


def test_reading_the_table_imports_no_pydantic(tmp_path: Path) -> None:
    """The point of the table: the wizard's forms are built before pydantic is imported."""
    code = (
        "import sys\n"
        "from tui.core import spec_table\n"
        "spec_table.spec_table()\n"
        "print('pydantic' in sys.modules)\n"
    )
    env = {"SGP_TEMPLATE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [run.stdout.strip() for run in runs] == ["True", "False"], runs[-1].stderr
