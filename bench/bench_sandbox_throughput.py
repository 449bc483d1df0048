"""Throughput against one local sandbox: our CLI vs a bare httpx client vs the official SDK.

    .venv/bin/python bench/bench_sandbox_throughput.py [--count 500] [--concurrency 16] [--rounds 3]

1. `sgp-template submit DRAFT... --concurrency 16 --json` on COUNT draft files;
2. a bare `httpx.AsyncClient` POSTing the same COUNT bodies, 16 at a time;
3. the official SDK (`scale_gp.SGPClient`) creating them one by one.

Each client runs as its own process, timed wall-clock from spawn to exit, so every one pays
Python start-up and its imports; ours also reads and validates the drafts and checks for an
identical template before each create. The bare client and the SDK read their bodies from a
JSON file.

The sandbox runs as its own process (`python -m tui sandbox --memory --port 0`) so that no
client shares its interpreter (and GIL) with the server. Each run uses its own account id, so
the CLI's idempotency check never sees the other runs' templates as "already there". The
three clients take turns for --rounds rounds and each one's fastest run counts (as `timeit`
advises: on a shared machine, noise only ever adds time).
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_env import with_bytecode_cache  # noqa: E402

from tui.core.drafts import Draft, dumps_draft  # noqa: E402

TEMPLATES = "/v4/model-templates"

PYCACHE = tempfile.TemporaryDirectory(prefix="sgp-bench-pycache-")
"""One bytecode cache for every child of this run (see bench_env.py)."""
STATE = tempfile.TemporaryDirectory(prefix="sgp-bench-state-")
"""Our submit's locks and journal for this run (not the user's state folder)."""


def body(index: int, account_id: str) -> dict[str, Any]:
    return {
        "name": f"bench-{index:04d}",
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "account_id": account_id,
        "vendor_configuration": {
            "bundle_config": {
                "registry": "docker.io",
                "image": "acme/bench",
                "tag": "1.0",
                "command": ["serve", "--port", "5005"],
            },
            "endpoint_config": {"endpoint_type": "SYNC", "min_workers": 1, "max_workers": 2},
        },
    }


@contextmanager
def sandbox_process() -> Iterator[tuple[str, str]]:
    """A sandbox server in its own process; yields (base_url, api_key)."""
    key = "bench-key"
    command = [sys.executable, "-m", "tui", "sandbox", "--memory", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--api-key", key], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        banner = process.stdout.readline() if process.stdout else ""
        match = re.search(r"(http://\S+)", banner)
        if not match:
            raise SystemExit(f"the sandbox did not start: {banner!r}")
        yield match.group(1), key
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def run_cli(base_url: str, key: str, drafts: list[Path], concurrency: int, account: str) -> float:
    env = with_bytecode_cache(os.environ, PYCACHE.name)
    env.update(SGP_CLIENT_BASE_URL=base_url, SGP_API_KEY=key)
    env.update(SGP_ACCOUNT_ID=account, SGP_TEMPLATE_STATE_DIR=STATE.name)
    command = [sys.executable, "-m", "tui", "submit", *map(str, drafts), "--json"]
    command += ["--concurrency", str(concurrency)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    statuses = [o["status"] for o in json.loads(done.stdout or "[]")]
    if done.returncode != 0 or statuses.count("created") != len(drafts):
        raise SystemExit(f"submit failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def run_cli_dry(drafts: list[Path], account: str) -> float:
    """Start-up + reading + validating the drafts, sending nothing."""
    env = {**with_bytecode_cache(os.environ, PYCACHE.name), "SGP_ACCOUNT_ID": account}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui", "submit", *map(str, drafts), "--dry-run", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


BARE_CLIENT = """
import asyncio, json, sys
import httpx

async def main(url, key, bodies, concurrency):
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": key}, limits=limits) as c:
        async def one(payload):
            async with gate:
                (await c.post("/v4/model-templates", json=payload)).raise_for_status()
        await asyncio.gather(*(one(b) for b in bodies))

url, key, path, concurrency = sys.argv[1:]
with open(path) as handle:
    asyncio.run(main(url, key, json.load(handle), int(concurrency)))
"""

SDK_CLIENT = """
import json, sys
from scale_gp import SGPClient

url, key, path = sys.argv[1:]
with open(path) as handle:
    bodies = json.load(handle)
with SGPClient(api_key=key, base_url=url) as client:
    for payload in bodies:
        client.model_templates.create(**payload)
"""


def run_script(script: str, bodies: list[dict[str, Any]], folder: Path, *args: str) -> float:
    """Run a client `script` as its own process (as our CLI runs), timed from spawn to exit."""
    path = folder / "bodies.json"
    path.write_text(json.dumps(bodies), encoding="utf-8")
    env = with_bytecode_cache(os.environ, PYCACHE.name)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", script, *args[:2], str(path), *args[2:]],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def write_drafts(folder: Path, count: int, account: str) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"bench-{index:04d}.toml"
        path.write_text(dumps_draft(Draft(template=body(index, account))), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--skip-sdk", action="store_true")
    args = parser.parse_args()
    n, c = args.count, args.concurrency
    times: dict[str, list[float]] = {"bare": [], "cli": [], "dry": [], "sdk": []}
    with tempfile.TemporaryDirectory() as tmp, sandbox_process() as (base_url, key):
        run_cli_dry(write_drafts(Path(tmp), n, "acct-warm"), "acct-warm")  # fills bytecode
        warm = [body(i, "acct-warm") for i in range(2)]
        run_script(BARE_CLIENT, warm, Path(tmp), base_url, key, str(c))  # and for the others
        if not args.skip_sdk:
            run_script(
                SDK_CLIENT, [body(i, "acct-warm-sdk") for i in range(2)], Path(tmp), base_url, key
            )
        for round_ in range(args.rounds):
            accounts = {name: f"acct-{name}-{round_}" for name in times}
            bodies = [body(i, accounts["bare"]) for i in range(n)]
            times["bare"].append(run_script(BARE_CLIENT, bodies, Path(tmp), base_url, key, str(c)))
            drafts = write_drafts(Path(tmp), n, accounts["cli"])
            times["cli"].append(run_cli(base_url, key, drafts, c, accounts["cli"]))
            times["dry"].append(run_cli_dry(drafts, accounts["cli"]))
            if not args.skip_sdk:
                sdk_bodies = [body(i, accounts["sdk"]) for i in range(n)]
                times["sdk"].append(run_script(SDK_CLIENT, sdk_bodies, Path(tmp), base_url, key))
    best = {name: min(values) for name, values in times.items() if values}
    print(f"{n} templates against one sandbox, fastest of {args.rounds} interleaved rounds")
    print(f"{'client':<48} {'seconds':>8} {'per second':>11} {'vs bare':>8}")
    labels = {
        "bare": f"bare httpx.AsyncClient, concurrency {c}",
        "cli": f"sgp-template submit --concurrency {c}",
        "sdk": "official SDK (scale-gp 0.1.0a62), one by one",
    }
    for name, label in labels.items():
        if name in best:
            seconds = best[name]
            print(
                f"{label:<48} {seconds:>8.2f} {n / seconds:>11.1f} {best['bare'] / seconds:>7.2f}x"
            )
    net = max(best["cli"] - best["dry"], 1e-9)
    print(
        f"(submit --dry-run on the same drafts, i.e. start-up + validation only: "
        f"{best['dry']:.2f} s; submit without it: {n / net:.1f}/s, {best['bare'] / net:.2f}x bare)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
