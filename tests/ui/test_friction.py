"""The friction found on a new user's journey (issue 9, section 4), each one fixed."""

from __future__ import annotations

import copy

from tests.ui.helpers import ENDPOINT, VALID_TEMPLATE, error_text, field
from tests.ui.test_burst import burst, settle
from tui.app import make_app

SIZE = (100, 32)


async def test_a_number_field_keeps_what_was_typed_and_says_why_it_is_wrong() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        app.wizard.show_step("resources")
        await settle(pilot)
        cpus = field(app, f"{ENDPOINT}.cpus")
        cpus.control.focus()
        await settle(pilot)
        burst(app, "2.5")
        await settle(pilot)
        assert cpus.control.value == "2.5"
        assert app.session.get(f"{ENDPOINT}.cpus") == "2.5"
        assert "integer" in error_text(app, f"{ENDPOINT}.cpus")
        cpus.control.value = ""
        burst(app, "4x")
        await settle(pilot)
        assert cpus.control.value == "4x"
        assert "integer" in error_text(app, f"{ENDPOINT}.cpus")


def _template_with_env(value: str) -> dict:
    template = copy.deepcopy(VALID_TEMPLATE)
    template["vendor_configuration"]["bundle_config"]["env"] = {"HF_TOKEN": value}
    return template
