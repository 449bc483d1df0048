"""`${NAME}` references to the environment in a template's string values.

Docker-compose style, kept small on purpose:
- `${NAME}` is replaced by the variable NAME (`[A-Za-z_][A-Za-z0-9_]*`); set-but-empty counts
  as set;
- `$${` is a literal `${` (so `$${HOME}` stays `${HOME}` in the request);
- anything else, including `$NAME` without braces and a lone `$$`, is left exactly as written,
  so shell snippets in commands keep working;
- a `${` that does not form a valid reference (`${1X}`, `${A-B}`, `${UNCLOSED`) is an error.

Drafts keep the references; they are resolved only when a request is built, and previews
show every value that holds one as `***`. Only string *values* are interpolated, never keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tui.core.masking import MASK
from tui.core.paths import PathPart, format_path
from tui.core.report import Finding, Severity

REDACTED = MASK

_TOKEN = re.compile(
    r"(?P<escape>\$\$\{)"
    r"|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}"
    r"|(?P<invalid>\$\{[^}]*\}?)"
)


@dataclass(frozen=True)
class Reference:
    """The variables one string value uses, and where the value is."""

    path: str
    names: tuple[str, ...]


class InterpolationError(ValueError):
    """A reference cannot be resolved; the message is one line."""


class MissingVariables(InterpolationError):
    """Some referenced variables are not set; `missing` maps each name to where it is used."""

    def __init__(self, missing: Mapping[str, list[str]]) -> None:
        self.missing = {name: list(paths) for name, paths in missing.items()}
        details = "; ".join(
            f"{name} (used at {', '.join(paths)})" for name, paths in self.missing.items()
        )
        plural = "s are" if len(self.missing) > 1 else " is"
        super().__init__(
            f"environment variable{plural} not set: {details}. Export "
            f"{'them' if len(self.missing) > 1 else 'it'} or remove the ${{...}} reference"
        )


class InvalidReference(InterpolationError):
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        super().__init__(
            f"{path or '(template)'}: {text!r} is not a valid reference: use ${{NAME}} with "
            "letters, digits and _ (or $${ for a literal ${)"
        )


def names_in(text: str) -> tuple[str, ...]:
    """The variable names `text` references, in order, each once."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        if match["name"]:
            seen.setdefault(match["name"], None)
    return tuple(seen)


def invalid_references_in(text: str) -> list[str]:
    return [match["invalid"] for match in _TOKEN.finditer(text) if match["invalid"]]


def substitute(text: str, lookup: Callable[[str], str]) -> str:
    """`text` with each `${NAME}` replaced by `lookup(NAME)` and `$${` unescaped."""

    def replace(match: re.Match[str]) -> str:
        if match["escape"]:
            return "${"
        if match["name"]:
            return lookup(match["name"])
        return match[0]

    return _TOKEN.sub(replace, text)


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """Every string value that holds a `$` (the only ones that can reference anything),
    with its dotted path, in document order.

    It runs on every keystroke in the wizard, so it builds a path only for the strings it
    yields and for the containers it enters.
    """
    if isinstance(value, str):
        if "$" in value:
            yield "", value
        return
    found: list[tuple[tuple[PathPart, ...], str]] = []
    _collect_strings(value, (), found)
    for path, text in found:
        yield format_path(path), text


_CONTAINERS = (dict, list, tuple)
"""A tuple, not `dict | list | tuple`: that expression builds a new union object on every
evaluation, here once per value of every template validated."""


def _collect_strings(
    node: Any, path: tuple[PathPart, ...], found: list[tuple[tuple[PathPart, ...], str]]
) -> None:
    if isinstance(node, dict):
        items: Iterable[tuple[PathPart, Any]] = node.items()
    elif isinstance(node, _CONTAINERS):
        items = enumerate(node)
    else:
        return
    for key, item in items:
        if isinstance(item, str):
            if "$" in item:
                found.append(((*path, key), item))
        elif isinstance(item, _CONTAINERS):
            _collect_strings(item, (*path, key), found)


