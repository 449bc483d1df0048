"""Deploy-time warnings read from the container's command: the mistakes that leave a pod that
never turns ready (wrong port, wrong routes) or that runs out of GPU memory after a long
image pull (the model does not fit).

Launch starts `command` (or `streaming_command`) in the user's container and forwards every
request to port 5005 in it (sgp-api.md 6.1), at the bundle's routes. The servers the presets
and users run are recognised from the command, with their real defaults, read in their
sources:

- vLLM's OpenAI server (`python -m vllm.entrypoints.openai.api_server`, `vllm serve`):
  port 8000 (vllm-project/vllm vllm/entrypoints/openai/cli_args.py, `port: int = 8000`);
  routes in vllm/entrypoints/openai/api_server.py: `/health`, `/v1/completions`,
  `/v1/chat/completions`, `/v1/embeddings`, `/v1/rerank`...
- text-generation-inference's launcher (`text-generation-launcher`): port 3000
  (huggingface/text-generation-inference launcher/src/main.rs,
  `#[clap(default_value = "3000", long, short, env)] port`), so `-p` and `$PORT` set it too,
  and Hugging Face's images set `PORT=80` (Dockerfile); routes in router/src/server.rs:
  `/health`, `/generate`, `/generate_stream`, `/v1/chat/completions`, `/v1/completions`.
- text-embeddings-inference's router (`text-embeddings-router`): port 3000 the same way
  (huggingface/text-embeddings-inference router/src/main.rs), `PORT=80` in its images
  (Dockerfile); routes in router/src/http/server.rs: `/health`, `/embed`, `/rerank`,
  `/predict`, `/v1/embeddings`...
- uvicorn: port 8000 (encode/uvicorn uvicorn/main.py, `--port` default 8000).
- gunicorn: binds 127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is set (benoitc/gunicorn
  gunicorn/config.py, class Bind).
The routes of uvicorn and gunicorn apps are the app's own, so only their port is checked.
Whether the model fits on the GPUs is tui/core/model_fit.py; reading a command,
tui/core/command_line.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.core.command_line import arguments, flag_value, program, shell_split
from tui.core.masking import quote
from tui.core.model_fit import fit_findings
from tui.core.report import Finding, Severity

CONTAINER_PORT = 5005
BUNDLE = "vendor_configuration.bundle_config"
ENDPOINT = "vendor_configuration.endpoint_config"
COMMAND_KEYS = ("command", "streaming_command")
ROUTE_DEFAULTS = {  # SGP's defaults for routes left out (sgp-api.md, bundle_config)
    "healthcheck_route": "/readyz",
    "predict_route": "/predict",
    "streaming_predict_route": "/generate_streaming",
}


@dataclass(frozen=True)
class Server:
    """A serving program, its port and the routes it answers."""

    name: str
    default_port: int
    port_flags: tuple[str, ...]
    port_env: str | None = None
    image_port: int | None = None
    """The port Hugging Face's images set through PORT (used when the image is theirs)."""
    health_routes: frozenset[str] = frozenset()
    predict_routes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Routes that answer each model type ("*": every other type); empty: the app's own."""
    suggested: Mapping[str, str] = field(default_factory=dict)

    def routes_for(self, model_type: str | None) -> frozenset[str]:
        return self.predict_routes.get(model_type or "*") or self.predict_routes.get(
            "*", frozenset()
        )

    def suggestion(self, model_type: str | None) -> str:
        return self.suggested.get(model_type or "*") or self.suggested["*"]


