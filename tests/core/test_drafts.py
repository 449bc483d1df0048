"""TOML drafts: loading never crashes on content, every unusable file is one clear line,
saving is atomic and verified, versions are checked."""

from __future__ import annotations

import os
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import valid_templates
from tui import __version__
from tui.core import atomic, drafts
from tui.core.drafts import (
    DRAFT_VERSION,
    Draft,
    DraftEmpty,
    DraftError,
    DraftIsDirectory,
    DraftNotAFile,
    DraftNotFound,
    DraftNotText,
    DraftSaveError,
    DraftStructureError,
    DraftSyntaxError,
    DraftTooNew,
    DraftUnreadable,
    DraftVersionError,
    dumps_draft,
    load_draft,
    loads_draft,
    save_draft,
)
from tui.core.findings import validate_template
from tui.core.presets import preset_template

HEADER = f'draft_version = "{DRAFT_VERSION}"\n'


def complete_template() -> dict[str, Any]:
    return preset_template("cpu-embedding", account_id="acc_1")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- round trip -------------------------------------------------------------------------------


def test_saved_draft_loads_back_identical(tmp_path: Path) -> None:
    template = preset_template("vllm-h100", account_id="acc_1")
    path = tmp_path / "chat.toml"
    save_draft(path, Draft(template=template))
    loaded = load_draft(path)
    assert loaded.draft.template == template
    assert loaded.report.findings == ()
    assert loaded.notices == []
    assert loaded.report.model is not None
    assert loaded.report.model.body() == template


