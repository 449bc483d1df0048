"""EditSession and the recovery store, without Textual."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.helpers import VALID_TEMPLATE
from tui.core.recovery import RecoveryStore
from tui.core.session import EditSession, step_of


def test_step_of_maps_paths_to_steps() -> None:
    assert step_of("name") == "basics"
    assert step_of("vendor_configuration.bundle_config.tag") == "bundle"
    assert step_of("vendor_configuration.endpoint_config.gpus") == "resources"
    assert step_of("vendor_configuration.fine_tuning_job_bundle_config.resources.cpus") == (
        "finetune"
    )
    assert step_of("model_request_parameters_schema.parameters.0.name") == "params"
    assert step_of("") == "review"


def test_set_revalidates_and_marks_dirty() -> None:
    session = EditSession(VALID_TEMPLATE)
    assert not session.report.errors and not session.dirty
    session.set("vendor_configuration.endpoint_config.cpus", "three")
    assert session.dirty
    assert [f.path for f in session.report.errors] == ["vendor_configuration.endpoint_config.cpus"]
    session.set("vendor_configuration.endpoint_config.cpus", 3)
    assert not session.report.errors


def test_none_unsets_and_prunes_empty_tables() -> None:
    session = EditSession({"vendor_configuration": {"endpoint_config": {"gpus": 1}}})
    session.set("vendor_configuration.endpoint_config.gpus", None)
    assert session.get("vendor_configuration.endpoint_config") is None
    assert session.template == {}


def test_endpoint_config_type_follows_until_changed() -> None:
    session = EditSession({})
    session.set("endpoint_type", "SYNC")
    assert session.get("vendor_configuration.endpoint_config.endpoint_type") == "SYNC"
    session.set("endpoint_type", "STREAMING")
    assert session.get("vendor_configuration.endpoint_config.endpoint_type") == "STREAMING"
    session.set("vendor_configuration.endpoint_config.endpoint_type", "ASYNC")
    session.set("endpoint_type", "SYNC")
    assert session.get("vendor_configuration.endpoint_config.endpoint_type") == "ASYNC"


def test_errors_are_shown_after_touch_or_attempt() -> None:
    session = EditSession({})
    assert not session.is_shown("name")
    assert session.step_state("basics") == "untouched"  # errors, not shown yet
    session.touch_step("basics")
    assert session.is_shown("name")
    assert session.step_state("basics") == "errors"
    assert session.first_step_needing_attention() == "basics"


def test_a_touched_field_shows_its_steps_state() -> None:
    session = EditSession({"account_id": "acct-1"})
    assert session.step_state("basics") == "untouched"
    session.set("name", "demo")
    assert session.step_state("basics") == "errors"  # endpoint_type and model_type missing
    session.set("endpoint_type", "SYNC")
    session.set("model_type", "COMPLETION")
    assert session.step_state("basics") == "valid"
    assert session.step_state("bundle") == "untouched"  # vendor_configuration is missing
    session.set("vendor_configuration.bundle_config.image", "team/model")
    assert session.step_state("bundle") == "errors"


def test_body_of_a_valid_template_is_the_model_body() -> None:
    session = EditSession(VALID_TEMPLATE)
    assert session.body() == VALID_TEMPLATE
    assert session.can_submit


def test_recovery_round_trip(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "state")
    assert store.find_recoverable() is None
    store.save(VALID_TEMPLATE, tmp_path / "d.toml")
    assert store.find_recoverable() is None  # its own slot is not "left behind"
    next_start = RecoveryStore(tmp_path / "state")
    found = next_start.find_recoverable()
    assert found is not None
    assert found.template == VALID_TEMPLATE
    assert found.draft_path == tmp_path / "d.toml"
    assert "demo" in found.describe()
    store.discard()
    assert next_start.find_recoverable() is None


def test_session_and_recovery_do_not_import_textual() -> None:
    import subprocess

    code = "import tui.core.session, tui.core.recovery, sys; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_two_wizards_keep_their_own_recovery_and_never_offer_a_running_ones(
    tmp_path: Path,
) -> None:
    first, second = RecoveryStore(tmp_path), RecoveryStore(tmp_path)
    first.claim()
    second.claim()
    first.save({"name": "first"}, None)
    second.save({"name": "second"}, None)
    assert first.find_recoverable() is None  # the other one is running
    third = RecoveryStore(tmp_path)
    assert third.find_recoverable() is None
    first.release()  # as if it had crashed: its work is offered, the running one's is not
    found = third.find_recoverable()
    assert found is not None and found.template == {"name": "first"}
    third.forget(found)
    assert third.find_recoverable() is None
    assert second.find_recoverable() is None
    second.release()
    assert third.find_recoverable() is not None


def test_recovery_is_offered_for_its_own_draft_only(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save({"name": "a"}, tmp_path / "a.toml")
    other = RecoveryStore(tmp_path)
    assert other.find_recoverable(tmp_path / "b.toml") is None
    found = other.find_recoverable(tmp_path / "a.toml")
    assert found is not None and found.template == {"name": "a"}


def test_a_failed_recovery_write_leaves_the_previous_note_and_no_temp_file(
    tmp_path: Path, monkeypatch
) -> None:
    from tui.core import atomic, recovery

    store = RecoveryStore(tmp_path)
    store.save({"name": "kept"}, tmp_path / "d.toml")
    before = store.meta_file.read_bytes()

    def broken_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    try:
        recovery.write_atomically(store.meta_file, b'{"draft_path": null}')
    except OSError:
        pass
    else:
        raise AssertionError("the failed write was not reported")
    assert store.meta_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
