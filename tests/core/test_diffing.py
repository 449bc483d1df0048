"""diff_bodies: field paths of what differs, the server's defaults applied to both sides."""

from __future__ import annotations

import copy

from tests.core.conftest import minimal_body
from tui.core.diffing import Change, changed_paths, diff_bodies, render_unified


def test_identical_once_defaults_apply() -> None:
    draft = minimal_body()
    stored = copy.deepcopy(draft)
    stored["vendor_configuration"]["endpoint_config"] = {"max_workers": 1}  # its default
    stored["vendor_configuration"]["bundle_config"]["env"] = None
    assert diff_bodies(stored, draft) == []


def test_changed_added_and_removed_fields_by_path() -> None:
    server = minimal_body()
    draft = copy.deepcopy(server)
    bundle = draft["vendor_configuration"]["bundle_config"]
    bundle["tag"] = "0.7.0"
    draft["endpoint_protocol"] = "VLLM"
    draft["vendor_configuration"]["endpoint_config"] = {"gpu_type": "nvidia-ampere-a10"}
    changes = {c.path: c for c in diff_bodies(server, draft)}
    tag = "vendor_configuration.bundle_config.tag"
    assert changes[tag] == Change(tag, "changed", "0.6.3", "0.7.0")
    assert changes["endpoint_protocol"].kind == "added"
    gpu_type = "vendor_configuration.endpoint_config.gpu_type"
    assert changes[gpu_type] == Change(gpu_type, "added", None, "nvidia-ampere-a10")
    assert sorted(changes) == ["endpoint_protocol", tag, gpu_type]
    back = {c.path: c.kind for c in diff_bodies(draft, server)}
    assert back[gpu_type] == "removed"


def test_lists_of_equal_length_compare_item_by_item() -> None:
    server = minimal_body()
    draft = copy.deepcopy(server)
    draft["vendor_configuration"]["bundle_config"]["command"][2] = "other"
    assert changed_paths(diff_bodies(server, draft)) == [
        "vendor_configuration.bundle_config.command.2"
    ]
    draft["vendor_configuration"]["bundle_config"]["command"].append("--x")
    assert changed_paths(diff_bodies(server, draft)) == [
        "vendor_configuration.bundle_config.command"
    ]


def test_unified_rendering_names_paths_and_scrubs() -> None:
    changes = [
        Change("a.b", "changed", 1, 2),
        Change("env.TOKEN", "added", new="secret-value"),
        Change("c", "removed", old="x"),
    ]
    text = render_unified(changes, "server t1", "draft.toml", lambda s: s.replace("secret", "***"))
    assert text.splitlines() == [
        "--- server t1",
        "+++ draft.toml",
        "@@ a.b @@",
        "-1",
        "+2",
        "@@ env.TOKEN @@",
        '+"***-value"',
        "@@ c @@",
        '-"x"',
    ]
