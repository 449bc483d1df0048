"""FormField's placeholder hints."""

from __future__ import annotations

from tui.core.session import FINE_TUNING
from tui.widgets.form_field import FormField


def test_a_long_default_is_the_whole_placeholder() -> None:
    hint = FormField(f"{FINE_TUNING}.mount_location")._default_hint()
    assert hint == "/workspace/launch_specific/config.json"


def test_a_short_default_is_labelled_and_no_default_gives_no_hint() -> None:
    readiness = "vendor_configuration.bundle_config.readiness_initial_delay_seconds"
    assert FormField(readiness)._default_hint() == "default: 120"
    assert FormField("name")._default_hint() == ""


async def test_a_field_input_lays_out_the_screen_once_per_step_of_typing() -> None:
    """Its content width grows in steps: most keys change no virtual size (no layout of the
    whole screen), and a long text still scrolls to keep the cursor in view."""
    from textual.app import App, ComposeResult

    from tui.widgets.form_field import CONTENT_WIDTH_STEP, FieldInput

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield FieldInput(compact=True)

    app = One()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(FieldInput)
        field.styles.width = 20
        field.focus()
        await pilot.pause()
        sizes = []
        for _ in range(CONTENT_WIDTH_STEP * 2):
            await pilot.press("x")
            sizes.append(field.virtual_size.width)
        assert len(set(sizes)) <= 3  # 64 keys, at most three widths (not 64)
        assert all(width % CONTENT_WIDTH_STEP == 0 for width in sizes)
        assert field.value == "x" * CONTENT_WIDTH_STEP * 2
        cursor_x = field.cursor_screen_offset.x
        assert field.region.x <= cursor_x < field.region.right  # the cursor is in view
