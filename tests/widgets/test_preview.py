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
