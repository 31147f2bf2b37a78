"""The editing session's changes over time: acceptances, verification, dates, re-review marks,
new cycles and questionnaire upgrades.

``Review`` (``review.session``) takes these methods from ``TimeEdits``; like every change they go
through the session, mark the features they touch and hand the change to the saver, so nothing is
written behind the session's back (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from trustaudit.core.assessment.edits import Acceptance, Schedule
from trustaudit.core.assessment.model import Answer, Assessment, Cycle, Pin, Plan
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.io.paths import shown
from trustaudit.core.io.validation import summary
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review import cycle, upgrade
from trustaudit.core.review.pinning import pin_for
from trustaudit.core.scoring.engine import score

if TYPE_CHECKING:
    from trustaudit.core.review.saving import Blocks


class TimeEdits:
    """Changes that belong to a review's life over time (see the module docstring)."""

    if TYPE_CHECKING:
        path: Path
        assessment: Assessment
        questionnaire: Questionnaire
        opened_pin: Pin | None
        _blocks: Blocks
        _changed: Callable[[], None]
        _changing: Callable[[], AbstractContextManager[object]]

    def accept_risk(self, feature_id: str, question_id: str, acceptance: Acceptance) -> None:
        """Accept an answer's risk as it is, by someone, until a day (its plan, if any, keeps its
        target and action; its status becomes ``accepted``)."""
        answer = self._answer_to(feature_id, question_id)
        plan = answer.plan.model_dump() if answer.plan is not None else {}
        updated = self._checked(Plan, {**plan, **acceptance.fields()}, "acceptance")
        with self._changing():
            answer.plan = updated
            self._blocks.touch(feature_id)
        self._changed()

    def verify_plan(self, feature_id: str, question_id: str, on: dt.date) -> None:
        """Record the day a fix marked done was checked as shipped."""
        answer = self._answer_to(feature_id, question_id)
        if answer.plan is None or answer.plan.status != "done":
            raise InvalidFileError.at(
                shown(self.path),
                f"feature {feature_id}: {question_id}: only a fix marked done can be verified",
            )
        with self._changing():
            answer.plan.verified_on = on
            self._blocks.touch(feature_id)
        self._changed()

    def update_schedule(self, schedule: Schedule) -> None:
        """Set the planned launch and the next review date (None: from the band's cadence)."""
        with self._changing():
            for name, value in schedule.fields().items():
                setattr(self.assessment, name, value)
        self._changed()

    # -- re-review --

    def confirm(self, feature_id: str, question_id: str) -> bool:
        """Confirm that a carried-over answer is still true; False when it was not waiting."""
        answer = self.assessment.feature(feature_id).answers.get(question_id)
        if answer is None:
            return False
        with self._changing():
            done = cycle.confirm(answer)
            if done:
                self._blocks.touch(feature_id)
        if done:
            self._changed()
        return done

    def confirm_all(self, feature_id: str | None = None) -> int:
        """Confirm every carried-over answer of one feature (or of all); how many were confirmed.
        Orphans are left as they are: there is no question to confirm them against."""
        features = (
            [self.assessment.feature(feature_id)]
            if feature_id is not None
            else self.assessment.features
        )
        known = self.questionnaire.by_id
        count = 0
        with self._changing():
            for feature in features:
                confirmed = [cycle.confirm(a) for q, a in feature.answers.items() if q in known]
                if any(confirmed):
                    self._blocks.touch(feature.id)
                    count += sum(confirmed)
        if count:
            self._changed()
        return count

    def start_cycle(self, on: dt.date) -> Cycle:
        """Begin the next review cycle on ``on`` (``review.cycle.start``): the cycle that ends
        goes into ``history`` with the pin it was answered against, every answer is carried over
        unconfirmed. Its bands are scored with the questionnaire in use, so that the next
        cycle's are compared with them like for like."""
        card = score(self.questionnaire, self.assessment, on)
        with self._changing():
            ended = cycle.start(self.assessment, card, on, shown(self.path), self.opened_pin)
            for feature in self.assessment.features:
                self._blocks.touch(feature.id)
        self._changed()
        return ended

    # -- questionnaire upgrade --

    def upgrade(self) -> upgrade.Upgrade:
        """Re-pin to the questionnaire in use, moving answers along its ``renames``; orphans
        stay. Returns what moved and what is new (``review.upgrade``)."""
        with self._changing():
            done = upgrade.apply(self.assessment, self.questionnaire, self.opened_pin)
            self.assessment.questionnaire = pin_for(self.questionnaire, self.path)
            for feature_id in done.touched:
                self._blocks.touch(feature_id)
        self._changed()
        return done

    # -- helpers --

    def _answer_to(self, feature_id: str, question_id: str) -> Answer:
        answer = self.assessment.feature(feature_id).answers.get(question_id)
        if answer is None:
            raise InvalidFileError.at(
                shown(self.path), f"feature {feature_id}: {question_id} has no answer yet"
            )
        return answer

    def _checked(self, model: type[Plan], data: dict[str, Any], what: str) -> Plan:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise InvalidFileError.at(
                shown(self.path), f"invalid {what}: {summary(error)}"
            ) from None
