"""Split a container image reference into SGP's registry / image / tag fields.

SGP's bundle config stores an image as three fields (`registry`, `image`, `tag`), but people
copy whole references from `docker images`, ECR or a README. The wizard calls
`parse_image_reference` on what was pasted and fills all three fields when it gets a result.

Rules (a subset of Docker's reference grammar, strict enough that ordinary text does not
look like a reference):

- The first path component is a registry when it contains a `.` or a `:` (a port) or is
  `localhost`; otherwise the reference is a Docker Hub short form and the registry is
  `docker.io` (`vllm/vllm-openai:v0.6.3`, `nginx:1.25`).
- The image is the repository path, lower-case components separated by `/`.
- No tag means `latest`, as `docker pull` does.
- A digest (`img@sha256:<hex>`): SGP has only a tag field, so when the reference has a
  tag as well (`img:1.0@sha256:...`) the tag is kept and the digest is dropped; when it has
  only a digest, `tag` holds the digest text (`sha256:<hex>`). Either way `digest` keeps it,
  so the caller can warn that SGP (and Launch, which builds `image:tag`) cannot pin by digest.
- Plain words without `/` or `:` (`my-registry.example.com`, `vllm`) and host:port pairs
  (`localhost:5000`, `registry.example.com:443`) are not references: they return None, so
  typing a registry host into the registry field does not trigger a fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCKER_HUB = "docker.io"
DEFAULT_TAG = "latest"

_HOST = re.compile(
    r"^(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?$"
)
_PATH_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_DIGEST = re.compile(r"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$")


@dataclass(frozen=True, slots=True)
class ImageReference:
    """One image reference, split the way SGP's bundle config stores it."""

    registry: str
    image: str
    tag: str
    digest: str | None = None
    explicit_tag: bool = True
    """False when the text named no tag and `tag` is the implied `latest`."""

    def __str__(self) -> str:
        separator = "@" if self.digest and self.tag == self.digest else ":"
        return f"{self.registry}/{self.image}{separator}{self.tag}"


def parse_image_reference(text: str) -> ImageReference | None:
    """The reference in `text`, or None when `text` is not an image reference."""
    candidate = text.strip()
    if not candidate or any(ch.isspace() for ch in candidate) or "://" in candidate:
        return None
    if "/" not in candidate and ":" not in candidate:
        return None
    name, digest = _split_digest(candidate)
    if name is None:
        return None
    name, tag = _split_tag(name)
    if name is None:
        return None
    registry, image = _split_registry(name)
    if registry is None or not _valid_image(image):
        return None
    if "/" not in candidate and tag is not None and _looks_like_host_port(candidate):
        return None
    return _build(registry, image, tag, digest)


def _build(registry: str, image: str, tag: str | None, digest: str | None) -> ImageReference:
    if tag is not None:
        return ImageReference(registry, image, tag, digest)
    if digest is not None:
        return ImageReference(registry, image, digest, digest)
    return ImageReference(registry, image, DEFAULT_TAG, None, explicit_tag=False)


def _split_digest(text: str) -> tuple[str | None, str | None]:
    if "@" not in text:
        return text, None
    name, _, digest = text.rpartition("@")
    if not name or not _DIGEST.match(digest):
        return None, None
    return name, digest


def _split_tag(name: str) -> tuple[str | None, str | None]:
    """Split `repo:tag`; a `:` before the last `/` belongs to a registry port."""
    last_slash = name.rfind("/")
    colon = name.rfind(":")
    if colon <= last_slash:
        return name, None
    tag = name[colon + 1 :]
    if not _TAG.match(tag):
        return None, None
    return name[:colon], tag


def _split_registry(name: str) -> tuple[str | None, str]:
    first, slash, rest = name.partition("/")
    if slash and _is_registry(first):
        return (first if _HOST.match(first) else None), rest
    return DOCKER_HUB, name


def _is_registry(component: str) -> bool:
    return "." in component or ":" in component or component == "localhost"


def _valid_image(image: str) -> bool:
    return bool(image) and all(_PATH_COMPONENT.match(part) for part in image.split("/"))


def _looks_like_host_port(text: str) -> bool:
    """`localhost:5000` or `registry.example.com:443`: a host, not `image:tag`."""
    host, _, port = text.rpartition(":")
    return port.isdigit() and _is_registry(host) and bool(_HOST.match(text))
