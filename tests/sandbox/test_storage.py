"""Storage: templates survive a restart, concurrent creates are all stored."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import TEMPLATES, client_for, make_body
from tui.sandbox import Sandbox, SandboxError
from tui.sandbox.store import StoreError, TemplateStore, default_db_path


def test_templates_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "sandbox.sqlite3"
    with Sandbox(db=db) as first, client_for(first) as http:
        created = http.post(TEMPLATES, json=make_body("durable")).json()
        gone = http.post(TEMPLATES, json=make_body("deleted")).json()
        http.delete(f"{TEMPLATES}/{gone['id']}")
    with Sandbox(db=db) as second, client_for(second) as http:
        assert second.api_key != first.api_key
        assert http.get(f"{TEMPLATES}/{created['id']}").json() == created
        assert [t["name"] for t in http.get(TEMPLATES).json()["items"]] == ["durable"]


async def test_fifty_parallel_creates_are_all_stored(tmp_path: Path) -> None:
    with Sandbox(db=tmp_path / "db.sqlite3") as sandbox:
        headers = {"x-api-key": sandbox.api_key}
        async with httpx.AsyncClient(base_url=sandbox.base_url, headers=headers) as client:
            responses = await asyncio.gather(
                *(client.post(TEMPLATES, json=make_body(f"p{i}")) for i in range(50))
            )
        assert [r.status_code for r in responses] == [200] * 50
        ids = {r.json()["id"] for r in responses}
        assert len(ids) == 50
        assert sandbox.store.count() == 50
        assert {t["id"] for t in sandbox.store.all()} == ids


def test_memory_store_pages_and_filters() -> None:
    store = TemplateStore()
    for i in range(5):
        account = "a" if i % 2 == 0 else "b"
        store.add({"id": f"id{i}", "account_id": account, "created_at": "t", "n": i})
    items, total = store.page(2, 2)
    assert ([t["n"] for t in items], total) == ([2, 3], 5)
    items, total = store.page(1, 10, ["a"])
    assert ([t["n"] for t in items], total) == ([0, 2, 4], 3)
    assert store.page(1, 10, ["a", "b"]) == ([], 0)
    assert store.delete("id0") and not store.delete("id0")
    assert store.get("id0") is None and store.get("id1")["n"] == 1
    store.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match=r"notes\.sqlite3"):
        TemplateStore(not_a_db)
    with pytest.raises(SandboxError, match=r"notes\.sqlite3"):
        Sandbox(db=not_a_db).start()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="newer version"):
        TemplateStore(path)


def test_default_db_lives_in_the_user_data_directory() -> None:
    path = default_db_path()
    assert path.name == "sandbox.sqlite3"
    assert "sgp-template-wizard" in path.parts


def test_a_busy_port_is_a_clear_error(sandbox: Sandbox) -> None:
    port = int(sandbox.base_url.rsplit(":", 1)[1])
    with pytest.raises(SandboxError, match=str(port)):
        Sandbox(port=port).start()
