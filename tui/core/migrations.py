"""Upgrade the data of older draft files to the current draft format.

A migration is a plain `dict -> dict` function keyed by the version it upgrades *from*; it
returns the data in the next version's shape (with that version's `draft_version`). They run
on the parsed TOML, before the top-level keys are checked and before validation, so the rest
of the code only ever sees the current format.

Released versions:
- 0.9: the early prototype. Its version key was `schema_version`, and the bundle's image was
  one `image_uri = "registry/image:tag"` key instead of `registry`, `image` and `tag`.
- 1.0: `draft_version`, `generator` and `[template]`.
- 1.1: the current format; adds the optional `[profiles.NAME]` tables (per-profile overrides
  of the template, tui.core.draft_profiles). A 1.0 draft has none, so only the version moves.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

CURRENT_VERSION = "1.1"

VERSION_KEY = "draft_version"
LEGACY_VERSION_KEY = "schema_version"
"""The version key of 0.9 drafts."""

_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def parse_version(text: object) -> tuple[int, int] | None:
    """`"1.0"` -> `(1, 0)`; None when `text` is not a MAJOR.MINOR string."""
    if not isinstance(text, str):
        return None
    match = _VERSION.match(text)
    return (int(match[1]), int(match[2])) if match else None


def declared_version(data: dict[str, Any]) -> tuple[str | None, Any]:
    """The key holding the draft's version and its raw value (`(None, None)` when absent)."""
    for key in (VERSION_KEY, LEGACY_VERSION_KEY):
        if key in data:
            return key, data[key]
    return None, None


class MigrationError(Exception):
    """A migration did not end on a later version (a bug in this module, never the draft's)."""


def migrate(data: dict[str, Any], version: str) -> tuple[dict[str, Any], list[str]]:
    """Run every migration from `version` up to the current one.

    Returns the migrated data and the versions it was migrated from (empty when `version`
    needed none). Terminates for any input: each step must end on a strictly later version
    than it started from (else MigrationError), and there are finitely many migrations.
    """
    applied: list[str] = []
    while version in MIGRATIONS:
        data = MIGRATIONS[version](copy.deepcopy(data))
        applied.append(version)
        version = _next_version(data, version)
    return data, applied


def _next_version(data: dict[str, Any], previous: str) -> str:
    reached = data.get(VERSION_KEY)
    before, after = parse_version(previous), parse_version(reached)
    if before is None or after is None or after <= before:
        raise MigrationError(
            f"the migration from draft_version {previous} ended on {reached!r}, "
            "not on a later version"
        )
    return str(reached)


def needs_migration(version: str) -> bool:
    return version in MIGRATIONS


# -- 0.9 -> 1.0 -----------------------------------------------------------------------------


def split_image_uri(uri: str) -> tuple[str, str, str]:
    """`registry/team/image:tag` -> `(registry, team/image, tag)`, as Docker reads it.

    The first component is a registry only when it looks like a host (has a dot or a port,
    or is `localhost`); otherwise the image is on Docker Hub. A missing tag means `latest`.
    """
    rest, tag = uri, "latest"
    last_slash = uri.rfind("/")
    colon = uri.rfind(":")
    if colon > last_slash:
        rest, tag = uri[:colon], uri[colon + 1 :]
    first, _, remainder = rest.partition("/")
    if remainder and ("." in first or ":" in first or first == "localhost"):
        return first, remainder, tag
    return "docker.io", rest, tag


def migrate_0_9(data: dict[str, Any]) -> dict[str, Any]:
    """0.9 -> 1.0: rename `schema_version`, split `image_uri` into registry/image/tag.

    Both version keys are dropped (a 0.9 draft may declare itself with either), so nothing
    the draft held can override the "1.0" this sets.
    """
    data.pop(LEGACY_VERSION_KEY, None)
    data.pop(VERSION_KEY, None)
    upgraded: dict[str, Any] = {VERSION_KEY: "1.0", **data}
    template = upgraded.get("template")
    vendor = template.get("vendor_configuration") if isinstance(template, dict) else None
    bundle = vendor.get("bundle_config") if isinstance(vendor, dict) else None
    if isinstance(bundle, dict) and isinstance(bundle.get("image_uri"), str):
        registry, image, tag = split_image_uri(bundle.pop("image_uri"))
        split = {"registry": registry, "image": image, "tag": tag}
        # Keys the user already wrote win over the ones derived from image_uri.
        vendor["bundle_config"] = {**split, **bundle}
    return upgraded


# -- 1.0 -> 1.1 -----------------------------------------------------------------------------


def migrate_1_0(data: dict[str, Any]) -> dict[str, Any]:
    """1.0 -> 1.1: the format only gained optional `[profiles.NAME]` tables."""
    return {**data, VERSION_KEY: "1.1"}


MIGRATIONS: dict[str, Migration] = {
    "0.9": migrate_0_9,
    "1.0": migrate_1_0,
}
"""Keyed by the version each migration upgrades from."""

VERSION_ONLY: frozenset[str] = frozenset({"1.0"})
"""Versions whose migration changes nothing but the version number (the newer format only
added optional keys): such a file is read as it is, and loading it is not worth a notice."""


def rewrites_content(applied: list[str]) -> bool:
    """Whether the migrations in `applied` changed more than the version number."""
    return any(version not in VERSION_ONLY for version in applied)


RELEASED_VERSIONS: tuple[str, ...] = (*MIGRATIONS, CURRENT_VERSION)
