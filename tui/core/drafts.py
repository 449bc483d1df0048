"""TOML drafts: the saved, replayable form of a template.

A draft file looks like this:

    #:schema ./sgp-template.schema.json        (optional: points editors at the JSON Schema)

    draft_version = "1.0"
    generator = "sgp-template 0.1.0"

    [template]                                   (exactly the request body)
    name = "..."

Loading never crashes on the *content* of `[template]`: wrong types, unknown keys and missing
fields come back as findings in the report, so half-finished drafts stay usable. `DraftError`
is raised only when the file cannot be a draft at all (missing, unreadable, not TOML, an
unknown major version, ...), always with a one-line message that names the file.

Saving is atomic and verified: the text goes to a temporary file in the same folder, is
flushed to disk, parsed back and compared, and only then renamed over the old file.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tui import __version__
from tui.core import migrations
from tui.core.fields import field_spec
from tui.core.findings import Report, validate_template
from tui.core.models import ModelTemplateRequest
from tui.core.nesting import MAX_NESTING, deeper_than
from tui.core.paths import strip_nulls

DRAFT_VERSION = migrations.CURRENT_VERSION
GENERATOR = f"sgp-template {__version__}"
SCHEMA_DIRECTIVE = "#:schema"
TOP_LEVEL_KEYS = ("draft_version", "generator", "template", "profiles")

_CURRENT = migrations.parse_version(DRAFT_VERSION) or (1, 0)


@dataclass
class Draft:
    """A draft's content; `template` is the request body, maybe incomplete or invalid."""

    template: dict[str, Any] = field(default_factory=dict)
    draft_version: str = DRAFT_VERSION
    generator: str = GENERATOR
    schema_url: str | None = None
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-profile overrides: `[profiles.NAME]` tables shaped like `[template]` (since 1.1)."""


@dataclass
class LoadedDraft:
    """A draft as read from a file, with its validation report and load notices."""

    draft: Draft
    report: Report
    notices: list[str] = field(default_factory=list)
    file_version: str = DRAFT_VERSION
    """The draft_version the file declared (the draft itself is upgraded to the current one)."""
    file_generator: str | None = None


# -- errors ---------------------------------------------------------------------------------


class DraftError(Exception):
    """The file cannot be a draft. The message is one line and names the file."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class DraftNotFound(DraftError):
    pass


class DraftIsDirectory(DraftError):
    pass


class DraftUnreadable(DraftError):
    pass


class DraftNotAFile(DraftUnreadable):
    """A named pipe, a device or a socket: only regular files are read (never blocks)."""


class DraftNotText(DraftError):
    """Binary content or text that is not UTF-8."""


class DraftEmpty(DraftError):
    pass


class DraftSyntaxError(DraftError):
    """Not TOML; `line` and `column` locate the problem when tomllib says where."""

    def __init__(self, source: str, reason: str, line: int | None, column: int | None) -> None:
        super().__init__(source, reason)
        self.line = line
        self.column = column


class DraftVersionError(DraftError):
    """draft_version is missing, malformed or not a version this tool knows."""


class DraftTooNew(DraftVersionError):
    """Written by a newer sgp-template with an incompatible (major) format."""


class DraftStructureError(DraftError):
    """The top level is wrong: unknown keys, or `template` is not a table."""


class DraftSaveError(DraftError):
    """The draft could not be saved; the previous file (if any) is unchanged."""


# -- loading --------------------------------------------------------------------------------


def load_draft(path: str | os.PathLike[str]) -> LoadedDraft:
    """Read and validate the draft at `path`; raises DraftError only if it can't be a draft."""
    source = os.fspath(path)
    return loads_draft(_read_text(source), source=source)