_VLLM_PREDICT = frozenset(
    {
        "/v1/completions",
        "/v1/chat/completions",
        "/v1/embeddings",
        "/v1/responses",
        "/v1/messages",
        "/pooling",
        "/classify",
        "/score",
        "/v1/score",
        "/rerank",
        "/v1/rerank",
        "/v2/rerank",
        "/invocations",
    }
)
VLLM = Server(
    "vLLM's OpenAI server",
    8000,
    ("--port",),
    health_routes=frozenset({"/health", "/ping", "/v1/models", "/version"}),
    predict_routes={"*": _VLLM_PREDICT},
    suggested={
        "*": "/v1/completions",
        "CHAT_COMPLETION": "/v1/chat/completions",
        "AGENT": "/v1/chat/completions",
        "EMBEDDING": "/v1/embeddings",
        "RERANKING": "/v1/rerank",
    },
)
_HF_HEALTH = frozenset({"/health", "/", "/ping"})
TGI = Server(
    "text-generation-inference",
    3000,
    ("--port", "-p"),
    port_env="PORT",
    image_port=80,
    health_routes=_HF_HEALTH,
    predict_routes={
        "*": frozenset(
            {
                "/",
                "/generate",
                "/generate_stream",
                "/v1/chat/completions",
                "/v1/completions",
                "/invocations",
                "/vertex",
            }
        )
    },
    suggested={
        "*": "/generate",
        "CHAT_COMPLETION": "/v1/chat/completions",
        "AGENT": "/v1/chat/completions",
        "STREAMING": "/generate_stream",
    },
)
_TEI_EMBED = frozenset(
    {"/embed", "/embed_all", "/embed_sparse", "/embeddings", "/v1/embeddings", "/vertex"}
)
TEI = Server(
    "text-embeddings-inference",
    3000,
    ("--port", "-p"),
    port_env="PORT",
    image_port=80,
    health_routes=_HF_HEALTH,
    predict_routes={
        "EMBEDDING": _TEI_EMBED,
        "RERANKING": frozenset({"/rerank", "/predict", "/vertex"}),
        "*": _TEI_EMBED | {"/rerank", "/predict", "/similarity"},
    },
    suggested={"*": "/embed", "RERANKING": "/rerank"},
)
UVICORN = Server("uvicorn", 8000, ("--port",), port_env="UVICORN_PORT")
GUNICORN = Server("gunicorn", 8000, ("--bind", "-b"), port_env="PORT")

_HF_IMAGES = re.compile(r"^huggingface/text-(generation|embeddings)-inference$")


@dataclass(frozen=True)
class Command:
    """One command of the bundle, as the arguments a server would see."""

    key: str  # command | streaming_command
    argv: tuple[str, ...]
    server: Server | None
    written_as_one_string: tuple[Finding, ...] = ()
    """The warning (with its split as a fix) when the command is one string with spaces."""

    @property
    def path(self) -> str:
        return f"{BUNDLE}.{self.key}"


def container_findings(template: Mapping[str, Any]) -> list[Finding]:
    """Every warning about what the bundle's commands start."""
    vendor = template.get("vendor_configuration")
    bundle = vendor.get("bundle_config") if isinstance(vendor, Mapping) else None
    if not isinstance(bundle, Mapping):
        return []
    endpoint = vendor.get("endpoint_config")  # type: ignore[union-attr]
    endpoint = endpoint if isinstance(endpoint, Mapping) else {}
    out: list[Finding] = []
    commands: list[Command] = []
    for key in COMMAND_KEYS:
        command = _command_at(key, bundle.get(key))
        if command is not None:
            out.extend(command.written_as_one_string)
            commands.append(command)
    for index, command in enumerate(commands):
        if index and command.argv == commands[0].argv:
            continue  # the same command twice: said once, at `command`
        out.extend(_port(command, bundle))
        out.extend(fit_findings(command.argv, command.path, endpoint))
    out.extend(_routes(commands, bundle, template))
    return out


def _command_at(key: str, value: Any) -> Command | None:
    """The command in `value` (a non-empty list of strings), else None."""
    if not isinstance(value, list) or not value:
        return None
    try:
        return _command(key, tuple(value))
    except TypeError:  # an unhashable item (a list, a table) is not a string either
        return None


@functools.lru_cache(maxsize=256)
def _command(key: str, value: tuple[Any, ...]) -> Command | None:
    """Cached: what is read from a command alone (its words, the server it starts, the
    one-string warning); the command rarely changes between keystrokes or drafts."""
    if not all(isinstance(word, str) for word in value):
        return None
    argv = arguments(value)
    return Command(key, argv, _server_of(argv), tuple(_one_string(key, value)))


# -- which server -------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _server_of(argv: tuple[str, ...]) -> Server | None:
    """The known server the command starts, if any (the first one named)."""
    known = {
        "text-generation-launcher": TGI,
        "text-embeddings-router": TEI,
        "uvicorn": UVICORN,
        "gunicorn": GUNICORN,
    }
    for index, word in enumerate(argv):
        name = program(word)
        if word == "vllm.entrypoints.openai.api_server":
            return VLLM
        if name == "vllm" and index + 1 < len(argv) and argv[index + 1] == "serve":
            return VLLM
        if name in known:
            return known[name]
    return None


# -- 5. a command written as one string ---------------------------------------------------


def _one_string(key: str, value: Sequence[str]) -> Iterator[Finding]:
    if len(value) != 1 or " " not in value[0].strip():
        return
    words = shell_split(value[0])
    program = quote(value[0].split()[0] if value[0].split() else value[0])
    message = (
        f"is one argument with no shell around it, so Launch runs a program named "
        f"{quote(value[0])} (not {program}): write one list element per argument"
    )
    if words:
        message += f": {quote(words, limit=200)}"
    yield Finding(
        f"{BUNDLE}.{key}",
        message,
        Severity.WARNING,
        rule="launch.command_string",
        fix=tuple(words) if words else None,
    )


