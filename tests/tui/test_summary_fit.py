"""The summary fits the terminal: no table scrolls sideways at 120, 80 or 60 columns, names and
questions that do not fit end in "…", and below 80 columns each open item takes two lines so
that its question can be read (issue 12: "Can customers c…" three times said nothing)."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import DataTable

from tests.conftest import ROOT
from tests.tui.conftest import Workspace, wait_until
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.screens.summary import SummaryScreen

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"


def _cells(table: DataTable[object], column: int) -> list[str]:
    return [str(table.get_row_at(n)[column]) for n in range(table.row_count)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 30)])
async def test_no_table_of_the_summary_scrolls_sideways(
    ws: Workspace, size: tuple[int, int]
) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    app = ws.app(path)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        for name in ("#scores", "#items"):
            table = app.screen.query_one(name, DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, name
        assert app.session is not None
        real = [f.name for f in app.session.features]
        shown = _cells(app.screen.query_one("#scores", DataTable), 0)
        for cell, name in zip(shown, real, strict=True):  # whole, or cut where it says so
            assert cell == name or (cell.endswith("…") and name.startswith(cell[:-1])), cell
        assert "Store locator" in shown


async def test_below_80_columns_an_open_item_shows_its_question_on_two_lines(
    ws: Workspace,
) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    app = ws.app(path)
    async with app.run_test(size=(60, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        table = summary.query_one("#items", DataTable)
        first = table.get_row_at(0)
        feature, question = str(first[0]).split("\n"), str(first[1]).split("\n")
        assert feature[1] == summary.items[0].what
        words = summary.items[0].question.split()
        assert " ".join(question).split()[:6] == words[:6]  # read, not cut at 16 characters
        await pilot.press("enter")  # still one Enter from its question
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
