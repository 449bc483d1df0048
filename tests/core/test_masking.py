"""One masking rule for every quoted value: mask first, then shorten; short values only whole."""

from __future__ import annotations

import asyncio

import pytest

from tui.core.findings import validate_template
from tui.core.masking import MASK, active_secrets, mask, quote, secrets_masked

TOKEN = "HF-CANARY-456-" + "x" * 60  # 74 characters, as in issue 10


def test_long_secret_is_masked_wherever_it_occurs() -> None:
    assert mask(f"bad key sk-{TOKEN}.", [TOKEN]) == "bad key sk-***."


def test_short_secret_masks_whole_values_not_letters_of_words() -> None:
    message = "the API key was rejected; check SGP_API_KEY (got 'k')"
    assert mask(message, ["k"]) == "the API key was rejected; check SGP_API_KEY (got '***')"


def test_longest_secret_first() -> None:
    assert mask("abcdefgh-ijkl", ["abcdefgh", "abcdefgh-ijkl"]) == MASK


@pytest.mark.parametrize("secrets", [[], [""], [None]])
def test_nothing_to_mask(secrets: list[str | None]) -> None:
    assert mask("plain text", secrets) == "plain text"


def test_quote_masks_before_it_shortens() -> None:
    quoted = quote(TOKEN, secrets=[TOKEN])
    assert quoted == f"'{MASK}'"
    assert TOKEN[:8] not in quote("prefix " + TOKEN + " suffix", limit=20, secrets=[TOKEN])


def test_quote_shortens_long_values() -> None:
    assert quote("a" * 100, limit=10) == "'aaaaaa..."


def test_context_declares_secrets_for_a_block_only() -> None:
    with secrets_masked([TOKEN, None]):
        assert active_secrets() == (TOKEN,)
        assert mask(TOKEN) == MASK
    assert mask(TOKEN) == TOKEN


async def test_each_task_sees_its_own_secrets() -> None:
    async def masked(secret: str) -> str:
        with secrets_masked([secret]):
            await asyncio.sleep(0)
            return mask("a-secret-value-1 a-secret-value-2")

    first, second = await asyncio.gather(masked("a-secret-value-1"), masked("a-secret-value-2"))
    assert first == "*** a-secret-value-2" and second == "a-secret-value-1 ***"


def test_findings_quote_a_resolved_secret_masked_not_cut() -> None:
    with secrets_masked([TOKEN]):
        report = validate_template({"model_type": TOKEN})
    message = next(f.message for f in report.findings if f.path == "model_type")
    assert "(got '***')" in message and TOKEN[:10] not in message
