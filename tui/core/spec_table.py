"""The field specs of every form field, shipped in the package, read without pydantic.

Deriving a spec (`tui.core.fields`) needs the request models, and importing pydantic and the
models costs about as much as the rest of the wizard's start-up. The wizard's first frame
needs only labels, help, kinds, defaults and choices, so the specs of every field path ship
as `field_specs.json` next to this module. The file is never written by hand: it is the
models' own specs, serialised by

    python -m tui.core.spec_table

and `tests/core/test_spec_table.py` fails when it differs from what the models derive now,
so an edit to any module a spec comes from (models, enums, fields, specs, paths...) cannot
leave it stale unnoticed. A missing or unreadable file only costs time: the specs are then
derived from the models.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from tui.core.specs import FieldSpec

TABLE_FILE = Path(__file__).with_name("field_specs.json")


def form_spec(path: str) -> FieldSpec:
    """The spec of the field at `path`: from the table when it has the path, else derived."""
    spec = spec_table().get(path)
    if spec is not None:
        return spec
    from tui.core.fields import field_spec

    return field_spec(path)


@cache
def spec_table() -> dict[str, FieldSpec]:
    """Every field path's spec, read from the shipped table (derived if it cannot be read)."""
    table = read_table(TABLE_FILE)
    return table if table is not None else derive_table()


def derive_table() -> dict[str, FieldSpec]:
    """The specs of every field path, from the models (imports pydantic)."""
    from tui.core.fields import field_spec, iter_paths

    return {path: field_spec(path) for path in iter_paths()}


def table_text(table: dict[str, FieldSpec]) -> str:
    """The table as the shipped file holds it (stable: one path per line, in model order)."""
    lines = [f"{json.dumps(path)}: {json.dumps(spec.to_json())}" for path, spec in table.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def read_table(file: Path) -> dict[str, FieldSpec] | None:
    """The table saved in `file`, or None when it is missing or not one we wrote."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {path: FieldSpec.from_json(item) for path, item in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def main() -> int:
    """Write the table derived from the models to the package (run after a model change)."""
    TABLE_FILE.write_text(table_text(derive_table()), encoding="utf-8")
    print(f"wrote {TABLE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
