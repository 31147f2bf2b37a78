"""Every change the app makes to the open review, remembered for undo (``ctrl+z`` / ``ctrl+y``).

``Session`` (``tui.session``) takes these methods from ``Edits``. Each goes through the core's
``Review`` (the only way to change an open review: the same checks and the same atomic save for
an edit and for its undo), records an undo step (``review.undo``), and asks the engine again for
the features it touched. A review opened read-only refuses every change before anything in
memory moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from trustaudit.core.assessment.edits import Acceptance, Details, FeatureEdit, Schedule
from trustaudit.core.assessment.model import Answer, Assessment, Feature
from trustaudit.core.errors import NotWritableError
from trustaudit.core.io.paths import shown
from trustaudit.core.review.corrections import reached
from trustaudit.core.review.session import READ_ONLY, Review
from trustaudit.core.review.undo import AnswerStep, Setup, SetupStep, Step, UndoLog
from trustaudit.core.scoring.scorecard import FeatureScore

T = TypeVar("T")

if TYPE_CHECKING:
    from trustaudit.core.review.upgrade import Upgrade
    from trustaudit.tui.autosave import Autosaver
    from trustaudit.tui.session import FeatureDraft, Head, Spot


@dataclass(frozen=True)
class Stored:
    """What storing an answer did: the feature's new score, and whether the answer reached its
    plan's target (the plan is then marked done: ``review.corrections``)."""

    score: FeatureScore
    resolved: bool = False


class Edits:
    """The changes of an open review (see the module docstring)."""

    if TYPE_CHECKING:
        review: Review
        today: dt.date
        saver: Autosaver | None
        history: UndoLog

        @property
        def assessment(self) -> Assessment: ...
        @property
        def features(self) -> list[Feature]: ...
        def answer(self, feature_id: str, question_id: str) -> Answer | None: ...
        def rescore(self, feature_id: str) -> FeatureScore: ...
        def rescore_all(self) -> None: ...

    # -- answers --

    def set_answer(self, spot: Spot, answer: Answer, *, typing: bool = False) -> Stored:
        """Store an answer (saved in the background; after a pause when ``typing``) and return
        the feature's new score. An answer that now shows its plan's target resolves the plan."""
        found: list[bool] = []

        def store() -> None:
            self.review.set_answer(spot.feature, spot.question, answer)
            if not typing and reached(answer):
                found.append(self.review.resolve_plan(spot.feature, spot.question, self.today))

        label = "note" if typing else "answer"
        if typing and self.saver is not None:
            with self.saver.debounced():
                self._answer_step(spot, store, label, merge=True)
        else:
            self._answer_step(spot, store, label)
        return Stored(self.rescore(spot.feature), any(found))

    def apply_target(self, spot: Spot) -> FeatureScore:
        """The plan is done: make its target the answer (the plan and notes stay)."""
        answer = self.answer(spot.feature, spot.question)
        if answer is None or answer.plan is None or answer.plan.target is None:
            return self.rescore(spot.feature)
        target = answer.plan.target
        value = {"choice": target} if isinstance(target, str) else {"choices": list(target)}
        changed = answer.model_copy(update={"choice": None, "choices": None, **value})
        changed = Answer.model_validate(changed.model_dump())
        self._answer_step(
            spot,
            lambda: self.review.set_answer(spot.feature, spot.question, changed),
            "answer set to the plan's target",
        )
        return self.rescore(spot.feature)

    def accept_risk(self, spot: Spot, by: str, until: dt.date) -> FeatureScore:
        """Accept the answer's risk as it is, by someone, until a day (``Review.accept_risk``)."""
        self._answer_step(
            spot,
            lambda: self.review.accept_risk(spot.feature, spot.question, Acceptance(by, until)),
            "acceptance",
        )
        return self.rescore(spot.feature)

    def confirm(self, spot: Spot) -> bool:
        """A carried-over answer is still true (``Review.confirm``)."""
        done: list[bool] = []
        self._answer_step(
            spot,
            lambda: done.append(self.review.confirm(spot.feature, spot.question)),
            "confirmation",
        )
        self.rescore(spot.feature)
        return all(done)

    def confirm_all(self, feature_id: str) -> int:
        """Every carried-over answer of one feature is still true; how many were confirmed."""
        count = self._setup_step(lambda: self.review.confirm_all(feature_id), "confirmations")
        self.rescore(feature_id)
        return count

    def upgrade(self) -> Upgrade:
        """Move to the questionnaire in use along its renames (``Review.upgrade``)."""
        done = self._setup_step(self.review.upgrade, "upgrade")
        self.rescore_all()
        return done

    # -- setup --

    def apply_setup(
        self, head: Head | Details, drafts: list[FeatureDraft], removed: list[str]
    ) -> None:
        """Apply the Setup form to an open review: details (and, given a whole ``Head``, the
        publisher, tracker link and dates), renames, new and removed features. Renames go
        through ``update_feature``, so a feature keeps its id and answers; the whole form is one
        undo step."""
        from trustaudit.tui.session import head_of

        before = head_of(self.assessment)
        if isinstance(head, Details):
            head = replace(before, details=head)

        def change() -> None:
            for edit, old in zip(head.edits(), before.edits(), strict=True):
                if edit != old:
                    self.review.update_details(edit)
            if head.schedule != before.schedule:
                self.review.update_schedule(head.schedule)
            current = {f.id: f for f in self.features}
            for feature_id in removed:
                if feature_id in current:
                    self.review.remove_feature(feature_id)
            for draft in drafts:
                old_feature = current.get(draft.id) if draft.id is not None else None
                if draft.id is None:
                    self.review.add_feature(draft.edit)
                elif old_feature is not None and draft.edit != edit_of(old_feature):
                    self.review.update_feature(draft.id, draft.edit)

        self._setup_step(change, "setup changes")
        self.rescore_all()

    def set_schedule(self, schedule: Schedule) -> None:
        self._setup_step(lambda: self.review.update_schedule(schedule), "dates")

    # -- undo --

    def undo(self) -> Step | None:
        """Take the last change back (saved like any change); None when there is nothing."""
        self._writable()
        step = self.history.undo(self.review)
        self._rescore_after(step)
        return step

    def redo(self) -> Step | None:
        self._writable()
        step = self.history.redo(self.review)
        self._rescore_after(step)
        return step

    def _rescore_after(self, step: Step | None) -> None:
        if isinstance(step, AnswerStep):
            self.rescore(step.feature)
        elif step is not None:
            self.rescore_all()

    # -- helpers --

    def _writable(self) -> None:
        if self.review.read_only:
            raise NotWritableError.at(shown(self.review.path), READ_ONLY)

    def _answer_step(
        self, spot: Spot, change: Callable[[], object], label: str, *, merge: bool = False
    ) -> None:
        self._writable()
        before = _copy(self.answer(spot.feature, spot.question))
        change()
        after = _copy(self.answer(spot.feature, spot.question))
        if before != after:
            step = AnswerStep(spot.feature, spot.question, before, after, label)
            self.history.record(step, merge=merge)

    def _setup_step(self, change: Callable[[], T], label: str) -> T:
        self._writable()
        before = Setup.of(self.assessment)
        result = change()
        after = Setup.of(self.assessment)
        if before != after:
            self.history.record(SetupStep(before, after, label))
        return result


def _copy(answer: Answer | None) -> Answer | None:
    return answer.model_copy(deep=True) if answer is not None else None


def edit_of(feature: Feature) -> FeatureEdit:
    """A feature as Setup shows and edits it."""
    return FeatureEdit(feature.name, feature.description, feature.owner)
