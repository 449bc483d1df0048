"""The request as text: JSON, the draft's TOML, a curl command and an official-SDK snippet.

Pure functions of an (already redacted) request body. The API key never appears: curl reads
it from `$SGP_API_KEY`, Python from `os.environ["SGP_API_KEY"]`.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

DEFAULT_BASE_URL = "https://api.egp.scale.com"
CREATE_PATH = "/v4/model-templates"
FORMATS = ("json", "toml", "curl", "python")


def to_json(body: dict[str, Any]) -> str:
    """The body exactly as it is sent, pretty-printed (key order kept)."""
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def to_toml(body: dict[str, Any]) -> str:
    """The body as a draft file (`draft_version`, `generator`, then `[template]`)."""
    from tui.core.drafts import Draft, dumps_draft

    return dumps_draft(Draft(template=body))


def to_curl(
    body: dict[str, Any], base_url: str = DEFAULT_BASE_URL, account_id: str | None = None
) -> str:
    """A curl command that creates the template; the key comes from `$SGP_API_KEY`.

    The JSON goes through a quoted heredoc, so nothing in it is expanded by the shell
    (JSON escapes newlines inside strings, so no line of it can equal the delimiter).
    """
    url = base_url.rstrip("/") + CREATE_PATH
    lines = [
        f"curl --fail-with-body -sS -X POST {shlex.quote(url)} \\",
        '  -H "x-api-key: $SGP_API_KEY" \\',
    ]
    if account_id:
        lines.append(f"  -H {shlex.quote('x-selected-account-id: ' + account_id)} \\")
    lines += [
        "  -H 'Content-Type: application/json' \\",
        "  --data-binary @- <<'JSON'",
        json.dumps(body, indent=2, ensure_ascii=False),
        "JSON",
    ]
    return "\n".join(lines) + "\n"


def to_python(
    body: dict[str, Any], base_url: str = DEFAULT_BASE_URL, account_id: str | None = None
) -> str:
    """A script for the official SDK (`pip install scale-gp`) that creates the template."""
    client_args = ['api_key=os.environ["SGP_API_KEY"]']
    if account_id:
        client_args.append(f"account_id={account_id!r}")
    if base_url.rstrip("/") != DEFAULT_BASE_URL:
        client_args.append(f"base_url={base_url!r}")
    literal = python_literal(body)
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
        return to_json(body)
    if fmt == "toml":
        return to_toml(body)
    if fmt == "curl":
        return to_curl(body, base_url, account_id)
    if fmt == "python":
        return to_python(body, base_url, account_id)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
