"""SVG snapshots of each screen (pytest-textual-snapshot). Update with ``--snapshot-update``.

Made with textual 8.2.8; a different Textual may draw a pixel differently, so regenerate the
snapshots (and look at them) when the pinned version moves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import Workspace, wait_until
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.tui import themes
from trustaudit.tui.screens.home import HomeScreen
from trustaudit.tui.screens.review import ReviewScreen

SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("pinned_day")

ANSWERS = {
    "recommendations": {
        "data-kinds": Answer(choices=["contact", "location"]),
        "location-precision": Answer(choice="exact"),
        "purpose": Answer(text="To suggest products near you."),
        "retention": Answer(choice="long", note="Kept for the loyalty programme."),
        "opt-out": Answer(choice="hard"),
        "notice": Answer(
            choice="none",
            plan=Plan(target="in-context", action="Add a notice", owner="Lee", status="planned"),
        ),
    },
}


@pytest.fixture
def review_file(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ws.root)  # paths in messages are shown relative to the working folder
    return ws.review(answers=ANSWERS)


async def _open(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)  # type: ignore[attr-defined]
    await pilot.pause()


async def _at_notice(pilot: Pilot[Any]) -> None:
    await _open(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen) and screen.session is not None
    from trustaudit.tui.session import Spot

    screen.spot = Spot("recommendations", "notice")
    await pilot.pause()


def test_home(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    async def loaded(pilot: Pilot[Any]) -> None:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.catalog_shown)
        await pilot.pause()

    assert snap_compare(ws.app(), terminal_size=(80, 24), run_before=loaded)


def test_setup(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await wait_until(pilot, lambda: getattr(app.screen, "entries", None))
        await pilot.press(*"ShopCo", "enter", *"2.3", "enter", *"Web", "enter", *"Dana")
        app.screen.query_one("#feature-name", Input).focus()
        await pilot.press(
            *"Recs", "tab", *"Tips", "tab", *"Dana", "enter", *"Maps", "enter", "enter", "enter"
        )
        await pilot.pause()

    assert snap_compare(ws.app(new=True), terminal_size=(80, 24), run_before=typed)


def test_review_80x24(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    assert snap_compare(ws.app(review_file), terminal_size=(80, 24), run_before=_at_notice)


def test_review_120x40(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    assert snap_compare(ws.app(review_file), terminal_size=(120, 40), run_before=_at_notice)


def test_review_light_theme(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    app = ws.app(review_file)
    app.theme = themes.LIGHT
    assert snap_compare(app, terminal_size=(120, 40), run_before=_open)


def test_summary(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    async def summary(pilot: Pilot[Any]) -> None:
        await _open(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()

    assert snap_compare(ws.app(review_file), terminal_size=(120, 40), run_before=summary)


def test_report(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    async def report(pilot: Pilot[Any]) -> None:
        from trustaudit.tui.screens.report import ReportScreen

        await _open(pilot)
        await pilot.press("ctrl+g")
        app = pilot.app
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.written)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(ws.app(review_file), terminal_size=(120, 40), run_before=report)


def test_error_dialog(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    async def missing(pilot: Pilot[Any]) -> None:
        app = pilot.app
        app.open_review(Path("reports/missing.trustaudit.yaml"))  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: app.screen.query("#dialog-title"))
        await pilot.pause()

    assert snap_compare(ws.app(), terminal_size=(80, 24), run_before=missing)


def test_help(snap_compare: SnapCompare, ws: Workspace, review_file: Path) -> None:
    assert snap_compare(
        ws.app(review_file), terminal_size=(100, 30), run_before=_open, press=["f1"]
    )
