"""`sgp-template plan` over a folder of drafts against an account that holds many templates.

    .venv/bin/python bench/bench_plan.py [--drafts 500] [--templates 5000] [--growth 5000]

1. `sgp-template plan FOLDER --json` on DRAFTS drafts (a third identical to a template of the
   account, a third drifted, a third new), the account holding TEMPLATES templates;
2. the floor: a bare script that reads the same drafts with tomllib and lists the account
   once with httpx (the same page size as ours, 1,000), then looks each draft's name up;
3. growth: our plan on GROWTH drafts against the same account.

Every client runs as its own process, timed from spawn to exit (so each pays Python start-up
and its imports); the sandbox runs in its own process on a SQLite file seeded directly. The
clients take turns for --rounds rounds and each one's fastest run counts.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_env import with_bytecode_cache  # noqa: E402

from tui.core.drafts import Draft, dumps_draft  # noqa: E402
from tui.sandbox.store import TemplateStore  # noqa: E402
from tui.sandbox.validation import fill_defaults  # noqa: E402

ACCOUNT = "acct-bench-plan"
KEY = "bench-key"
PYCACHE = tempfile.TemporaryDirectory(prefix="sgp-bench-pycache-")
"""One bytecode cache for every child of this run (see bench_env.py)."""


def body(name: str, tag: str = "1.0") -> dict[str, Any]:
    return {
        "name": name,
        "endpoint_type": "SYNC",
        "model_type": "COMPLETION",
        "account_id": ACCOUNT,
        "vendor_configuration": {
            "bundle_config": {
                "registry": "docker.io",
                "image": "acme/bench",
                "tag": tag,
                "command": ["serve", "--port", "5005"],
            },
            "endpoint_config": {"endpoint_type": "SYNC", "min_workers": 1, "max_workers": 2},
        },
    }


def seed(db: Path, count: int) -> None:
    """`count` templates named bench-0000..., stored as the sandbox stores them."""
    store = TemplateStore(db)
    for index in range(count):
        stored = {
            **fill_defaults(body(f"bench-{index:04d}")),
            "id": str(uuid.UUID(int=index)),
            "created_at": f"2026-01-01T00:00:{index % 60:02d}.{index:06d}Z",
            "account_id": ACCOUNT,
            "created_by_user_id": "bench",
            "created_by_identity_type": "user",
        }
        store.add(stored)
    store.close()


def write_drafts(folder: Path, count: int) -> Path:
    """Draft i: identical to bench-i (i % 3 == 0), drifted from it (1), or new (2)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        kind = index % 3
        name = f"bench-{index:04d}" if kind < 2 else f"new-{index:04d}"
        template = body(name, tag="2.0" if kind == 1 else "1.0")
        path = folder / f"draft-{index:04d}.toml"
        path.write_text(dumps_draft(Draft(template=template)), encoding="utf-8")
    return folder


@contextmanager
def sandbox_process(db: Path) -> Iterator[str]:
    command = [sys.executable, "-m", "tui", "sandbox", "--db", str(db), "--port", "0"]
    process = subprocess.Popen(
        [*command, "--api-key", KEY], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        banner = process.stdout.readline() if process.stdout else ""
        match = re.search(r"(http://\S+)", banner)
        if not match:
            raise SystemExit(f"the sandbox did not start: {banner!r}")
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


BARE = """
import sys, tomllib
from pathlib import Path
import httpx

url, key, account, folder = sys.argv[1:]
drafts = [tomllib.loads(p.read_text())["template"] for p in sorted(Path(folder).rglob("*.toml"))]
by_name = {}
with httpx.Client(base_url=url, headers={"x-api-key": key}) as client:
    page = 1
    while True:
        data = client.get(
            "/v4/model-templates", params={"page": page, "limit": 1000, "account_id": account}
        ).json()
        for item in data["items"]:
            by_name.setdefault(item["name"], []).append(item)
        if not data["items"] or page * 1000 >= data["total_item_count"]:
            break
        page += 1
found = sum(1 for d in drafts if d["name"] in by_name)
print(len(drafts), found)
"""


def child_env(base_url: str) -> dict[str, str]:
    env = with_bytecode_cache(os.environ, PYCACHE.name)
    env.update(SGP_CLIENT_BASE_URL=base_url, SGP_API_KEY=KEY, SGP_ACCOUNT_ID=ACCOUNT)
    for name in ("SGP_PROFILE", "SGP_TEMPLATE_CONFIG", "SGP_BASE_URL"):
        env.pop(name, None)
    return env


def run_plan(base_url: str, folder: Path) -> float:
    command = [sys.executable, "-m", "tui", "plan", str(folder), "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=child_env(base_url), capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 2:  # 2: something to create or drifted, as the drafts are made
        raise SystemExit(f"plan failed ({done.returncode}): {done.stderr[-500:]!r}")
    return elapsed


def run_bare(base_url: str, folder: Path) -> float:
    command = [sys.executable, "-c", BARE, base_url, KEY, ACCOUNT, str(folder)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=child_env(base_url), capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--templates", type=int, default=5000)
    parser.add_argument("--growth", type=int, default=5000, help="0 skips the growth run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"bare": [], "plan": [], "bare_growth": [], "growth": []}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sandbox.sqlite3"
        seed(db, args.templates)
        small = write_drafts(Path(tmp) / "small", args.drafts)
        large = write_drafts(Path(tmp) / "large", args.growth) if args.growth else None
        with sandbox_process(db) as base_url:
            run_plan(base_url, small)  # warm-up: fills the bytecode cache
            run_bare(base_url, small)
            for _ in range(args.rounds):
                times["bare"].append(run_bare(base_url, small))
                times["plan"].append(run_plan(base_url, small))
                if large is not None:
                    times["bare_growth"].append(run_bare(base_url, large))
                    times["growth"].append(run_plan(base_url, large))
    best = {name: min(values) for name, values in times.items() if values}
    print(
        f"plan: {args.drafts} drafts, an account of {args.templates} templates, "
        f"fastest of {args.rounds} interleaved rounds"
    )
    print(f"{'run':<58} {'seconds':>8} {'ratio':>7}")
    print(f"{'bare tomllib + one httpx listing (floor)':<58} {best['bare']:>8.2f} {1:>6.2f}x")
    label = f"sgp-template plan ({args.drafts} drafts)"
    print(f"{label:<58} {best['plan']:>8.2f} {best['plan'] / best['bare']:>6.2f}x")
    if "growth" in best:
        label = f"bare floor ({args.growth} drafts; ratio vs {args.drafts})"
        print(
            f"{label:<58} {best['bare_growth']:>8.2f} {best['bare_growth'] / best['bare']:>6.2f}x"
        )
        label = f"sgp-template plan ({args.growth} drafts; ratio vs {args.drafts})"
        print(f"{label:<58} {best['growth']:>8.2f} {best['growth'] / best['plan']:>6.2f}x")
        ratio = best["growth"] / best["bare_growth"]
        label = f"(at {args.growth} drafts: ours vs the floor)"
        print(f"{label:<58} {'':>8} {ratio:>6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
