"""Options shared by several commands: overrides, API connection, environment help.

Only argparse here: building the parser must stay cheap (start-up time matters).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

API_ENV_HELP = """\
environment:
  SGP_API_KEY          API key, sent as x-api-key (never printed or written anywhere)
  SGP_ACCOUNT_ID       account, sent as x-selected-account-id; also the template's
                       account_id when the draft has none
  SGP_CLIENT_BASE_URL  API base URL (older name: SGP_BASE_URL);
                       default https://api.egp.scale.com
  SGP_PROFILE          profile of the config file to use (like --profile)
  SGP_TEMPLATE_CONFIG  the config file (like --config)
  precedence: flags > SGP_* variables > the profile > defaults
"""

DRAFT_ENV_HELP = """\
environment:
  ${NAME} references in the draft's strings are read from the environment
  (values from it are always shown as ***)
  SGP_ACCOUNT_ID       the template's account_id when the draft has none
"""

EXIT_HELP = """\
exit status: 0 ok, 1 validation failure or unreadable draft, 2 usage error,
             3 API failure, 70 internal error (a bug: please report it), 130 interrupted
"""


class _AppendOverride(argparse.Action):
    """Collects --set and --unset into one list, in the order given (later ones win)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        overrides = list(getattr(namespace, self.dest, None) or [])
        overrides.append((option_string, values))
        setattr(namespace, self.dest, overrides)


def add_override_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("overrides (applied in order, after the draft)")
    group.add_argument(
        "--set",
        dest="overrides",
        action=_AppendOverride,
        metavar="PATH=VALUE",
        default=[],
        help="set a field, e.g. vendor_configuration.endpoint_config.gpus=2 (VALUE is parsed "
        "by the field's type; lists and tables as TOML inline values)",
    )
    group.add_argument(
        "--unset",
        dest="overrides",
        action=_AppendOverride,
        metavar="PATH",
        help="remove a field, e.g. endpoint_protocol",
    )


def add_account_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--account-id",
        metavar="ID",
        help="account to use (default: $SGP_ACCOUNT_ID); fills account_id when the draft has none",
    )


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text!r}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


def add_profile_arguments(parser: argparse.ArgumentParser | Any) -> None:
    """--profile and --config (a parser or an argument group)."""
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="use the [profiles.NAME] table of the config file: its base_url, account_id and "
        "api_key_env, and the draft's own [profiles.NAME] overrides (default: $SGP_PROFILE)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the config file (default: $SGP_TEMPLATE_CONFIG, else "
        "~/.config/sgp-template-wizard/config.toml)",
    )


def add_outcome_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """--json and --concurrency of the commands that create templates (submit, apply)."""
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list of {file, status, id, message}"
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=4,
        metavar="N",
        help=f"drafts {verb} at once (default: 4)",
    )


def add_api_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("API connection")
    add_profile_arguments(group)
    group.add_argument(
        "--base-url",
        metavar="URL",
        help="API base URL (default: $SGP_CLIENT_BASE_URL, else https://api.egp.scale.com)",
    )
    group.add_argument(
        "--account-id",
        metavar="ID",
        help="account to use (default: $SGP_ACCOUNT_ID); also fills account_id in a "
        "template that has none",
    )
    group.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow sending the API key over plain http:// to a non-local host",
    )
    group.add_argument(
        "--timeout",
        type=positive_float,
        metavar="SECONDS",
        help="read timeout per request (default: 60)",
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        help="start the embedded local sandbox server and use it instead of SGP",
    )
    group.add_argument(
        "--sandbox-db",
        metavar="PATH",
        help="the sandbox's SQLite file (default: in your user data folder; "
        "':memory:' keeps nothing)",
    )
