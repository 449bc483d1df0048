"""Fuzz the draft pipeline: every generated draft gets a finding or a clear message.

Generates drafts from valid seeds (the presets and the draft fixtures of every released
version) by byte flips, truncations, deleted and duplicated lines, wrong types, 1 MB
strings, deep nesting, unicode and NUL, invalid UTF-8, version lines, empty files, and
special files (directories, FIFOs, symlink loops, devices), and runs each one in process
through loading, `validate --json`, every `show` format and `submit --dry-run --json`, with
a time limit per input (generous: an input holding a 1 MB string is parsed by each of the
seven runs, a few seconds each on a busy 2-core machine). A crash is an exception escaping,
an internal error (exit 70), an unexpected exit code or --json output that is not JSON; a
hang is an input over its time limit. Prints the counts per outcome; exits 1 on any crash
or hang.

    .venv/bin/python bench/fuzz.py [--count 10000] [--seed 8] [--limit 60]

A fixed-seed sample runs in the test suite (tests/cli/test_fuzz_sample.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.cli.main import main as cli_main  # noqa: E402
from tui.core.drafts import Draft, DraftError, dumps_draft, load_draft  # noqa: E402
from tui.core.presets import PRESETS, preset_template  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "drafts"
FORMATS = ("json", "toml", "curl", "python")
EXIT_INTERNAL = 70

# -- generation ---------------------------------------------------------------------------


def seeds() -> list[bytes]:
    """Valid drafts to mutate: every preset, with and without an account, and the fixtures."""
    texts = [
        dumps_draft(Draft(template=preset_template(name, account_id=account)))
        for name in PRESETS
        for account in ("acc_fuzz", None)
    ]
    texts += [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.toml"))]
    return [text.encode("utf-8") for text in texts]


WRONG_VALUES = [
    "1",
    "-1",
    "9223372036854775807",
    "1.5",
    "nan",
    "inf",
    "true",
    "[]",
    "[1, 'a']",
    "{}",
    "{a = 1}",
    '""',
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
    "1979-05-27T07:32:00",
    '"${UNSET_FUZZ_VARIABLE}"',
    '"$${literal}"',
    "'\\u0000'",
    '"\\u0000"',
]

UNICODE = ["é", "名前", "🙂", "\u202e", "\ufeff", "\u0000", "\x7f", "\u2028", "\ud7ff", "\\"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    return b"\n".join(lines)


def wrong_type(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b" = " in line]
    for _ in range(rng.randint(1, 3)):
        if candidates:
            i = rng.choice(candidates)
            key = lines[i].split(b" = ", 1)[0]
            lines[i] = key + b" = " + rng.choice(WRONG_VALUES).encode("utf-8")
    return b"\n".join(lines)


def huge_string(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b' = "' in line]
    if not candidates:
        return data + b'\nname = "' + b"x" * 1_000_000 + b'"\n'
    i = rng.choice(candidates)
    key = lines[i].split(b" = ", 1)[0]
    unit = rng.choice([b"x", b"\xc3\xa9", b"${A}"])
    lines[i] = key + b' = "' + unit * (1_000_000 // len(unit)) + b'"'  # 1 MB
    return b"\n".join(lines)


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([10, 63, 64, 65, 200, 330, 490, 1000, 5000])
    if rng.random() < 0.5:
        value = b"{a=" * depth + b"1" + b"}" * depth
    else:
        value = b"[" * depth + b"1" + b"]" * depth
    if rng.random() < 0.3:
        value = value[: rng.randrange(len(value))]  # unbalanced
    key = rng.choice([b"name", b"vendor_configuration", b"model_type", b"x"])
    section = rng.choice([b"[template]\n", b""])
    return data + b"\n" + section + key + b" = " + value + b"\n"


def unicode_and_nul(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(UNICODE) + text[at:]
    return text.encode("utf-8", "surrogatepass")


def invalid_utf8(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"]) + data[at:]


def version_line(rng: random.Random, data: bytes) -> bytes:
    lines = [
        line for line in _lines(data) if not line.startswith((b"draft_version", b"schema_version"))
    ]
    choices = [
        b'draft_version = "0.9"',
        b'draft_version = "1.0"',
        b'draft_version = "1.7"',
        b'draft_version = "2.0"',
        b'draft_version = "0.1"',
        b"draft_version = 1.0",
        b'schema_version = "0.9"',
        b'schema_version = "1.0"',
        b'draft_version = "0.9"\nschema_version = "0.9"',
        b'draft_version = ""',
        b"",
    ]
    return rng.choice(choices) + b"\n" + b"\n".join(lines)


def empty(rng: random.Random, data: bytes) -> bytes:
    return rng.choice([b"", b"\n", b"   \n\t\n", b"\xef\xbb\xbf", b"# only a comment\n"])


MUTATIONS: list[tuple[Callable[[random.Random, bytes], bytes], int]] = [
    (flip_bytes, 20),
    (truncate, 12),
    (delete_lines, 12),
    (duplicate_lines, 10),
    (wrong_type, 20),
    (huge_string, 1),
    (deep_nesting, 6),
    (unicode_and_nul, 8),
    (invalid_utf8, 5),
    (version_line, 8),
    (empty, 2),
]

SPECIAL_KINDS = ("directory", "fifo", "symlink_loop", "dangling_symlink", "device")


@dataclass(frozen=True)
class Case:
    number: int
    kind: str
    data: bytes = b""

    def make(self, folder: Path) -> Path:
        """Write the case into `folder`; return the path to give the tool."""
        path = folder / f"case{self.number}.toml"
        if self.kind == "directory":
            path.mkdir()
        elif self.kind == "fifo":
            os.mkfifo(path)
        elif self.kind == "symlink_loop":
            path.symlink_to(path)
        elif self.kind == "dangling_symlink":
            path.symlink_to(folder / "nowhere.toml")
        elif self.kind == "device":
            return Path("/dev/zero" if self.number % 2 else "/dev/null")
        else:
            path.write_bytes(self.data)
        return path


def generate(count: int, seed: int) -> Iterator[Case]:
    rng = random.Random(seed)
    bases = seeds()
    kinds, weights = zip(*MUTATIONS, strict=True)
    for number in range(count):
        if rng.random() < 0.01:
            yield Case(number, rng.choice(SPECIAL_KINDS))
            continue
        data = rng.choice(bases)
        chosen = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutation = rng.choices(kinds, weights)[0]
            data = mutation(rng, data)
            chosen.append(mutation.__name__)
        yield Case(number, "+".join(chosen), data)


# -- running --------------------------------------------------------------------------------


class Hang(BaseException):
    """BaseException: the tool under test must not catch it as one of its own errors."""

    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in this (main) thread after `seconds` (SIGALRM: POSIX only)."""

    def expire(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Result:
    load: str  # valid | findings | refused
    problems: list[str] = field(default_factory=list)
    hang: bool = False


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    return code, out.getvalue(), err.getvalue()


def _check(problems: list[str], argv: list[str], allowed: set[int], json_out: bool) -> None:
    try:
        code, out, err = _cli(argv)
    except Hang:
        raise
    except BaseException as exc:  # anything escaping main() is a crash
        problems.append(f"{' '.join(argv[:1] + argv[2:])}: {type(exc).__name__}: {exc}"[:300])
        return
    name = " ".join(argv[:1] + argv[2:])
    if code not in allowed:
        last = err.strip().splitlines()[-1:] or [""]
        problems.append(f"{name}: exit {code}: {last[0][:200]}")
    if "Traceback" in err:
        problems.append(f"{name}: traceback on stderr")
    if json_out:
        try:
            json.loads(out)
        except ValueError:
            problems.append(f"{name}: --json output is not JSON")


def run_case(path: Path) -> Result:
    """Load, validate, show in every format and submit --dry-run one input."""
    try:
        loaded = load_draft(path)
        result = Result("findings" if loaded.report.errors else "valid")
    except DraftError:
        result = Result("refused")
    except Exception as exc:
        result = Result("crashed", [f"load: {type(exc).__name__}: {exc}"[:300]])
    file = str(path)
    _check(result.problems, ["validate", file, "--json"], {0, 1}, json_out=True)
    for fmt in FORMATS:
        _check(result.problems, ["show", file, "--format", fmt], {0, 1}, json_out=False)
    _check(result.problems, ["submit", file, "--dry-run", "--json"], {0, 1}, json_out=True)
    return result


@contextlib.contextmanager
def _untranslated_argparse() -> Iterator[None]:
    """argparse looks for a message catalogue on disk for every text of every parser it
    builds (no catalogue is cached when none exists): about a third of each in-process run
    here. No catalogue exists for these texts, so returning them unchanged prints the same."""
    saved = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: text  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


def run(count: int, seed: int, limit: float, report: Callable[[str], None] = print) -> Counter:
    """Run `count` generated inputs; the counts per outcome (plus "crash" and "hang")."""
    counts: Counter = Counter()
    with (
        tempfile.TemporaryDirectory() as tmp,
        _quiet_environment(Path(tmp)),
        _untranslated_argparse(),
    ):
        folder = Path(tmp) / "cases"
        folder.mkdir()
        for case in generate(count, seed):
            path = case.make(folder)
            try:
                with time_limit(limit):
                    result = run_case(path)
            except Hang:
                result = Result("hung", [f"over {limit} s"], hang=True)
            counts[result.load] += 1
            counts["inputs"] += 1
            if result.hang:
                counts["hang"] += 1
            elif result.problems:
                counts["crash"] += 1
            for problem in result.problems:
                report(f"case {case.number} ({case.kind}): {problem}")
            _remove(path)
    return counts


@contextlib.contextmanager
def _quiet_environment(folder: Path) -> Iterator[None]:
    """No SGP_* from the shell; the state folder in `folder`; HF_TOKEN set."""
    saved = dict(os.environ)
    for name in [n for n in os.environ if n.startswith("SGP_")]:
        del os.environ[name]
    os.environ["SGP_TEMPLATE_STATE_DIR"] = str(folder / "state")
    os.environ["HF_TOKEN"] = "hf-fuzz-token"
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _remove(path: Path) -> None:
    if path.is_relative_to("/dev"):
        return
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per input")
    args = parser.parse_args()
    started = time.monotonic()
    counts = run(args.count, args.seed, args.limit)
    seconds = time.monotonic() - started
    print(f"inputs tried: {counts['inputs']} in {seconds:.0f} s (seed {args.seed})")
    for outcome in ("valid", "findings", "refused", "crashed", "hung"):
        print(f"  {outcome}: {counts[outcome]}")
    print(f"crashes: {counts['crash']}")
    print(f"hangs: {counts['hang']}")
    return 1 if counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
