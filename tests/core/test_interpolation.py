"""`${NAME}` references: listing, resolving (all missing names at once), escaping, redaction."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tui.core.interpolation import (
    REDACTED,
    InvalidReference,
    MissingVariables,
    Reference,
    has_references,
    is_literal,
    missing_variables,
    redact,
    reference_findings,
    referenced_names,
    references,
    resolve,
)


def template() -> dict[str, Any]:
    return {
        "name": "chat-${STAGE}",
        "account_id": "${SGP_ACCOUNT_ID}",
        "vendor_configuration": {
            "bundle_config": {
                "registry": "${REGISTRY}",
                "image": "team/vllm",
                "tag": "${TAG}",
                "command": ["sh", "-c", "echo $HOME $$ $${LITERAL} && serve --port 5005"],
                "env": {"HF_TOKEN": "${HF_TOKEN}", "MIXED": "${A}-${B}-${A}"},
            },
            "endpoint_config": {"gpus": 1, "high_priority": False},
        },
    }


def test_references_lists_every_value_with_its_path() -> None:
    assert references(template()) == [
        Reference("name", ("STAGE",)),
        Reference("account_id", ("SGP_ACCOUNT_ID",)),
        Reference("vendor_configuration.bundle_config.registry", ("REGISTRY",)),
        Reference("vendor_configuration.bundle_config.tag", ("TAG",)),
        Reference("vendor_configuration.bundle_config.env.HF_TOKEN", ("HF_TOKEN",)),
        Reference("vendor_configuration.bundle_config.env.MIXED", ("A", "B")),
    ]
    assert referenced_names(template())[:2] == ["STAGE", "SGP_ACCOUNT_ID"]


ENVIRON = {
    "STAGE": "prod",
    "SGP_ACCOUNT_ID": "acc_9",
    "REGISTRY": "r.io",
    "TAG": "0.6.3",
    "HF_TOKEN": "hf_secret",
    "A": "1",
    "B": "",
}


def test_resolve_substitutes_and_unescapes() -> None:
    resolved = resolve(template(), ENVIRON)
    bundle = resolved["vendor_configuration"]["bundle_config"]
    assert resolved["name"] == "chat-prod"
    assert bundle["env"] == {"HF_TOKEN": "hf_secret", "MIXED": "1--1"}
    assert bundle["command"][2] == "echo $HOME $$ ${LITERAL} && serve --port 5005"
    assert resolved["vendor_configuration"]["endpoint_config"] == {
        "gpus": 1,
        "high_priority": False,
    }


def test_resolve_does_not_change_the_template() -> None:
    original = template()
    resolve(original, ENVIRON)
    assert original == template()


def test_resolved_values_are_not_interpolated_again() -> None:
    assert resolve({"name": "${A}"}, {"A": "${B}"}) == {"name": "${B}"}


def test_every_missing_variable_is_named_with_where_it_is_used() -> None:
    environ = {k: v for k, v in ENVIRON.items() if k not in ("HF_TOKEN", "A")}
    with pytest.raises(MissingVariables) as caught:
        resolve(template(), environ)
    assert caught.value.missing == {
        "HF_TOKEN": ["vendor_configuration.bundle_config.env.HF_TOKEN"],
        "A": ["vendor_configuration.bundle_config.env.MIXED"],
    }
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("environment variables are not set: HF_TOKEN (used at ")
    assert "A (used at vendor_configuration.bundle_config.env.MIXED)" in message


def test_missing_variables_are_what_resolve_would_name() -> None:
    environ = {k: v for k, v in ENVIRON.items() if k != "HF_TOKEN"}
    assert missing_variables(template(), environ) == {
        "HF_TOKEN": ["vendor_configuration.bundle_config.env.HF_TOKEN"]
    }
    assert missing_variables(template(), ENVIRON) == {}


def test_one_missing_variable_used_twice() -> None:
    with pytest.raises(MissingVariables) as caught:
        resolve({"name": "${X}", "account_id": "${X}"}, {})
    assert str(caught.value) == (
        "environment variable is not set: X (used at name, account_id). "
        "Export it or remove the ${...} reference"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$${A}", "${A}"),
        ("$$${A}", "$${A}"),  # the leftmost $${ is the escape
        ("$$", "$$"),
        ("$A", "$A"),
        ("${A}${A}", "vv"),
        ("a $${ b", "a ${ b"),
        ("", ""),
        ("no references", "no references"),
    ],
)
def test_escapes_and_plain_dollars(text: str, expected: str) -> None:
    assert resolve({"name": text}, {"A": "v"}) == {"name": expected}


@pytest.mark.parametrize("text", ["${1X}", "${A-B}", "${UNCLOSED", "${}", "${A:-default}"])
def test_invalid_references_are_errors(text: str) -> None:
    with pytest.raises(InvalidReference) as caught:
        resolve({"vendor_configuration": {"bundle_config": {"tag": text}}}, {"A": "x"})
    assert str(caught.value).startswith("vendor_configuration.bundle_config.tag: ")
    assert "use ${NAME}" in str(caught.value)


def test_keys_are_not_interpolated() -> None:
    data = {"vendor_configuration": {"bundle_config": {"env": {"${KEY}": "v"}}}}
    assert references(data) == []
    assert resolve(data, {}) == data


def test_redact_hides_every_value_holding_a_reference() -> None:
    redacted = redact(template())
    bundle = redacted["vendor_configuration"]["bundle_config"]
    assert redacted["name"] == REDACTED
    assert redacted["account_id"] == REDACTED
    assert bundle["env"] == {"HF_TOKEN": REDACTED, "MIXED": REDACTED}
    assert bundle["image"] == "team/vllm"
    assert bundle["command"][2] == "echo $HOME $$ ${LITERAL} && serve --port 5005"


def test_redact_never_shows_an_environment_value() -> None:
    redacted = redact(resolve_ready := copy.deepcopy(template()))
    assert resolve_ready == template()
    text = repr(redacted)
    for value in ("hf_secret", "prod", "acc_9"):
        assert value not in text


def test_has_references() -> None:
    assert has_references(template())
    assert not has_references({"name": "$${ESCAPED}", "gpus": 1})


def test_only_a_template_without_any_dollar_is_literal() -> None:
    """Literal means resolving can neither change it nor fail (prepare skips resolving)."""
    literal = {
        "name": "plain",
        "vendor_configuration": {"bundle_config": {"env": {"${KEY}": "v"}, "command": ["a"]}},
        "gpus": 1,
    }
    assert is_literal(literal)
    assert resolve(literal, {}) == literal and reference_findings(literal) == []
    for text in ("$${A}", "$A", "${A}", "${UNCLOSED", "$$", "a$"):
        assert not is_literal({"vendor_configuration": {"bundle_config": {"command": [text]}}})
    assert not is_literal(template())


def test_reference_findings_report_every_malformed_reference_without_resolving() -> None:
    data = {"name": "${ok} ${1bad}", "vendor_configuration": {"bundle_config": {"tag": "${X:-1}"}}}
    findings = reference_findings(data)
    assert [(f.path, f.is_error, f.rule) for f in findings] == [
        ("name", True, "reference"),
        ("vendor_configuration.bundle_config.tag", True, "reference"),
    ]
    assert findings[0].message.startswith("'${1bad}' is not a valid reference")
    assert reference_findings(template()) == []
