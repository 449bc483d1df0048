"""Deploy-time warnings for an image reference split over the wrong fields.

SGP stores an image as `registry`, `image` and `tag`, and Launch pulls `registry/image:tag`.
People paste whole references into one field: `image = "team/vllm:0.6.3"` makes Launch pull
`team/vllm:0.6.3:<tag>`, which does not exist, and the pod never starts. The split itself is
`tui.core.images.parse_image_reference` (the wizard's paste-to-fill uses it too).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from tui.core.images import DOCKER_HUB, parse_image_reference
from tui.core.masking import quote
from tui.core.report import Finding, Severity

BUNDLE_TABLES = ("bundle_config", "fine_tuning_job_bundle_config")


def image_findings(template: Mapping[str, Any]) -> list[Finding]:
    """A warning for each field holding a part of the reference that belongs elsewhere."""
    vendor = template.get("vendor_configuration")
    if not isinstance(vendor, Mapping):
        return []
    out: list[Finding] = []
    for table in BUNDLE_TABLES:
        bundle = vendor.get(table)
        if isinstance(bundle, Mapping):
            out.extend(_bundle_findings(bundle, f"vendor_configuration.{table}"))
    return out


def _bundle_findings(bundle: Mapping[str, Any], prefix: str) -> Iterator[Finding]:
    registry, image, tag = (_text(bundle, key) for key in ("registry", "image", "tag"))
    if registry and "://" in registry:
        host = urlsplit(registry).netloc or registry.split("://", 1)[1]
        yield _warn(
            f"{prefix}.registry",
            f"{quote(registry)} is a URL: the registry is the host alone, {quote(host)}",
        )
    if image:
        yield from _image_field(image, prefix)
    if tag and (":" in tag or "@" in tag):
        yield _warn(
            f"{prefix}.tag",
            f"{quote(tag)} is more than a tag: the tag is what follows the last ':' of a "
            "reference (SGP cannot pin a digest; use the tag the digest was pushed as)",
        )


@functools.lru_cache(maxsize=256)
def _image_field(image: str, prefix: str) -> tuple[Finding, ...]:
    """Cached: parsing a reference took half of all the deploy rules' time, and the image
    rarely changes between keystrokes or between the drafts of one folder."""
    reference = parse_image_reference(image)
    if reference is None:
        return ()
    has_registry = reference.registry != DOCKER_HUB and image.startswith(reference.registry)
    digest_only = reference.digest is not None and reference.tag == reference.digest
    if not (has_registry or reference.explicit_tag):
        return ()
    held = [
        *(["the registry host"] if has_registry else []),
        *(["a digest"] if reference.digest else []),
        *(["a tag"] if reference.explicit_tag and not digest_only else []),
    ]
    fix = [
        *([f"registry = {quote(reference.registry)}"] if has_registry else []),
        f"image = {quote(reference.image)}",
        *([f"tag = {quote(reference.tag)}"] if reference.explicit_tag and not digest_only else []),
    ]
    pin = " (SGP cannot pin a digest: use the tag it was pushed as)" if reference.digest else ""
    return (
        _warn(
            f"{prefix}.image",
            f"holds {' and '.join(held)}: set {', '.join(fix)}{pin}; "
            "Launch pulls registry/image:tag",
        ),
    )


def _text(table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    return value if isinstance(value, str) and value else None


def _warn(path: str, message: str) -> Finding:
    return Finding(path, message, Severity.WARNING, rule="launch.image")
