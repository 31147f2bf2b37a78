"""Whole flows driven with keys only, checked on screen and in the file on disk."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from tests.tui.conftest import Workspace, saved, screen_text, wait_until
from trustaudit.core.assessment.model import Answer
from trustaudit.core.review.reading import read
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.dialogs import MessageDialog
from trustaudit.tui.screens.edit_review import EditReviewScreen
from trustaudit.tui.screens.new_review import NewReviewScreen
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.session import Spot
from trustaudit.tui.widgets.feature_list import FeatureList
from trustaudit.tui.widgets.score_panel import ScorePanel


def _first_hit(app: TrustAuditApp) -> str:
    """The highlighted entry of the command palette, once its search has answered."""
    if not isinstance(app.screen, CommandPalette):
        return ""
    hits = app.screen.query_one(CommandList)
    if hits.highlighted is None:
        return ""
    return str(hits.get_option_at_index(hits.highlighted).prompt)


def _panel(app: object) -> str:
    """The score panel's text, spaces collapsed."""
    return " ".join(str(app.screen.query_one(ScorePanel).render()).split())  # type: ignore[attr-defined]


async def test_create_answer_plan_quit_reopen_resume(ws: Workspace) -> None:
    mini = ws.questionnaire()
    app = ws.app(new=True, questionnaire=str(mini))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        setup = app.screen
        assert isinstance(setup, NewReviewScreen)
        await wait_until(pilot, lambda: setup.entries)  # questionnaires listed
        # Setup: product, release, team, assessors, then two features, then create.
        await pilot.press(*"Shop app", "tab", *"2", "tab", *"Web", "tab", *"Dana")
        setup.query_one("#feature-name", Input).focus()
        await pilot.press(*"Recs", "tab", *"Tips", "tab", *"Dana", "enter")
        await pilot.press(*"Maps", "enter", "enter", "enter")  # name, description, owner: add
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        path = ws.reports / "shop-app.trustaudit.yaml"
        assert path.is_file()
        assert review.spot == Spot("recs", "data-kinds")

        # Feature profile: tick "Contact details" and confirm; the location question stays hidden.
        await pilot.press("space", "enter")
        assert review.spot == Spot("recs", "purpose")
        await pilot.press(*"For orders", "enter")
        # Deliver: "Don't know" is the last entry of the list.
        assert review.spot == Spot("recs", "retention")
        await pilot.press("end", "enter")
        # Collect: N/A needs a reason, typed in place.
        assert review.spot == Spot("recs", "opt-out")
        await pilot.press("end", "enter")
        assert app.focused is not None and app.focused.id == "na-reason"
        await pilot.press(*"No account", "enter")
        assert review.spot == Spot("recs", "notice")

        # The live band: MEDIUM before, HIGH once "No notice at all" (a red flag) is picked.
        assert "MEDIUM" in _panel(app) and "HIGH" not in _panel(app)
        await pilot.press("down", "down", "enter")
        # The feature is done: the walkthrough moved on to the next feature.
        assert review.spot == Spot("maps", "data-kinds")
        assert app.session is not None
        assert app.session.score("recs").band == "high"
        await pilot.press("p")
        assert review.spot == Spot("recs", "notice")
        assert "HIGH" in _panel(app)

        # A plan for the red flag: action, owner, due date; the planned band drops.
        await pilot.press("a")
        assert app.focused is not None and app.focused.id == "plan-action"
        await pilot.press(*"Notice", "tab", *"Lee", "tab", *"2027-01-15")
        await pilot.press("escape")
        await wait_until(pilot, lambda: saved(app))
        assert "HIGH → MEDIUM planned" in _panel(app)
        assert "saved " in screen_text(app)
        await pilot.press("ctrl+q")

    on_disk = ws.answers(path, "recs")
    assert on_disk["data-kinds"] == Answer(choices=["contact"])
    assert on_disk["purpose"].text == "For orders"
    assert on_disk["retention"].unknown
    assert on_disk["opt-out"].na == "No account"
    assert on_disk["notice"].choice == "none"
    plan = on_disk["notice"].plan
    assert plan is not None and plan.credited
    assert (plan.target, plan.action, plan.owner, str(plan.due)) == (
        "in-context",
        "Notice",
        "Lee",
        "2027-01-15",
    )
    assert "location-precision" not in on_disk
    assert not (ws.reports / "shop-app.trustaudit.yaml.lock").exists()

    # Reopen: the review resumes at the first unanswered question, every answer intact.
    again = ws.app(path)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, ReviewScreen) and again.session)
        screen = again.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.spot == Spot("maps", "data-kinds")
        assert again.session is not None
        assert again.session.feature("recs").answers == on_disk
        await pilot.press("ctrl+q")


async def test_a_conditional_question_comes_and_goes_with_the_profile(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen) and app.session is not None
        assert review.spot == Spot("recommendations", "data-kinds")
        assert app.session.progress("recommendations", "profile") == (0, 3)  # in doubt, we ask
        # Tick "Precise location": the precision question applies and comes next.
        await pilot.press("down", "space", "enter")
        assert review.spot == Spot("recommendations", "location-precision")
        assert app.session.progress("recommendations", "profile") == (1, 3)
        assert "How precise is the location?" in screen_text(app)
        # Back, untick location, tick contact: the precision question is gone.
        await pilot.press("p")
        assert review.spot == Spot("recommendations", "data-kinds")
        await pilot.press("down", "space", "up", "space", "enter")
        assert review.spot == Spot("recommendations", "purpose")
        assert app.session.progress("recommendations", "profile") == (1, 2)
        assert "Feature profile 1/2" in screen_text(app)
        await pilot.press("pageup")  # in a text answer, p is a letter; PageUp still goes back
        assert review.spot == Spot("recommendations", "data-kinds")
        await pilot.press("ctrl+q")
    assert ws.answers(path, "recommendations")["data-kinds"].choices == ["contact"]