def test_file_starts_with_version_and_generator_then_template(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    save_draft(path, Draft(template=complete_template()))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f'draft_version = "{DRAFT_VERSION}"'
    assert lines[1] == f'generator = "sgp-template {__version__}"'
    assert lines[3] == "[template]"
    assert set(tomllib.loads(path.read_text(encoding="utf-8"))) == {
        "draft_version",
        "generator",
        "template",
    }


def test_keys_are_written_in_model_order_whatever_the_input_order() -> None:
    template = complete_template()
    shuffled = dict(reversed(list(template.items())))
    bundle = template["vendor_configuration"]["bundle_config"]
    template["vendor_configuration"]["bundle_config"] = dict(reversed(list(bundle.items())))
    assert dumps_draft(Draft(template=shuffled)) == dumps_draft(Draft(template=template))
    text = dumps_draft(Draft(template=shuffled))
    assert text.index("name =") < text.index("endpoint_type =") < text.index("account_id =")
    assert text.index("registry =") < text.index("image =") < text.index("tag =")


def test_env_keeps_the_users_order() -> None:
    template = complete_template()
    template["vendor_configuration"]["bundle_config"]["env"] = {"Z": "1", "A": "2", "M": "3"}
    loaded = loads_draft(dumps_draft(Draft(template=template)))
    assert list(loaded.draft.template["vendor_configuration"]["bundle_config"]["env"]) == [
        "Z",
        "A",
        "M",
    ]


def test_schema_line_is_kept_when_a_loaded_draft_is_saved_back(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    save_draft(path, Draft(template=complete_template(), schema_url="./draft.schema.json"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./draft.schema.json\n\ndraft_version")
    loaded = load_draft(path)
    assert loaded.draft.schema_url == "./draft.schema.json"
    save_draft(path, loaded.draft)
    assert path.read_text(encoding="utf-8") == text


def test_nulls_are_left_out_when_saving() -> None:
    template = complete_template()
    template["endpoint_protocol"] = None
    template["vendor_configuration"]["endpoint_config"]["gpu_type"] = None
    loaded = loads_draft(dumps_draft(Draft(template=template)))
    assert "endpoint_protocol" not in loaded.draft.template
    assert "gpu_type" not in loaded.draft.template["vendor_configuration"]["endpoint_config"]
    assert loaded.report.errors == []


@settings(max_examples=100, deadline=None)
@given(template=valid_templates())
def test_model_toml_model_round_trip_is_lossless(template: dict[str, Any]) -> None:
    body = validate_template(template).model
    assert body is not None
    loaded = loads_draft(dumps_draft(Draft(template=body.body())))
    assert loaded.draft.template == body.body()
    assert loaded.report.errors == []
    assert loaded.report.model is not None
    assert loaded.report.model.body() == body.body()
    assert loaded.report.model == body


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=valid_templates())
def test_round_trip_through_a_file(template: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.toml"
        save_draft(path, Draft(template=template))
        assert load_draft(path).draft.template == template
        assert os.listdir(folder) == ["draft.toml"]


# -- incomplete and invalid content: findings, not exceptions ------------------------------------


def test_incomplete_draft_saves_and_loads_with_findings(tmp_path: Path) -> None:
    path = tmp_path / "half.toml"
    save_draft(path, Draft(template={"name": "half done"}))
    loaded = load_draft(path)
    assert loaded.draft.template == {"name": "half done"}
    missing = {f.path for f in loaded.report.errors if f.message == "is required"}
    assert {"endpoint_type", "model_type", "vendor_configuration", "account_id"} <= missing


def test_draft_without_template_table_is_an_empty_template() -> None:
    loaded = loads_draft(HEADER)
    assert loaded.draft.template == {}
    assert any(f.path == "name" for f in loaded.report.errors)


def test_wrong_types_and_unknown_keys_are_findings() -> None:
    text = (
        HEADER + '[template]\nname = 3\nmodle_type = "EMBEDDING"\n'
        '[template.vendor_configuration.endpoint_config]\ngpus = "2"\n'
    )
    report = loads_draft(text).report
    messages = {f.path: f.message for f in report.errors}
    assert messages["name"] == "must be a string (got an integer 3)"
    assert "did you mean 'model_type'" in messages["modle_type"]
    gpus = messages["vendor_configuration.endpoint_config.gpus"]
    assert gpus.startswith("must be a whole number")


def test_values_tomllib_makes_but_json_lacks_are_findings() -> None:
    text = HEADER + "[template]\nname = 2024-01-01\naccount_id = 1.5\n"
    report = loads_draft(text).report
    paths = {f.path for f in report.errors}
    assert {"name", "account_id"} <= paths


# -- files that cannot be drafts ------------------------------------------------------------------


def assert_one_line_naming(error: DraftError, source: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{source}: ")
    assert "Traceback" not in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(DraftNotFound) as caught:
        load_draft(path)
    assert_one_line_naming(caught.value, str(path))
    assert "no such file" in str(caught.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DraftIsDirectory) as caught:
        load_draft(tmp_path)
    assert_one_line_naming(caught.value, str(tmp_path))
    assert "is a directory" in str(caught.value)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.toml", HEADER)

    def deny(path: str, flags: int) -> int:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(drafts, "_open_without_blocking", deny)
    with pytest.raises(DraftUnreadable) as caught:
        load_draft(path)
    assert_one_line_naming(caught.value, str(path))
    assert "permission denied" in str(caught.value)


@pytest.mark.timeout(10)
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """Reading a FIFO with no writer used to block forever."""
    fifo = tmp_path / "draft.toml"
    os.mkfifo(fifo)
    with pytest.raises(DraftNotAFile) as caught:
        load_draft(fifo)
    assert_one_line_naming(caught.value, str(fifo))
    assert "named pipe" in str(caught.value)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(DraftNotAFile, match="device"):
        load_draft(device)


@pytest.mark.timeout(10)
def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(DraftUnreadable, match="socket"):
            load_draft(path)


def test_a_symlink_loop_is_one_clear_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(DraftUnreadable) as caught:
        load_draft(loop)
    assert_one_line_naming(caught.value, str(loop))


def test_a_file_too_large_for_a_draft_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafts, "MAX_DRAFT_BYTES", 100)
    path = write(tmp_path / "big.toml", HEADER + "# " + "x" * 200 + "\n")
    with pytest.raises(DraftUnreadable, match="too large"):
        load_draft(path)
    write(path, HEADER)
    assert load_draft(path).draft.template == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.toml", HEADER)
    path.chmod(0)
    with pytest.raises(DraftUnreadable):
        load_draft(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "image.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DraftNotText) as caught:
        load_draft(path)
    assert_one_line_naming(caught.value, str(path))
    assert "binary" in str(caught.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('draft_version = "1.0"\n[template]\nname = "café"\n'.encode("latin-1"))
    with pytest.raises(DraftNotText) as caught:
        load_draft(path)
    assert_one_line_naming(caught.value, str(path))
    assert "not UTF-8" in str(caught.value)


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    assert load_draft(path).draft.template == {}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (HEADER + "[template]\nname = \n", 3, 8),
        (HEADER + "[template\n", 2, 10),
        ('draft_version = "1.0"\nname = "a"\nname = "b"\n', 3, 11),
    ],
)
def test_not_toml_gives_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(DraftSyntaxError) as caught:
        loads_draft(text, source="bad.toml")
    assert_one_line_naming(caught.value, "bad.toml")
    assert f"line {line}, column {column}" in str(caught.value)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_not_toml_at_the_end_of_the_file_still_has_a_location() -> None:
    with pytest.raises(DraftSyntaxError) as caught:
        loads_draft('draft_version = "1.0"\nname =', source="cut.toml")
    assert caught.value.line == 2
    assert "not valid TOML: line 2" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "# just a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "empty.toml", text)
    with pytest.raises(DraftEmpty) as caught:
        load_draft(path)
    assert_one_line_naming(caught.value, str(path))
    assert f'draft_version = "{DRAFT_VERSION}"' in str(caught.value)


def test_missing_draft_version() -> None:
    with pytest.raises(DraftVersionError) as caught:
        loads_draft('[template]\nname = "x"\n', source="d.toml")
    assert str(caught.value) == (
        f'd.toml: has no draft_version: add draft_version = "{DRAFT_VERSION}" at the top'
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1.0", "got a number 1.0: quote it"),
        ("1", "got an integer 1: quote it"),
        ('"1.0.0"', "got '1.0.0'"),
        ('"one"', "got 'one'"),
        ('"v1.0"', "got 'v1.0'"),
    ],
)
def test_malformed_draft_version(value: str, shown: str) -> None:
    with pytest.raises(DraftVersionError) as caught:
        loads_draft(f"draft_version = {value}\n", source="d.toml")
    assert str(caught.value) == (
        f'd.toml: draft_version must be a string like "{DRAFT_VERSION}" ({shown})'
    )


def test_unknown_major_version_asks_to_upgrade() -> None:
    with pytest.raises(DraftTooNew) as caught:
        loads_draft('draft_version = "2.0"\n[template]\n', source="d.toml")
    assert_one_line_naming(caught.value, "d.toml")
    assert "written by a newer sgp-template" in str(caught.value)
    assert "upgrade" in str(caught.value)


def test_unreleased_older_version_is_an_error() -> None:
    with pytest.raises(DraftVersionError) as caught:
        loads_draft('draft_version = "0.5"\n', source="d.toml")
    assert "0.5 is not a released draft format (known: 0.9, 1.0, 1.1)" in str(caught.value)


def test_newer_minor_version_loads_with_a_notice() -> None:
    text = 'draft_version = "1.4"\n[template]\nname = "x"\n'
    loaded = loads_draft(text, source="d.toml")
    assert loaded.draft.template == {"name": "x"}
    assert loaded.file_version == "1.4"
    assert loaded.draft.draft_version == DRAFT_VERSION
    assert len(loaded.notices) == 1
    assert "newer" in loaded.notices[0] and "upgrade" in loaded.notices[0]


def test_newer_minor_drops_unknown_top_level_keys_with_a_notice() -> None:
    text = 'draft_version = "1.2"\nlabels = ["a"]\n[template]\nname = "x"\n'
    loaded = loads_draft(text)
    assert loaded.draft.template == {"name": "x"}
    assert any("'labels'" in notice for notice in loaded.notices)


def test_unknown_top_level_key_in_current_version_is_an_error() -> None:
    with pytest.raises(DraftStructureError) as caught:
        loads_draft(HEADER + "[templte]\nname = 'x'\n", source="d.toml")
    assert str(caught.value) == (
        "d.toml: unknown top-level key 'templte' (did you mean 'template'?): a draft holds "
        "only draft_version, generator and [template]"
    )


def test_template_fields_at_the_top_level_point_to_the_template_table() -> None:
    with pytest.raises(DraftStructureError) as caught:
        loads_draft(HEADER + 'name = "x"\naccount_id = "a"\n', source="d.toml")
    assert str(caught.value).endswith("put name, account_id under [template]")


@pytest.mark.parametrize(("value", "kind"), [('"x"', "a string"), ("[1]", "a list")])
def test_template_that_is_not_a_table(value: str, kind: str) -> None:
    with pytest.raises(DraftStructureError) as caught:
        loads_draft(HEADER + f"template = {value}\n", source="d.toml")
    assert str(caught.value) == f"d.toml: template must be a table ([template]), not {kind}"


def test_the_generator_is_informational() -> None:
    loaded = loads_draft('draft_version = "1.0"\ngenerator = "hand-written"\n')
    assert loaded.file_generator == "hand-written"
    assert loaded.draft.generator == f"sgp-template {__version__}"
    assert loads_draft(HEADER).file_generator is None


# -- saving ---------------------------------------------------------------------------------------


def original_draft(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "keep.toml"
    save_draft(path, Draft(template=complete_template()))
    return path, path.read_text(encoding="utf-8")


def changed_draft() -> Draft:
    template = complete_template()
    template["name"] = "changed"
    return Draft(template=template)


def test_crash_before_rename_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = original_draft(tmp_path)

    def fail(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts.os, "replace", fail)
    with pytest.raises(DraftSaveError) as caught:
        save_draft(path, changed_draft())
    assert_one_line_naming(caught.value, str(path))
    assert "the previous file is unchanged" in str(caught.value)
    assert path.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["keep.toml"]


def test_process_killed_during_fsync_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = original_draft(tmp_path)

    def killed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(drafts.os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        save_draft(path, changed_draft())
    assert path.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["keep.toml"]


def test_write_failure_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = original_draft(tmp_path)

    def disk_error(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(drafts.os, "fsync", disk_error)
    with pytest.raises(DraftSaveError) as caught:
        save_draft(path, changed_draft())
    assert "Input/output error" in str(caught.value)
    assert path.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["keep.toml"]


def test_written_text_that_reads_back_differently_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = original_draft(tmp_path)
    real_fsync = os.fsync

    def corrupting_fsync(fd: int) -> None:
        os.write(fd, b'\n[template.vendor_configuration]\nvendor = "OTHER"\n')
        real_fsync(fd)

    monkeypatch.setattr(drafts.os, "fsync", corrupting_fsync)
    with pytest.raises(DraftSaveError) as caught:
        save_draft(path, changed_draft())
    assert "did not read back identically" in str(caught.value)
    assert path.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["keep.toml"]


def test_values_toml_cannot_hold_are_refused_before_touching_the_disk(tmp_path: Path) -> None:
    path, before = original_draft(tmp_path)
    with pytest.raises(DraftSaveError) as caught:
        save_draft(path, Draft(template={"name": object()}))
    assert "cannot be written as TOML" in str(caught.value)
    assert path.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["keep.toml"]


def test_saving_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "d.toml"
    with pytest.raises(DraftSaveError) as caught:
        save_draft(path, Draft())
    assert_one_line_naming(caught.value, str(path))
    assert "does not exist" in str(caught.value)


def test_saving_onto_a_directory(tmp_path: Path) -> None:
    with pytest.raises(DraftSaveError) as caught:
        save_draft(tmp_path, Draft())
    assert "is a directory" in str(caught.value)


def test_save_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path, _before = original_draft(tmp_path)
    path.chmod(0o640)
    save_draft(path, changed_draft())
    assert load_draft(path).draft.template["name"] == "changed"
    assert path.stat().st_mode & 0o777 == 0o640


def test_new_file_is_not_private_to_the_temp_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    save_draft(path, Draft())
    assert path.stat().st_mode & 0o777 == 0o666 & ~drafts._UMASK


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real, _before = original_draft(tmp_path)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_draft(link, changed_draft())
    assert link.is_symlink()
    assert load_draft(real).draft.template["name"] == "changed"


# -- hostile content ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["{a=" * 400 + "1" + "}" * 400, "[" * 600 + "1" + "]" * 600, "[" * 120 + "1" + "]" * 120],
)
def test_deep_nesting_is_one_clear_line(value: str) -> None:
    """tomllib recurses per level (RecursionError near 330 inline tables); below that, every
    later step (validation, copies, JSON) would recurse too. Drafts are a few levels deep."""
    with pytest.raises(DraftStructureError) as caught:
        loads_draft(HEADER + "[template]\nname = " + value + "\n", source="d.toml")
    assert_one_line_naming(caught.value, "d.toml")
    assert "nested" in str(caught.value)


def test_nesting_up_to_the_limit_loads() -> None:
    depth = drafts.MAX_NESTING - 3  # the document, [template] and name take three levels
    loaded = loads_draft(HEADER + "[template]\nname = " + "[" * depth + "]" * depth + "\n")
    assert "name" in [f.path for f in loaded.report.errors]


PAST_THE_LIMIT = drafts.MAX_NESTING - 1  # levels below [template]: one too many


@pytest.mark.parametrize(
    "body",
    [
        "[template]\nname = " + "[" * PAST_THE_LIMIT + "]" * PAST_THE_LIMIT,
        "[template]\nname = " + "{a=" * PAST_THE_LIMIT + "1" + "}" * PAST_THE_LIMIT,
        "[template]\n" + ".".join(["a"] * (PAST_THE_LIMIT + 1)) + " = 1",
        "[" + ".".join(["template"] + ["a"] * PAST_THE_LIMIT) + "]",
        "[[template.a]]\n[[template.a.b]]\n" + "[" + ".".join(["template.a.b"] + ["c"] * 59) + "]",
    ],
    ids=["arrays", "inline_tables", "dotted_key", "header", "arrays_of_tables_and_header"],
)
def test_one_level_past_the_limit_is_refused_however_it_nests(body: str) -> None:
    """Loading skips the walk over the document when its text has too few `[`, `{` and `.`
    to nest that deep: each way of nesting must still count."""
    with pytest.raises(DraftStructureError, match="nested more than"):
        loads_draft('draft_version = "1"\n' + body + "\n", source="d.toml")


@pytest.mark.parametrize("dollar", ["$", "\\u0024", "\\U00000024"])
def test_a_malformed_reference_is_found_however_its_dollar_is_written(dollar: str) -> None:
    """Loading skips the reference walk when the text cannot hold a `$`: an escaped one
    must still count."""
    loaded = loads_draft(HEADER + f'[template]\nname = "{dollar}{{1X}}"\n')
    assert [f.path for f in loaded.report.errors if f.rule == "reference"] == ["name"]


def test_a_draft_without_a_dollar_has_no_reference_finding() -> None:
    loaded = loads_draft(HEADER + '[template]\nname = "plain"\n')
    assert [f for f in loaded.report.findings if f.rule == "reference"] == []


def test_json_compatible_shows_toml_dates_as_their_text() -> None:
    data = tomllib.loads("a = 1979-05-27T07:32:00Z\nb = [1979-05-27]\n[c]\nd = 07:32:00\n")
    assert drafts.json_compatible(data) == {
        "a": "1979-05-27T07:32:00+00:00",
        "b": ["1979-05-27"],
        "c": {"d": "07:32:00"},
    }


# -- temp files a killed save left behind ---------------------------------------------------------


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_save_removes_temp_files_of_killed_saves(tmp_path: Path) -> None:
    """A save killed between writing its temp file and the rename left `.<name>.*.tmp`
    behind for ever; the next save of that draft removes the stale ones, and only those."""
    path = tmp_path / "d.toml"
    dead = tmp_path / f".d.toml.{_dead_pid()}.abcd1234.tmp"
    alive = tmp_path / f".d.toml.{os.getppid()}.abcd1234.tmp"  # a save under way elsewhere
    legacy_old = tmp_path / ".d.toml.k3j_9x2a.tmp"
    legacy_new = tmp_path / ".d.toml.q8w_e7r1.tmp"
    other_draft = tmp_path / f".e.toml.{_dead_pid()}.abcd1234.tmp"
    longer_name = tmp_path / f".d.toml.x.{_dead_pid()}.abcd1234.tmp"
    for file in (dead, alive, legacy_old, legacy_new, other_draft, longer_name):
        file.write_text("partial", encoding="utf-8")
    old = time.time() - 2 * atomic.LEGACY_TEMP_AGE
    os.utime(legacy_old, (old, old))
    save_draft(path, Draft(template={"name": "x"}))
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {
        "d.toml",
        alive.name,
        legacy_new.name,
        other_draft.name,
        longer_name.name,
    }


def test_a_save_names_its_temp_file_by_its_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_verify = drafts._verify

    def spy(temp: Path, *args: Any) -> None:
        seen.append(temp.name)
        real_verify(temp, *args)

    monkeypatch.setattr(drafts, "_verify", spy)
    save_draft(tmp_path / "d.toml", Draft(template={"name": "x"}))
    [name] = seen
    assert name.startswith(f".d.toml.{os.getpid()}.") and name.endswith(".tmp")


def test_a_huge_enum_value_is_a_finding_without_a_typo_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """difflib over a 1 MB value took seconds per finding (fuzz: over 30 s per input)."""
    import difflib

    real = difflib.get_close_matches

    def only_short(word: str, *args: Any, **kwargs: Any) -> list[str]:
        assert len(word) <= 100, "no typo search over a huge value"
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", only_short)
    text = HEADER + '[template]\nmodel_type = "' + "x" * 1_000_000 + '"\n'
    errors = {f.path: f.message for f in loads_draft(text).report.errors}
    assert errors["model_type"].startswith("must be one of")
    assert (
        "did you mean"
        in {
            f.path: f.message
            for f in loads_draft(HEADER + '[template]\nmodel_type = "COMPLETON"\n').report.errors
        }["model_type"]
    )
