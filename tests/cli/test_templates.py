"""`pull`, `list`, `delete` and `schema` against the local sandbox."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import valid_template


@pytest.fixture
def created_id(cli, write_draft, sandbox) -> str:
    assert cli("submit", write_draft("source.toml")).code == 0
    return sandbox.store.all()[0]["id"]


def test_pull_to_file_then_validate_round_trip(cli, tmp_path, created_id) -> None:
    target = tmp_path / "pulled.toml"
    result = cli("pull", created_id, "-o", target)
    assert result.code == 0, result.err
    assert f"wrote {target}" in result.err
    text = target.read_text(encoding="utf-8")
    assert 'name = "vllm-a10"' in text
    assert cli("validate", target).code == 0
    # Re-submitting the pulled draft finds the same template instead of creating another.
    assert cli("submit", target).out.startswith(f"exists {created_id}")


def test_pull_to_stdout(cli, created_id) -> None:
    out = cli("pull", created_id).out
    assert out.startswith("draft_version") or out.startswith("#:schema")
    assert "[template]" in out


def test_pull_refuses_to_overwrite_without_force(cli, tmp_path, created_id) -> None:
    target = tmp_path / "keep.toml"
    target.write_text("precious", encoding="utf-8")
    result = cli("pull", created_id, "-o", target)
    assert result.code == 1
    assert "--force" in result.err
    assert target.read_text(encoding="utf-8") == "precious"
    assert cli("pull", created_id, "-o", target, "--force").code == 0
    assert "[template]" in target.read_text(encoding="utf-8")


def test_pull_unknown_id_is_an_api_failure(cli, sandbox) -> None:
    result = cli("pull", "no-such-id")
    assert result.code == 3
    assert result.err.startswith("sgp-template: error:")
    assert "Traceback" not in result.err


def test_list_table_and_json_cover_every_page(cli, write_draft, sandbox) -> None:
    files = [write_draft(f"t{i}.toml", valid_template(name=f"model-{i}")) for i in range(3)]
    assert cli("submit", *files).code == 0
    table = cli("list")
    assert table.code == 0
    lines = table.out.strip().splitlines()
    assert lines[0].split() == ["ID", "NAME", "ENDPOINT", "MODEL", "CREATED"]
    assert sorted(line.split()[1] for line in lines[1:]) == ["model-0", "model-1", "model-2"]

    rows = cli("list", "--json").json()
    assert sorted(r["name"] for r in rows) == ["model-0", "model-1", "model-2"]
    assert all({"id", "created_at", "vendor_configuration"} <= set(r) for r in rows)


def test_list_walks_pages(cli, write_draft, sandbox, monkeypatch) -> None:
    from tui.core.client import SGPClient

    pages: list[int] = []
    real_list_page = SGPClient.list_page

    async def small_pages(self, page: int = 1, limit: int = 100, account_id=None):
        pages.append(page)
        return await real_list_page(self, page=page, limit=2, account_id=account_id)

    monkeypatch.setattr(SGPClient, "list_page", small_pages)
    for i in range(5):
        sandbox.store.add(
            {
                **valid_template(name=f"m{i}"),
                "id": f"id-{i}",
                "created_at": "2025-01-01T00:00:00Z",
                "created_by_user_id": "u",
            }
        )
    rows = cli("list", "--json").json()
    assert sorted(r["id"] for r in rows) == [f"id-{i}" for i in range(5)]
    assert len(pages) >= 3


def test_delete_needs_yes_without_a_terminal(cli, sandbox, created_id) -> None:
    result = cli("delete", created_id)
    assert result.code == 2
    assert "--yes" in result.err
    assert sandbox.store.count() == 1

    assert cli("delete", created_id, "--yes").out == f"deleted {created_id}\n"
    assert sandbox.store.count() == 0
    assert cli("delete", created_id, "--yes").code == 3


def test_delete_asks_on_a_terminal(cli, sandbox, created_id, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cli("delete", created_id).code == 0
    assert sandbox.store.count() == 1
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert cli("delete", created_id).code == 0
    assert sandbox.store.count() == 0


def test_schema_is_json_schema_for_the_draft(cli) -> None:
    result = cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert "template" in schema["properties"]


def test_pull_warns_that_env_values_come_back_resolved(
    cli, write_draft, sandbox, tmp_path, monkeypatch
) -> None:
    template = valid_template()
    template["vendor_configuration"]["bundle_config"]["env"] = {"HF_TOKEN": "${HF_TOKEN}"}
    monkeypatch.setenv("HF_TOKEN", "hf-secret-value")
    assert cli("submit", write_draft("secret.toml", template)).code == 0
    created = sandbox.store.all()[0]["id"]
    result = cli("pull", created, "--keep-secret-values", "-o", tmp_path / "pulled.toml")
    assert result.code == 0
    assert "bundle_config.env holds the values the server stored (HF_TOKEN)" in result.err
    assert "hf-secret-value" not in result.err


def test_pull_and_delete_report_as_json(cli, sandbox, created_id, tmp_path) -> None:
    pulled = cli("pull", created_id, "--json").json()
    assert pulled["id"] == created_id and pulled["file"] is None
    assert pulled["draft"]["template"]["name"] == "vllm-a10"
    target = tmp_path / "p.toml"
    written = cli("pull", created_id, "-o", target, "--json").json()
    assert written["file"] == str(target) and target.is_file()
    assert cli("delete", created_id, "--yes", "--json").json() == {
        "id": created_id,
        "deleted": True,
    }
