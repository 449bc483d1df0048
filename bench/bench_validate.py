"""Benchmark `sgp-template validate` against the bare minimum, side by side in one run.

    .venv/bin/python bench/bench_validate.py [--drafts 1000] [--runs 10]

(a) throughput: `sgp-template validate` over N drafts in one process, versus a fresh
    `python -c` process looping tomllib + ModelTemplateRequest.model_validate over the same
    files (both pay interpreter start-up; target ratio <= 1.3);
(b) start-up: `sgp-template validate ONE.toml` versus `python -c "import pydantic, httpx"`
    (median of --runs runs each; target ratio <= 1.5).

A script, not a test: timings depend on the machine. Prints a table and the ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_env import with_bytecode_cache  # noqa: E402

PYCACHE = tempfile.TemporaryDirectory(prefix="sgp-bench-pycache-")
"""One bytecode cache for every child of this run (see bench_env.py)."""

BARE_LOOP = """
import sys, tomllib
from tui.core.models import ModelTemplateRequest
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        data = tomllib.load(handle)
    try:
        ModelTemplateRequest.model_validate(data["template"])
    except Exception:
        pass
"""


def write_drafts(folder: Path, count: int) -> list[Path]:
    """`count` drafts cycling through the presets, each with a few fields varied."""
    from tui.core.drafts import Draft, dumps_draft
    from tui.core.presets import PRESETS, preset_template

    names = sorted(PRESETS)
    files = []
    for index in range(count):
        template = preset_template(names[index % len(names)], account_id=f"acct-{index % 7}")
        template["name"] = f"bench-{index:04d}"
        bundle = template["vendor_configuration"]["bundle_config"]
        bundle["tag"] = f"1.{index % 13}.{index % 5}"
        endpoint = template["vendor_configuration"].setdefault("endpoint_config", {})
        endpoint["max_workers"] = 1 + index % 8
        if index % 10 == 0:  # some drafts with a finding, as real folders have
            endpoint["max_workers"] = 400
        path = folder / f"draft-{index:04d}.toml"
        path.write_text(dumps_draft(Draft(template=template)), encoding="utf-8")
        files.append(path)
    return files


def cli_command() -> list[str]:
    """The installed console script when there is one, else `python -m tui`."""
    script = Path(sys.executable).with_name("sgp-template")
    if script.exists():
        return [str(script)]
    found = shutil.which("sgp-template")
    return [found] if found else [sys.executable, "-m", "tui"]


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, median
    cpu: float  # user + sys seconds of the child, median


def run_once(command: Sequence[str]) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SGP_")}
    env = with_bytecode_cache(env, PYCACHE.name)
    env["PYTHONPATH"] = str(ROOT)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compare(ours: Sequence[str], base: Sequence[str], runs: int) -> tuple[Timing, Timing]:
    """Run the two commands alternately (so machine load hits both alike); medians."""
    run_once(ours), run_once(base)  # warm the OS file cache and .pyc files
    samples: dict[int, list[tuple[float, float]]] = {0: [], 1: []}
    for _ in range(runs):
        for which, command in enumerate((ours, base)):
            samples[which].append(run_once(command))
    timings = [
        Timing(statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
        for s in (samples[0], samples[1])
    ]
    return timings[0], timings[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)

    cli = cli_command()
    with tempfile.TemporaryDirectory(prefix="sgp-bench-") as tmp:
        files = [str(f) for f in write_drafts(Path(tmp), args.drafts)]
        throughput_runs = max(3, args.runs // 2)
        bare_loop = [sys.executable, "-c", BARE_LOOP, *files]
        many = compare([*cli, "validate", *files], bare_loop, throughput_runs)
        imports = [sys.executable, "-c", "import pydantic, httpx"]
        one = compare([*cli, "validate", files[1]], imports, args.runs)

    rows = [
        (f"(a) validate {args.drafts} drafts", "bare tomllib + model_validate loop", many, 1.3),
        ("(b) validate ONE.toml", 'python -c "import pydantic, httpx"', one, 1.5),
    ]
    print(
        f"command: {' '.join(cli)}   python {sys.version.split()[0]}   "
        f"medians of {throughput_runs} (a) / {args.runs} (b) alternating runs   "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print(
        f"{'measure':<28} {'wall':>7} {'base':>7} {'ratio':>6}   "
        f"{'cpu':>7} {'base':>7} {'ratio':>6}   {'target':<6} {'':<4} baseline"
    )
    ok = True
    for label, base_label, (ours, base), target in rows:
        wall_ratio, cpu_ratio = ours.wall / base.wall, ours.cpu / base.cpu
        ok &= wall_ratio <= target
        verdict = "ok" if wall_ratio <= target else "MISS"
        print(
            f"{label:<28} {ms(ours.wall):>7} {ms(base.wall):>7} {wall_ratio:>6.2f}   "
            f"{ms(ours.cpu):>7} {ms(base.cpu):>7} {cpu_ratio:>6.2f}   <={target:<4} {verdict:<4} "
            f"{base_label}"
        )
    return 0 if ok else 1


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}ms"


if __name__ == "__main__":
    sys.exit(main())
