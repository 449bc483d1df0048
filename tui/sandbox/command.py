"""`sgp-template sandbox`: run the sandbox server in the foreground until Ctrl+C.

The CLI registers it with `add_sandbox_arguments(subparser)` and calls
`run_sandbox_command(args)`; it prints a one-line banner (URL, key, database) and returns 0
after a clean Ctrl+C. A non-loopback `--host` is refused unless `--allow-remote` is given,
since the sandbox's key is trivial and the server is not hardened.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from tui.sandbox.server import base_url_of, bind_socket, build_server, generate_api_key, is_loopback
from tui.sandbox.store import MEMORY, StoreError, TemplateStore, default_db_path

DEFAULT_PORT = 5003  # the port of the official SDK's "development" environment
KEY_VARIABLE = "SGP_SANDBOX_API_KEY"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_sandbox_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    storage = parser.add_mutually_exclusive_group()
    storage.add_argument(
        "--db", metavar="PATH", help=f"SQLite file for the templates (default {default_db_path()})"
    )
    storage.add_argument(
        "--memory", action="store_true", help="keep templates in memory only (lost on exit)"
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"the key clients must send (default ${KEY_VARIABLE}, else a generated one)",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="enable fault injection (POST /_sandbox/faults) for tests and demos",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (anyone who can reach it can use the trivial key)",
    )


def run_sandbox_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Serve until interrupted; returns the exit code."""
    out = out or sys.stdout
    err = sys.stderr
    if not is_loopback(args.host) and not args.allow_remote:
        print(
            f"error: --host {args.host} is not a loopback address; the sandbox has a trivial key. "
            "Add --allow-remote if you really want it reachable from other machines.",
            file=err,
        )
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        print(f"error: --port must be 0-65535, not {args.port}", file=err)
        return EXIT_USAGE
    db = MEMORY if args.memory else (args.db or str(default_db_path()))
    api_key = args.api_key or os.environ.get(KEY_VARIABLE) or generate_api_key()
    try:
        store = TemplateStore(db)
    except StoreError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        store.close()
        print(
            f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. "
            "Pick another --port (0 chooses a free one).",
            file=err,
        )
        return EXIT_FAILED
    return _serve(store, sock, api_key, args.faults, out)


def _serve(store: TemplateStore, sock: object, api_key: str, faults: bool, out: TextIO) -> int:
    parts = build_server(store, api_key, faults, configure_logging=True)
    url = base_url_of(sock)  # type: ignore[arg-type]
    fault_note = ", faults on" if faults else ""
    print(
        f"SGP sandbox at {url}  api key: {api_key}  db: {store.path}{fault_note}  (Ctrl+C to stop)",
        file=out,
        flush=True,
    )
    try:
        parts.server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the captured SIGINT after its clean shutdown
    finally:
        sock.close()  # type: ignore[attr-defined]
        store.close()
    return EXIT_OK
