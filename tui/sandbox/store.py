"""The sandbox's template storage: one SQLite database (stdlib `sqlite3`).

One connection, shared by every request and guarded by a lock: the operations are tiny, so
serialising them is simpler and faster than a pool, and it makes concurrent requests safe.
A file database uses WAL with `synchronous=NORMAL` (durable across restarts, fast commits);
`":memory:"` keeps everything in memory for tests.

Templates are stored as the JSON document the API returns, in creation order (`seq`); the list
endpoint pages over that order, oldest first.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from tui import APP_NAME

MEMORY = ":memory:"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS model_templates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS model_templates_account ON model_templates (account_id, seq);
"""


class StoreError(Exception):
    """The database can't be opened or used; the message says which file and why."""


def default_db_path() -> Path:
    """`<user data dir>/sgp-template-wizard/sandbox.sqlite3` (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME) / "sandbox.sqlite3"


class TemplateStore:
    """Model templates by id, with paging and an account filter."""

    def __init__(self, path: str | Path = MEMORY) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the sandbox database {self.path}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise sqlite3.DatabaseError(
                f"written by a newer version (schema {version}); use another --db"
            )
        if self.path != MEMORY:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return conn

    def add(self, template: dict[str, Any]) -> None:
        """Store a complete template (it has `id`, `account_id` and `created_at`)."""
        row = (
            template["id"],
            template["account_id"],
            template["created_at"],
            json.dumps(template, ensure_ascii=False, separators=(",", ":")),
        )
        with self._lock:
            self._conn.execute(
                "INSERT INTO model_templates (id, account_id, created_at, document)"
                " VALUES (?, ?, ?, ?)",
                row,
            )

    def get(self, template_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT document FROM model_templates WHERE id = ?", (template_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def delete(self, template_id: str) -> bool:
        with self._lock:
            cursor = self._conn.execute("DELETE FROM model_templates WHERE id = ?", (template_id,))
        return cursor.rowcount > 0

    def page(
        self, page: int, limit: int, account_ids: list[str] | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """One page (1-based) of templates and the total count, oldest first (see page_json)."""
        documents, total = self.page_json(page, limit, account_ids)
        return [json.loads(document) for document in documents], total

    def page_json(
        self, page: int, limit: int, account_ids: list[str] | None = None
    ) -> tuple[list[str], int]:
        """One page of templates as their stored JSON text (no decode/encode round trip).

        `account_ids`: keep templates whose account is in every one of these (several
        different ids therefore match nothing); None or empty means all accounts.
        """
        where, params = _account_filter(account_ids or [])
        offset = (page - 1) * limit
        with self._lock:
            total = self._conn.execute(
                f"SELECT COUNT(*) FROM model_templates{where}", params
            ).fetchone()[0]
            rows = self._conn.execute(
                f"SELECT document FROM model_templates{where} ORDER BY seq LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [row[0] for row in rows], total

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM model_templates").fetchone()[0]

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT document FROM model_templates ORDER BY seq"
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _account_filter(account_ids: list[str]) -> tuple[str, tuple[str, ...]]:
    unique = sorted(set(account_ids))
    if not unique:
        return "", ()
    if len(unique) > 1:
        return " WHERE 0", ()
    return " WHERE account_id = ?", (unique[0],)
