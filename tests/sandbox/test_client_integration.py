"""tui.core.client.SGPClient <-> the sandbox, over loopback."""

from __future__ import annotations

import pytest

from tests.sandbox.conftest import ACCOUNT, make_body
from tui.core.client import SGPClient
from tui.core.errors import AuthError, NotFound, Rejected
from tui.core.findings import validate_template
from tui.sandbox import Sandbox


async def test_create_retrieve_delete(sandbox: Sandbox) -> None:
    async with SGPClient(sandbox.config(account_id=ACCOUNT)) as client:
        created = await client.create(make_body("integration"))
        assert created.name == "integration" and created.account_id == ACCOUNT
        fetched = await client.retrieve(created.id)
        assert fetched.id == created.id and fetched.created_at == created.created_at
        deleted = await client.delete(created.id)
        assert (deleted.success, deleted.count) == (True, 1)
        with pytest.raises(NotFound):
            await client.retrieve(created.id)
        with pytest.raises(NotFound):
            await client.delete(created.id)
    assert sandbox.store.count() == 0


async def test_list_across_pages(sandbox: Sandbox) -> None:
    async with SGPClient(sandbox.config()) as client:
        for i in range(5):
            await client.create(make_body(f"n{i}"))
        await client.create(make_body("elsewhere", account_id="acct-2"))
        page = await client.list_page(page=2, limit=2)
        assert [t.name for t in page.items] == ["n2", "n3"]
        assert page.total_item_count == 6
        names = [t.name async for t in client.iter_templates(account_id=ACCOUNT, limit=2)]
        assert names == [f"n{i}" for i in range(5)]
        everything = [t.name async for t in client.iter_templates(limit=4)]
        assert len(everything) == 6


async def test_wrong_key_is_an_auth_error(sandbox: Sandbox) -> None:
    async with SGPClient(sandbox.config(api_key="not-the-key")) as client:
        with pytest.raises(AuthError) as error:
            await client.list_page()
    assert error.value.status == 401
    assert "not-the-key" not in str(error.value)


async def test_422_maps_back_to_draft_field_paths(sandbox: Sandbox) -> None:
    body = make_body()
    body["vendor_configuration"]["bundle_config"]["env"] = {"PORT": 5005}
    body["vendor_configuration"]["endpoint_config"] = {"cpus": "2"}
    del body["model_type"]
    async with SGPClient(sandbox.config()) as client:
        with pytest.raises(Rejected) as rejected:
            await client.create(body)
    paths = {finding.path for finding in rejected.value.findings}
    assert paths == {
        "model_type",
        "vendor_configuration.bundle_config.env.PORT",
        "vendor_configuration.endpoint_config.cpus",
    }
    # the client's own validation flags the same fields
    local = {finding.path for finding in validate_template(body).errors}
    assert paths <= local, (paths, local)
    assert sandbox.store.count() == 0


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_a_proxy_never_sees_a_loopback_request(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    """The key would reach the proxy in clear text; a closed port stands for the proxy."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "http://127.0.0.1:9")
    async with SGPClient(sandbox.config(account_id=ACCOUNT)) as client:
        page = await client.list_page()
    assert page.items == []
