"""The summary over time and for customers: dates judged as of today, re-review confirmation, the
data card of the feature under the cursor and the key that writes it; the report as of today."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from tests.conftest import ROOT
from tests.tui.conftest import Workspace, screen_text, wait_until
from trustaudit.cli import cli
from trustaudit.core.assessment.edits import Publisher, Schedule
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.report.wording import long_date
from trustaudit.core.review.session import Review
from trustaudit.tui import session as clock
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.screens.summary import SummaryScreen

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
LAUNCH = TODAY + dt.timedelta(days=30)
EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"


def _flat(app: TrustAuditApp) -> str:
    return " ".join(screen_text(app).split())


async def _summary(app: TrustAuditApp, pilot: object) -> SummaryScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)  # type: ignore[arg-type]
    await pilot.press("ctrl+r")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


def _late_review(ws: Workspace) -> Path:
    """A fix due yesterday, an acceptance that ended yesterday, and a review due yesterday."""
    late_fix = Plan(target="in-context", action="Add a notice", owner="Lee", due=YESTERDAY)
    accepted = Plan(status="accepted", accepted_by="Kim", accepted_until=YESTERDAY)
    path = ws.review(
        answers={
            "recommendations": {
                "data-kinds": Answer(choices=["contact"]),
                "notice": Answer(choice="none", plan=late_fix),
                "retention": Answer(choice="long", plan=accepted),
            }
        }
    )
    with Review.open(path) as review:
        review.update_schedule(Schedule(launch=LAUNCH, review_by=YESTERDAY))
    # Last saved on another day, so that only an explicit as-of date can name today.
    text = re.sub(r"(?m)^updated: .*$", "updated: 2026-11-29T10:00:00Z", path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")
    return path


async def test_summary_flags_overdue_lapsed_and_review_due_as_of_today(ws: Workspace) -> None:
    app = ws.app(_late_review(ws))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        summary = await _summary(app, pilot)
        text = _flat(app)
        assert f"as of {TODAY.isoformat()}" in text
        assert f"launch {LAUNCH.isoformat()}" in text
        assert f"next review by {YESTERDAY.isoformat()}" in text and "REVIEW DUE" in text
        assert f"overdue ({YESTERDAY.isoformat()})" in text
        assert f"lapsed ({YESTERDAY.isoformat()})" in text
        kinds = {(i.spot.question if i.spot else "", i.what) for i in summary.items}
        assert ("notice", f"overdue ({YESTERDAY.isoformat()})") in kinds
        assert ("retention", f"lapsed ({YESTERDAY.isoformat()})") in kinds
        # A lapsed acceptance counts as risk again: the retention answer needs a plan once more
        # in the scorecard the summary shows (judged today), not only a label.
        assert summary.scorecard is not None and summary.scorecard.as_of == TODAY
        await pilot.press("ctrl+q")


async def test_summary_judges_on_the_apps_day(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judged a week ago, nothing was late yet: the day is the app's, not the file's save."""
    week_ago = TODAY - dt.timedelta(days=7)
    monkeypatch.setattr(clock, "calendar_day", lambda: week_ago)
    app = ws.app(_late_review(ws))
    async with app.run_test(size=(120, 40)) as pilot:
        await _summary(app, pilot)
        text = _flat(app)
        assert f"as of {week_ago.isoformat()}" in text
        assert "overdue" not in text and "lapsed" not in text and "REVIEW DUE" not in text
        await pilot.press("ctrl+q")


async def test_a_fix_due_today_is_not_overdue(ws: Workspace) -> None:
    due_today = Plan(target="in-context", action="Add a notice", owner="Lee", due=TODAY)
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none", plan=due_today)}})
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _summary(app, pilot)
        text = _flat(app)
        assert "overdue" not in text and "REVIEW DUE" not in text
        await pilot.press("ctrl+q")


