"""Where the walkthrough is, and how it moves: the half of the review screen that shows.

Where the walkthrough is, is one reactive, ``spot``: setting it (Next, a click in the sidebar, a
jump from the summary or the palette) shows the question on the card, the feature's score in the
panel and the place in the sidebar. ``screens.review.ReviewScreen`` builds on this and adds
opening the file and every change (answers, plans, undo).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets.feature_tree import FeatureTree
from trustaudit.tui.widgets.plan_form import Dates
from trustaudit.tui.widgets.question_card import QuestionCard
from trustaudit.tui.widgets.score_panel import ScorePanel

NARROW = 100
"""Below this many columns the sidebar starts hidden (ctrl+b shows it)."""

NO_FEATURES = (
    "This review has no features yet. Press ctrl+e to add the features of the product, then walk "
    "each one through the questions."
)


class Walkthrough(Screen[None]):
    """Features → sections → questions: the place shown, and the keys that move it."""

    BINDINGS: ClassVar[list[BindingType]] = keys.REVIEW

    session: var[Session | None] = var(None, init=False)
    """The open review; set by the app once it is open and saving."""

    spot: var[Spot | None] = var(None, init=False, always_update=True)
    """The question on the card. Setting it again (even to the same question) shows it afresh."""

    def rebuild(self) -> None:
        """Build the sidebar and go on where the review continues (after edits too)."""
        session = self.session
        assert session is not None
        current = self.spot
        if current is not None and current.feature not in {f.id for f in session.features}:
            current = None
        spot = current or session.resume_spot()
        self.query_one(FeatureTree).build(session, spot.feature if spot else None)
        self.spot = spot

    # -- where we are --

    def watch_spot(self, spot: Spot | None) -> None:
        """Show the question on the card, the feature's score, and the place in the sidebar."""
        session = self.session
        empty = self.query_one("#empty", Static)
        empty.display = spot is None
        self.query_one("#card").display = spot is not None
        self.query_one("#score").display = spot is not None
        if session is None or spot is None:
            empty.update(safe.content(NO_FEATURES))
            return
        section = session.section_of(spot.question)
        card = self.query_one(QuestionCard)
        card.show(
            session.feature(spot.feature),
            section,
            session.position(spot),
            session.question(spot.question),
            session.answer(spot.feature, spot.question),
            session.question_score(spot),
            self._dates(session),
            session.badge(spot),
            session.touches(spot),
        )
        self._show_score(spot)
        self.query_one(FeatureTree).reveal(spot.feature, section.id)
        card.focus_answer()

    def _show_score(self, spot: Spot) -> None:
        session = self.session
        assert session is not None
        upcoming = session.first_spot(spot.feature)
        self.query_one(ScorePanel).show(
            session.score(spot.feature),
            session.questionnaire,
            session.assumed(spot.feature),
            upcoming.question if upcoming is not None else None,
        )

    @staticmethod
    def _dates(session: Session) -> Dates:
        return Dates(session.today, session.started(), session.assessment.launch)

    def jump(self, spot: Spot) -> None:
        """Go to a question chosen elsewhere (summary, palette); says so if it does not apply."""
        if self.session is None:
            return
        self.spot = spot
        if not self.session.applies(spot):
            self.notify("This question does not apply to this feature.", markup=False)

    def step(self, forward: bool) -> bool:
        """Show the next (or previous) applicable question; False when there is none."""
        if self.session is None or self.spot is None:
            return False
        found = self.session.step(self.spot, forward)
        if found is None:
            where = "last" if forward else "first"
            self.notify(
                f"This is the {where} question. ctrl+r: summary · ctrl+g: report.", markup=False
            )
            return False
        if found.feature != self.spot.feature and forward:
            done = self.session.feature(self.spot.feature).name
            band = self.session.score(self.spot.feature).band.upper()
            following = self.session.feature(found.feature).name
            self.notify(f"{done}: {band}. Next feature: {following}", markup=False)
        self.spot = found
        return True

    @on(FeatureTree.Picked)
    def _picked(self, message: FeatureTree.Picked) -> None:
        message.stop()
        if self.session is None:
            return
        spot = self.session.first_spot(message.place.feature, message.place.section)
        if spot is None:
            self.notify("No question of this section applies to this feature.", markup=False)
            return
        self.spot = spot
        if message.place.section is None:
            self.query_one(FeatureTree).focus()  # a feature was opened: stay in the tree

    # -- layout --

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.query_one("#sidebar").display = width >= NARROW

    # -- actions --

    def action_next(self) -> None:
        self.step(forward=True)

    def action_previous(self) -> None:
        self.step(forward=False)

    def action_why(self) -> None:
        self.query_one(QuestionCard).toggle_help()

    def action_plan(self) -> None:
        if not self.query_one(QuestionCard).focus_plan():
            self.notify(
                "Nothing to plan here: this answer adds no risk and no impact.", markup=False
            )

    def action_find(self) -> None:
        """``/``: the palette, which searches every feature's questions (``tui.commands``)."""
        if self.session is not None:
            self.app.action_command_palette()

    def action_focus_answer(self) -> None:
        self.query_one(QuestionCard).focus_answer()

    def action_save(self) -> None:
        if self.session is not None and self.session.saver is not None:
            self.session.saver.save_now()

    def action_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.focus()
        else:
            self.action_focus_answer()

    def action_summary(self) -> None:
        if self.session is not None:
            feature = self.spot.feature if self.spot is not None else None
            self.post_message(requests.ShowSummary(self, feature))

    def action_report(self) -> None:
        if self.session is not None:
            self.post_message(requests.ShowReport(self))

    def action_setup(self) -> None:
        if self.session is not None:
            self.post_message(requests.EditReview(self))
