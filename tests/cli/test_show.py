"""`sgp-template show`: the exact body in four formats, with secrets never printed."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.cli.conftest import ACCOUNT, API_KEY, SECRET, valid_template
from tui.core.drafts import DRAFT_VERSION
from tui.core.findings import validate_template

FORMATS = ["json", "toml", "curl", "python"]


@pytest.fixture(autouse=True)
def api_key_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SGP_API_KEY", API_KEY)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_format(cli, write_draft, fmt: str) -> None:
    result = cli("show", write_draft(), "--format", fmt)
    assert result.code == 0, result.err
    for text in (result.out, result.err):
        assert SECRET not in text
        assert API_KEY not in text
    shown = {"json": '"***"', "toml": '"${HF_TOKEN}"'}
    assert shown.get(fmt, "HF_TOKEN") in result.out
    assert "***" not in result.out or fmt == "json"  # a snippet never sends the mask


def test_json_is_the_exact_request_body(cli, write_draft) -> None:
    template = valid_template()
    body = json.loads(cli("show", write_draft(template=template)).out)
    expected = validate_template(template).model.body()
    expected["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] = "***"
    assert body == expected
    assert "null" not in json.dumps(body)


def test_toml_is_a_draft_of_the_body_keeping_references(cli, write_draft) -> None:
    data = tomllib.loads(cli("show", write_draft(), "-f", "toml").out)
    assert data["draft_version"] == DRAFT_VERSION
    assert data["template"]["name"] == "vllm-a10"
    env = data["template"]["vendor_configuration"]["bundle_config"]["env"]
    assert env == {"HF_TOKEN": "${HF_TOKEN}"}


def test_curl_reads_the_key_from_the_environment(cli, write_draft, monkeypatch) -> None:
    monkeypatch.setenv("SGP_CLIENT_BASE_URL", "https://sgp.example.com/")
    out = cli("show", write_draft(), "-f", "curl").out
    assert '"x-api-key: $SGP_API_KEY"' in out
    assert "https://sgp.example.com/v4/model-templates" in out


def test_python_uses_the_official_sdk(cli, write_draft, monkeypatch) -> None:
    monkeypatch.setenv("SGP_ACCOUNT_ID", ACCOUNT)
    out = cli("show", write_draft(), "-f", "python").out
    assert 'os.environ["SGP_API_KEY"]' in out
    assert "client.model_templates.create(**body)" in out
    compile(out, "<snippet>", "exec")


def test_account_id_is_filled_in_the_body_not_the_file(cli, write_draft, monkeypatch) -> None:
    template = valid_template()
    del template["account_id"]
    draft = write_draft(template=template)
    before = draft.read_bytes()
    result = cli("show", draft, "--account-id", "acct-flag")
    assert result.code == 0
    assert json.loads(result.out)["account_id"] == "acct-flag"
    assert draft.read_bytes() == before


def test_invalid_draft_still_shows_but_exits_1(cli, write_draft) -> None:
    result = cli("show", write_draft(template=valid_template(model_type="BUNDLE")))
    assert result.code == 1
    assert json.loads(result.out)["model_type"] == "BUNDLE"
    assert "model_type" in result.err


def test_unreadable_draft_exits_1(cli, tmp_path) -> None:
    result = cli("show", tmp_path / "nope.toml")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("sgp-template: error:")


def test_bad_format_is_a_usage_error(cli, write_draft) -> None:
    assert cli("show", write_draft(), "--format", "yaml").code == 2


@pytest.mark.parametrize("argv", [("show",), ("submit", "--dry-run")])
def test_an_escaped_reference_is_shown_as_the_literal_it_sends(cli, write_draft, argv) -> None:
    template = valid_template()
    template["vendor_configuration"]["bundle_config"]["env"]["LITERAL"] = "$${HOME}"
    out = cli(*argv, write_draft(template=template)).out
    assert '"LITERAL": "${HOME}"' in out and '"HF_TOKEN": "***"' in out
