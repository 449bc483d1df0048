"""`sgp-template validate`: exit codes, human and JSON output, --strict, unreadable files."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import valid_template


def test_valid_draft_exits_0(cli, write_draft) -> None:
    draft = write_draft()
    result = cli("validate", draft)
    assert result.code == 0
    assert f"{draft}: ok" in result.out


def test_error_exits_1_and_names_the_field_path(cli, write_draft) -> None:
    template = valid_template()
    template["vendor_configuration"]["endpoint_config"]["gpu_type"] = "nvidia-h100"
    draft = write_draft("bad.toml", template)
    result = cli("validate", draft)
    assert result.code == 1
    assert "vendor_configuration.endpoint_config.gpu_type:" in result.out
    assert "error" in result.out


def test_json_lists_findings_with_template_relative_paths(cli, write_draft) -> None:
    template = valid_template(
        model_request_parameters_schema={
            "parameters": [{"name": "t", "type": "double", "description": "", "required": False}]
        }
    )
    draft = write_draft("params.toml", template)
    result = cli("validate", "--json", draft)
    assert result.code == 1
    findings = result.json()
    assert {f["path"] for f in findings} == {"model_request_parameters_schema.parameters.0.type"}
    assert all(set(f) == {"file", "path", "severity", "message"} for f in findings)
    assert findings[0]["file"] == str(draft)
    assert findings[0]["severity"] == "error"


def test_warnings_pass_unless_strict(cli, write_draft) -> None:
    template = valid_template()
    template["vendor_configuration"]["endpoint_config"]["max_workers"] = 300
    draft = write_draft("warn.toml", template)

    relaxed = cli("validate", "--json", draft)
    assert relaxed.code == 0
    assert [f["severity"] for f in relaxed.json()] == ["warning"]
    assert relaxed.json()[0]["path"] == "vendor_configuration.endpoint_config.max_workers"

    assert cli("validate", "--strict", draft).code == 1


def test_unreadable_files_are_errors_in_both_outputs(cli, write_draft, tmp_path: Path) -> None:
    good = write_draft()
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(b"\x00\xff\xfe binary \x00")
    not_toml = tmp_path / "broken.toml"
    not_toml.write_text("[template\nname = 'x'\n", encoding="utf-8")
    missing = tmp_path / "missing.toml"
    files = [good, garbage, not_toml, missing, tmp_path]

    human = cli("validate", *files)
    assert human.code == 1
    assert "5 drafts checked: 1 ok, 4 failed" in human.out

    result = cli("validate", "--json", *files)
    assert result.code == 1
    failed = {f["file"]: f for f in result.json()}
    assert set(failed) == {str(garbage), str(not_toml), str(missing), str(tmp_path)}
    assert all(f["path"] == "" and f["severity"] == "error" for f in failed.values())
    assert "line 1" in failed[str(not_toml)]["message"]


def test_overrides_apply_before_validation(cli, write_draft) -> None:
    draft = write_draft()
    fixed = cli(
        "validate",
        "--json",
        draft,
        "--set",
        "vendor_configuration.endpoint_config.gpus=0",
        "--unset",
        "vendor_configuration.endpoint_config.gpu_type",
    )
    assert fixed.code == 0, fixed.out
    broken = cli("validate", "--json", draft, "--unset", "name")
    assert broken.code == 1
    assert [f["path"] for f in broken.json()] == ["name"]


def test_bad_override_is_a_usage_error(cli, write_draft) -> None:
    gpus = "vendor_configuration.endpoint_config.gpus=two"
    result = cli("validate", write_draft(), "--set", gpus)
    assert result.code == 2
    assert result.err.startswith("sgp-template: error: --set")
    assert "Traceback" not in result.err


def test_missing_account_id_comes_from_the_environment(cli, write_draft, monkeypatch) -> None:
    template = valid_template()
    del template["account_id"]
    draft = write_draft("no-account.toml", template)
    without = cli("validate", "--json", draft)
    assert without.code == 1
    assert [f["path"] for f in without.json()] == ["account_id"]

    monkeypatch.setenv("SGP_ACCOUNT_ID", "acct-env")
    assert cli("validate", draft).code == 0
    assert "account_id" not in draft.read_text(encoding="utf-8")


def _two_refs() -> dict:
    template = valid_template()
    bundle = template["vendor_configuration"]["bundle_config"]
    bundle["env"] = {"HF_TOKEN": "${HF_TOKEN}", "AUTH": "Bearer ${HF_TOKEN}", "R": "${REGION}"}
    return template


def test_unset_variables_are_named_once_each_and_fail_nothing(
    cli, write_draft, monkeypatch
) -> None:
    monkeypatch.delenv("HF_TOKEN")
    draft = write_draft(template=_two_refs())
    result = cli("validate", "--strict", "--json", draft)
    assert result.code == 0
    rows = result.json()
    assert [(r["severity"], r["path"]) for r in rows] == [
        ("unset", "vendor_configuration.bundle_config.env.HF_TOKEN"),
        ("unset", "vendor_configuration.bundle_config.env.R"),
    ]
    assert "env.AUTH" in rows[0]["message"] and "${REGION}" in rows[1]["message"]
    human = cli("validate", draft)
    assert human.code == 0 and "ok (2 unset variables)" in human.out


def test_require_env_makes_them_errors(cli, write_draft, monkeypatch) -> None:
    monkeypatch.delenv("HF_TOKEN")
    result = cli("validate", "--require-env", "--json", write_draft(template=_two_refs()))
    assert result.code == 1
    assert [r["severity"] for r in result.json()] == ["error", "error"]


def test_require_env_checks_the_resolved_values_as_submit_does(
    cli, write_draft, monkeypatch
) -> None:
    monkeypatch.setenv("KIND", "NOT_A_TYPE")
    draft = write_draft(template=valid_template(model_type="${KIND}"))
    assert "(got '${KIND}')" in cli("validate", draft).out
    result = cli("validate", "--require-env", draft)
    assert result.code == 1 and "(got '***')" in result.out and "NOT_A_TYPE" not in result.out
