"""`pull` writes no secret: env values whose names look like secrets become ${NAME}."""

from __future__ import annotations

import pytest

from tests.cli.conftest import SECRET, valid_template
from tui.core.interpolation import looks_secret, secret_env_as_references


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("HF_TOKEN", True),
        ("OPENAI_API_KEY", True),
        ("apiKey", True),
        ("DB-PASSWORDS", True),
        ("AUTH_HEADER", True),
        ("private.key", True),
        ("MONKEY", False),
        ("KEYBOARD_LAYOUT", False),
        ("PASSPORT_OFFICE", False),
        ("MODEL_ID", False),
    ],
)
def test_a_secret_word_must_be_a_word_of_the_name(name: str, secret: bool) -> None:
    assert looks_secret(name) is secret


def test_only_secret_looking_values_become_references() -> None:
    body = valid_template()
    body["vendor_configuration"]["bundle_config"]["env"] = {
        "HF_TOKEN": "hf_plain",
        "my-api-key": "k1",
        "MODEL": "llama",
        "AUTH": "${ALREADY}",
    }
    new, used = secret_env_as_references(body)
    assert new["vendor_configuration"]["bundle_config"]["env"] == {
        "HF_TOKEN": "${HF_TOKEN}",
        "my-api-key": "${my_api_key}",
        "MODEL": "llama",
        "AUTH": "${ALREADY}",
    }
    assert list(used) == ["HF_TOKEN", "my_api_key"]
    assert body["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] == "hf_plain"


@pytest.fixture
def stored_id(cli, write_draft, sandbox) -> str:
    template = valid_template()
    template["vendor_configuration"]["bundle_config"]["env"]["LOG_LEVEL"] = "debug"
    assert cli("submit", write_draft("source.toml", template)).code == 0
    return sandbox.store.all()[0]["id"]


def test_pull_writes_references_and_says_what_to_export(cli, tmp_path, stored_id) -> None:
    target = tmp_path / "pulled.toml"
    result = cli("pull", stored_id, "-o", target)
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    assert SECRET not in text + result.out + result.err
    assert 'HF_TOKEN = "${HF_TOKEN}"' in text and 'LOG_LEVEL = "debug"' in text
    assert "export HF_TOKEN (for vendor_configuration.bundle_config.env.HF_TOKEN)" in result.err
    assert "(LOG_LEVEL)" in result.err  # the plain value left is still pointed out
    assert cli("submit", target).out.startswith(f"exists {stored_id}")


def test_keep_secret_values_writes_what_the_server_stored(cli, stored_id) -> None:
    result = cli("pull", stored_id, "--keep-secret-values")
    assert f'HF_TOKEN = "{SECRET}"' in result.out
    assert "HF_TOKEN" in result.err and "replace secrets" in result.err