async def test_confirm_key_confirms_a_carried_over_answer(ws: Workspace) -> None:
    answers = {"data-kinds": Answer(choices=["contact"]), "retention": Answer(choice="short")}
    path = ws.review(answers={"recommendations": answers})
    with Review.open(path) as review:
        review.start_cycle(TODAY)
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        summary = await _summary(app, pilot)
        assert "2 carried" in _flat(app)  # the feature's re-review badges
        carried = [i for i in summary.items if i.carried]
        assert [i.spot.question for i in carried if i.spot] == ["data-kinds", "retention"]
        # "c" on a row that is not carried over changes nothing and says why.
        first = summary.items[0]
        if not first.carried:
            await pilot.press("c")
            await wait_until(pilot, lambda: "Only an answer carried over" in _flat(app))
        row = summary.items.index(carried[1])
        await pilot.press(*["down"] * row, "c")
        await wait_until(pilot, lambda: "Confirmed as still true" in _flat(app))
        assert [i.spot.question for i in summary.items if i.carried and i.spot] == ["data-kinds"]
        assert "1 carried" in _flat(app)
        await pilot.press("escape", "ctrl+q")
    on_disk = ws.answers(path, "recommendations")
    assert on_disk["retention"].carried == "confirmed"
    assert on_disk["data-kinds"].carried == "unconfirmed"


def _cli_card(path: Path, *extra: str) -> str:
    result = CliRunner().invoke(
        cli, ["card", str(path), "-o", "-", *extra], prog_name="trustaudit", catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


async def test_card_of_the_current_feature_is_shown_and_written(ws: Workspace) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        summary = await _summary(app, pilot)
        session = app.session
        assert session is not None
        features = [f.id for f in session.features]
        text = _flat(app)
        assert f"Data card: {session.features[0].name}" in text
        assert "NOT READY" in text or "READY TO PUBLISH" in text
        # Moving to the second feature in the score table shows its card.
        summary.query_one("#scores").focus()
        await pilot.press("down")
        await wait_until(pilot, lambda: summary.current == features[1])
        assert f"Data card: {session.features[1].name}" in _flat(app)
        await pilot.press("w")
        written = ws.reports / f"example-shop.{features[1]}.cards.md"
        await wait_until(pilot, written.exists)
        assert "Data card written to" in _flat(app)
        # "f" moves to JSON; "w" writes that form too.
        await pilot.press("f", "w")
        as_json = ws.reports / f"example-shop.{features[1]}.cards.json"
        await wait_until(pilot, as_json.exists)
        await pilot.press("escape", "ctrl+q")
    feature = ["--feature", features[1]]
    assert written.read_text(encoding="utf-8") == _cli_card(path, *feature)
    assert as_json.read_text(encoding="utf-8") == _cli_card(path, *feature, "--format", "json")


async def test_card_panel_names_what_is_missing(ws: Workspace) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    with Review.open(path) as review:
        review.update_details(Publisher(controller="Example Shop Ltd"))  # no policy, no contact
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _summary(app, pilot)
        text = _flat(app)
        assert "NOT READY" in text and "Before you publish" in text
        assert "privacy_policy_url" in text
        await pilot.press("ctrl+q")


async def test_report_is_judged_as_of_the_apps_day(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report takes its as-of day from the app's clock (``calendar_day``), not from the
    file's last save, which is today too once the app has opened it."""
    later = TODAY + dt.timedelta(days=400)
    monkeypatch.setattr(clock, "calendar_day", lambda: later)
    app = ws.app(_late_review(ws))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+g")
        from trustaudit.tui.screens.report import ReportScreen

        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.written)
        await pilot.press("ctrl+q")
    text = (ws.reports / "shop.md").read_text(encoding="utf-8")
    assert long_date(later) in text


async def test_a_note_for_customers_goes_on_the_answer_and_the_card(ws: Workspace) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        summary = await _summary(app, pilot)
        feature = summary.current
        assert feature is not None
        # Esc in the note form closes its list and stays on the summary.
        await pilot.press("n", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is summary and app.focused is summary.query_one("#items")
        await pilot.press("n")  # the choice of answer the card rests on
        await pilot.press("enter", "down", "enter")  # open it, take the first answer
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "card-note"
        form = summary.query_one("#note-question")
        question = str(form.value)  # type: ignore[attr-defined]
        await pilot.press("ctrl+u", *"Only your first name and email.", "enter")
        await wait_until(pilot, lambda: "Note for customers saved" in _flat(app))
        body = " ".join(str(summary.query_one("#card-body", Static).render()).split())
        assert "Only your first name and email." in body  # on the card shown
        await pilot.press("escape", "ctrl+q")
    assert ws.answers(path, feature)[question].card_note == "Only your first name and email."
    assert "Only your first name and email." in _cli_card(path, "--feature", feature)
