"""The findings of 110 templates, recorded before the deploy rules were made faster: the
speed-ups (prechecks, caches by value, fewer lookups) must not change one finding.

The templates are presets with random changes to the fields the rules read (commands,
ports, routes, images, resources, workers, endpoint types, ${NAME} references), chosen so
that together they produce every kind of finding at every path. Regenerate the file only
for a deliberate change of a rule's findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.core.findings import validate_template

GOLDEN = Path(__file__).parents[1] / "data" / "findings_golden.json"


def findings_of(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**f.as_dict(), "rule": f.rule} for f in validate_template(template).findings]


def test_every_recorded_template_has_exactly_its_recorded_findings() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(cases) == 110
    changed = [
        i for i, case in enumerate(cases) if findings_of(case["template"]) != case["findings"]
    ]
    assert changed == []


def test_twice_in_a_row_gives_the_same_findings() -> None:
    """The second validation is served from the caches: the same findings."""
    for case in json.loads(GOLDEN.read_text(encoding="utf-8")):
        assert findings_of(case["template"]) == findings_of(case["template"])