def map_strings(value: Any, change: Callable[[str, str], Any], path: str = "") -> Any:
    """A copy of `value` with every string value replaced by `change(path, text)`."""
    if isinstance(value, str):
        return change(path, value)
    if isinstance(value, Mapping):
        return {
            key: map_strings(item, change, f"{path}.{key}" if path else str(key))
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [
            map_strings(item, change, f"{path}.{index}" if path else str(index))
            for index, item in enumerate(value)
        ]
    return value


def is_literal(template: Any) -> bool:
    """Whether no string value holds a `$`: then the template references nothing, has no
    malformed reference and resolves to itself (most drafts)."""
    return next(_strings(template), None) is None


def references(template: Any) -> list[Reference]:
    """Every string value that references the environment, with its field path."""
    out = []
    for path, text in _strings(template):
        names = names_in(text)
        if names:
            out.append(Reference(path, names))
    return out


def referenced_names(template: Any) -> list[str]:
    """Every variable name the template uses, each once, in document order."""
    seen: dict[str, None] = {}
    for reference in references(template):
        for name in reference.names:
            seen.setdefault(name, None)
    return list(seen)


def reference_findings(template: Any) -> list[Finding]:
    """An error finding per malformed `${...}`, so `validate` reports what `submit` would."""
    out = []
    for path, text in _strings(template):
        for bad in invalid_references_in(text):
            message = str(InvalidReference(path, bad)).removeprefix(f"{path}: ")
            out.append(Finding(path, message, Severity.ERROR, rule="reference"))
    return out


def check_references(template: Any) -> None:
    """Raise InvalidReference for the first malformed `${...}` in the template."""
    for path, text in _strings(template):
        bad = invalid_references_in(text)
        if bad:
            raise InvalidReference(path, bad[0])


def missing_variables(template: Any, environ: Mapping[str, str]) -> dict[str, list[str]]:
    """Each referenced variable that `environ` lacks, with the paths that use it."""
    missing: dict[str, list[str]] = {}
    for reference in references(template):
        for name in reference.names:
            if name not in environ:
                missing.setdefault(name, []).append(reference.path)
    return missing


def unset_variable_findings(
    template: Any, environ: Mapping[str, str], severity: Severity = Severity.WARNING
) -> list[Finding]:
    """One finding per variable the template uses and `environ` lacks (rule "environment"),
    at the first place it is used: `validate` tells what `submit` would stop on."""
    return [
        Finding(
            paths[0],
            f"${{{name}}} is not set in this environment (used at {', '.join(paths)}); "
            "export it before submit, which stops on an unset variable",
            severity,
            rule="environment",
        )
        for name, paths in missing_variables(template, environ).items()
    ]


def resolve(template: Any, environ: Mapping[str, str]) -> Any:
    """A copy of `template` with every reference replaced by its value from `environ`.

    Raises InvalidReference for a malformed reference, and MissingVariables naming every
    unset variable (and where each is used) rather than stopping at the first.
    """
    check_references(template)
    missing = missing_variables(template, environ)
    if missing:
        raise MissingVariables(missing)
    return map_strings(template, lambda _path, text: substitute(text, environ.__getitem__))


def split_references(text: str) -> list[str | Reference]:
    """`text` as literal pieces (escapes undone) and the variables between them, in order:
    `"Bearer ${TOKEN}"` -> `["Bearer ", Reference("", ("TOKEN",))]`. Snippets use it to read
    each variable when they run instead of quoting a value."""
    out: list[str | Reference] = []
    literal: list[str] = []
    end = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[end : match.start()])
        end = match.end()
        if match["name"]:
            out += ["".join(literal)] if any(literal) else []
            literal = []
            out.append(Reference("", (match["name"],)))
        else:
            literal.append("${" if match["escape"] else match[0])
    literal.append(text[end:])
    if any(literal):
        out.append("".join(literal))
    return out


SECRET_WORDS = frozenset(
    {"token", "key", "secret", "password", "pass", "credential", "auth", "private"}
)
ENV_TABLES = ("bundle_config", "fine_tuning_job_bundle_config")
"""The tables under vendor_configuration whose `env` a server stores in plain text."""


def looks_secret(name: str) -> bool:
    """Whether an env name has a secret's word in it (HF_TOKEN, apiKey, DB-PASSWORDS; not
    MONKEY): split at `_`, `-`, `.` and lower-to-upper case changes, a plural s allowed."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    words = {w.lower() for w in re.split(r"[_\-.\s]+", spaced) if w}
    return any(w in SECRET_WORDS or w.removesuffix("s") in SECRET_WORDS for w in words)


def variable_name_for(key: str) -> str:
    """The `${NAME}` to read an env key from: the key itself when it is a valid name."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", key)
    return name if re.fullmatch(r"[A-Za-z_]\w*", name) else f"_{name}"


def secret_env_as_references(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of `body` whose secret-looking env values (see `looks_secret`) read `${NAME}`,
    and each variable name with the path that now uses it. For `pull`: a server returns env
    values resolved, so a draft written from it would otherwise hold the secret."""
    vendor = body.get("vendor_configuration")
    if not isinstance(vendor, Mapping):
        return body, {}
    vendor = dict(vendor)
    used: dict[str, str] = {}
    for table in ENV_TABLES:
        config = vendor.get(table)
        env = config.get("env") if isinstance(config, Mapping) else None
        if not isinstance(env, Mapping):
            continue
        new_env = dict(env)
        for key, value in env.items():
            if isinstance(value, str) and looks_secret(key) and not names_in(value):
                name = variable_name_for(key)
                new_env[key] = f"${{{name}}}"
                used.setdefault(name, f"vendor_configuration.{table}.env.{key}")
        vendor[table] = {**config, "env": new_env}
    return {**body, "vendor_configuration": vendor}, used


def redact(template: Any) -> Any:
    """A copy for previews: values holding a reference become `***`, escapes are unescaped.

    The result shows what would be sent, except anything that comes from the environment.
    """

    def hide(_path: str, text: str) -> str:
        return REDACTED if names_in(text) else substitute(text, lambda name: REDACTED)

    return map_strings(template, hide)


def has_references(template: Any) -> bool:
    return any(names_in(text) for _path, text in _strings(template))
