"""The walkthrough: one question at a time, the feature's trust risk live above it.

Where the walkthrough is, is one reactive, ``spot``: setting it (Next, a click in the sidebar, a
jump from the summary or the palette) shows the question on the card, the feature's score in the
panel and the place in the sidebar. Answering is arrows + Enter; the answer is stored through the
store, the engine re-scores the feature (a few milliseconds), the panel and the sidebar follow,
and the next applicable question appears. The file is written in the background (see
``autosave``); the status line says when.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets.feature_tree import FeatureTree
from trustaudit.tui.widgets.question_card import QuestionCard
from trustaudit.tui.widgets.score_panel import ScorePanel
from trustaudit.tui.widgets.status import StatusFooter

NARROW = 100
"""Below this many columns the sidebar starts hidden (ctrl+b shows it)."""

NO_FEATURES = (
    "This review has no features yet. Press ctrl+e to add the features of the product, then walk "
    "each one through the questions."
)


class ReviewScreen(Screen[None]):
    """Features → sections → questions, with the live score of the current feature.

    Pushed with a review just created, or with a file to open: it shows "loading" while it opens
    the file and until the app, having taken the review over, sets ``session``.
    """

    BINDINGS: ClassVar[list[BindingType]] = keys.REVIEW

    session: var[Session | None] = var(None, init=False)
    """The open review; set by the app once it is open and saving."""

    spot: var[Spot | None] = var(None, init=False, always_update=True)
    """The question on the card. Setting it again (even to the same question) shows it afresh."""

    def __init__(
        self,
        session: Session | None = None,
        *,
        path: Path | None = None,
        questionnaire: str | Path | None = None,
    ) -> None:
        """With a ``session`` just created, or the ``path`` of a review to open (and a
        questionnaire to pin it to instead of its own)."""
        super().__init__()
        self.set_reactive(ReviewScreen.session, session)
        self.path = path
        self.questionnaire_ref = questionnaire

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            yield FeatureTree(id="sidebar")
            with Vertical(id="review-main"):
                yield ScorePanel(id="score")
                yield QuestionCard(id="card")
                yield Static(id="empty")
        yield StatusFooter()

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        self._fit(self.app.size.width)
        if self.session is None:
            self.query_one("#review-body").loading = True
            self.open_file()
        else:
            self._ready(self.session)

    @work(thread=True, exclusive=True, group="open")
    def open_file(self) -> None:
        """Open (lock, read, check) the file, then hand it to the app, which sets ``session``."""
        assert self.path is not None
        try:
            session = Session.open(self.path, self.questionnaire_ref)
        except TrustAuditError as error:
            self.post_message(requests.OpenFailed(self, error))
            return
        self.post_message(requests.ReviewOpened(self, session))

    def watch_session(self, session: Session | None) -> None:
        if session is not None and self.is_mounted:
            self._ready(session)

    def _ready(self, session: Session) -> None:
        self.query_one("#review-body").loading = False
        self.app.sub_title = session.assessment.product
        self.rebuild()

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
        )
        self.query_one(ScorePanel).show(session.score(spot.feature), session.questionnaire)
        self.query_one(FeatureTree).reveal(spot.feature, section.id)
        card.focus_answer()

    def jump(self, spot: Spot) -> None:
        """Go to a question chosen elsewhere (summary, palette); says so if it does not apply."""
        if self.session is None:
            return
        self.spot = spot
        if not self.session.applies(spot):
            self.notify("This question does not apply to this feature.", markup=False)

    def step(self, forward: bool) -> None:
        if self.session is None or self.spot is None:
            return
        found = self.session.step(self.spot, forward)
        if found is None:
            where = "last" if forward else "first"
            self.notify(
                f"This is the {where} question. ctrl+r: summary · ctrl+g: report.", markup=False
            )
            return
        if found.feature != self.spot.feature and forward:
            done = self.session.feature(self.spot.feature).name
            band = self.session.score(self.spot.feature).band.upper()
            following = self.session.feature(found.feature).name
            self.notify(f"{done}: {band}. Next feature: {following}", markup=False)
        self.spot = found

    # -- answering --

    @on(QuestionCard.Changed)
    def _answered(self, message: QuestionCard.Changed) -> None:
        message.stop()
        session, spot = self.session, self.spot
        if session is None or spot is None:
            return
        try:
            score = session.set_answer(spot, message.answer, typing=message.typing)
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "This answer was not stored", error))
            return
        self.query_one(ScorePanel).show(score, session.questionnaire)
        self.query_one(FeatureTree).update_feature(session, spot.feature)
        if message.advance:
            self.step(forward=True)
        else:
            self.query_one(QuestionCard).refresh_plan(session.question_score(spot))

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
            self.notify("A plan is for an answer that carries risk.", markup=False)

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
            self.post_message(requests.ShowSummary(self))

    def action_report(self) -> None:
        if self.session is not None:
            self.post_message(requests.ShowReport(self))

    def action_setup(self) -> None:
        if self.session is not None:
            self.post_message(requests.EditReview(self))
