"""The body preview: redacted, indentation kept, tokens coloured without changing the text."""

from __future__ import annotations

import pytest

from tui.widgets.preview import BodyView, Preview, highlight, render_body, text_size

BODY = {
    "name": "n",
    "vendor_configuration": {
        "bundle_config": {"env": {"HF_TOKEN": "${HF_TOKEN}", "MODE": "fast"}, "command": ["a"]},
        "endpoint_config": {"gpus": 1, "high_priority": False},
    },
}


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_env_references_are_redacted(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf-secret")
    text = render_body(BODY, fmt)  # type: ignore[arg-type]
    assert "***" in text
    assert "hf-secret" not in text and "${HF_TOKEN}" not in text
    assert "fast" in text


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_highlighting_keeps_the_text_exactly(fmt: str) -> None:
    text = render_body(BODY, fmt)  # type: ignore[arg-type]
    content = highlight(text, fmt)  # type: ignore[arg-type]
    assert content.plain == text.rstrip("\n")
    assert "\n    " in content.plain or "\n[" in content.plain  # nesting is visible


def test_json_tokens_get_their_styles() -> None:
    text = '{\n  "gpus": 1,\n  "on": false,\n  "env": "***"\n}'
    content = highlight(text, "json")
    styled = {text[span.start : span.end]: str(span.style) for span in content.spans}
    assert styled['"gpus"'] == "$text-primary"
    assert styled["1"] == "$text-warning"
    assert styled["false"] == "$text-secondary"
    assert styled['"***"'] == "italic $text-warning"


def test_toml_tables_and_keys_are_told_apart() -> None:
    text = '[template]\nname = "x"\n\n[template.vendor_configuration]\ngpus = 2\n'
    content = highlight(text, "toml")
    styled = {text[span.start : span.end]: str(span.style) for span in content.spans}
    assert styled["[template]"] == "bold $text-accent"
    assert styled["name"] == "$text-primary"
    assert styled['"x"'] == "$text-success"


def test_text_size_is_the_longest_line_and_the_line_count() -> None:
    assert text_size("ab\nabcd\n") == (4, 2)
    assert text_size("") == (0, 1)


async def test_an_edit_that_keeps_the_size_only_repaints() -> None:
    from textual.app import App, ComposeResult

    class PreviewApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Preview(id="preview")

    app = PreviewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(Preview)
        body = app.query_one("#preview-text", BodyView)
        preview.show({"name": "abc", "model_type": "COMPLETION"})
        await pilot.pause()
        layouts: list[bool] = []
        original = body.refresh

        def recording_refresh(*regions, layout: bool = False, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(layout)
            return original(*regions, layout=layout, **kwargs)

        body.refresh = recording_refresh  # type: ignore[method-assign]
        preview.show({"name": "abd", "model_type": "COMPLETION"})  # same size
        preview.show({"name": "a much longer name than before", "model_type": "COMPLETION"})
        await pilot.pause()
        assert layouts[:1] == [False] and True in layouts[1:]
        assert '"a much longer name than before"' in body.source


async def test_the_preview_follows_the_step_and_scrolls_sideways() -> None:
    """Long values can be read (the body scrolls right), and the pane shows the part of the
    body the current step edits."""
    from tests.ui.helpers import VALID_TEMPLATE
    from tui.app import make_app

    long_tag = "v" + "0123456789" * 12
    vendor = VALID_TEMPLATE["vendor_configuration"]
    bundle = {**vendor["bundle_config"], "tag": long_tag}
    bundle["env"] = {f"VAR_{n}": str(n) for n in range(40)}
    template = {
        **VALID_TEMPLATE,
        "vendor_configuration": {**vendor, "bundle_config": bundle},
        "model_request_parameters_schema": {"parameters": [{"name": "x", "type": "str"}]},
    }
    app = make_app(draft=template)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause(0.3)
        view = app.wizard.query_one("#preview-text", BodyView)
        await app.wizard.show_step("basics")
        await pilot.pause(0.3)
        assert view.scroll_offset.y == 0
        assert view.virtual_size.width > view.size.width  # the long tag: wider than the pane
        await app.wizard.show_step("params")
        await pilot.pause(0.3)
        top = view.scroll_offset.y
        shown = view.lines[top : top + view.scrollable_content_region.height]
        assert top > 0 and any("model_request_parameters_schema" in line for line in shown)
        view.scroll_to(x=view.virtual_size.width, animate=False, immediate=True)
        await pilot.pause()
        assert view.scroll_offset.x > 0
        await app.wizard.show_step("basics")
        await pilot.pause(0.3)
        assert view.scroll_offset.y == 0


async def test_review_shows_the_body_only_when_the_preview_pane_is_hidden() -> None:
    from tests.ui.helpers import VALID_TEMPLATE
    from tui.app import make_app

    for size, shown in (((100, 32), False), ((80, 32), True)):
        app = make_app(draft=VALID_TEMPLATE)
        async with app.run_test(size=size) as pilot:
            await app.wizard.show_step("review")
            await pilot.pause(0.3)
            assert app.wizard.query_one("#review-body").display is shown
            assert app.wizard.query_one("#preview").display is not shown
