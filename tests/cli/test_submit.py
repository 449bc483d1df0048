"""`sgp-template submit` against the local sandbox: dry run, created/exists/failed, exit codes."""

from __future__ import annotations

import json

from tests.cli.conftest import ACCOUNT, API_KEY, SECRET, valid_template
from tui.sandbox import Fault


def test_dry_run_prints_the_redacted_body_and_needs_no_key(cli, write_draft) -> None:
    result = cli("submit", "--dry-run", write_draft())
    assert result.code == 0, result.err
    assert "dry run" in result.out
    assert SECRET not in result.out
    body = json.loads(result.out.split("\n", 1)[1])
    assert body["vendor_configuration"]["bundle_config"]["env"] == {"HF_TOKEN": "***"}


def test_dry_run_json_lists_each_body(cli, write_draft) -> None:
    files = [write_draft("a.toml"), write_draft("b.toml", valid_template(name="b"))]
    rows = cli("submit", "--dry-run", "--json", *files).json()
    assert [(r["file"], r["status"], r["id"]) for r in rows] == [
        (str(files[0]), "dry-run", None),
        (str(files[1]), "dry-run", None),
    ]
    assert rows[1]["body"]["name"] == "b"


def test_missing_variable_is_a_validation_error_naming_it(cli, write_draft, monkeypatch) -> None:
    monkeypatch.delenv("HF_TOKEN")
    result = cli("submit", "--dry-run", write_draft())
    assert result.code == 1
    assert "HF_TOKEN" in result.err
    assert "vendor_configuration.bundle_config.env.HF_TOKEN" in result.err


