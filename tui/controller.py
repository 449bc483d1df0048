"""What the wizard does, without the screens: save, submit, copy, pull, presets, profiles.

`WizardController` is a plain object over the `EditSession` and the client configuration.
The app turns its answers into dialogs and notifications, and the screen reads from it
(what the Review shows, the last result); neither needs the other for any of this, and the
controller never imports Textual, so it is tested like the core.

A method that cannot do what was asked raises `ActionFailed`, whose title and one-line
message are shown to the user as they are.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tui.core.config import ClientConfig
from tui.core.session import VC, EditSession, step_of

if TYPE_CHECKING:  # imported when used: none of these is needed for the first frame
    import httpx

ResultKind = Literal["created", "exists", "recovered", "rejected", "network", "auth", "error"]
Readiness = Literal["ready", "errors", "unset", "no_key"]
COPY_NAMES = {"json": "JSON body", "toml": "TOML draft", "curl": "curl command"}
SUBMIT_TITLES = {
    "created": "✓ Template created",
    "recovered": "✓ Template created (confirmed after a lost connection)",
    "exists": "✓ An identical template already exists: nothing was created",
}


class ActionFailed(Exception):
    """What was asked cannot be done: `title` and `message` are shown as they are."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


class Targets(Protocol):
    """Where else the wizard may send requests: the config file's profiles (the CLI's
    `ProfileTargets`, which keeps the command's flags winning over a profile)."""

    def names(self) -> list[str]: ...

    def target(self, name: str) -> tuple[ClientConfig, str]:
        """The configuration and the label shown for profile `name`."""
        ...


@dataclass(frozen=True)
class ResultView:
    """What the Result step shows about the last submit."""

    kind: ResultKind
    title: str
    message: str
    template_id: str = ""
    created_at: str = ""

    @property
    def ok(self) -> bool:
        """The template exists on the server now (created, or an identical one found)."""
        return self.kind in ("created", "exists", "recovered")


