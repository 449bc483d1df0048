"""KeyFooter: every key whole, on as few rows as the terminal width allows."""

from __future__ import annotations

from tests.ui.helpers import VALID_TEMPLATE
from tui.app import make_app
from tui.widgets.key_footer import GAP, MAX_ROWS, KeyFooter, grid_layout


def test_one_row_when_everything_fits() -> None:
    assert grid_layout([5, 7, 3], 18) == (1, (5 + GAP, 7 + GAP, 3 + GAP))


def test_more_rows_with_columns_as_wide_as_their_widest_entry() -> None:
    # Row by row: [10, 2, 3] over [4, 12]; the columns take the widest of each.
    assert grid_layout([10, 2, 3, 4, 12], 30) == (2, (10 + GAP, 12 + GAP, 3 + GAP))
    assert grid_layout([10, 2, 3, 4, 12], 20) == (3, (12 + GAP, 4 + GAP))


def test_rows_stop_at_the_maximum_even_if_too_narrow() -> None:
    rows, columns = grid_layout([30] * 8, 10)
    assert rows == MAX_ROWS and len(columns) == 2


async def test_the_footer_follows_the_terminal_width() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert footer.size.height == 2
        await pilot.resize_terminal(150, 30)
        await pilot.pause()
        assert footer.size.height == 1
        keys = list(footer.children)
        assert len({key.region.y for key in keys}) == 1
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert footer.size.height == 2
        for key in footer.children:  # whole: key, space, description
            assert key.region.width >= len(key.key_display) + 1 + len(key.description)
            assert key.region.right <= 80
