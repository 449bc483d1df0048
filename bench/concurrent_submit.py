"""20 processes submit the same draft at the same moment, 10 times: exactly one template.

Each run starts a fresh sandbox whose creates are slowed down (so that, without the lock,
every process would list the account before the first create is stored), starts the
processes, lets them all go at once, and counts the templates stored. Prints one line per
run and a summary; exits 1 if any run stored anything but one template.

    .venv/bin/python bench/concurrent_submit.py [--processes 20] [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sandbox.conftest import ACCOUNT, TEMPLATES, make_body  # noqa: E402
from tests.sandbox.test_submit_faults import submit_at_once  # noqa: E402
from tui.core.drafts import Draft, save_draft  # noqa: E402
from tui.sandbox import Fault, Sandbox  # noqa: E402


def one_run(processes: int, workdir: Path) -> tuple[int, list[str]]:
    draft = workdir / "draft.toml"
    save_draft(draft, Draft(template=make_body("concurrent")))
    os.environ["SGP_TEMPLATE_STATE_DIR"] = str(workdir / "state")
    with Sandbox(faults=True) as sandbox:
        os.environ.update(sandbox.env(ACCOUNT))
        sandbox.faults.script("POST", TEMPLATES, Fault.slow(1.0), times=None)
        statuses = submit_at_once(draft, processes, workdir)
        return sandbox.store.count(), statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for name in ("SGP_CLIENT_BASE_URL", "SGP_BASE_URL", "SGP_API_KEY", "SGP_ACCOUNT_ID"):
        os.environ.pop(name, None)
    bad = 0
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            count, statuses = one_run(args.processes, Path(tmp))
        created, exists = statuses.count("created"), statuses.count("exists")
        print(
            f"run {run}: {count} template(s) stored; {created} created, {exists} exists, "
            f"{len(statuses) - created - exists} other"
        )
        bad += count != 1
    duplicates = "none" if not bad else f"{bad} run(s) stored more or less than one"
    print(f"{args.runs} runs x {args.processes} processes: {duplicates}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
