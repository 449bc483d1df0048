"""tui.core.render: pure renderings of a request body."""

from __future__ import annotations

import ast
import json
import shlex
import subprocess
import tomllib

import pytest

from tui.core.render import FORMATS, python_literal, render, to_curl, to_json, to_python, to_toml

BODY = {
    "name": 'it\'s "quoted"\nand $HOME',
    "endpoint_type": "SYNC",
    "model_type": "COMPLETION",
    "account_id": "acct 1",
    "vendor_configuration": {
        "bundle_config": {
            "registry": "r",
            "image": "i",
            "tag": "1",
            "command": ["a", "JSON", "$(rm -rf /)"],
            "env": {},
        },
        "endpoint_config": {"gpus": 0, "high_priority": False},
    },
}


def test_json_round_trips_in_order() -> None:
    text = to_json(BODY)
    assert json.loads(text) == BODY
    assert list(json.loads(text)) == list(BODY)


def test_toml_is_a_loadable_draft() -> None:
    data = tomllib.loads(to_toml(BODY))
    assert data["template"] == BODY
    assert data["draft_version"]


def test_python_literal_evaluates_to_the_body() -> None:
    assert ast.literal_eval(python_literal(BODY)) == BODY
    assert python_literal([]) == "[]"
    assert python_literal({}) == "{}"


def test_python_snippet_passes_the_body_to_the_sdk() -> None:
    code = to_python(BODY, "https://sgp.example.com", "acct-1")
    tree = ast.parse(code)
    assigns = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert ast.literal_eval(assigns["body"]) == BODY
    assert 'api_key=os.environ["SGP_API_KEY"]' in code
    assert "account_id='acct-1'" in code
    assert "base_url='https://sgp.example.com'" in code


def test_python_snippet_omits_the_default_base_url() -> None:
    assert "base_url" not in to_python(BODY)


def test_curl_sends_the_body_verbatim_through_the_shell(tmp_path) -> None:
    """Run the command with a fake curl that dumps its arguments and stdin."""
    fake = tmp_path / "curl"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > args.txt\ncat > body.json\n')
    fake.chmod(0o755)
    command = to_curl(BODY, "https://sgp.example.com/", "acct 1")
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "SGP_API_KEY": "k-123"}
    subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, check=True, timeout=10)
    assert json.loads((tmp_path / "body.json").read_text()) == BODY
    args = (tmp_path / "args.txt").read_text().splitlines()
    assert "https://sgp.example.com/v4/model-templates" in args
    assert "x-api-key: k-123" in args
    assert "x-selected-account-id: acct 1" in args
    assert "$SGP_API_KEY" in command and "k-123" not in command


def test_curl_without_account_has_no_account_header() -> None:
    assert "x-selected-account-id" not in to_curl(BODY)
    assert shlex.quote("https://api.egp.scale.com/v4/model-templates") in to_curl(BODY)


def test_render_dispatches_and_rejects_unknown_formats() -> None:
    assert render(BODY, "json") == to_json(BODY)
    assert {fmt: bool(render(BODY, fmt)) for fmt in FORMATS} == dict.fromkeys(FORMATS, True)
    with pytest.raises(ValueError, match="yaml"):
        render(BODY, "yaml")
