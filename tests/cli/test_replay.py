"""diff, plan and apply against the sandbox: a folder with one new, one identical and one
drifted draft, in two environments (profiles) of one config file."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.conftest import API_KEY, SECRET, Run, valid_template
from tui.core.drafts import Draft, dumps_draft
from tui.sandbox import Sandbox

PROFILES = {"dev": "acct-dev", "prod": "acct-prod"}
TAG = "vendor_configuration.bundle_config.tag"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A sandbox, and a config file whose two profiles point at two accounts on it."""
    with Sandbox(api_key=API_KEY) as sb:
        config = tmp_path / "config.toml"
        config.write_text(
            "".join(
                f'[profiles.{name}]\nbase_url = "{sb.base_url}"\naccount_id = "{account}"\n'
                f'api_key_env = "SGP_{name.upper()}_KEY"\n\n'
                for name, account in PROFILES.items()
            ),
            encoding="utf-8",
        )
        monkeypatch.setenv("SGP_TEMPLATE_CONFIG", str(config))
        for name in PROFILES:
            monkeypatch.setenv(f"SGP_{name.upper()}_KEY", API_KEY)
        yield sb


def draft(name: str, tag: str = "0.6.3") -> dict[str, Any]:
    template = valid_template(name=name)
    del template["account_id"]  # each profile's account fills it
    template["vendor_configuration"]["bundle_config"]["tag"] = tag
    return template


def sent(template: dict[str, Any], account: str, **endpoint: Any) -> dict[str, Any]:
    """The body a draft makes in `account`, with ${HF_TOKEN} resolved."""
    body = copy.deepcopy(template)
    body["account_id"] = account
    body["vendor_configuration"]["bundle_config"]["env"] = {"HF_TOKEN": SECRET}
    body["vendor_configuration"]["endpoint_config"].update(endpoint)
    return body


def create_on(sb: Sandbox, body: dict[str, Any]) -> str:
    response = httpx.post(
        f"{sb.base_url}/v4/model-templates", json=body, headers={"x-api-key": sb.api_key}
    )
    response.raise_for_status()
    return str(response.json()["id"])


def templates_of(sb: Sandbox, account: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{sb.base_url}/v4/model-templates",
        params={"account_id": account, "limit": 100},
        headers={"x-api-key": sb.api_key},
    )
    return list(response.json()["items"])


@pytest.fixture
def folder(tmp_path: Path, server: Sandbox) -> Path:
    """new.toml (not on the server), same.toml (there, identical once its profile's
    overrides apply) and drifted.toml (there with another tag), in both accounts."""
    root = tmp_path / "drafts"
    (root / "nested").mkdir(parents=True)
    same = draft("same-model")
    prod_workers = {"vendor_configuration": {"endpoint_config": {"max_workers": 4}}}
    files = {
        "new.toml": Draft(template=draft("new-model")),
        "nested/same.toml": Draft(template=same, profiles={"prod": prod_workers}),
        "drifted.toml": Draft(template=draft("drift-model", tag="0.7.0")),
    }
    for name, content in files.items():
        (root / name).write_text(dumps_draft(content), encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "ignored.toml").write_text("not a draft", encoding="utf-8")
    for profile, account in PROFILES.items():
        workers = {"max_workers": 4} if profile == "prod" else {}
        create_on(server, sent(same, account, **workers))
        create_on(server, sent(draft("drift-model"), account))
    return root


Cli = Callable[..., Run]


def by_file(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(e["file"]).name: e for e in entries}


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_plan_tells_create_exists_and_drift(cli: Cli, folder: Path, profile: str) -> None:
    result = cli("plan", folder, "--profile", profile, "--json")
    assert result.code == 2, result.err
    plan = by_file(result.json())
    assert plan["new.toml"]["action"] == "create"
    assert plan["same.toml"]["action"] == "exists" and plan["same.toml"]["template_id"]
    assert plan["drifted.toml"]["action"] == "drift"
    assert plan["drifted.toml"]["paths"] == [TAG]
    assert {e["account_id"] for e in plan.values()} == {PROFILES[profile]}
    assert SECRET not in result.out + result.err
    text = cli("plan", folder, "--profile", profile)
    assert text.code == 2
    assert f"drift  {folder / 'drifted.toml'}: " in text.out and TAG in text.out
    assert f", profile {profile}): 1 to create, 1 drifted, 1 already there" in text.out


