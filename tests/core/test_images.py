"""parse_image_reference: pasted image references split into SGP's registry/image/tag."""

from __future__ import annotations

import pytest

from tui.core.images import ImageReference, parse_image_reference

DIGEST = "sha256:" + "ab12" * 16

REFERENCES = [
    (
        "123.dkr.ecr.us-west-2.amazonaws.com/team/vllm:0.6.3",
        ("123.dkr.ecr.us-west-2.amazonaws.com", "team/vllm", "0.6.3"),
    ),
    ("ghcr.io/org/img:tag", ("ghcr.io", "org/img", "tag")),
    ("localhost:5000/img:1", ("localhost:5000", "img", "1")),
    (
        "registry.example.com:443/a/b/c:v1.2-rc_3",
        ("registry.example.com:443", "a/b/c", "v1.2-rc_3"),
    ),
    ("ghcr.io/org/img", ("ghcr.io", "org/img", "latest")),
    ("localhost/img", ("localhost", "img", "latest")),
    ("vllm/vllm-openai:v0.6.3", ("docker.io", "vllm/vllm-openai", "v0.6.3")),
    ("vllm/vllm-openai", ("docker.io", "vllm/vllm-openai", "latest")),
    ("nginx:1.25", ("docker.io", "nginx", "1.25")),
    ("docker.io/library/python:3.11-slim", ("docker.io", "library/python", "3.11-slim")),
    ("  ghcr.io/org/img:tag\n", ("ghcr.io", "org/img", "tag")),
    (f"ghcr.io/org/img@{DIGEST}", ("ghcr.io", "org/img", DIGEST)),
    (f"ghcr.io/org/img:1.0@{DIGEST}", ("ghcr.io", "org/img", "1.0")),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCES)
def test_splits_references(text: str, expected: tuple[str, str, str]) -> None:
    reference = parse_image_reference(text)
    assert reference is not None
    assert (reference.registry, reference.image, reference.tag) == expected


NOT_REFERENCES = [
    "",
    "   ",
    "vllm",
    "my-registry.example.com",
    "123.dkr.ecr.us-west-2.amazonaws.com",
    "localhost:5000",
    "registry.example.com:443",
    "https://ghcr.io/org/img:tag",
    "ghcr.io/org/img:",
    "ghcr.io/",
    "ghcr.io/Org/Img:tag",
    "ghcr.io/org/img:bad tag",
    "ghcr.io/org//img",
    "ghcr.io/org/img@sha256:short",
    "docker pull ghcr.io/org/img:tag",
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_rejects_text_that_is_not_a_reference(text: str) -> None:
    assert parse_image_reference(text) is None


def test_a_missing_tag_is_marked_implicit() -> None:
    reference = parse_image_reference("ghcr.io/org/img")
    assert reference is not None
    assert reference.explicit_tag is False
    assert parse_image_reference("ghcr.io/org/img:latest") == ImageReference(
        "ghcr.io", "org/img", "latest"
    )


def test_digest_is_kept_for_a_warning() -> None:
    tagged = parse_image_reference(f"ghcr.io/org/img:1.0@{DIGEST}")
    digest_only = parse_image_reference(f"ghcr.io/org/img@{DIGEST}")
    assert tagged is not None and digest_only is not None
    assert tagged.digest == DIGEST
    assert digest_only.digest == DIGEST
    assert parse_image_reference("ghcr.io/org/img:1.0") == ImageReference(
        "ghcr.io", "org/img", "1.0", None
    )


@pytest.mark.parametrize(
    "text",
    ["ghcr.io/org/img:tag", "localhost:5000/img:1", f"ghcr.io/org/img@{DIGEST}"],
)
def test_str_gives_back_a_pullable_reference(text: str) -> None:
    reference = parse_image_reference(text)
    assert reference is not None
    assert str(reference) == text
    assert parse_image_reference(str(reference)) == reference
