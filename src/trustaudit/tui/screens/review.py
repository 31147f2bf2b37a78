"""The review screen: opens its file, then turns every edit on the card into a change.

What is shown and how the walkthrough moves is ``tui.walkthrough``. Answering is arrows + Enter;
the answer is stored through the session, the engine re-scores the feature (a few
milliseconds), the panel and the sidebar follow, and the next applicable question appears. The
file is written in the background (see ``autosave``); the status line says when.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import requests
from trustaudit.tui.answering import apply_target_question, consequences
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.walkthrough import Walkthrough
from trustaudit.tui.widgets.feature_tree import FeatureTree
from trustaudit.tui.widgets.plan_form import PlanForm
from trustaudit.tui.widgets.question_card import QuestionCard
from trustaudit.tui.widgets.score_panel import ScorePanel
from trustaudit.tui.widgets.status import StatusFooter

READ_ONLY_NOTICE = "Read-only: nothing is changed or written here. Open the file to edit it."


class ReviewScreen(Walkthrough):
    """Features → sections → questions, with the live score of the current feature.

    Pushed with a review just created, or with a file to open: it shows "loading" while it opens
    the file and until the app, having taken the review over, sets ``session``.
    """

    def __init__(
        self,
        session: Session | None = None,
        *,
        path: Path | None = None,
        questionnaire: str | Path | None = None,
        read_only: bool = False,
    ) -> None:
        """With a ``session`` just created, or the ``path`` of a review to open (and a
        questionnaire to pin it to instead of its own; ``read_only``: only to look)."""
        super().__init__()
        self.set_reactive(ReviewScreen.session, session)
        self.path = path
        self.questionnaire_ref = questionnaire
        self.read_only = read_only

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
        """Open (lock, read, check) the file, then hand it to the app, which sets ``session``.
        An upgrade to offer is worked out here too, off the UI thread (it scores the review)."""
        assert self.path is not None
        try:
            session = Session.open(self.path, self.questionnaire_ref, read_only=self.read_only)
            session.find_pending_upgrade()
        except TrustAuditError as error:
            self.post_message(requests.OpenFailed(self, error, self.path))
            return
        self.post_message(requests.ReviewOpened(self, session))

    def watch_session(self, session: Session | None) -> None:
        if session is not None and self.is_mounted:
            self._ready(session)

    def _ready(self, session: Session) -> None:
        self.query_one("#review-body").loading = False
        product = session.assessment.product
        self.app.sub_title = f"{product} (read-only)" if session.read_only else product
        self.rebuild()

    # -- answering --

    def _refused(self) -> bool:
        """A read-only review takes no change: say so and show the question as stored."""
        if self.session is None or not self.session.read_only:
            return False
        self.notify(READ_ONLY_NOTICE, markup=False, severity="warning")
        self.spot = self.spot
        return True

    @on(QuestionCard.Changed)
    def _answered(self, message: QuestionCard.Changed) -> None:
        message.stop()
        session, spot = self.session, self.spot
        if session is None or spot is None or self._refused():
            return
        before = session.question_score(spot)
        previous = session.answer(spot.feature, spot.question)
        was_done = (
            previous is not None and previous.plan is not None and previous.plan.status == "done"
        )
        try:
            stored = session.set_answer(spot, message.answer, typing=message.typing)
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "This answer was not stored", error))
            return
        for notice in consequences(session, spot, before, stored):
            self.notify(notice.text, markup=False, severity=notice.severity, timeout=6)
        self.query_one(FeatureTree).update_feature(session, spot.feature)
        if stored.resolved:
            self.spot = spot  # the plan form shows it done
            return
        asked = apply_target_question(session, spot, was_done)
        if asked is None and message.advance and self.step(forward=True):
            return  # the next question is shown, with the feature's new score
        self._show_score(spot)
        if asked is not None:
            self._offer_target(spot, asked)
        else:
            self.query_one(QuestionCard).refresh_plan(session.question_score(spot))

    def _offer_target(self, spot: Spot, lines: list[str]) -> None:
        def decided(choice: str | None) -> None:
            if choice == "apply" and self.session is not None:
                self.session.apply_target(spot)
                self.query_one(FeatureTree).update_feature(self.session, spot.feature)
                self.spot = spot

        buttons = [("apply", "Make it the answer"), ("keep", "Keep the answer")]
        title = "The plan is marked done"
        self.post_message(requests.Ask(self, title, lines, buttons, decided, safe="keep"))

    @on(PlanForm.AcceptAsked)
    def _acceptance_asked(self, message: PlanForm.AcceptAsked) -> None:
        message.stop()
        session, spot, form = self.session, self.spot, message.form
        if session is None or spot is None or self._refused():
            return
        answer = session.answer(spot.feature, spot.question)
        plan_owner = answer.plan.owner if answer is not None and answer.plan is not None else None
        who = plan_owner or session.feature(spot.feature).owner or ""

        def decided(given: tuple[str, dt.date] | None) -> None:
            if given is None or self.session is None:
                form.revert_status()
                return
            try:
                self.session.accept_risk(spot, *given)
            except TrustAuditError as error:
                form.revert_status()
                self.post_message(requests.ShowError(self, "The acceptance was not stored", error))
                return
            stored = self.session.answer(spot.feature, spot.question)
            form.accepted(stored.plan if stored is not None else None)
            self._show_score(spot)
            self.query_one(FeatureTree).update_feature(self.session, spot.feature)

        title = "Accept this risk"
        self.post_message(requests.AskAcceptance(self, title, who, session.today, decided))

    def action_undo(self) -> None:
        self._history(undo=True)

    def action_redo(self) -> None:
        self._history(undo=False)

    def _history(self, undo: bool) -> None:
        """Undo or redo one change, then show where it happened."""
        session = self.session
        if session is None or self._refused():
            return
        try:
            step = session.undo() if undo else session.redo()
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "This change cannot be taken back", error))
            return
        if step is None:
            self.notify(f"Nothing to {'undo' if undo else 'redo'}.", markup=False)
            return
        self.notify(f"{'Undone' if undo else 'Redone'}: {step.label}", markup=False)
        feature = getattr(step, "feature", None)
        question = getattr(step, "question", None)
        if isinstance(feature, str) and isinstance(question, str):
            self.query_one(FeatureTree).update_feature(session, feature)
            self.spot = Spot(feature, question)
        else:
            self.rebuild()

    def action_confirm(self) -> None:
        """A carried-over answer is still true (re-review)."""
        session, spot = self.session, self.spot
        if session is None or spot is None or self._refused():
            return
        if session.badge(spot) != "carried":
            self.notify("Only an answer carried over from the last review waits to be confirmed.")
            return
        session.confirm(spot)
        self.query_one(FeatureTree).update_feature(session, spot.feature)
        self.notify("Confirmed: still true.", markup=False)
        self.step(forward=True)

    def action_confirm_all(self) -> None:
        session, spot = self.session, self.spot
        if session is None or spot is None or self._refused():
            return
        count = session.confirm_all(spot.feature)
        self.query_one(FeatureTree).update_feature(session, spot.feature)
        name = session.feature(spot.feature).name
        self.notify(f"{count} answer(s) of {name} confirmed as still true.", markup=False)
        self.spot = spot
