"""Re-create the README's screenshots: one SVG per wizard step, at 100x32.

    .venv/bin/python screenshots/capture.py [--preset vllm-h100] [--out screenshots]

The wizard is built with `make_app` on a built-in preset, a fixed theme, no cursor blink and
no animations, and a throw-away recovery directory. Nothing leaves the machine: the Result
step submits to an in-process sandbox (`tui.sandbox.Sandbox(db=":memory:")`) on 127.0.0.1,
so its template id and timestamp change on every run. These files are documentation; tests
never compare them (the snapshot tests do that).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
PRESET_ENVIRONMENT = {"HF_TOKEN": "hf_screenshot_placeholder"}
"""Values for the presets' `${NAME}` references, so that the Result step shows a creation
(they are resolved only in this process and shown as *** in the preview)."""

SIZE = (100, 32)
THEME = "textual-dark"
TARGET_LABEL = "local sandbox"
ACCOUNT_ID = "acct-docs"
FORM_SHOTS = (
    ("basics", "basics.svg"),
    ("bundle", "bundle.svg"),
    ("resources", "resources.svg"),
    ("params", "parameters.svg"),
    ("review", "review.svg"),
)


@contextmanager
def sandbox_config() -> Iterator[tuple[Any, str]]:
    """A client configuration for an in-process sandbox, or the unreachable local default."""
    from tui.core.config import ClientConfig

    try:
        from tui.sandbox import Sandbox
    except ImportError:
        yield ClientConfig.from_env({}, base_url="http://127.0.0.1:9", account_id=ACCOUNT_ID), ""
        return
    with Sandbox(db=":memory:") as sandbox:
        yield sandbox.config({}, account_id=ACCOUNT_ID), TARGET_LABEL


def build_app(preset: str, config: Any, target_label: str, state_dir: Path) -> Any:
    from tui.app import make_app
    from tui.core.recovery import RecoveryStore

    return make_app(
        preset=preset,
        config=config,
        target_label=target_label,
        theme=THEME,
        recovery=RecoveryStore(state_dir),
        choose_start=False,
    )


async def settle(pilot: Any) -> None:
    """Let every message, worker and repaint finish, with the text cursors held still."""
    from textual.widgets import Input

    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def show(pilot: Any, step: str) -> None:
    """Show `step` (it opens at its top: the wizard focuses its first field without scrolling)."""
    pilot.app.wizard.show_step(step)
    await settle(pilot)


async def capture(preset: str, out: Path) -> list[Path]:
    written: list[Path] = []
    with (
        tempfile.TemporaryDirectory(prefix="capture-") as state,
        sandbox_config() as (
            config,
            label,
        ),
    ):
        app = build_app(preset, config, label, Path(state))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for step, filename in FORM_SHOTS:
                await show(pilot, step)
                written.append(save(app, out, filename))
            await submit(pilot)
            written.append(save(app, out, "result.svg"))
            await show_fine_tuning(pilot)
            written.append(save(app, out, "fine-tuning.svg"))
    return written


async def submit(pilot: Any) -> None:
    await show(pilot, "review")
    pilot.app.submit()
    await settle(pilot)
    await show(pilot, "result")


async def show_fine_tuning(pilot: Any) -> None:
    """The fine-tuning step with its switch on, so that its fields are visible."""
    from textual.widgets import Switch

    await show(pilot, "finetune")
    switch = pilot.app.screen.query_one("#ft-enabled", Switch)
    if not switch.value:
        switch.value = True
    await show(pilot, "finetune")


def save(app: Any, out: Path, filename: str) -> Path:
    app.save_screenshot(filename, path=str(out))
    return out / filename


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="vllm-h100", help="the starting preset")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, value in PRESET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    for path in asyncio.run(capture(args.preset, args.out)):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
