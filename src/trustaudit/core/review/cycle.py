"""Review cycles: starting the next one, and the marks that show what was looked at again.

A review is done again when its ``review_by`` comes (or its features change). ``start`` records the
cycle that ends in the file's ``history`` (when, the bands, the pin, the sign-off) and carries every
answer over marked ``carried: unconfirmed``; a person then confirms each one (still true) or
changes it. Nothing is dropped: answers, orphans and plans stay where they are, and history is
only added to. docs/reviews-over-time.md shows the cycle as a team lives it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from trustaudit.core.assessment.model import (
    Answer,
    Assessment,
    Carried,
    Cycle,
    CycleFeature,
    Pin,
    SignOff,
)
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.scorecard import Scorecard

Badge = Literal["new", "changed", "carried"]
"""What the app shows beside a question in a re-review: answered (or still to answer) only in
this cycle, changed since the last cycle, or carried over and not yet confirmed."""


def start(
    assessment: Assessment, card: Scorecard, on: dt.date, where: str, pin: Pin | None = None
) -> Cycle:
    """Record the cycle that ends ``on`` and begin the next one, in place; returns the cycle
    recorded (``answers``: how many were carried over).

    Every answer to a question of the questionnaire is carried over unconfirmed (orphans stay as
    they are: there is no question to confirm them against). The sign-off moves into the history
    and each signer is asked again (pending, no date); an explicit ``review_by`` belongs to the
    cycle that ends, so the next date follows from the cadence until someone sets one. ``card``
    is the scorecard of the review as it ends; ``pin`` the questionnaire it was answered against
    (default: the file's pin); ``where`` names the file for errors.
    """
    begun = timing.cycle_start(assessment)
    if on < begun:
        raise InvalidFileError.at(
            where, f"a new cycle cannot start on {on}, before the current one began ({begun})"
        )
    carried = 0
    for feature, score in zip(assessment.features, card.features, strict=True):
        known = {q.id for q in score.questions}
        for qid, answer in feature.answers.items():
            if answer.kind is not None and qid in known:
                answer.carried = "unconfirmed"
                carried += 1
    ended = Cycle(
        started=begun,
        ended=on,
        status=assessment.status,
        questionnaire=(pin or assessment.questionnaire).model_copy(),
        band=card.headline.band,
        planned_band=card.headline.planned_band,
        review_by=card.review_by,
        answers=carried,
        features=[
            CycleFeature(
                id=f.id,
                name=f.name,
                band=f.now.band,
                planned_band=f.planned.band,
                risk=round(f.now.risk, 1),
            )
            for f in card.features
        ],
        sign_off=[s.model_copy() for s in assessment.sign_off],
    )
    assessment.history.append(ended)
    assessment.sign_off = [SignOff(role=s.role, name=s.name) for s in assessment.sign_off]
    assessment.review_by = None
    if assessment.status in ("approved", "conditional", "rejected"):
        assessment.status = "in_review"
    return ended


def carry_mark(before: Answer | None, after: Answer) -> Answer:
    """``after`` with the re-review mark it should have, replacing ``before``: an answer whose
    value changes is ``changed``; an edit that leaves the value (a note, a plan) keeps the mark.
    A mark set on ``after`` itself is kept as it is."""
    if "carried" in after.model_fields_set or before is None or before.carried is None:
        return after
    mark = before.carried if before.value == after.value else "changed"
    return after.model_copy(update={"carried": mark})


def confirm(answer: Answer) -> bool:
    """Mark a carried-over answer as still true; False when it was not waiting for that."""
    if answer.carried != "unconfirmed":
        return False
    answer.carried = "confirmed"
    return True


def badge(assessment: Assessment, answer: Answer | None) -> Badge | None:
    """The badge of one question in a re-review (None in a first review, or once confirmed)."""
    if not assessment.history:
        return None
    if answer is None or answer.carried is None:
        return "new"
    if answer.carried == "unconfirmed":
        return "carried"
    return "changed" if answer.carried == "changed" else None


@dataclass(frozen=True)
class Tally:
    """How the answers of the current cycle stand against the last one."""

    carried: int
    """Answers carried over when the cycle began."""
    confirmed: int
    changed: int
    unconfirmed: int
    new: int
    """Answers given in this cycle only."""


def tally(assessment: Assessment, questionnaire: Questionnaire) -> Tally | None:
    """The answers of this cycle by mark, orphans left out; None in a first review (nothing was
    carried over)."""
    if not assessment.history:
        return None
    counts: dict[Carried | None, int] = {"confirmed": 0, "changed": 0, "unconfirmed": 0, None: 0}
    by_id = questionnaire.by_id
    for feature in assessment.features:
        for qid, answer in feature.answers.items():
            if qid in by_id and (answer.kind is not None or answer.carried is not None):
                counts[answer.carried] += 1
    return Tally(
        carried=assessment.history[-1].answers,
        confirmed=counts["confirmed"],
        changed=counts["changed"],
        unconfirmed=counts["unconfirmed"],
        new=counts[None],
    )
