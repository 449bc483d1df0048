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