# -- 1. the port --------------------------------------------------------------------------


def _port(command: Command, bundle: Mapping[str, Any]) -> Iterator[Finding]:
    server = command.server
    flags = server.port_flags if server else ("--port", "-p")
    explicit = flag_value(command.argv, flags)
    if explicit is not None:
        flag, value = explicit
        port = _port_number(value)
        if port is not None and port != CONTAINER_PORT:
            fix = "0.0.0.0:5005" if server is GUNICORN else "5005"
            yield _warn(
                command.path,
                f"makes the server listen on port {port} ({flag} {value}), but Launch "
                f"forwards requests to port {CONTAINER_PORT} in the container: use "
                f"{flag} {fix}",
                "port",
            )
        return
    if server is None:
        return
    port, why = _default_port(server, bundle)
    if port != CONTAINER_PORT:
        flag = "--bind 0.0.0.0:5005" if server is GUNICORN else f"{server.port_flags[0]} 5005"
        yield _warn(
            command.path,
            f"{server.name} listens on port {port} {why}, but Launch forwards requests to "
            f"port {CONTAINER_PORT} in the container: add {flag}",
            "port",
        )


def _port_number(value: str) -> int | None:
    """`8000`, or the port of a `host:port` bind; None for a unix socket or a non-number."""
    text = value.rsplit(":", 1)[-1] if ":" in value else value
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None


def _default_port(server: Server, bundle: Mapping[str, Any]) -> tuple[int, str]:
    env = bundle.get("env")
    env = env if isinstance(env, Mapping) else {}
    from_env = env.get(server.port_env) if server.port_env else None
    if isinstance(from_env, str) and from_env.isdigit():
        return int(from_env), f"(from {server.port_env} in env)"
    image = bundle.get("image")
    if server.image_port and isinstance(image, str) and _HF_IMAGES.match(image):
        return server.image_port, f"(Hugging Face's image sets PORT={server.image_port})"
    return server.default_port, "by default"


# -- 2. routes ----------------------------------------------------------------------------


def _routes(
    commands: Sequence[Command], bundle: Mapping[str, Any], template: Mapping[str, Any]
) -> Iterator[Finding]:
    served = [c for c in commands if c.server is not None and c.server.health_routes]
    if not served:
        return
    model_type = template.get("model_type")
    model_type = model_type if isinstance(model_type, str) else None
    by_key = {c.key: c for c in served}
    main = by_key.get("command") or served[0]
    yield from _route(main.server, bundle, "healthcheck_route", None, "the pod never turns ready")
    if "command" in by_key:
        yield from _route(main.server, bundle, "predict_route", model_type, "every request 404s")
    streaming = by_key.get("streaming_command")
    if streaming is not None and _streams(template):
        yield from _route(
            streaming.server, bundle, "streaming_predict_route", model_type, "every stream 404s"
        )


def _route(
    server: Server | None,
    bundle: Mapping[str, Any],
    key: str,
    model_type: str | None,
    consequence: str,
) -> Iterator[Finding]:
    if server is None:
        return
    value = bundle.get(key, ROUTE_DEFAULTS[key])
    if not isinstance(value, str) or not value.startswith("/"):
        return  # a route that is not a path has its own warning
    if key == "healthcheck_route":
        valid, use = server.health_routes, "/health"
    else:
        valid, use = server.routes_for(model_type), server.suggestion(model_type)
        if key == "streaming_predict_route" and server is TGI and model_type != "CHAT_COMPLETION":
            use = server.suggested["STREAMING"]
    if value in valid:
        return
    left_out = "" if key in bundle else " (SGP's default, since it is not set)"
    if any(value in routes for routes in server.predict_routes.values()):
        problem = f"answers {value}{left_out} for other kinds of model than {model_type}"
        consequence = "every request fails"
    else:
        problem = f"does not serve {value}{left_out}"
    yield _warn(
        f"{BUNDLE}.{key}", f"{server.name} {problem}, so {consequence}: use {use}", "routes"
    )


def _streams(template: Mapping[str, Any]) -> bool:
    endpoint = (template.get("vendor_configuration") or {}).get("endpoint_config") or {}
    return "STREAMING" in (template.get("endpoint_type"), endpoint.get("endpoint_type"))


def _warn(path: str, message: str, rule: str) -> Finding:
    return Finding(path, message, Severity.WARNING, rule=f"launch.{rule}")
