"""A fixed-seed sample of bench/fuzz.py: generated hostile drafts through load, validate,
every show format and submit --dry-run, with no crash and no hang."""

from __future__ import annotations

import pytest

from bench import fuzz

SAMPLE = 200
SEED = 20261129


@pytest.mark.timeout(600, method="thread")  # fuzz.time_limit uses SIGALRM itself
def test_a_fixed_seed_sample_never_crashes_or_hangs() -> None:
    problems: list[str] = []
    counts = fuzz.run(SAMPLE, SEED, limit=60, report=problems.append)
    assert problems == []
    assert counts["inputs"] == SAMPLE
    assert counts["crash"] == 0 and counts["hang"] == 0
    assert counts["valid"] and counts["findings"] and counts["refused"]  # all kinds reached


def test_the_generator_covers_every_kind_of_input() -> None:
    kinds = {kind for case in fuzz.generate(3000, SEED) for kind in case.kind.split("+")}
    expected = {m.__name__ for m, _ in fuzz.MUTATIONS} | set(fuzz.SPECIAL_KINDS)
    assert kinds == expected


def test_the_generator_is_deterministic() -> None:
    assert list(fuzz.generate(50, 1)) == list(fuzz.generate(50, 1))