def test_profile_overrides_decide_what_is_identical(cli: Cli, folder: Path) -> None:
    """same.toml's prod overrides (max_workers = 4) match the prod template only."""
    plan = by_file(cli("plan", folder / "nested", "--profile", "prod", "--json").json())
    assert plan["same.toml"]["action"] == "exists"
    other = cli("plan", folder / "nested", "--profile", "prod", "--set",
                "vendor_configuration.endpoint_config.max_workers=1", "--json")  # fmt: skip
    assert by_file(other.json())["same.toml"]["paths"] == [
        "vendor_configuration.endpoint_config.max_workers"
    ]
    shown = cli("show", folder / "nested" / "same.toml", "--profile", "prod")
    assert json.loads(shown.out)["vendor_configuration"]["endpoint_config"]["max_workers"] == 4


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_diff_exit_codes_and_output(cli: Cli, folder: Path, profile: str) -> None:
    same = cli("diff", folder / "nested" / "same.toml", "--profile", profile)
    assert (same.code, same.out) == (0, "")
    drifted = cli("diff", folder / "drifted.toml", "--profile", profile)
    assert drifted.code == 1
    assert f'@@ {TAG} @@\n-"0.6.3"\n+"0.7.0"\n' in drifted.out
    assert drifted.out.startswith("--- ") and f"+++ {folder / 'drifted.toml'}" in drifted.out
    as_json = cli("diff", folder / "drifted.toml", "--profile", profile, "--json").json()
    assert as_json["same"] is False
    assert as_json["changes"] == [{"path": TAG, "kind": "changed", "old": "0.6.3", "new": "0.7.0"}]
    missing = cli("diff", folder / "new.toml", "--profile", profile)
    assert missing.code == 2 and "no template named 'new-model'" in missing.err


def test_diff_names_the_secret_never(cli: Cli, folder: Path, server: Sandbox) -> None:
    template_id = templates_of(server, "acct-dev")[0]["id"]
    other = draft("same-model")
    other["vendor_configuration"]["bundle_config"]["env"] = {"HF_TOKEN": "${HF_TOKEN}-v2"}
    path = folder / "secret.toml"
    path.write_text(dumps_draft(Draft(template=other)), encoding="utf-8")
    result = cli("diff", path, template_id, "--profile", "dev")
    assert result.code == 1 and "***-v2" in result.out and SECRET not in result.out


