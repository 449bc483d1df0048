"""The request as text: JSON, the draft's TOML, a curl command and an official-SDK snippet.

Pure functions of a request body whose `${NAME}` references are not resolved, so no secret
can appear, and every snippet runs as it is:
- JSON prints the body it is given: pass `interpolation.redact(body)` to show each value that
  comes from the environment as `***` (`render(..., "json")` does);
- TOML is a draft, so it keeps the `${NAME}` references;
- curl and Python read each variable when they run (curl through the shell, `"$HF_TOKEN"`;
  Python through `os.environ["HF_TOKEN"]`), as they read the API key (`$SGP_API_KEY`).
  A snippet holding the mask `***` instead would create a template whose token is `***`.
"""

from __future__ import annotations

import json
import re
import secrets
import shlex
from typing import Any

from tui.core.interpolation import Reference, map_strings, redact, referenced_names
from tui.core.interpolation import split_references as _split

DEFAULT_BASE_URL = "https://api.egp.scale.com"
CREATE_PATH = "/v4/model-templates"
FORMATS = ("json", "toml", "curl", "python")


def to_json(body: dict[str, Any]) -> str:
    """The body, pretty-printed (key order kept); redact it first to hide env values."""
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def to_toml(body: dict[str, Any]) -> str:
    """The body as a draft file (`draft_version`, `generator`, then `[template]`)."""
    from tui.core.drafts import Draft, dumps_draft

    return dumps_draft(Draft(template=body))


def to_curl(
    body: dict[str, Any], base_url: str = DEFAULT_BASE_URL, account_id: str | None = None
) -> str:
    """A curl command that creates the template; the key comes from `$SGP_API_KEY`.

    The JSON goes through a heredoc (JSON escapes newlines inside strings, so no line of it
    can equal the delimiter). Without references the heredoc is quoted: the shell expands
    nothing. With references it is not, and every `\\`, `$` and backquote of the JSON is
    escaped, so the shell expands exactly the references, as `${NAME?is not set}`: an unset
    variable stops the command instead of sending an empty value. The values are inserted
    as they are, so they must not hold `"` or `\\` (tokens and keys do not).
    """
    url = base_url.rstrip("/") + CREATE_PATH
    names = referenced_names(body)
    lines = [
        f"curl --fail-with-body -sS -X POST {shlex.quote(url)} \\",
        '  -H "x-api-key: $SGP_API_KEY" \\',
    ]
    if account_id:
        lines.append(f"  -H {shlex.quote('x-selected-account-id: ' + account_id)} \\")
    lines += [
        "  -H 'Content-Type: application/json' \\",
        "  --data-binary @- <<JSON" if names else "  --data-binary @- <<'JSON'",
        _heredoc_json(body) if names else json.dumps(redact(body), indent=2, ensure_ascii=False),
        "JSON",
    ]
    return "\n".join(lines) + "\n"


def _heredoc_json(body: dict[str, Any]) -> str:
    """The JSON for an unquoted heredoc: `${NAME}` expands, nothing else does."""
    marker = f"@{secrets.token_hex(8)}@"  # cannot occur in the body by chance

    def mark(_path: str, text: str) -> str:
        return "".join(
            p if isinstance(p, str) else f"{marker}{p.names[0]}{marker}" for p in _split(text)
        )

    text = json.dumps(map_strings(body, mark), indent=2, ensure_ascii=False)
    pieces = re.split(f"{marker}([A-Za-z_][A-Za-z0-9_]*){marker}", text)  # text, name, ...
    return "".join(
        f"${{{piece}?is not set}}" if index % 2 else re.sub(r"([\\$`])", r"\\\1", piece)
        for index, piece in enumerate(pieces)
    )


def to_python(
    body: dict[str, Any], base_url: str = DEFAULT_BASE_URL, account_id: str | None = None
) -> str:
    """A script for the official SDK (`pip install scale-gp`) that creates the template."""
    client_args = ['api_key=os.environ["SGP_API_KEY"]']
    if account_id:
        client_args.append(f"account_id={account_id!r}")
    if base_url.rstrip("/") != DEFAULT_BASE_URL:
        client_args.append(f"base_url={base_url!r}")
    literal = python_literal(map_strings(body, _python_value))
    return "\n".join(
        [
            "import os",
            "",
            "from scale_gp import SGPClient",
            "",
            f"client = SGPClient({', '.join(client_args)})",
            f"body = {literal}",
            "template = client.model_templates.create(**body)",
            "print(template.id)",
            "",
        ]
    )


class _Code(str):
    """Python source standing for a string value; `python_literal` writes it as it is."""

    def __repr__(self) -> str:
        return str(self)


def _python_value(_path: str, text: str) -> str:
    """A string value, or the expression that reads its `${NAME}` parts from os.environ."""
    parts = _split(text)
    if not any(isinstance(p, Reference) for p in parts):
        return "".join(p for p in parts if isinstance(p, str)) if "$" in text else text
    return _Code(
        " + ".join(repr(p) if isinstance(p, str) else f"os.environ[{p.names[0]!r}]" for p in parts)
    )


def python_literal(value: Any, indent: int = 0) -> str:
    """`value` (JSON data) as Python source, one key or item per line, 4-space indents."""
    pad, inner = " " * indent, " " * (indent + 4)
    if isinstance(value, dict) and value:
        items = [f"{inner}{key!r}: {python_literal(v, indent + 4)}," for key, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{python_literal(v, indent + 4)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    return repr(value)


def render(
    body: dict[str, Any],
    fmt: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    account_id: str | None = None,
) -> str:
    """Dispatch on `fmt` (one of FORMATS)."""
    if fmt == "json":
        return to_json(redact(body))
    if fmt == "toml":
        return to_toml(body)
    if fmt == "curl":
        return to_curl(body, base_url, account_id)
    if fmt == "python":
        return to_python(body, base_url, account_id)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
