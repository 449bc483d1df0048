"""Dotted field paths: the shared address of findings, overrides and form fields."""

from __future__ import annotations

import pytest

from tui.core.paths import format_path, get_path, parse_path, set_path, strip_nulls, unset_path


def test_parse_and_format_round_trip() -> None:
    parts = parse_path("model_request_parameters_schema.parameters.0.type")
    assert parts == ("model_request_parameters_schema", "parameters", 0, "type")
    assert format_path(parts) == "model_request_parameters_schema.parameters.0.type"


@pytest.mark.parametrize("text", ["", ".a", "a.", "a..b"])
def test_malformed_paths_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="invalid field path"):
        parse_path(text)


def test_get_path_tolerates_missing_and_wrong_kinds() -> None:
    data = {"a": {"b": [10, {"c": 1}]}, "s": "text"}
    assert get_path(data, ("a", "b", 1, "c")) == 1
    assert get_path(data, ("a", "b", 5), "missing") == "missing"
    assert get_path(data, ("s", "x"), "missing") == "missing"
    assert get_path(data, ("a", "b", "c"), "missing") == "missing"


def test_set_path_creates_tables_and_appends_list_items() -> None:
    data: dict = {}
    set_path(data, parse_path("a.b.c"), 1)
    set_path(data, parse_path("a.items.0.name"), "x")
    set_path(data, parse_path("a.items.1.name"), "y")
    assert data == {"a": {"b": {"c": 1}, "items": [{"name": "x"}, {"name": "y"}]}}


def test_set_path_refuses_out_of_range_indices() -> None:
    data = {"a": []}
    with pytest.raises(ValueError, match="out of range"):
        set_path(data, parse_path("a.3"), 1)


def test_unset_path_reports_whether_something_was_removed() -> None:
    data = {"a": {"b": 1}, "l": [1, 2]}
    assert unset_path(data, ("a", "b")) is True
    assert unset_path(data, ("a", "b")) is False
    assert unset_path(data, ("l", 0)) is True
    assert data == {"a": {}, "l": [2]}


def test_strip_nulls_is_deep_and_does_not_mutate() -> None:
    data = {"a": None, "b": {"c": None, "d": [1, None]}, "e": 0}
    assert strip_nulls(data) == {"b": {"d": [1]}, "e": 0}
    assert data["a"] is None
