"""The field specs of every form field, readable without importing pydantic.

Deriving a spec (`tui.core.fields`) needs the request models, and importing pydantic and the
models costs about as much as the rest of the wizard's start-up. The wizard's first frame
needs only labels, help, kinds, defaults and choices, so the specs of every field path are
derived once and saved as JSON in the user's cache folder, in a file named by a hash of the
sources they come from. Editing any of those sources (or upgrading the package or pydantic)
changes the name, so a stale table is never read; a missing or unreadable table is derived
again. The table is never written by hand: it is the models' own specs, serialised.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from tui import APP_NAME, __version__
from tui.core.specs import FieldSpec

CACHE_DIR_ENV = "SGP_TEMPLATE_CACHE_DIR"
SOURCES = ("models.py", "enums.py", "fields.py", "specs.py", "spec_table.py")
"""The modules whose code decides what a spec says (all in tui/core)."""
TABLE_PREFIX = "field-specs-"


def form_spec(path: str) -> FieldSpec:
    """The spec of the field at `path`: from the table when it has the path, else derived."""
    spec = spec_table().get(path)
    if spec is not None:
        return spec
    from tui.core.fields import field_spec

    return field_spec(path)


@cache
def spec_table() -> dict[str, FieldSpec]:
    """Every field path's spec, read from the cache file (derived and saved on a miss)."""
    file = table_path()
    table = read_table(file)
    if table is None:
        table = derive_table()
        write_table(file, table)
    return table


def derive_table() -> dict[str, FieldSpec]:
    """The specs of every field path, from the models (imports pydantic)."""
    from tui.core.fields import field_spec, iter_paths

    return {path: field_spec(path) for path in iter_paths()}


def table_path() -> Path:
    return cache_dir() / f"{TABLE_PREFIX}{sources_hash()[:16]}.json"


def cache_dir() -> Path:
    """$SGP_TEMPLATE_CACHE_DIR, else the platform's cache folder for the app."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_path(APP_NAME))


def sources_hash() -> str:
    """A hash of our sources, the package version and pydantic's version file (a pydantic
    upgrade may change what a spec says), read without importing pydantic."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in SOURCES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    digest.update(_pydantic_version_file())
    return digest.hexdigest()


def _pydantic_version_file() -> bytes:
    spec = importlib.util.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return b""
    try:
        return (Path(spec.origin).parent / "version.py").read_bytes()
    except OSError:
        return b""


def read_table(file: Path) -> dict[str, FieldSpec] | None:
    """The table saved in `file`, or None when it is missing or not one we wrote."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {path: FieldSpec.from_json(item) for path, item in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_table(file: Path, table: dict[str, FieldSpec]) -> None:
    """Save `table` atomically and remove tables of other sources; a failure only means the
    specs are derived again next time."""
    try:
        text = json.dumps({path: spec.to_json() for path, spec in table.items()}, indent=0)
    except (TypeError, ValueError):  # a default JSON cannot hold: derive every time
        return
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=file.parent, prefix=".tmp-", delete=False
        ) as handle:
            handle.write(text)
        try:
            os.replace(handle.name, file)
        except OSError:
            os.unlink(handle.name)
            raise
        for old in file.parent.glob(f"{TABLE_PREFIX}*.json"):
            if old != file:
                old.unlink(missing_ok=True)