def test_apply_fails_on_drift_by_default_and_creates_nothing(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    result = cli("apply", folder, "--profile", "dev")
    assert result.code == 1
    assert "1 draft(s) drifted; nothing was created" in result.err
    assert len(templates_of(server, "acct-dev")) == 2


def test_apply_skip_then_again_creates_no_duplicate(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    first = cli("apply", folder, "--profile", "prod", "--on-drift", "skip", "--json")
    assert first.code == 0, first.err
    statuses = {name: e["status"] for name, e in by_file(first.json()).items()}
    assert statuses == {"new.toml": "created", "same.toml": "exists", "drifted.toml": "skipped"}
    again = cli("apply", folder, "--profile", "prod", "--on-drift", "skip", "--json")
    assert by_file(again.json())["new.toml"]["status"] == "exists"
    names = sorted(t["name"] for t in templates_of(server, "acct-prod"))
    assert names == ["drift-model", "new-model", "same-model"]
    assert templates_of(server, "acct-dev") and len(templates_of(server, "acct-dev")) == 2


def test_apply_create_on_drift_keeps_the_old_template(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    result = cli("apply", folder, "--profile", "dev", "--on-drift", "create")
    assert result.code == 0, result.err
    drift = [t for t in templates_of(server, "acct-dev") if t["name"] == "drift-model"]
    assert sorted(t["vendor_configuration"]["bundle_config"]["tag"] for t in drift) == [
        "0.6.3",
        "0.7.0",
    ]
    assert cli("plan", folder, "--profile", "dev").code == 0  # nothing left to do


def test_saved_plan_applies_while_it_matches(cli: Cli, folder: Path, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    assert cli("plan", folder, "--profile", "dev", "-o", saved).code == 2
    assert json.loads(saved.read_text())["profile"] == "dev"
    assert SECRET not in saved.read_text()
    result = cli("apply", saved, "--on-drift", "skip")  # the plan's profile by default
    assert result.code == 0, result.err
    assert "created" in result.out and "skipped" in result.out


def test_saved_plan_is_refused_once_the_server_changed(
    cli: Cli, folder: Path, server: Sandbox, tmp_path: Path
) -> None:
    saved = tmp_path / "plan.json"
    cli("plan", folder, "--profile", "dev", "-o", saved)
    create_on(server, sent(draft("new-model"), "acct-dev", max_workers=3))  # someone else
    result = cli("apply", saved, "--on-drift", "skip")
    assert result.code == 1
    assert "the saved plan no longer matches; run plan again" in result.err
    assert "new.toml: the server changed since the plan (was create, now drift" in result.err
    assert len(templates_of(server, "acct-dev")) == 3  # nothing created by apply


def test_saved_plan_is_refused_once_a_draft_changed(cli: Cli, folder: Path, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    cli("plan", folder, "--profile", "dev", "-o", saved)
    changed = Draft(template=draft("new-model", tag="9.9"))
    (folder / "new.toml").write_text(dumps_draft(changed), encoding="utf-8")
    result = cli("apply", saved)
    assert result.code == 1 and "new.toml: the draft changed since the plan" in result.err
    assert cli("apply", saved, "--profile", "prod").code == 1  # another environment


def test_unknown_profile_lists_known_ones(cli: Cli, folder: Path) -> None:
    result = cli("plan", folder, "--profile", "staging")
    assert result.code == 1
    assert "unknown profile 'staging'" in result.err and "known profiles: dev, prod" in result.err


def test_invalid_drafts_are_reported_and_nothing_is_done(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    (folder / "broken.toml").write_text('draft_version = "1.1"\n[template]\nname = 1\n')
    result = cli("plan", folder, "--profile", "dev")
    assert result.code == 1 and "broken.toml: error: name:" in result.err
    assert result.out == ""
    applied = cli("apply", folder, "--profile", "dev", "--on-drift", "create")
    assert applied.code == 1 and "nothing was compared or created" in applied.err
    assert len(templates_of(server, "acct-dev")) == 2


def test_missing_profile_key_names_its_variable(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SGP_PROD_KEY")
    result = cli("plan", folder, "--profile", "prod")
    assert result.code == 1
    assert "profile 'prod' reads it from $SGP_PROD_KEY, which is not set" in result.err


def test_validate_checks_the_profile_as_applied(cli: Cli, folder: Path) -> None:
    same = folder / "nested" / "same.toml"
    broken = Draft(
        template=draft("same-model"),
        profiles={"prod": {"vendor_configuration": {"endpoint_config": {"max_workers": "x"}}}},
    )
    same.write_text(dumps_draft(broken), encoding="utf-8")
    assert cli("validate", same, "--profile", "dev").code == 0
    result = cli("validate", same, "--profile", "prod")
    assert result.code == 1 and "vendor_configuration.endpoint_config.max_workers" in result.out


def test_submit_applies_the_profile_like_plan(cli: Cli, folder: Path, server: Sandbox) -> None:
    same = folder / "nested" / "same.toml"
    result = cli("submit", same, "--profile", "prod", "--json")
    assert result.code == 0, result.err
    assert result.json()[0]["status"] == "exists"  # max_workers = 4 from [profiles.prod]
    assert len(templates_of(server, "acct-prod")) == 2


def test_plan_reads_every_page_of_the_account(
    cli: Cli, folder: Path, server: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(3):
        create_on(server, sent(draft(f"filler-{index}"), "acct-dev"))
    (folder / "filler.toml").write_text(dumps_draft(Draft(template=draft("filler-2"))))
    monkeypatch.setattr("tui.core.plan.PAGE_SIZE", 2)  # 5 templates: 3 pages
    plan = by_file(cli("plan", folder, "--profile", "dev", "--json").json())
    names = ("new.toml", "same.toml", "drifted.toml", "filler.toml")
    assert [plan[name]["action"] for name in names] == ["create", "exists", "drift", "exists"]


def store_malformed(server: Sandbox, name: str) -> str:
    """A template of `name` in acct-dev, the newest, as a broken server might list it (its
    vendor_configuration is not an object). Returns its id."""
    template = {
        **templates_of(server, "acct-dev")[0],
        "id": f"t-malformed-{name}",
        "name": name,
        "created_at": "2099-01-01T00:00:00Z",
        "vendor_configuration": "oops",
    }
    server.store.add(template)
    return str(template["id"])


def test_plan_stops_on_a_malformed_template_of_a_draft_s_name(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    """The plan cannot tell exists from drift without reading it: trouble, exit 1 (and
    diff's 2)."""
    bad = store_malformed(server, "drift-model")
    result = cli("plan", folder, "--profile", "dev", "--json")
    assert result.code == 1
    assert f"template {bad} ('drift-model') is not in the shape" in result.err
    assert "vendor_configuration" in result.err
    diff = cli("diff", folder / "drifted.toml", "--profile", "dev")
    assert diff.code == 2 and f"template {bad} ('drift-model')" in diff.err


def test_plan_ignores_a_malformed_template_no_draft_is_named_like(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    """No decision of the plan depends on it, so the plan is the one it would be without it
    (someone else's broken template must not block this folder's CI)."""
    store_malformed(server, "someone-else")
    result = cli("plan", folder, "--profile", "dev", "--json")
    assert result.code == 2, result.err
    plan = by_file(result.json())
    actions = [plan[name]["action"] for name in ("new.toml", "same.toml", "drifted.toml")]
    assert actions == ["create", "exists", "drift"]
    assert cli("diff", folder / "drifted.toml", "--profile", "dev").code == 1


def test_apply_agrees_with_plan_about_malformed_listed_templates(
    cli: Cli, folder: Path, server: Sandbox
) -> None:
    """apply decides from the same listing as plan, and its duplicate guard reads a listed
    template only to compare it with a draft of its name: one of another name changes
    nothing, one of a draft's name stops the run before anything is created."""
    store_malformed(server, "someone-else")
    result = cli("apply", folder, "--profile", "dev", "--on-drift", "skip", "--json")
    assert result.code == 0, result.err
    assert by_file(result.json())["new.toml"]["status"] == "created"
    bad = store_malformed(server, "drift-model")
    count = len(templates_of(server, "acct-dev"))
    (folder / "newer.toml").write_text(dumps_draft(Draft(template=draft("newer-model"))))
    stopped = cli("apply", folder, "--profile", "dev", "--on-drift", "skip")
    assert stopped.code == 3 and f"template {bad} ('drift-model')" in stopped.err
    assert len(templates_of(server, "acct-dev")) == count  # newer-model was not created


def test_plan_pauses_the_garbage_collector_and_resumes_it(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from tui.cli import replay

    seen: list[bool] = []
    prepare = replay.prepare_drafts
    monkeypatch.setattr(
        replay, "prepare_drafts", lambda *a: seen.append(gc.isenabled()) or prepare(*a)
    )
    assert gc.isenabled()
    assert cli("plan", folder, "--profile", "dev").code == 2
    assert seen == [False] and gc.isenabled()
    with replay.collector_paused():
        kept = [{"parsed": "draft"}]
    assert gc.get_freeze_count() > 0 and kept  # what it kept is not walked again
    gc.unfreeze()
    gc.disable()
    try:
        with replay.collector_paused():
            pass
        assert not gc.isenabled()  # a collector paused by someone else stays paused
    finally:
        gc.enable()


def test_diff_and_apply_mask_secrets_by_the_one_masking_rule() -> None:
    """A short value is masked only as a whole value: `k` must not turn 'key' into '***ey'."""
    from tui.cli.replay import scrub

    shown = scrub({"message": "the API key k", "env": ["k", "token-value-long"]}, ["k"])
    assert shown == {"message": "the API key ***", "env": ["***", "token-value-long"]}
    assert scrub("a token-value-long here", ["token-value-long"]) == "a *** here"


def test_draft_files_are_the_folders_toml_files_sorted_without_hidden_ones(
    tmp_path: Path,
) -> None:
    from tui.cli.output import CliError
    from tui.cli.replay import draft_files

    root = tmp_path / "drafts"
    for name in ("b.toml", "a/z.toml", "a/b/c.toml", "a.toml", ".hidden.toml", ".git/x.toml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    (root / "notes.txt").write_text("", encoding="utf-8")
    (root / "folder.toml").mkdir()  # a folder, not a draft
    (root / "linked").symlink_to(root / "a", target_is_directory=True)  # not followed
    (root / "link.toml").symlink_to(root / "b.toml")  # a file: a draft
    single = tmp_path / "single.toml"
    found = draft_files([f"{root}/", str(single), str(root / "b.toml")])
    expected = ["a.toml", "a/b/c.toml", "a/z.toml", "b.toml", "link.toml"]
    assert found == [str(root / name) for name in expected] + [str(single)]
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    with pytest.raises(CliError, match=r"no \*\.toml drafts in this folder"):
        draft_files([str(tmp_path / "empty")])