MAX_DRAFT_BYTES = 16 * 1024 * 1024
"""Far above any real draft; a larger file is refused instead of read into memory."""

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _open_without_blocking(path: str, flags: int) -> int:
    """Open for reading without waiting for a writer (a FIFO would block forever)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read_text(source: str) -> str:
    raw = _read_regular_file(source)
    if b"\x00" in raw:
        raise DraftNotText(source, "is a binary file, not a TOML draft")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftNotText(
            source, f"is not UTF-8 text (bad byte at offset {exc.start}): save it as UTF-8"
        ) from None


def _read_regular_file(source: str) -> bytes:
    """The bytes of `source` if it is a regular file of at most MAX_DRAFT_BYTES."""
    try:
        handle = _open_without_blocking(source, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DraftNotFound(source, "no such file: check the path") from None
    except IsADirectoryError:
        raise DraftIsDirectory(source, "is a directory, not a draft file") from None
    except PermissionError:
        raise DraftUnreadable(source, "permission denied: cannot read this file") from None
    except OSError as exc:
        _refuse_special_file(source)  # a socket cannot even be opened
        raise DraftUnreadable(source, f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(handle)
        _refuse_special_file(source, info.st_mode)
    except BaseException:
        os.close(handle)
        raise
    try:
        raw = _read_at_most(lambda size: os.read(handle, size), MAX_DRAFT_BYTES, info.st_size)
    except OSError as exc:
        raise DraftUnreadable(source, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(handle)
    if len(raw) > MAX_DRAFT_BYTES:
        raise DraftUnreadable(
            source, f"is too large for a draft (over {MAX_DRAFT_BYTES // 2**20} MiB)"
        )
    return raw


def _read_at_most(read: Callable[[int], bytes], limit: int, expected: int) -> bytes:
    """Up to `limit` + 1 bytes (one more says "too large"), in reads sized by the file's
    `expected` size: one read of `limit` bytes would allocate that much for every draft.
    `read(n)` returns at most n bytes, b"" at the end (os.read on the open file: no buffered
    stream around a file read once)."""
    chunks: list[bytes] = []
    total = 0
    size = min(max(expected, 0), limit) + 1
    while total <= limit:
        chunk = read(min(size, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        size = 1 << 20  # the file grew since fstat: go on in 1 MiB reads
    return b"".join(chunks)


def _refuse_special_file(source: str, mode: int | None = None) -> None:
    """Raise for anything but a regular file (`mode` from fstat, else stat of the path)."""
    if mode is None:
        try:
            mode = os.stat(source).st_mode
        except OSError:
            return
    if stat.S_ISDIR(mode):
        raise DraftIsDirectory(source, "is a directory, not a draft file")
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            raise DraftNotAFile(source, f"is {kind}, not a draft file: only regular files are read")


def loads_draft(text: str, source: str = "<string>") -> LoadedDraft:
    """Parse and validate draft text; `source` names it in error messages."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DraftEmpty(source, f'is empty: a draft starts with draft_version = "{DRAFT_VERSION}"')
    data = _parse_toml(text, source)
    _check_nesting(data, text, source)
    if not data:
        raise DraftEmpty(
            source, f'has no settings: a draft starts with draft_version = "{DRAFT_VERSION}"'
        )
    file_version = _check_version(data, source)
    notices: list[str] = []
    data = _migrate(data, file_version, source, notices)
    _check_top_level(data, file_version, source, notices)
    template = data.get("template", {})
    if not isinstance(template, dict):
        raise DraftStructureError(
            source, f"template must be a table ([template]), not {_type_name(template)}"
        )
    generator = data.get("generator")
    draft = Draft(
        template=template,
        schema_url=schema_url_of(text),
        profiles=_profiles_of(data, source),
    )
    return LoadedDraft(
        draft=draft,
        report=validate_template(template, may_reference=_may_hold_a_dollar(text)),
        notices=notices,
        file_version=file_version,
        file_generator=generator if isinstance(generator, str) else None,
    )


def _may_hold_a_dollar(text: str) -> bool:
    """Whether a string parsed from the TOML `text` may hold a `$` (so a `${NAME}`): only
    if the text has one, or writes one as an escape (TOML's \\u0024 or \\U00000024)."""
    return "$" in text or "\\u0024" in text or "\\U00000024" in text


def _profiles_of(data: dict[str, Any], source: str) -> dict[str, dict[str, Any]]:
    """The `[profiles.NAME]` tables; each must be a table (its content is checked when a
    profile is applied, as part of the template)."""
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise DraftStructureError(
            source, "profiles must hold one table per profile ([profiles.NAME])"
        )
    return profiles


