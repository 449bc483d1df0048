"""How deep tables and arrays may nest in what a user hands us (a draft, a --set value).

A template is about six levels deep. The TOML parser, validation, copies and JSON all recurse
once per level and run out of stack (RecursionError) some hundreds of levels down, so deeper
input is refused with a message before anything recurses over it.
"""

from __future__ import annotations

from typing import Any

MAX_NESTING = 64


def deeper_than(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether dicts and lists in `value` nest more than `limit` levels (iterative: it cannot
    recurse itself). Only containers are visited: it runs on every draft read."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