class WizardController:
    """The wizard's actions on the session and the server (see the module docstring)."""

    def __init__(
        self,
        session: EditSession,
        config: ClientConfig,
        *,
        target_label: str = "",
        transport: httpx.AsyncBaseTransport | None = None,
        targets: Targets | None = None,
    ) -> None:
        self.session = session
        self.config = config
        self.target_label = target_label or config.base_url
        self.transport = transport
        self.targets = targets
        self.result: ResultView | None = None
        """The outcome of the last submit (None before the first one, and while one runs)."""
        self.session_values: dict[str, str] = {}
        """${NAME} values entered in the wizard: in memory only, never saved or autosaved."""

    # -- drafts ---------------------------------------------------------------------------

    def suggested_file(self) -> str:
        """A file name for a first save: the template's name, made safe for a path."""
        name = self.session.get("name")
        stem = name if isinstance(name, str) and name.strip() else "template"
        return f"{''.join(c if c.isalnum() or c in '-_' else '-' for c in stem)}.toml"

    def save_draft(self, path: Path) -> None:
        """Write the session as a TOML draft at `path` (atomically) and mark it saved."""
        from tui.core.drafts import Draft, save_draft

        try:
            draft = Draft(
                self.session.template,
                schema_url=self.session.schema_url,
                profiles=self.session.profiles,
            )
            save_draft(path, draft)
        except Exception as exc:  # DraftError/OSError: a one-line message
            raise ActionFailed("Not saved", str(exc)) from None
        self.session.mark_saved(path)

    def open_draft(self, path: Path) -> tuple[dict[str, Any], list[str]]:
        """Bind the session to the draft at `path`: its template and its notices, to load."""
        from tui.core.drafts import load_draft

        try:
            loaded = load_draft(path)
        except Exception as exc:  # DraftError and OS errors: one line, never a traceback
            raise ActionFailed("Cannot open the draft", str(exc)) from None
        self.session.draft_path = path
        self.session.schema_url = loaded.draft.schema_url
        self.session.profiles = loaded.draft.profiles
        return loaded.draft.template, list(loaded.notices)

    def preset(self, name: str) -> dict[str, Any]:
        """The template of preset `name`, for this configuration's account."""
        from tui.core.presets import UnknownPreset, preset_template

        try:
            return preset_template(name, account_id=self.config.account_id)
        except UnknownPreset as exc:
            raise ActionFailed("Preset", str(exc)) from None

    async def pull(self, template_id: str) -> dict[str, Any]:
        """The request body of template `template_id` on the server."""
        from tui.core.client import SGPClient
        from tui.core.errors import SGPError

        try:
            async with SGPClient(self.config, transport=self.transport) as client:
                template = await client.retrieve(template_id)
        except SGPError as exc:
            raise ActionFailed(f"Cannot pull {template_id}", exc.message) from None
        return template.request_body()

    def start_over(self) -> None:
        """A new, blank template not bound to any file."""
        self.session.draft_path = None
        self.session.touched.clear()
        self.session.visited.clear()
        self.session.replace(blank_template(self.config), dirty=False)

    def apply_fix(self, path: str, value: Any) -> None:
        """Set the value a finding suggests (e.g. a one-string command split into its
        arguments)."""
        self.session.set(path, value)

    # -- copy -----------------------------------------------------------------------------

    def rendered(self, fmt: str) -> str:
        """The body as `fmt` (see tui.core.render): JSON masks `${NAME}` values, while the
        curl and SDK snippets read them when they run (the mask would be sent as a value)."""
        from tui.core.render import render

        account = self.config.account_id or self.session.get("account_id")
        return render(self.session.body(), fmt, base_url=self.config.base_url, account_id=account)

    # -- targets --------------------------------------------------------------------------

    def profile_names(self) -> list[str]:
        if self.targets is None:
            return []
        try:
            return self.targets.names()
        except Exception:  # a broken config file: switching says why when it is tried
            return []

    def switch_profile(self, name: str) -> None:
        """Send requests to profile `name` from now on (what the user typed is unchanged)."""
        if self.targets is None:
            raise ActionFailed(
                "Target unchanged", "This wizard runs on the sandbox: it has no profiles."
            )
        try:
            self.config, self.target_label = self.targets.target(name)
        except Exception as exc:  # ProfileError / InvalidConfig: one line, never a traceback
            raise ActionFailed("Target unchanged", " ".join(str(exc).split())) from None

    def set_api_key(self, key: str) -> None:
        """Use `key` for this session (in memory only)."""
        self.config = dataclasses.replace(self.config, api_key=key)

    # -- submit ---------------------------------------------------------------------------

    @property
    def environment(self) -> dict[str, str]:
        """What `${NAME}` references resolve from: the process environment, then the values
        entered in this session."""
        return {**os.environ, **self.session_values}

    def unset_variables(self) -> list[str]:
        """The `${NAME}`s the body uses that neither the environment nor the session has."""
        from tui.core.interpolation import missing_variables

        return list(missing_variables(self.session.body(), self.environment))

    def readiness(self) -> Readiness:
        """Whether a submit can go ahead now, or what must come first."""
        if not self.session.can_submit:
            return "errors"
        if self.unset_variables():
            return "unset"
        if not self.config.api_key:
            return "no_key"
        return "ready"

    async def submit(self) -> ResultView:
        """Create the template (idempotently: never a duplicate) and describe the outcome.
        A 422 also marks the steps of the server's findings, so their errors show."""
        self.result = None
        view = await self._submit_once()
        if view.kind == "rejected":
            for finding in self.session.server_findings:
                self.session.touch_step(step_of(finding.path))
        self.result = view
        return view

    async def _submit_once(self) -> ResultView:
        from tui.core.client import SGPClient
        from tui.core.errors import SGPError
        from tui.core.interpolation import resolve
        from tui.core.submit import SubmitFailed, submit_template

        try:
            body = resolve(self.session.body(), self.environment)
            self.config.check_transport_security()
            async with SGPClient(self.config, transport=self.transport) as client:
                outcome = await submit_template(client, body)
        except SubmitFailed as exc:
            return self._failure_view(exc.error, exc.message)
        except SGPError as exc:
            return self._failure_view(exc, exc.message)
        except Exception as exc:  # e.g. a missing ${NAME}: one line, no traceback
            return ResultView("error", "Not submitted", str(exc))
        template = outcome.template
        return ResultView(
            outcome.status,
            SUBMIT_TITLES[outcome.status],
            f"{outcome.message}\nSent to {self.target_label}, account {template.account_id}.",
            template.id,
            template.created_at,
        )

    def _failure_view(self, error: Exception, message: str) -> ResultView:
        from tui.core.errors import AuthError, NetworkError, Rejected

        if isinstance(error, Rejected):
            self.session.server_findings = list(error.findings)
            lines = [f"✗ {f.path or '(template)'}: {f.message}" for f in error.findings]
            text = "\n".join([message, "", *lines, "", "'Fix the fields' shows them in place."])
            return ResultView("rejected", "✗ The server rejected the template (422)", text)
        if isinstance(error, AuthError):
            return ResultView(
                "auth",
                "✗ Not authorised",
                f"{message}\nCheck the API key and the account id, then retry.",
            )
        if isinstance(error, NetworkError):
            return ResultView(
                "network",
                "✗ Could not reach the server",
                f"{message}\nCheck the network or the base URL ({self.config.base_url}), then "
                "retry: the wizard checks for an identical template first, so retrying never "
                "creates a duplicate.",
            )
        return ResultView("error", "✗ Not submitted", message)

    def step_states(self) -> dict[str, str]:
        """Every step's mark in the step list: the form steps' from the session, Review's
        from the errors, Result's from the last submit."""
        states = self.session.step_states()
        states["review"] = "errors" if self.session.report.errors else "valid"
        if self.result is not None:
            states["result"] = "valid" if self.result.ok else "errors"
        return states


def blank_template(config: ClientConfig | None) -> dict[str, Any]:
    """A new template: the account from the configuration, an empty bundle to fill in."""
    template: dict[str, Any] = {}
    account = (config.account_id if config else None) or os.environ.get("SGP_ACCOUNT_ID")
    if account:
        template["account_id"] = account
    template[VC] = {"bundle_config": {}}
    return template