def test_created_then_exists(cli, write_draft, sandbox) -> None:
    draft = write_draft()
    before = draft.read_bytes()
    first = cli("submit", draft)
    assert first.code == 0, first.err
    [stored] = sandbox.store.all()
    assert first.out == f"created {stored['id']}  {draft}\n"
    assert stored["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] == SECRET

    second = cli("submit", draft)
    assert second.code == 0
    assert second.out == f"exists {stored['id']}  {draft}\n"
    assert sandbox.store.count() == 1
    [line] = json.loads(cli("submit", draft, "--json").out)
    assert line["status"] == "exists" and "use --force to create another" in line["message"]
    assert draft.read_bytes() == before


def test_force_creates_a_second_copy(cli, write_draft, sandbox) -> None:
    draft = write_draft()
    assert cli("submit", draft).code == 0
    assert cli("submit", "--force", draft).code == 0
    assert sandbox.store.count() == 2


def test_many_drafts_concurrently_with_json(cli, write_draft, sandbox) -> None:
    files = [write_draft(f"d{i}.toml", valid_template(name=f"model-{i}")) for i in range(6)]
    result = cli("submit", "--json", "--concurrency", "3", *files)
    assert result.code == 0, result.err
    rows = result.json()
    assert [r["file"] for r in rows] == [str(f) for f in files]
    assert {r["status"] for r in rows} == {"created"}
    assert {r["id"] for r in rows} == {t["id"] for t in sandbox.store.all()}
    assert all(set(r) == {"file", "status", "id", "message"} for r in rows)


def test_one_invalid_draft_stops_everything(cli, write_draft, sandbox) -> None:
    good = write_draft("good.toml")
    bad = write_draft("bad.toml", valid_template(endpoint_type="FAST"))
    result = cli("submit", good, bad)
    assert result.code == 1
    assert sandbox.store.count() == 0
    assert f"invalid {bad}: not sent (1 finding above)" in result.out
    assert f"{bad}: error: endpoint_type:" in result.err
    assert "nothing was sent" in result.err


def test_an_unset_variable_is_printed_once_and_the_hint_tells_the_truth(
    cli, write_draft, monkeypatch
) -> None:
    monkeypatch.delenv("HF_TOKEN")
    draft = write_draft()
    result = cli("submit", draft)
    assert result.code == 1
    assert (result.out + result.err).count("HF_TOKEN} is not set") == 1
    assert "validate --require-env" in result.err
    validated = cli("validate", "--require-env", draft)
    assert validated.code == 1 and "HF_TOKEN} is not set" in validated.out


def test_json_invalid_outcome_carries_every_finding(cli, write_draft, monkeypatch) -> None:
    monkeypatch.delenv("HF_TOKEN")
    result = cli("submit", "--json", write_draft(template=valid_template(endpoint_type="FAST")))
    [row] = result.json()
    assert row["status"] == "invalid"
    assert {f["path"] for f in row["findings"]} == {
        "vendor_configuration.bundle_config.env.HF_TOKEN",
        "endpoint_type",
    }
    assert "HF_TOKEN" not in result.err


def test_strict_refuses_warnings(cli, write_draft, sandbox) -> None:
    template = valid_template()
    template["vendor_configuration"]["endpoint_config"]["max_workers"] = 300
    draft = write_draft(template=template)
    assert cli("submit", "--strict", draft).code == 1
    assert sandbox.store.count() == 0


def test_rejected_by_the_server_is_an_api_failure(cli, write_draft, sandbox) -> None:
    detail = [{"loc": ["body", "name"], "msg": "name is taken", "type": "value_error"}]
    sandbox.faults.script("POST", "/v4/model-templates", Fault.error(422, detail))
    draft = write_draft()
    result = cli("submit", draft)
    assert result.code == 3
    assert result.out.startswith(f"failed {draft}: ")
    assert len(result.out.strip().splitlines()) == 1
    assert "name" in result.out


def test_a_wrong_key_fails_without_printing_any_key(cli, write_draft, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("SGP_API_KEY", "sk-wrong-WRONGKEY-1")
    result = cli("submit", "--json", write_draft())
    assert result.code == 3
    [row] = result.json()
    assert row["status"] == "failed" and row["id"] is None
    for text in (result.out, result.err):
        assert "WRONGKEY" not in text and API_KEY not in text


def test_account_id_is_filled_from_the_flag(cli, write_draft, sandbox) -> None:
    template = valid_template()
    del template["account_id"]
    result = cli("submit", write_draft(template=template), "--account-id", ACCOUNT)
    assert result.code == 0, result.out + result.err
    assert sandbox.store.all()[0]["account_id"] == ACCOUNT


def test_embedded_sandbox_flag(cli, write_draft) -> None:
    result = cli("submit", "--sandbox", "--sandbox-db", ":memory:", write_draft())
    assert result.code == 0, result.err
    assert result.out.startswith("created ")


def test_missing_key_is_a_usage_error(cli, write_draft) -> None:
    result = cli("submit", write_draft(), "--base-url", "https://sgp.invalid")
    assert result.code == 2
    assert "SGP_API_KEY" in result.err


def test_plain_http_to_a_remote_host_is_refused(cli, write_draft, monkeypatch) -> None:
    monkeypatch.setenv("SGP_API_KEY", API_KEY)
    result = cli("submit", write_draft(), "--base-url", "http://sgp.example.com")
    assert result.code == 2
    assert "--allow-insecure-http" in result.err
    assert API_KEY not in result.err


def test_dry_run_never_quotes_a_cut_secret(cli, write_draft, monkeypatch) -> None:
    token = "HF-CANARY-456-" + "x" * 60
    monkeypatch.setenv("HF_TOKEN", token)
    result = cli(
        "submit", "--dry-run", write_draft(template=valid_template(model_type="${HF_TOKEN}"))
    )
    assert result.code == 1
    assert "(got '***')" in result.err
    assert "HF-CANARY" not in result.out + result.err


def test_a_short_key_masks_no_letters_of_the_message(
    cli, write_draft, sandbox, monkeypatch
) -> None:
    monkeypatch.setenv("SGP_API_KEY", "k")
    result = cli("submit", write_draft())
    assert result.code == 3
    assert "API key was rejected" in result.out + result.err
    assert "***" not in result.out + result.err
