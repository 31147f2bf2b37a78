"""The editing session's corrections: a plan the answer has caught up with, and features put back
as they were (an undo).

``Review`` (``review.session``) takes these methods from ``Corrections``; like every change they
go through the session, mark the features they touch and hand the change to the saver, so nothing
is written behind the session's back (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from trustaudit.core.assessment.model import Answer, Assessment, Feature
from trustaudit.core.scoring import timing

if TYPE_CHECKING:
    from trustaudit.core.review.saving import Blocks


def reached(answer: Answer | None) -> bool:
    """Whether an answer now shows what its plan, still to make, aims for: the fix is in the
    answer, so the plan is resolved (``Corrections.resolve_plan``). A plan for a multi question
    whose target is the empty list (collect none of them) is reached by "none of these"."""
    plan = answer.plan if answer is not None else None
    if answer is None or plan is None or plan.status not in timing.TO_MAKE:
        return False
    if plan.target is None or answer.kind not in ("choice", "choices"):
        return False
    return set(answer.option_ids) == set(plan.targets)


class Corrections:
    """Changes that set the record straight (see the module docstring)."""

    if TYPE_CHECKING:
        assessment: Assessment
        _blocks: Blocks
        _changed: Callable[[], None]
        _changing: Callable[[], AbstractContextManager[object]]

    def resolve_plan(self, feature_id: str, question_id: str, on: dt.date) -> bool:
        """Mark the plan of an answer that reached its target as done on ``on`` (its
        ``verified_on``: the day the answer showed the fix). The plan stays in the file, with
        its owner and dates; it is no longer work to do. False when it was not reached."""
        answer = self.assessment.feature(feature_id).answers.get(question_id)
        if not reached(answer):
            return False
        assert answer is not None and answer.plan is not None
        with self._changing():
            answer.plan = answer.plan.model_copy(
                update={"status": "done", "verified_on": answer.plan.verified_on or on}
            )
            self._blocks.touch(feature_id)
        self._changed()
        return True

    def restore_features(self, features: Sequence[Feature]) -> None:
        """Put the features back as they were (an undo of setup edits): ids, names, answers and
        order exactly as given; a feature not given is removed, as ``remove_feature`` would."""
        copies = [f.model_copy(deep=True) for f in features]
        with self._changing():
            before = {f.id for f in self.assessment.features}
            self.assessment.features = copies
            for feature_id in before | {f.id for f in copies}:
                self._blocks.touch(feature_id)
        self._changed()
