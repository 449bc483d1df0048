"""A bundle command as the words a program parses: a one-string command split as a shell
would split it, the script of `sh -c "..."`, and the value of a flag. Read by the rules in
container_rules.py and model_fit.py; nothing here runs anything."""

from __future__ import annotations

import functools
from collections.abc import Sequence

SHELLS = ("sh", "bash", "dash", "zsh")


def arguments(value: Sequence[str]) -> tuple[str, ...]:
    """The words a server parses: a one-string command split as a shell would, and the
    script of `sh -c "..."` split into its words."""
    return _arguments(tuple(value))


@functools.lru_cache(maxsize=256)
def _arguments(value: tuple[str, ...]) -> tuple[str, ...]:
    """Cached: the wizard validates on every key, and the command rarely changes."""
    argv = list(value)
    if len(argv) == 1 and " " in argv[0].strip():
        argv = shell_split(argv[0]) or argv
    if len(argv) >= 3 and program(argv[0]) in SHELLS and "-c" in argv:
        script = argv[argv.index("-c") + 1] if argv.index("-c") + 1 < len(argv) else ""
        argv = shell_split(script) or argv
    return tuple(argv)


def shell_split(text: str) -> list[str] | None:
    """`text` split as a shell would; None when it cannot be (an unbalanced quote)."""
    import shlex  # only for a command written as one string

    try:
        return shlex.split(text)
    except ValueError:
        return None


def program(word: str) -> str:
    """The program name of a path: `/usr/bin/vllm` -> `vllm`."""
    return word.rsplit("/", 1)[-1]


def flag_value(argv: Sequence[str], names: Sequence[str]) -> tuple[str, str] | None:
    """The last `--name value` / `--name=value` of any of `names`, as (flag, value)."""
    return _flag_value(tuple(argv), tuple(names))


@functools.lru_cache(maxsize=1024)
def _flag_value(argv: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, str] | None:
    """Cached: it runs for several flags of every command on each validation (each keystroke
    in the wizard, each draft of a folder) and the commands rarely change. Words that are
    not flags are skipped at once."""
    found = None
    wanted = frozenset(names)
    for index, word in enumerate(argv):
        if not word.startswith("-"):
            continue
        if word in wanted:
            if index + 1 < len(argv):
                found = (word, argv[index + 1])
        elif word.startswith("--") and "=" in word:
            name, _, value = word.partition("=")
            if name in wanted:
                found = (name, value)
    return found