async def test_summary_enter_jumps_to_the_question(ws: Workspace) -> None:
    done = {q: Answer(choice=c) for q, c in [("retention", "short"), ("opt-out", "anytime")]}
    path = ws.review(
        answers={"recommendations": {"data-kinds": Answer(choices=["contact"]), **done}}
    )
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        await pilot.press("ctrl+r")
        from trustaudit.tui.screens.summary import SummaryScreen

        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        text = screen_text(app)
        assert "Open items" in text and "unanswered" in text
        # The first open item is the purpose statement of Recommendations; the second, notice.
        first = summary.items[0]
        assert first.spot == Spot("recommendations", "purpose")
        await pilot.press("down", "enter")
        assert app.screen is review
        assert isinstance(review, ReviewScreen)
        assert review.spot == summary.items[1].spot == Spot("recommendations", "notice")
        assert "Do customers see a notice" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_report_is_written_and_previewed(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none")}})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+g")
        from trustaudit.tui.screens.report import ReportScreen

        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.written)
        report = ws.reports / "shop.md"
        assert report.is_file()
        assert "Shop app" in report.read_text(encoding="utf-8")
        text = screen_text(app)  # ``written`` is set once the preview is drawn
        assert "Written to reports/shop.md" in text
        assert "Shop app" in text  # the preview shows the report's title block
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")


async def test_palette_jumps_to_a_feature_and_a_question(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("ctrl+p", *"store loc")
        await wait_until(pilot, lambda: _first_hit(app).startswith("Feature: Store locator"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is review)
        assert review.spot == Spot("store-locator", "data-kinds")
        await pilot.press("ctrl+p", *"notice")
        await wait_until(pilot, lambda: _first_hit(app).startswith("Question: Do customers"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is review)
        assert review.spot == Spot("store-locator", "notice")
        await pilot.press("ctrl+q")


async def test_the_mouse_works_too(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#new")
        await wait_until(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        await pilot.press("escape")
        app.open_review(path)
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.click("#multi", offset=(6, 1))  # tick "Precise location"
        await pilot.pause()
        assert app.session is not None
        answer = app.session.answer("recommendations", "data-kinds")
        assert answer is not None and answer.choices == ["location"]
        await pilot.click("#sidebar", offset=(10, 3))  # "Collect clearly" of the first feature
        await pilot.pause()
        assert review.spot == Spot("recommendations", "opt-out")
        await pilot.press("ctrl+q")


async def test_renaming_a_feature_keeps_its_id_and_answers(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none")}})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        setup = app.screen
        setup.query_one("#features").focus()
        await pilot.press("enter")  # edit the first feature
        assert app.focused is not None and app.focused.id == "feature-name"
        await pilot.press("ctrl+u", *"Suggestions", "enter", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert "Suggestions" in screen_text(app)
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    feature = ws.answers(path, "recommendations")
    assert feature["notice"].choice == "none"
    assert read(path).assessment.feature("recommendations").name == "Suggestions"


async def test_removing_a_feature_with_answers_is_confirmed_first(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none")}})
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        edit = app.screen
        features = edit.query_one(FeatureList)
        features.query_one("#features").focus()
        await pilot.press("delete")  # Recommendations has an answer: asked first
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "Remove Recommendations?" in screen_text(app)
        assert "It has 1 answer(s)" in screen_text(app)
        await pilot.press("escape")  # keep it
        assert app.screen is edit and len(features.drafts) == 2
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.press("enter")  # the safe button starts focused: Keep it
        assert app.screen is edit and len(features.drafts) == 2
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.press("shift+tab", "enter")  # Remove, chosen on purpose
        assert app.screen is edit
        assert [d.edit.name for d in features.drafts] == ["Store locator"]
        assert read(path).assessment.feature("recommendations")  # nothing saved yet
        await pilot.press("ctrl+s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.spot is not None and review.spot.feature == "store-locator"
        await wait_until(pilot, lambda: saved(app))
        await pilot.press("ctrl+q")
    assert [f.id for f in read(path).assessment.features] == ["store-locator"]


async def test_escape_on_an_edited_form_asks_before_discarding(ws: Workspace) -> None:
    """Esc leaves an untouched form at once; once something is typed it asks, Escape keeps
    editing, and only "Discard changes", chosen on purpose, leaves without saving."""
    path = ws.review()
    before = path.read_bytes()
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        await pilot.press("escape")  # nothing typed: straight back
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        edit = app.screen
        await pilot.press("end", *" renamed")  # the product field has the focus
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "Discard your changes?" in screen_text(app)
        await pilot.press("escape")  # the safe answer: keep editing
        await wait_until(pilot, lambda: app.screen is edit)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.press("enter")  # the focused button is the safe one too
        await wait_until(pilot, lambda: app.screen is edit)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.press("shift+tab", "enter")  # Discard changes, chosen on purpose
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before
