"""Upgrading a review to a new version of its questionnaire without losing an answer.

A questionnaire that renames a question or an option says so in ``renames``
(docs/questionnaire-format.md). ``apply`` moves each answer, and each plan target, along those
renames; what the new version no longer asks stays in the file as an orphan, as always, and an
answer that cannot move (the new question is already answered) stays where it is. ``preview``
says the same without changing anything. The caller re-pins the review (``Review.upgrade``).
"""

from __future__ import annotations

from dataclasses import dataclass

from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review.drift import drift
from trustaudit.core.scoring.engine import score


@dataclass(frozen=True)
class Move:
    """One rename applied in one feature: ``old`` and ``new`` are question ids, or
    ``question/option`` for an option renamed in an answer or a plan target."""

    feature: str
    old: str
    new: str


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did (or would do) to a review."""

    pinned: str
    """The questionnaire the review was pinned to, as ``id version``."""
    current: str
    changed: bool
    """The review was pinned to other content than the questionnaire in use."""
    moved: tuple[Move, ...]
    """Answers moved to a renamed question."""
    renamed_options: tuple[Move, ...]
    """Option ids renamed in answers and plan targets."""
    blocked: tuple[Move, ...]
    """Answers that could not move: the new question already had an answer in that feature (the
    old answer stays, as an orphan, for a person to merge)."""
    unanswered: tuple[str, ...]
    """Questions that apply in some feature and that no feature has answered: new in this
    version (or not reached yet)."""
    orphans: dict[str, list[str]]
    """Per feature, answers kept for questions the questionnaire no longer has."""
    touched: frozenset[str]
    """The features whose answers changed."""


def apply(
    assessment: Assessment, questionnaire: Questionnaire, pinned: Pin | None = None
) -> Upgrade:
    """Move the answers of ``assessment`` along the renames of ``questionnaire``, in place;
    ``pinned`` is the pin the review had (default: its pin now)."""
    pin = pinned or assessment.questionnaire
    changed = pin.sha256 != questionnaire.sha256
    questions = [(old, new) for old, new in questionnaire.renames if "/" not in old]
    options = [(old, new) for old, new in questionnaire.renames if "/" in old]
    moved: list[Move] = []
    renamed: list[Move] = []
    blocked: list[Move] = []
    for feature in assessment.features:
        came_from = _move_questions(feature, questions, moved, blocked)
        for old, new in options:
            old_q, old_o = old.split("/", 1)
            new_q, new_o = new.split("/", 1)
            answer = feature.answers.get(new_q)
            if answer is None or came_from.get(new_q, new_q) != old_q:
                continue
            if _rename_option(answer, old_o, new_o):
                renamed.append(Move(feature.id, old, new))
    left = drift(assessment, questionnaire)
    return Upgrade(
        pinned=f"{pin.id} {pin.version}",
        current=f"{questionnaire.id} {questionnaire.version}",
        changed=changed,
        moved=tuple(moved),
        renamed_options=tuple(renamed),
        blocked=tuple(blocked),
        unanswered=_unanswered(assessment, questionnaire),
        orphans=left.orphaned if left is not None else {},
        touched=frozenset(m.feature for m in (*moved, *renamed)),
    )


def preview(
    assessment: Assessment, questionnaire: Questionnaire, pinned: Pin | None = None
) -> Upgrade:
    """What ``apply`` would do, leaving ``assessment`` as it is."""
    return apply(assessment.model_copy(deep=True), questionnaire, pinned)


def pending(
    assessment: Assessment, questionnaire: Questionnaire, pinned: Pin | None = None
) -> Upgrade | None:
    """The upgrade to offer when a review is opened: None when it is pinned to this questionnaire
    and no answer waits under a renamed id. An open session passes ``Review.opened_pin`` (opening
    moves the pin in memory)."""
    found = preview(assessment, questionnaire, pinned)
    if not found.changed and not found.moved and not found.renamed_options:
        return None
    return found


def _unanswered(assessment: Assessment, questionnaire: Questionnaire) -> tuple[str, ...]:
    """Questions that apply in some feature but that no feature has answered: the new ones (the
    review cannot tell which the old version lacked, but a finished review answers the rest)."""
    if not assessment.features:
        return ()
    card = score(questionnaire, assessment)
    applies = {q.id for f in card.features for q in f.questions if q.applicable}
    answered = {qid for f in assessment.features for qid, a in f.answers.items() if a.kind}
    return tuple(q.id for q in questionnaire.questions if q.id in applies - answered)


def _move_questions(
    feature: Feature, renames: list[tuple[str, str]], moved: list[Move], blocked: list[Move]
) -> dict[str, str]:
    """Move answers to renamed questions; returns, per new id, the old id it came from."""
    came_from: dict[str, str] = {}
    for old, new in renames:
        answer = feature.answers.get(old)
        if answer is None:
            continue
        if new in feature.answers:
            blocked.append(Move(feature.id, old, new))
            continue
        feature.answers[new] = feature.answers.pop(old)
        came_from[new] = old
        moved.append(Move(feature.id, old, new))
    return came_from


def _rename_option(answer: Answer, old: str, new: str) -> bool:
    """Rename an option id in an answer's choice(s) and its plan's target; whether it did."""
    done = False
    if answer.choice == old:
        answer.choice, done = new, True
    if answer.choices is not None and old in answer.choices:
        answer.choices, done = [new if o == old else o for o in answer.choices], True
    plan = answer.plan
    if plan is not None and old in plan.targets:
        plan.target = (
            new if isinstance(plan.target, str) else [new if o == old else o for o in plan.targets]
        )
        done = True
    return done
