"""A long answering session stays as quick as its first answer (issue 12's latency target).

Three things made a 200-feature review slower the longer it was answered, each checked here
through the app: Textual's footer rebuilt its keys on every change of focus and kept every
rebuilt key alive; the garbage collector walked the whole review every few answers; and a
focus given later than the question could land on the card instead of the answer. And the
summary scored the whole review again each time it opened (half a second at 200 features).
"""

from __future__ import annotations

import gc

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.tui.conftest import Workspace, wait_until
from trustaudit.core.assessment.model import Feature
from trustaudit.core.scoring import engine
from trustaudit.core.scoring.engine import Engine, score
from trustaudit.core.scoring.scorecard import FeatureScore
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.screens.summary import SummaryScreen
from trustaudit.tui.session import Spot
from trustaudit.tui.widgets.answer_inputs import ChoiceList, MultiList, TextAnswer
from trustaudit.tui.widgets.status import KeyHints


def _dead_footer_keys() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, FooterKey) and not o.is_attached)


async def test_walking_the_questions_leaves_no_dead_footer_keys_behind(ws: Workspace) -> None:
    app = ws.app(ws.review())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        footer = app.screen.query_one(KeyHints)
        shown = [key.key for key in footer.query(FooterKey)]
        kinds = {type(app.focused)}
        for _ in range(12):  # choice, tick and text questions: the focus moves every time
            await pilot.press("pagedown")
            await pilot.pause()
            assert app.focused is not None
            kinds.add(type(app.focused))
        assert {ChoiceList, MultiList, TextAnswer} <= kinds
        assert [key.key for key in footer.query(FooterKey)] == shown
        assert _dead_footer_keys() == 0


async def test_the_footer_still_follows_the_keys_that_change(ws: Workspace) -> None:
    """In a text field "n" and "p" are letters, not keys: the same footer drops them, and shows
    them again once the answer has the keys back."""
    app = ws.app(ws.review())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        footer = app.screen.query_one(KeyHints)

        def keys() -> list[str]:
            return [key.key for key in footer.query(FooterKey)]

        assert "n" in keys()
        app.screen.query_one("#note", Input).focus()
        await wait_until(pilot, lambda: "n" not in keys())
        await pilot.press("escape")
        await wait_until(pilot, lambda: "n" in keys())


async def test_the_answer_has_the_keys_the_moment_its_question_is_shown(ws: Workspace) -> None:
    app = ws.app(ws.review())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session is not None
        session = review.session
        feature = session.features[0].id
        by_type = {session.question(s.question).type: s for s in session.spots(feature)}
        # No pause between: a focus that waited for the next refresh would still be elsewhere.
        review.spot = by_type["multi"]
        assert isinstance(app.focused, MultiList)
        review.spot = by_type["choice"]
        assert isinstance(app.focused, ChoiceList)
        await pilot.pause()
        assert isinstance(app.focused, ChoiceList)
        assert review.spot == Spot(feature, by_type["choice"].question)


async def test_the_open_review_is_left_out_of_full_collections(ws: Workspace) -> None:
    app = ws.app(ws.review())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0)
    assert gc.get_freeze_count() == 0  # closing the review gives it back to the collector


async def test_the_summary_opens_from_the_scores_the_session_holds(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ws.app(ws.review())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        session = app.session
        assert session is not None
        scored: list[str] = []
        feature = Engine.feature

        def counted(self: Engine, f: Feature) -> FeatureScore:
            scored.append(f.id)
            return feature(self, f)

        monkeypatch.setattr(engine.Engine, "feature", counted)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.scorecard is not None
        assert scored == []
        monkeypatch.undo()
        again = score(session.questionnaire, session.assessment, session.today)
        assert summary.scorecard == again
