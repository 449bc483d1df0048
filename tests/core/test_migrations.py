"""Draft format migrations: one fixture per released version, all loading to the same template."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tui.core import migrations
from tui.core.drafts import (
    DRAFT_VERSION,
    Draft,
    DraftError,
    dumps_draft,
    load_draft,
    loads_draft,
)
from tui.core.migrations import migrate, migrate_0_9, split_image_uri

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "drafts"


def fixture_for(version: str) -> Path:
    return FIXTURES / f"v{version.replace('.', '_')}.toml"


def test_every_released_version_has_a_fixture() -> None:
    assert migrations.RELEASED_VERSIONS[-1] == DRAFT_VERSION
    for version in migrations.RELEASED_VERSIONS:
        assert fixture_for(version).is_file(), f"add a fixture draft for {version}"


@pytest.mark.parametrize("version", migrations.RELEASED_VERSIONS)
def test_every_released_version_loads_to_the_current_template(version: str) -> None:
    current = load_draft(fixture_for(DRAFT_VERSION))
    loaded = load_draft(fixture_for(version))
    assert loaded.draft.template == current.draft.template
    assert loaded.report.findings == ()
    assert loaded.file_version == version
    assert loaded.draft.draft_version == DRAFT_VERSION


def test_migrated_draft_says_so_and_saves_in_the_current_format() -> None:
    loaded = load_draft(fixture_for("0.9"))
    assert loaded.notices == [
        f"migrated from draft_version 0.9 to {DRAFT_VERSION}; save the draft to update the file"
    ]
    text = dumps_draft(loaded.draft)
    assert text.startswith(f'draft_version = "{DRAFT_VERSION}"\n')
    assert "schema_version" not in text and "image_uri" not in text
    assert loads_draft(text).notices == []


def test_an_older_minor_that_only_lacks_new_tables_loads_without_a_notice() -> None:
    """A 1.0 draft is a valid 1.1 draft: CI replays of it must not print a notice each run."""
    loaded = load_draft(fixture_for("1.0"))
    assert loaded.notices == []
    assert loaded.file_version == "1.0" and loaded.draft.draft_version == DRAFT_VERSION


def test_current_version_needs_no_migration() -> None:
    data = {"draft_version": DRAFT_VERSION, "template": {"name": "x"}}
    assert migrate(data, DRAFT_VERSION) == (data, [])


def test_migration_does_not_change_its_input() -> None:
    data = {
        "schema_version": "0.9",
        "template": {"vendor_configuration": {"bundle_config": {"image_uri": "a.io/b:c"}}},
    }
    before = copy.deepcopy(data)
    migrated, applied = migrate(data, "0.9")
    assert data == before
    assert applied == ["0.9", "1.0"]
    assert migrated["draft_version"] == DRAFT_VERSION and "schema_version" not in migrated
    assert migrated["template"]["vendor_configuration"]["bundle_config"] == {
        "registry": "a.io",
        "image": "b",
        "tag": "c",
    }


def test_explicit_bundle_keys_win_over_image_uri() -> None:
    data = {
        "schema_version": "0.9",
        "template": {
            "vendor_configuration": {"bundle_config": {"image_uri": "a.io/b:c", "tag": "pinned"}}
        },
    }
    bundle = migrate_0_9(data)["template"]["vendor_configuration"]["bundle_config"]
    assert bundle == {"registry": "a.io", "image": "b", "tag": "pinned"}


@pytest.mark.parametrize(
    "template",
    [{}, {"vendor_configuration": "oops"}, {"vendor_configuration": {"bundle_config": 3}}],
)
def test_migration_leaves_odd_shapes_for_validation_to_report(template: object) -> None:
    migrated = migrate_0_9({"schema_version": "0.9", "template": copy.deepcopy(template)})
    assert migrated == {"draft_version": "1.0", "template": template}


def test_a_non_string_image_uri_is_kept_and_reported_by_validation() -> None:
    text = 'schema_version = "0.9"\n[template.vendor_configuration.bundle_config]\nimage_uri = 3\n'
    loaded = loads_draft(text)
    paths = {f.path for f in loaded.report.errors}
    assert "vendor_configuration.bundle_config.image_uri" in paths


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (
            "123.dkr.ecr.us-west-2.amazonaws.com/team/vllm:0.6.3",
            ("123.dkr.ecr.us-west-2.amazonaws.com", "team/vllm", "0.6.3"),
        ),
        ("localhost:5000/app:dev", ("localhost:5000", "app", "dev")),
        ("localhost/app", ("localhost", "app", "latest")),
        ("vllm/vllm-openai:v0.6.3", ("docker.io", "vllm/vllm-openai", "v0.6.3")),
        ("python", ("docker.io", "python", "latest")),
        ("ghcr.io/org/img", ("ghcr.io", "org/img", "latest")),
    ],
)
def test_split_image_uri(uri: str, expected: tuple[str, str, str]) -> None:
    assert split_image_uri(uri) == expected


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1.0", (1, 0)), ("0.9", (0, 9)), ("1.12", (1, 12)), ("01.0", None), ("1", None), (1.0, None)],
)
def test_parse_version(text: object, parsed: tuple[int, int] | None) -> None:
    assert migrations.parse_version(text) == parsed


def test_the_legacy_version_key_is_only_read_when_draft_version_is_absent() -> None:
    assert migrations.declared_version({"schema_version": "0.9"}) == ("schema_version", "0.9")
    both = {"draft_version": "1.0", "schema_version": "0.9"}
    assert migrations.declared_version(both) == ("draft_version", "1.0")
    assert Draft().draft_version == DRAFT_VERSION


# -- termination: no declared version, no data shape, makes the migrations loop -------------

VERSION_VALUES = [*migrations.RELEASED_VERSIONS, None]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("draft_version", VERSION_VALUES)
@pytest.mark.parametrize("schema_version", VERSION_VALUES)
def test_every_pair_of_declared_versions_terminates(
    draft_version: str | None, schema_version: str | None
) -> None:
    """Both version keys, each absent or any released version: migrating ends at the current
    version. A draft with `draft_version = "0.9"` used to loop forever in migrate_0_9 (it
    kept that key, which overrode the "1.0" it set)."""
    lines = [
        f'{key} = "{value}"'
        for key, value in (("draft_version", draft_version), ("schema_version", schema_version))
        if value is not None
    ]
    text = "\n".join([*lines, "[template]", 'name = "x"', ""])
    try:
        loaded = loads_draft(text)
    except DraftError as exc:  # a clear refusal is fine (no version, or both keys on 1.0)
        assert "\n" not in str(exc)
        return
    assert loaded.draft.draft_version == DRAFT_VERSION
    assert loaded.draft.template == {"name": "x"}


@pytest.mark.parametrize("version", list(migrations.MIGRATIONS))
@pytest.mark.parametrize("key", ["draft_version", "schema_version"])
def test_every_migration_moves_to_a_later_version(version: str, key: str) -> None:
    """The property that bounds the loop: each step ends on a strictly later version."""
    out = migrations.MIGRATIONS[version]({key: version, "template": {}})
    after = migrations.parse_version(out["draft_version"])
    assert after is not None and after > migrations.parse_version(version)


def test_a_migration_that_does_not_advance_is_an_error_not_a_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS, "0.9", lambda data: data)
    with pytest.raises(migrations.MigrationError, match=r"0\.9"):
        migrate({"draft_version": "0.9"}, "0.9")


@pytest.mark.timeout(10)
def test_the_issue_draft_loads_migrated() -> None:
    loaded = loads_draft('draft_version = "0.9"\n[template]\nname = "x"\n')
    assert loaded.draft.template == {"name": "x"}
    assert loaded.file_version == "0.9"
