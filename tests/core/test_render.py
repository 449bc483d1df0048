"""tui.core.render: pure renderings of a request body."""

from __future__ import annotations

import ast
import json
import shlex
import subprocess
import sys
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
    assert render(BODY, "json") == to_json(BODY)  # nothing to redact in BODY
    assert {fmt: bool(render(BODY, fmt)) for fmt in FORMATS} == dict.fromkeys(FORMATS, True)
    with pytest.raises(ValueError, match="yaml"):
        render(BODY, "yaml")


WITH_REFERENCES = {
    **BODY,
    "name": "a $HOME `x` \\d $(rm -rf /) $${HOME}",
    "vendor_configuration": {
        "bundle_config": {
            **BODY["vendor_configuration"]["bundle_config"],
            "env": {"HF_TOKEN": "${HF_TOKEN}", "AUTH": "Bearer ${HF_TOKEN}-${REGION}"},
        },
    },
}
ENV_VALUES = {"HF_TOKEN": "hf_runtime_VALUE", "REGION": "us-west-2"}
RESOLVED = {
    **WITH_REFERENCES,
    "name": "a $HOME `x` \\d $(rm -rf /) ${HOME}",
    "vendor_configuration": {
        "bundle_config": {
            **BODY["vendor_configuration"]["bundle_config"],
            "env": {"HF_TOKEN": "hf_runtime_VALUE", "AUTH": "Bearer hf_runtime_VALUE-us-west-2"},
        },
    },
}


def _run_fake_curl(tmp_path, command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    fake = tmp_path / "curl"
    fake.write_text("#!/bin/sh\ncat > body.json\n")
    fake.chmod(0o755)
    full_env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "SGP_API_KEY": "k-123", **env}
    return subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=full_env, capture_output=True, timeout=10
    )


def test_curl_reads_each_variable_when_it_runs_and_expands_nothing_else(tmp_path) -> None:
    command = to_curl(WITH_REFERENCES)
    assert "hf_runtime_VALUE" not in command and "***" not in command
    assert _run_fake_curl(tmp_path, command, ENV_VALUES).returncode == 0
    assert json.loads((tmp_path / "body.json").read_text()) == RESOLVED


def test_curl_stops_on_an_unset_variable_instead_of_sending_it_empty(tmp_path) -> None:
    result = _run_fake_curl(tmp_path, to_curl(WITH_REFERENCES), {"HF_TOKEN": "x"})
    assert b"REGION" in result.stderr
    assert not (tmp_path / "body.json").exists()


def test_python_reads_each_variable_from_os_environ(tmp_path) -> None:
    """Run the snippet with a stand-in `scale_gp` that writes what `create` got."""
    package = tmp_path / "scale_gp"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import json, types\n"
        "class SGPClient:\n"
        "    def __init__(self, **kw):\n"
        "        self.model_templates = types.SimpleNamespace(create=self.create)\n"
        "    def create(self, **body):\n"
        "        json.dump(body, open('body.json', 'w'))\n"
        "        return types.SimpleNamespace(id='t-1')\n"
    )
    code = to_python(WITH_REFERENCES)
    assert "hf_runtime_VALUE" not in code and "***" not in code
    env = {"PYTHONPATH": str(tmp_path), "SGP_API_KEY": "k", **ENV_VALUES}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, timeout=20)
    assert json.loads((tmp_path / "body.json").read_text()) == RESOLVED


def test_json_masks_references_and_toml_keeps_them() -> None:
    shown = json.loads(render(WITH_REFERENCES, "json"))
    assert shown["vendor_configuration"]["bundle_config"]["env"] == {
        "HF_TOKEN": "***",
        "AUTH": "***",
    }
    assert shown["name"] == RESOLVED["name"]  # $${ is a literal ${, not a reference
    data = tomllib.loads(to_toml(WITH_REFERENCES))
    assert data["template"] == WITH_REFERENCES
