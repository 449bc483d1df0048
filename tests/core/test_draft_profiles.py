"""Per-profile overrides inside a draft (format 1.1): merged between the draft and --set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.draft_profiles import with_profile
from tui.core.drafts import DraftStructureError, dumps_draft, load_draft, loads_draft
from tui.core.findings import validate_template

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "drafts" / "v1_1.toml"
ENDPOINT = ("vendor_configuration", "endpoint_config")


def endpoint(template: dict) -> dict:
    return template[ENDPOINT[0]][ENDPOINT[1]]


def test_fixture_profile_merges_tables_key_by_key() -> None:
    draft = load_draft(FIXTURE).draft
    production = with_profile(draft.template, draft.profiles, "production")
    assert production["account_id"] == "acc_prod_0123456789"
    assert (endpoint(production)["min_workers"], endpoint(production)["max_workers"]) == (2, 8)
    assert endpoint(production)["gpus"] == endpoint(draft.template)["gpus"] == 1  # kept
    assert endpoint(draft.template)["max_workers"] == 1  # the draft itself is unchanged
    assert not validate_template(production).errors


def test_no_profile_or_an_unknown_one_is_the_draft() -> None:
    draft = load_draft(FIXTURE).draft
    assert with_profile(draft.template, draft.profiles, None) is draft.template
    assert with_profile(draft.template, draft.profiles, "staging") is draft.template


def test_lists_are_replaced_not_merged() -> None:
    template = {"vendor_configuration": {"bundle_config": {"command": ["a", "b"]}}}
    profiles = {"p": {"vendor_configuration": {"bundle_config": {"command": ["c"]}}}}
    merged = with_profile(template, profiles, "p")
    assert merged["vendor_configuration"]["bundle_config"]["command"] == ["c"]


def test_profiles_round_trip_through_save() -> None:
    loaded = load_draft(FIXTURE)
    again = loads_draft(dumps_draft(loaded.draft))
    assert again.draft.profiles == loaded.draft.profiles
    assert again.notices == []


def test_profiles_must_be_tables() -> None:
    with pytest.raises(DraftStructureError, match=r"profiles must hold one table per profile"):
        loads_draft('draft_version = "1.1"\nprofiles = {prod = 3}\n[template]\nname = "x"\n')