_TOML_LOCATION = re.compile(r"^(?P<reason>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_AT_END = re.compile(r"^(?P<reason>.*?)\s*\(at end of document\)$")


def _too_deep(source: str) -> DraftStructureError:
    return DraftStructureError(
        source, f"tables or arrays nested more than {MAX_NESTING} levels deep: not a template"
    )


def _check_nesting(data: dict[str, Any], text: str, source: str) -> None:
    if _may_nest_deeper_than_limit(text) and deeper_than(data):
        raise _too_deep(source)


def _may_nest_deeper_than_limit(text: str) -> bool:
    """False when the TOML `text` cannot make tables or arrays nest more than MAX_NESTING
    levels, so the walk over the parsed document can be skipped (it runs on every draft).

    Every table or array below the document is opened by a character of its own: a `[` (a
    header, or an inline array; `[[` makes the array and its first table), a `{` (an inline
    table) or a `.` (the tables a dotted key or header names before its last part). So there
    are at most that many of them, and the document (depth 1) cannot be deeper than one more;
    the same characters inside strings or comments only make the count larger."""
    return 1 + text.count("[") + text.count("{") + text.count(".") > MAX_NESTING


def json_compatible(value: Any) -> Any:
    """`value` with the TOML dates and times JSON lacks written as their ISO text.

    For display only (`show` of a draft with errors): validation reports such values, so
    the text they become is never sent.
    """
    if isinstance(value, dict):
        return {key: json_compatible(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_compatible(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested inline table or array
        raise _too_deep(source) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_LOCATION.match(message)
        end = _TOML_AT_END.match(message)
        if match is not None:
            line, column, reason = int(match["line"]), int(match["col"]), match["reason"]
        elif end is not None:
            lines = text.split("\n")
            line, column, reason = len(lines), len(lines[-1]) + 1, end["reason"]
        else:
            raise DraftSyntaxError(source, f"not valid TOML: {message}", None, None) from None
        reason = reason[:1].lower() + reason[1:]
        raise DraftSyntaxError(
            source, f"not valid TOML: line {line}, column {column}: {reason}", line, column
        ) from None


def _check_version(data: dict[str, Any], source: str) -> str:
    """The declared version, as a MAJOR.MINOR string; errors for anything unusable."""
    key, raw = migrations.declared_version(data)
    if key is None:
        raise DraftVersionError(
            source, f'has no draft_version: add draft_version = "{DRAFT_VERSION}" at the top'
        )
    version = migrations.parse_version(raw)
    if version is None:
        shown = repr(raw) if isinstance(raw, str) else f"{_type_name(raw)} {raw}: quote it"
        raise DraftVersionError(
            source, f'{key} must be a string like "{DRAFT_VERSION}" (got {shown})'
        )
    if version[0] > _CURRENT[0]:
        raise DraftTooNew(
            source,
            f"draft_version {raw} was written by a newer sgp-template (this one reads "
            f"{_CURRENT[0]}.x): upgrade sgp-template to open it",
        )
    return str(raw)


def _migrate(data: dict[str, Any], version: str, source: str, notices: list[str]) -> dict:
    parsed = migrations.parse_version(version) or _CURRENT
    if parsed[0] == _CURRENT[0] and not migrations.needs_migration(version):
        return data
    if not migrations.needs_migration(version):
        known = ", ".join(migrations.RELEASED_VERSIONS)
        raise DraftVersionError(
            source, f"draft_version {version} is not a released draft format (known: {known})"
        )
    data, applied = migrations.migrate(data, version)
    if migrations.rewrites_content(applied):
        notices.append(
            f"migrated from draft_version {applied[0]} to {DRAFT_VERSION}; "
            "save the draft to update the file"
        )
    return data


def _check_top_level(data: dict[str, Any], version: str, source: str, notices: list[str]) -> None:
    unknown = [key for key in data if key not in TOP_LEVEL_KEYS]
    newer_minor = (migrations.parse_version(version) or _CURRENT) > _CURRENT
    if newer_minor:
        notices.append(
            f"draft_version {version} is newer than this sgp-template reads "
            f"({DRAFT_VERSION}): some settings may be ignored; upgrade sgp-template"
        )
    if not unknown:
        return
    if newer_minor:
        for key in unknown:
            del data[key]
        notices.append(f"ignored unknown top-level keys {', '.join(map(repr, unknown))}")
        return
    raise DraftStructureError(source, _unknown_keys_message(unknown))


def _unknown_keys_message(unknown: list[str]) -> str:
    import difflib  # only for this message: not on every draft's load

    parts = []
    for key in unknown:
        close = difflib.get_close_matches(key, TOP_LEVEL_KEYS, n=1, cutoff=0.6)
        parts.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    fields = [key for key in unknown if key in ModelTemplateRequest.model_fields]
    hint = f"; put {', '.join(fields)} under [template]" if fields else ""
    return (
        f"unknown top-level key{'s' if len(unknown) > 1 else ''} {', '.join(parts)}: a draft "
        f"holds only draft_version, generator and [template]{hint}"
    )


def schema_url_of(text: str) -> str | None:
    """The URL or path of a `#:schema` directive on the first line, if any."""
    first = text.removeprefix("\ufeff").split("\n", 1)[0].strip()
    if not first.startswith(SCHEMA_DIRECTIVE):
        return None
    return first[len(SCHEMA_DIRECTIVE) :].strip() or None


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if type(value) in names:
        return names[type(value)]
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


# -- writing --------------------------------------------------------------------------------


def draft_data(draft: Draft) -> dict[str, Any]:
    """The TOML document of `draft` as a dict, in a stable order, without nulls."""
    template = strip_nulls(draft.template)
    data = {
        "draft_version": draft.draft_version,
        "generator": draft.generator,
        "template": order_like_model(template, ModelTemplateRequest),
    }
    if draft.profiles:
        data["profiles"] = {
            name: order_like_model(strip_nulls(values), ModelTemplateRequest)
            for name, values in draft.profiles.items()
        }
    return data


def dumps_draft(draft: Draft) -> str:
    """The draft file's text. Raises DraftSaveError for values TOML cannot hold."""
    return _dumps(draft, "<draft>")


def _dumps(draft: Draft, source: str) -> str:
    import tomli_w  # writing only: loading and validating never need it

    try:
        body = tomli_w.dumps(draft_data(draft))
    except (TypeError, ValueError) as exc:
        raise DraftSaveError(source, f"cannot be written as TOML: {exc}") from None
    if draft.schema_url:
        return f"{SCHEMA_DIRECTIVE} {draft.schema_url}\n\n{body}"
    return body


def order_like_model(value: Any, model: type[BaseModel] | None) -> Any:
    """A copy of `value` with each table's keys in the model's field order (stable diffs).

    Keys the model does not know keep their relative order after the known ones; maps such
    as `env` keep the user's order.
    """
    if not isinstance(value, Mapping):
        return copy.deepcopy(value)
    if model is None:
        return {key: copy.deepcopy(item) for key, item in value.items()}
    known = [name for name in model.model_fields if name in value]
    rest = [key for key in value if key not in model.model_fields]
    return {key: _order_field(model, key, value[key]) for key in [*known, *rest]}


def _order_field(model: type[BaseModel], key: str, value: Any) -> Any:
    if key not in model.model_fields:
        return copy.deepcopy(value)
    spec = field_spec((key,), model)
    if spec.kind == "model":
        return order_like_model(value, spec.model)
    if spec.kind == "model_list" and isinstance(value, list):
        return [order_like_model(item, spec.model) for item in value]
    return copy.deepcopy(value)


def save_draft(path: str | os.PathLike[str], draft: Draft) -> None:
    """Write `draft` to `path` atomically, after checking the written text reads back the same.

    On any failure the previous file is left untouched and no temporary file remains.
    A symlink is followed, so the link stays and its target is replaced.
    """
    source = str(path)
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise DraftSaveError(source, "is a directory: give a file name for the draft")
    if not target.parent.is_dir():
        raise DraftSaveError(source, f"cannot save: folder {target.parent} does not exist")
    text = _dumps(draft, source)
    expected = draft_data(draft)
    temp = _write_temp(target, text.encode("utf-8"), source)
    with _removed_on_failure(temp, source):
        _verify(temp, expected, draft.schema_url, source)
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
    from tui.core.atomic import fsync_directory, remove_stale_temp_files

    fsync_directory(target.parent)
    remove_stale_temp_files(target)


def _write_temp(target: Path, data: bytes, source: str) -> Path:
    from tui.core.atomic import create_temp  # saving only: loading never needs it

    try:
        handle, temp = create_temp(target)
    except OSError as exc:
        raise DraftSaveError(source, f"cannot save: {exc.strerror or exc}") from None
    with _removed_on_failure(temp, source), os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return temp


@contextlib.contextmanager
def _removed_on_failure(temp: Path, source: str) -> Iterator[None]:
    """Any failure (even a KeyboardInterrupt) removes the temp file; an OSError becomes a
    DraftSaveError saying the previous file is unchanged."""
    try:
        yield
    except OSError as exc:
        _discard(temp)
        raise DraftSaveError(
            source, f"could not save ({exc.strerror or exc}); the previous file is unchanged"
        ) from None
    except BaseException:
        _discard(temp)
        raise


def _verify(temp: Path, expected: dict[str, Any], schema_url: str | None, source: str) -> None:
    try:
        written = temp.read_bytes().decode("utf-8")
        same = tomllib.loads(written) == expected and schema_url_of(written) == (schema_url or None)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        same = False
    if not same:
        raise DraftSaveError(
            source, "the written draft did not read back identically; the file was not replaced"
        )


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    """The process umask (read once at import: setting it briefly is not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()
