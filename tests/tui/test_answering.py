"""Answering without surprises (issue 12), pressed through the app: only what was chosen is
recorded, a red flag is said when it is chosen, plans follow the answers and the calendar, undo
and redo go through the file, a review can be opened only to look, and the palette finds a
question by any of its words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from tests.tui.conftest import Workspace, saved, screen_text, wait_until
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.review.session import Review
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.dialogs import AcceptDialog, MessageDialog
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.session import Spot
from trustaudit.tui.widgets.feature_tree import FeatureTree
from trustaudit.tui.widgets.plan_form import PlanForm
from trustaudit.tui.widgets.score_panel import ScorePanel

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=60)
PROFILE = {
    "data-kinds": Answer(choices=["contact"]),
    "purpose": Answer(text="Suggestions"),
}


async def _open(app: TrustAuditApp, pilot: Any) -> ReviewScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def _toasts(app: TrustAuditApp) -> str:
    return " ".join(n.message for n in app._notifications)


def _panel(app: TrustAuditApp) -> str:
    return " ".join(str(app.screen.query_one(ScorePanel).render()).split())


def _plan(target: str = "in-context", due: dt.date | None = LATER, **more: Any) -> Plan:
    return Plan(target=target, action="Add a notice", owner="Lee", due=due, **more)


async def test_enter_on_an_empty_tick_list_records_nothing(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        assert review.spot == Spot("recommendations", "data-kinds")  # a tick list
        await pilot.press("enter")  # nothing ticked: the highlighted entry is not a choice
        assert "tick at least one, choose 'None of these', or press n to skip" in " ".join(
            screen_text(app).split()
        )
        assert review.spot == Spot("recommendations", "data-kinds")  # it stays
        await pilot.press("down", "space", "enter")  # tick Precise location, then Enter
        await wait_until(pilot, lambda: review.spot != Spot("recommendations", "data-kinds"))
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    assert ws.answers(path, "recommendations")["data-kinds"].choices == ["location"]
    assert "data-kinds" not in ws.answers(path, "store-locator")


async def test_skipping_leaves_the_question_unanswered(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        await pilot.press("n")  # skip
        assert review.spot != Spot("recommendations", "data-kinds")
        await pilot.press("ctrl+q")
    assert ws.answers(path, "recommendations") == {}


async def test_a_red_flag_is_said_the_moment_it_is_chosen(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": PROFILE})
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # No notice at all: a floor of HIGH
        expected = "red flag: Do customers see a notice when the data is collected? forces at "
        await wait_until(pilot, lambda: expected + "least HIGH" in _toasts(app))
        floors = app.session.score("recommendations").now.floors  # type: ignore[union-attr]
        assert any(f.rule == "red flag" and f.question == "notice" for f in floors)
        await pilot.press("ctrl+q")


async def test_the_panel_shows_planned_r_and_names_profile_unknowns(ws: Workspace) -> None:
    answers = {"data-kinds": Answer(unknown=True), "notice": Answer(choice="none", plan=_plan())}
    path = ws.review(answers={"recommendations": answers})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot)
        score = app.session.score("recommendations")  # type: ignore[union-attr]
        panel = _panel(app)
        assert f"R {score.now.risk:.0f} → {score.planned.risk:.0f} planned" in panel, panel
        assert "impact assumes the worst for: Which data does the feature u" in panel, panel
        await pilot.press("ctrl+q")


async def test_the_top_fix_points_at_the_next_applicable_question(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot)
        panel = _panel(app)
        assert "answer the open questions; next: Which data does the feature use?" in panel
        assert "R −0" not in panel
        await pilot.press("ctrl+q")


async def test_a_plan_is_resolved_when_the_answer_reaches_its_target(ws: Workspace) -> None:
    answers = {**PROFILE, "notice": Answer(choice="none", plan=_plan())}
    path = ws.review(answers={"recommendations": answers})
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        await pilot.press("up", "up", "enter")  # A notice in context: the plan's target
        await wait_until(pilot, lambda: "Plan resolved" in _toasts(app))
        await wait_until(pilot, lambda: saved(app))
        items = app.session.score("recommendations").open_items  # type: ignore[union-attr]
        assert not any(i.question == "notice" for i in items)  # no longer work to do
        await pilot.press("ctrl+q")
    answer = ws.answers(path, "recommendations")["notice"]
    assert answer.choice == "in-context"
    assert answer.plan is not None and answer.plan.status == "done"  # kept, with its date
    assert answer.plan.verified_on == TODAY and answer.plan.owner == "Lee"


async def test_an_overdue_plan_is_flagged_in_the_panel_sidebar_and_form(ws: Workspace) -> None:
    overdue = _plan(due=dt.date(2020, 1, 1))
    path = ws.review(answers={"recommendations": {**PROFILE, "notice": Answer(choice="none")}})
    text = path.read_text(encoding="utf-8")
    with Review.open(path) as opened:  # the past due date written as a file would hold it
        opened.set_answer("recommendations", "notice", Answer(choice="none", plan=overdue))
    assert text != path.read_text(encoding="utf-8")
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        assert "1 fix(es) overdue" in _panel(app)
        node = review.query_one(FeatureTree).root.children[0]
        assert str(node.label).endswith(" !"), node.label  # a mark, not only a colour
        assert "overdue: was due 2020-01-01" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_a_due_date_before_the_review_began_is_asked_about(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": {**PROFILE, "notice": Answer(choice="none")}})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        form = review.query_one(PlanForm)
        form.query_one("#plan-due", Input).focus()
        await pilot.press(*"2020-01-01")
        await wait_until(pilot, lambda: "before this review began" in screen_text(app))
        await wait_until(pilot, lambda: saved(app))
        plan = ws.answers(path, "recommendations")["notice"].plan
        assert plan is None or plan.due is None  # not kept until confirmed
        await pilot.press("enter")  # keep it
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    plan = ws.answers(path, "recommendations")["notice"].plan
    assert plan is not None and plan.due == dt.date(2020, 1, 1)


async def test_a_plan_set_to_done_offers_its_target_as_the_answer(ws: Workspace) -> None:
    answers = {**PROFILE, "notice": Answer(choice="none", plan=_plan())}
    path = ws.review(answers={"recommendations": answers})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        review.query_one("#plan-status", Select).value = "done"
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "Make the target the answer?" in screen_text(app)
        await pilot.press("shift+tab", "enter")  # Make it the answer (not the focused button)
        await wait_until(pilot, lambda: app.screen is review)
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    answer = ws.answers(path, "recommendations")["notice"]
    assert answer.choice == "in-context" and answer.plan is not None
    assert answer.plan.status == "done"


async def test_accepting_a_risk_asks_who_and_until_when(ws: Workspace) -> None:
    answers = {**PROFILE, "notice": Answer(choice="none", plan=_plan())}
    path = ws.review(answers={"recommendations": answers})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        review.query_one("#plan-status", Select).value = "accepted"
        await wait_until(pilot, lambda: isinstance(app.screen, AcceptDialog))
        await pilot.press("enter")  # no date: refused
        assert "Accepted until: use YYYY-MM-DD" in screen_text(app)
        await pilot.press(*LATER.isoformat(), "enter")
        await wait_until(pilot, lambda: app.screen is review)
        await wait_until(pilot, lambda: saved(app))
        assert f"risk accepted by Lee until {LATER}" in screen_text(app)
        await pilot.press("ctrl+q")
    plan = ws.answers(path, "recommendations")["notice"].plan
    assert plan is not None and plan.status == "accepted"
    assert plan.accepted_by == "Lee" and plan.accepted_until == LATER


async def test_undo_and_redo_go_through_the_file(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": PROFILE})
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        review = await _open(app, pilot)
        review.jump(Spot("recommendations", "notice"))
        await pilot.pause()
        await pilot.press("down", "enter")  # Only in the privacy policy
        await wait_until(pilot, lambda: saved(app))
        assert ws.answers(path, "recommendations")["notice"].choice == "policy-only"
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "Undone: answer" in _toasts(app))
        await wait_until(pilot, lambda: saved(app))
        assert "notice" not in ws.answers(path, "recommendations")
        assert review.spot == Spot("recommendations", "notice")  # shown where it happened
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: saved(app))
        assert ws.answers(path, "recommendations")["notice"].choice == "policy-only"
        await pilot.press("ctrl+q")
    assert ws.answers(path, "recommendations")["notice"].choice == "policy-only"


async def test_a_locked_review_can_be_opened_read_only(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": PROFILE})
    before = path.read_bytes()
    with Review.open(path):  # a team member is answering
        lock = path.with_name(path.name + ".lock").read_bytes()
        app = ws.app(path)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
            assert "Open read-only" in screen_text(app)
            await pilot.press("shift+tab", "enter")  # Open read-only (OK is focused)
            review = await _open(app, pilot)
            assert app.session is not None and app.session.read_only
            assert "(read-only)" in screen_text(app)
            review.jump(Spot("recommendations", "notice"))
            await pilot.pause()
            await pilot.press("down", "enter", "ctrl+z")
            await wait_until(pilot, lambda: "nothing is changed or written" in _toasts(app))
            assert app.session.answer("recommendations", "notice") is None
            await pilot.press("ctrl+q")
        assert path.with_name(path.name + ".lock").read_bytes() == lock  # theirs, untouched
    assert path.read_bytes() == before


async def test_the_palette_finds_a_question_of_any_feature_by_its_options(
    ws: Workspace,
) -> None:
    path = ws.review(answers={"store-locator": PROFILE})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        assert review.spot is not None and review.spot.feature == "recommendations"
        await pilot.press("slash", *"forever store")  # an option label and a feature's name
        await wait_until(pilot, lambda: "How long is the data kept? · Store" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is review)
        assert review.spot == Spot("store-locator", "retention")
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_footer_shows_the_plan_key(
    ws: Workspace, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Every key of the review's footer fits at 80 columns, down to "f1 Keys"; "?" says its
    longer meaning in the help screen (its tooltip)."""
    app = ws.app(ws.review())
    async with app.run_test(size=size) as pilot:
        await _open(app, pilot)
        app.screen.query_one("#note", Input).focus()  # a change, so the save status shows too
        await pilot.press("x", "escape")  # typed, then back to the answer
        await wait_until(pilot, lambda: "saved" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert "a Plan" in footer and "? Why" in footer and "f1 Keys" in footer, footer
        await pilot.press("ctrl+q")


async def test_opening_a_review_pinned_to_an_older_version_offers_the_upgrade(
    ws: Workspace,
) -> None:
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none")}})
    source = ws.root / "questionnaires" / "mini.yaml"
    text = source.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"')
    source.write_text(text + "renames: {notice: notice-shown}\n", encoding="utf-8")
    source.write_text(
        source.read_text(encoding="utf-8").replace("- id: notice\n", "- id: notice-shown\n"),
        encoding="utf-8",
    )
    app = ws.app(path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        shown = " ".join(screen_text(app).split())
        assert "Upgrade this review to the questionnaire in use?" in shown
        assert "1 answer(s) move to renamed questions." in shown
        await pilot.press("enter")  # Upgrade now
        await wait_until(pilot, lambda: "Upgraded to mini 1.1" in _toasts(app))
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    answers = ws.answers(path, "recommendations")
    assert answers["notice-shown"].choice == "none" and "notice" not in answers
