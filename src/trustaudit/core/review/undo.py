"""Undo and redo of the changes made in one editing session, saved like any other change.

Each step remembers the state before and after, and undoing it is one more change through the
session (``Review.set_answer``, ``update_details``, ``restore_features``): the same checks, the
same atomic save, nothing written behind the session's back. Keystrokes in one text field (a
note, a plan's action) make one step, not one per letter: a step recorded with ``merge`` joins
the last one when both change the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from trustaudit.core.assessment.edits import Details, Publisher, Schedule, Tracker
from trustaudit.core.assessment.model import Answer, Assessment, Feature

if TYPE_CHECKING:
    from trustaudit.core.review.session import Review

LIMIT = 500
"""Steps kept; the oldest go first (a long session never grows without bound)."""


class Step(Protocol):
    """One change that can be taken back and made again."""

    @property
    def label(self) -> str: ...

    def undo(self, review: Review) -> None: ...

    def redo(self, review: Review) -> None: ...


@dataclass(frozen=True)
class AnswerStep:
    """An answer changed (its value, note, plan, acceptance or re-review mark); ``None`` is no
    answer at all. ``label`` says what, for the notice after an undo."""

    feature: str
    question: str
    before: Answer | None
    after: Answer | None
    label: str = "answer"

    def undo(self, review: Review) -> None:
        review.set_answer(self.feature, self.question, _copy(self.before))

    def redo(self, review: Review) -> None:
        review.set_answer(self.feature, self.question, _copy(self.after))

    def joins(self, later: AnswerStep) -> bool:
        return (self.feature, self.question) == (later.feature, later.question)


def _copy(answer: Answer | None) -> Answer:
    """A fresh copy (steps are replayed more than once); an empty answer removes the answer."""
    return answer.model_copy(deep=True) if answer is not None else Answer()


@dataclass(frozen=True)
class Setup:
    """Everything Setup edits: the review's details, publisher, tracker link, dates and features."""

    details: Details
    publisher: Publisher
    tracker: Tracker
    schedule: Schedule
    features: tuple[Feature, ...]

    @classmethod
    def of(cls, assessment: Assessment) -> Setup:
        a = assessment
        return cls(
            Details(a.product, a.release, a.team, tuple(a.assessors)),
            Publisher(a.controller, a.privacy_policy_url, a.contact, a.delete_url),
            Tracker(a.evidence_url),
            Schedule(a.launch, a.review_by),
            tuple(f.model_copy(deep=True) for f in a.features),
        )

    def restore(self, review: Review) -> None:
        for edit in (self.details, self.publisher, self.tracker):
            review.update_details(edit)
        review.update_schedule(self.schedule)
        review.restore_features(self.features)


@dataclass(frozen=True)
class SetupStep:
    """The review's details and features changed in Setup (``before`` and ``after`` in full)."""

    before: Setup
    after: Setup
    label: str = "setup changes"

    def undo(self, review: Review) -> None:
        self.before.restore(review)

    def redo(self, review: Review) -> None:
        self.after.restore(review)


class UndoLog:
    """The steps of one session: ``undo`` takes the last one back, ``redo`` makes it again; a new
    step after an undo drops what could be redone (as in every editor)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def record(self, step: Step, *, merge: bool = False) -> None:
        """Remember a change just made; with ``merge`` it joins the last step when both change
        the same answer (typing), keeping the state from before the first keystroke."""
        last = self._done[-1] if self._done else None
        if (
            merge
            and isinstance(last, AnswerStep)
            and isinstance(step, AnswerStep)
            and last.joins(step)
        ):
            self._done[-1] = AnswerStep(
                last.feature, last.question, last.before, step.after, step.label
            )
        else:
            self._done.append(step)
            del self._done[: -self.limit]
        self._undone.clear()

    def undo(self, review: Review) -> Step | None:
        """Take the last step back; None when there is none. A step that cannot be taken back
        (its change is refused) stays where it was, and the error is raised."""
        if not self._done:
            return None
        step = self._done[-1]
        step.undo(review)
        self._undone.append(self._done.pop())
        return step

    def redo(self, review: Review) -> Step | None:
        """Make the last undone step again; None when there is none."""
        if not self._undone:
            return None
        step = self._undone[-1]
        step.redo(review)
        self._done.append(self._undone.pop())
        return step
