"""`kill -9` during saves of a large draft: never a corrupt draft, no temp file left behind.

Each round starts a process that saves a large draft over and over (two versions, in
turn), kills it with SIGKILL at a random moment, then checks that the draft on disk is
whole (one of the two versions, byte for byte as they read back) and counts the temp
files the killed save left. The next round's first save (and a last one at the end) must
remove them. Prints the counts; exits 1 if any draft was corrupt or any temp file remains.

    .venv/bin/python bench/kill_save.py [--kills 200] [--seed 8]
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.core.drafts import Draft, DraftError, load_draft, save_draft  # noqa: E402
from tui.core.presets import preset_template  # noqa: E402

SAVER = """\
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bench.kill_save import large_template
from tui.core.drafts import Draft, save_draft
path = Path(sys.argv[1])
versions = [Draft(template=large_template(v)) for v in ("a", "b")]
save_draft(path, versions[int(sys.argv[2]) % 2])
sys.stdout.write("saving\\n")
sys.stdout.flush()
turn = 0
while True:
    save_draft(path, versions[turn % 2])
    turn += 1
"""


def large_template(version: str) -> dict[str, Any]:
    """About 150 KB of draft: a preset with thousands of env entries and long values."""
    template = preset_template("vllm-h100", account_id="acc_bench")
    env = {f"VAR_{i:05d}": f"{version}-{i}-" + "x" * 100 for i in range(1000)}
    template["vendor_configuration"]["bundle_config"]["env"] = env
    template["name"] = f"kill-save-{version}"
    return template


def temp_files(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]


def one_kill(path: Path, turn: int, rng: random.Random) -> None:
    command = [sys.executable, "-c", SAVER, str(path), str(turn), str(ROOT)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    assert child.stdout is not None
    child.stdout.readline()  # the first save is done: now it saves in a loop
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    expected = {name: large_template(name) for name in ("a", "b")}
    corrupt = left_by_a_kill = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.toml"
        save_draft(path, Draft(template=expected["a"]))
        print(f"draft: {path.stat().st_size / 2**20:.1f} MiB")
        started = time.monotonic()
        for turn in range(args.kills):
            one_kill(path, turn, rng)
            left_by_a_kill += len(temp_files(path))
            try:
                template = load_draft(path).draft.template
            except DraftError:
                template = None
            corrupt += template not in expected.values()
        save_draft(path, Draft(template=expected["b"]))  # the next save after the last kill
        leftover = temp_files(path)
        seconds = time.monotonic() - started
    print(f"kills: {args.kills} in {seconds:.0f} s")
    print(f"corrupt drafts: {corrupt}")
    print(f"temp files present right after a kill (removed by the next save): {left_by_a_kill}")
    print(f"leftover temp files: {len(leftover)}")
    return 1 if corrupt or leftover else 0


if __name__ == "__main__":
    sys.exit(main())
