"""SVG snapshots of the summary with dates and data cards, narrow and wide, dark and light, and of
the edit-review form with its dates and publisher. Update with ``--snapshot-update`` and look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import PINNED_DAY, Workspace, wait_until
from trustaudit.core.assessment.edits import Publisher, Schedule
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.review.session import Review
from trustaudit.tui.screens.edit_review import EditReviewScreen
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.screens.summary import SummaryScreen

SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("pinned_day")

LATE = PINNED_DAY - dt.timedelta(days=3)


def _review(ws: Workspace, *, rereview: bool = False) -> Path:
    late_fix = Plan(target="in-context", action="Add a notice", owner="Lee", due=LATE)
    accepted = Plan(status="accepted", accepted_by="Kim", accepted_until=LATE)
    path = ws.review(
        answers={
            "recommendations": {
                "data-kinds": Answer(choices=["contact"]),
                "purpose": Answer(text="To suggest products."),
                "notice": Answer(choice="none", plan=late_fix),
                "retention": Answer(choice="long", plan=accepted),
            }
        }
    )
    with Review.open(path) as review:
        review.update_schedule(Schedule(launch=dt.date(2027, 3, 1), review_by=LATE))
        review.update_details(Publisher(controller="ShopCo Ltd", contact="privacy@shop.example"))
        if rereview:
            review.start_cycle(PINNED_DAY)
    return path


async def _summary(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)  # type: ignore[attr-defined]
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (60, 30)], ids=["80x24", "60x30"])
def test_summary_dates_and_card(
    snap_compare: SnapCompare, ws: Workspace, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """At 60 columns the score table closes up and each open item takes two lines."""
    monkeypatch.chdir(ws.root)
    app = ws.app(_review(ws))
    assert snap_compare(app, terminal_size=size, run_before=_summary)


def test_summary_rereview_light_120x40(
    snap_compare: SnapCompare, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws.root)
    app = ws.app(_review(ws, rereview=True))
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(120, 40), run_before=_summary)


def test_edit_review_dates_and_publisher(
    snap_compare: SnapCompare, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws.root)

    async def edit(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)  # type: ignore[attr-defined]
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        await pilot.pause()

    assert snap_compare(ws.app(_review(ws)), terminal_size=(100, 40), run_before=edit)
