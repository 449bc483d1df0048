"""Hostile drafts get a finding or a clear message, never a traceback; --json output is
always JSON; an internal error has an exit code of its own and asks to be reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main as cli_main
from tui.cli.output import EXIT_INTERNAL, EXIT_INVALID

HEADER = 'draft_version = "1.0"\n[template]\n'
FORMATS = ["json", "toml", "curl", "python"]

HOSTILE = {
    "datetime": HEADER + "name = 1979-05-27T07:32:00Z\n",
    "date_and_time": HEADER + "name = 1979-05-27\naccount_id = 07:32:00\n",
    "deep_inline_tables": HEADER + "name = " + "{a=" * 400 + "1" + "}" * 400 + "\n",
    "deep_arrays": HEADER + "name = " + "[" * 600 + "1" + "]" * 600 + "\n",
    "deep_under_the_parser_limit": HEADER + "name = " + "[" * 250 + "1" + "]" * 250 + "\n",
}


@pytest.fixture
def hostile(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE[request.param], encoding="utf-8")
    return path


@pytest.mark.timeout(30)
@pytest.mark.parametrize("hostile", sorted(HOSTILE), indirect=True)
@pytest.mark.parametrize("fmt", FORMATS)
def test_show_never_crashes(cli, hostile: Path, fmt: str) -> None:
    result = cli("show", hostile, "--format", fmt)
    assert result.code == EXIT_INVALID, result.err
    assert "Traceback" not in result.err
    assert "error" in result.err
    if fmt == "json" and result.out:
        json.loads(result.out)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("hostile", sorted(HOSTILE), indirect=True)
@pytest.mark.parametrize("argv", [["validate", "--json"], ["submit", "--dry-run", "--json"]])
def test_json_output_is_always_json(cli, hostile: Path, argv: list[str]) -> None:
    result = cli(argv[0], hostile, *argv[1:])
    assert result.code == EXIT_INVALID, result.err
    data = json.loads(result.out)
    assert "Traceback" not in result.err
    first = data[0]
    assert first["status"] == "invalid" if argv[0] == "submit" else first["severity"] == "error"


def test_an_internal_error_has_its_own_exit_code_and_asks_to_be_reported(cli, monkeypatch) -> None:
    def boom(args):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr("tui.cli.commands.schema.run", boom)
    result = cli("schema")
    assert result.code == EXIT_INTERNAL
    assert result.code not in (0, 1, 2, 3, 130)
    last = result.err.strip().splitlines()[-1]
    assert "internal error" in last and "report" in last
    assert "ZeroDivisionError: bug" in result.err  # the traceback, for the report


def test_an_internal_error_under_json_still_prints_json(cli, write_draft, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("tui.cli.prepare.check", boom)
    result = cli("validate", write_draft(), "--json")
    assert result.code == EXIT_INTERNAL
    assert json.loads(result.out)["error"]["exit_code"] == EXIT_INTERNAL


def test_an_expected_error_under_json_prints_json(cli, write_draft) -> None:
    result = cli("validate", write_draft(), "--json", "--set", "nope")
    assert result.code == 2
    assert "nope" in json.loads(result.out)["error"]["message"]


def test_internal_exit_code_is_documented() -> None:
    from tui.cli.options import EXIT_HELP

    assert f"{EXIT_INTERNAL} internal error" in EXIT_HELP
    assert cli_main.EXIT_INTERNAL == EXIT_INTERNAL
