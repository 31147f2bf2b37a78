"""The walkthrough: one question at a time, the feature's trust risk live above it.

Answering is arrows + Enter; the answer is stored through the store, the engine re-scores the
feature (a few milliseconds), the panel and the sidebar follow, and the next applicable question
appears. The file is written in the background (see ``autosave``); the status line says when.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Header, Static

from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import safe
from trustaudit.tui.screens import app_of
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets.feature_tree import FeatureTree
from trustaudit.tui.widgets.question_card import QuestionCard
from trustaudit.tui.widgets.score_panel import ScorePanel
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.tui.app import TrustAuditApp

NARROW = 100
"""Below this many columns the sidebar starts hidden (ctrl+b shows it)."""


class ReviewScreen(Screen[None]):
    """Features → sections → questions, with the live score of the current feature."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Prev"),
        Binding("pagedown", "next", "Next question", show=False, priority=True),
        Binding("pageup", "previous", "Previous question", show=False, priority=True),
        Binding("question_mark", "why", "Why we ask"),
        Binding("a", "plan", "Plan", show=False),
        Binding("ctrl+r", "summary", "Summary", priority=True),
        Binding("ctrl+g", "report", "Report", priority=True),
        Binding("ctrl+s", "save", "Save now", show=False, priority=True),
        Binding("ctrl+e", "setup", "Edit features", show=False, priority=True),
        Binding("ctrl+b", "sidebar", "Sidebar", show=False, priority=True),
        Binding("escape", "focus_answer", "Back to the answer", show=False),
    ]

    def __init__(
        self,
        *,
        path: Path | None = None,
        questionnaire: str | Path | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.questionnaire_ref = questionnaire
        self.session = session
        self.spot: Spot | None = None

    @property
    def ta(self) -> TrustAuditApp:
        return app_of(self)

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
        if self.session is not None:
            self._ready(self.session)
        else:
            self.query_one("#review-body").loading = True
            self.open_file()

    # -- opening --

    @work(thread=True, exclusive=True, group="open")
    def open_file(self) -> None:
        assert self.path is not None
        try:
            session = Session.open(self.path, self.questionnaire_ref)
        except TrustAuditError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._ready, session)

    def _failed(self, error: TrustAuditError) -> None:
        from trustaudit.tui.screens.dialogs import error_dialog

        self.app.pop_screen()
        self.app.push_screen(error_dialog("Cannot open this review", error))

    def _ready(self, session: Session) -> None:
        self.session = session
        self.ta.attach(session)
        self.query_one("#review-body").loading = False
        self.ta.sub_title = session.assessment.product
        self.rebuild()
        self._show_notices(session)

    def _show_notices(self, session: Session) -> None:
        review = session.review
        drift = review.drift
        others = list(review.notices)
        if drift is not None:
            from trustaudit.tui.screens.dialogs import MessageDialog

            lines = drift.lines()
            others = [n for n in others if n not in lines]
            self.app.push_screen(
                MessageDialog(
                    "The questionnaire changed since this review was pinned",
                    lines,
                    "Answers are kept; check the questions marked in the summary (ctrl+r).",
                    error=False,
                )
            )
        for notice in others:
            self.notify(notice, markup=False, timeout=8)

    def rebuild(self) -> None:
        """Build the sidebar and go to where the review continues."""
        session = self.session
        assert session is not None
        current = self.spot
        if current is not None and current.feature not in {f.id for f in session.features}:
            current = None
        spot = current or session.resume_spot()
        self.query_one(FeatureTree).build(session, spot.feature if spot else None)
        empty = self.query_one("#empty", Static)
        empty.display = spot is None
        self.query_one("#card").display = spot is not None
        self.query_one("#score").display = spot is not None
        if spot is None:
            empty.update(
                safe.content(
                    "This review has no features yet. Press ctrl+e to add the features of "
                    "the product, then walk each one through the questions."
                )
            )
            return
        self.go(spot)

    # -- moving --

    def go(self, spot: Spot, focus: bool = True) -> None:
        """Show one question of one feature (the walkthrough's only way to move)."""
        session = self.session
        assert session is not None
        self.spot = spot
        score = session.score(spot.feature)
        question = session.question(spot.question)
        section = session.section_of(spot.question)
        self.query_one(QuestionCard).show(
            session.feature(spot.feature),
            section,
            session.position(spot),
            question,
            session.answer(spot.feature, spot.question),
            session.question_score(spot),
        )
        self.query_one(ScorePanel).show(score, session.questionnaire)
        self.query_one(FeatureTree).reveal(spot.feature, section.id)
        if focus:
            self.query_one(QuestionCard).focus_answer()

    def jump(self, spot: Spot) -> None:
        """Go to a question chosen elsewhere (summary, palette); says so if it does not apply."""
        if self.session is None:
            return
        self.go(spot)
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
        self.go(found)

    # -- answering --

    def on_question_card_changed(self, message: QuestionCard.Changed) -> None:
        message.stop()
        session, spot = self.session, self.spot
        if session is None or spot is None:
            return
        try:
            score = session.set_answer(spot, message.answer, typing=message.typing)
        except TrustAuditError as error:
            from trustaudit.tui.screens.dialogs import error_dialog

            self.app.push_screen(error_dialog("This answer was not stored", error))
            return
        self.query_one(ScorePanel).show(score, session.questionnaire)
        self.query_one(FeatureTree).update_feature(session, spot.feature)
        if message.advance:
            self.step(forward=True)
        else:
            self.query_one(QuestionCard).refresh_plan(session.question_score(spot))

    def on_feature_tree_picked(self, message: FeatureTree.Picked) -> None:
        message.stop()
        if self.session is None:
            return
        spot = self.session.first_spot(message.place.feature, message.place.section)
        if spot is None:
            self.notify("No question of this section applies to this feature.", markup=False)
            return
        self.go(spot, focus=message.place.section is not None)

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
        if self.session is None:
            return
        from trustaudit.tui.screens.summary import SummaryScreen

        def chosen(spot: Spot | None) -> None:
            if spot is not None:
                self.jump(spot)

        self.app.push_screen(SummaryScreen(self.session), chosen)

    def action_report(self) -> None:
        if self.session is None:
            return
        from trustaudit.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.session))

    def action_setup(self) -> None:
        if self.session is None:
            return
        from trustaudit.tui.screens.setup import SetupScreen

        def done(changed: bool | None) -> None:
            if changed:
                self.rebuild()

        self.app.push_screen(SetupScreen(session=self.session), done)
