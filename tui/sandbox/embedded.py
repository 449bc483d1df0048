"""The sandbox in-process: uvicorn in a background thread on a free loopback port.

    with Sandbox() as sb:                      # in-memory, generated key, no faults
        config = sb.config(account_id="acct")  # a tui.core.config.ClientConfig for it
        ...
    with Sandbox(faults=True) as sb:
        sb.faults.script("POST", "/v4/model-templates", Fault.store_then_drop())

Used by `--sandbox` on the CLI and the wizard, and by the tests.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from tui.sandbox.faults import FaultScript
from tui.sandbox.server import ServerParts, base_url_of, bind_socket, build_server, generate_api_key
from tui.sandbox.store import MEMORY, StoreError, TemplateStore

STARTUP_TIMEOUT = 10.0
DEFAULT_ACCOUNT_ID = "sandbox-account"


class SandboxError(Exception):
    """The sandbox could not start; one line saying why."""


class Sandbox:
    """A running sandbox server for the duration of a `with` block (or start()/stop())."""

    def __init__(
        self,
        db: str | Path = MEMORY,
        api_key: str | None = None,
        faults: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.db = str(db)
        self.api_key = api_key or generate_api_key()
        self.host = host
        self.port = port
        self._faults_enabled = faults
        self._parts: ServerParts | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.base_url = ""

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Sandbox:
        try:
            store = TemplateStore(self.db)
        except StoreError as exc:
            raise SandboxError(str(exc)) from None
        try:
            sock = bind_socket(self.host, self.port)
        except OSError as exc:
            store.close()
            raise SandboxError(f"cannot listen on {self.host}:{self.port}: {exc}") from None
        self._parts = build_server(store, self.api_key, self._faults_enabled)
        self.base_url = base_url_of(sock)
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name="sgp-sandbox", daemon=True
        )
        self._thread.start()
        self._wait_until_started()
        return self

    def _serve(self, sock: Any) -> None:
        assert self._parts is not None
        try:
            self._parts.server.run(sockets=[sock])
        except BaseException as exc:  # reported by _wait_until_started
            self._failure = exc
        finally:
            sock.close()

    def _wait_until_started(self) -> None:
        assert self._parts is not None and self._thread is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._parts.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                reason = self._failure or "timed out"
                raise SandboxError(f"the sandbox server did not start: {reason}")
            time.sleep(0.002)

    def stop(self) -> None:
        if self._parts is None:
            return
        self._parts.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._parts.store.close()
        self._parts = None
        self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- access ------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._parts is not None

    @property
    def store(self) -> TemplateStore:
        """The live store (for assertions in tests: counts, raw documents)."""
        if self._parts is None:
            raise SandboxError("the sandbox is not running")
        return self._parts.store

    @property
    def faults(self) -> FaultScript:
        """The fault script; only with `Sandbox(faults=True)`."""
        if self._parts is None or self._parts.faults is None:
            raise SandboxError("fault injection is off: start Sandbox(faults=True)")
        return self._parts.faults

    def env(self, account_id: str = DEFAULT_ACCOUNT_ID) -> dict[str, str]:
        """The SGP_* variables that point a client (ours or the official SDK) here."""
        return {
            "SGP_CLIENT_BASE_URL": self.base_url,
            "SGP_API_KEY": self.api_key,
            "SGP_ACCOUNT_ID": account_id,
        }

    def config(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> Any:
        """A `tui.core.config.ClientConfig` pointing at this sandbox.

        Keyword arguments go to `ClientConfig.from_env` (e.g. `account_id=`, `read_timeout=`).
        """
        from tui.core.config import ClientConfig

        kwargs: dict[str, Any] = {"base_url": self.base_url, "api_key": self.api_key}
        kwargs.update(overrides)
        return ClientConfig.from_env({} if environ is None else environ, **kwargs)


def sandbox_from_env(environ: Mapping[str, str] = os.environ, **kw: Any) -> Sandbox:
    """A Sandbox whose key comes from SGP_SANDBOX_API_KEY when set."""
    return Sandbox(api_key=environ.get("SGP_SANDBOX_API_KEY") or None, **kw)
