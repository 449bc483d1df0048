"""A 100 MB request body against `sgp-template sandbox`: 413, and no memory kept.

Starts the sandbox command as its own process, sends 100 MB of `[` once with a
Content-Length and once chunked, and prints each answer and the server's resident memory
(VmRSS, Linux) before and after.

    .venv/bin/python bench/sandbox_memory.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BODY_BYTES = 100 * 2**20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), 2**20):
        yield body[start : start + 2**20]


def main() -> int:
    port = free_port()
    command = [sys.executable, "-m", "tui", "sandbox", "--port", str(port), "--memory"]
    server = subprocess.Popen(
        [*command, "--api-key", "k"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"x-api-key": "k"}, timeout=60
        )
        for _ in range(100):
            try:
                client.get("/v4/model-templates")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        body = b"[" * BODY_BYTES
        for mode, content in (("with Content-Length", body), ("chunked", chunks(body))):
            before = rss_mib(server.pid)
            try:
                answer: object = client.post("/v4/model-templates", content=content).status_code
            except httpx.TransportError as exc:
                answer = type(exc).__name__
            after = rss_mib(server.pid)
            print(f"100 MB body {mode}: {answer}; server RSS {before:.0f} -> {after:.0f} MiB")
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
