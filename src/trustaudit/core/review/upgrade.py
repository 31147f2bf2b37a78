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


@dataclass(frozen=True)
class Renamed:
    """One feature's answers as a questionnaire's renames name them (``renamed``)."""

    answers: dict[str, Answer]
    """The answers under their new ids; an answer whose options were renamed is a new copy."""
    came_from: dict[str, str]
    """Per new question id, the id its answer was stored under."""
    moved: list[Move]
    options: list[Move]
    blocked: list[Move]


def renamed(feature: Feature, questionnaire: Questionnaire) -> Renamed:
    """``feature``'s answers moved along ``questionnaire``'s renames, leaving the feature as it
    is (only the answers whose options change are copied, so a diff of a large review stays
    cheap)."""
    answers = dict(feature.answers)
    came_from: dict[str, str] = {}
    moved: list[Move] = []
    blocked: list[Move] = []
    options: list[Move] = []
    for old, new in questionnaire.renames:
        if "/" in old or old not in answers:
            continue
        if new in answers:
            blocked.append(Move(feature.id, old, new))
            continue
        answers[new] = answers.pop(old)
        came_from[new] = old
        moved.append(Move(feature.id, old, new))
    for old, new in questionnaire.renames:
        if "/" not in old:
            continue
        old_q, old_o = old.split("/", 1)
        new_q, new_o = new.split("/", 1)
        answer = answers.get(new_q)
        if answer is None or came_from.get(new_q, new_q) != old_q:
            continue
        changed = _rename_option(answer, old_o, new_o)
        if changed is not None:
            answers[new_q] = changed
            options.append(Move(feature.id, old, new))
    return Renamed(answers, came_from, moved, options, blocked)


def apply(
    assessment: Assessment, questionnaire: Questionnaire, pinned: Pin | None = None
) -> Upgrade:
    """Move the answers of ``assessment`` along the renames of ``questionnaire``, in place;
    ``pinned`` is the pin the review had (default: its pin now)."""
    pin = pinned or assessment.questionnaire
    moved: list[Move] = []
    options: list[Move] = []
    blocked: list[Move] = []
    for feature in assessment.features:
        done = renamed(feature, questionnaire)
        if done.moved or done.options:
            feature.answers = done.answers
        moved += done.moved
        options += done.options
        blocked += done.blocked
    left = drift(assessment, questionnaire)
    return Upgrade(
        pinned=f"{pin.id} {pin.version}",
        current=f"{questionnaire.id} {questionnaire.version}",
        changed=pin.sha256 != questionnaire.sha256,
        moved=tuple(moved),
        renamed_options=tuple(options),
        blocked=tuple(blocked),
        unanswered=_unanswered(assessment, questionnaire),
        orphans=left.orphaned if left is not None else {},
        touched=frozenset(m.feature for m in (*moved, *options)),
    )


def preview(
    assessment: Assessment, questionnaire: Questionnaire, pinned: Pin | None = None
) -> Upgrade:
    """What ``apply`` would do, leaving ``assessment`` as it is (``apply`` gives a feature new
    answers rather than changing them, so copies of the features suffice)."""
    features = [f.model_copy() for f in assessment.features]
    return apply(assessment.model_copy(update={"features": features}), questionnaire, pinned)


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


def _rename_option(answer: Answer, old: str, new: str) -> Answer | None:
    """A copy of ``answer`` with the option id ``old`` renamed ``new`` in its choice(s) and its
    plan's target; None when it names no such option."""
    plan = answer.plan
    if old not in answer.option_ids and (plan is None or old not in plan.targets):
        return None

    def swap(ids: list[str]) -> list[str]:
        return [new if o == old else o for o in ids]

    update: dict[str, object] = {}
    if answer.choice == old:
        update["choice"] = new
    if answer.choices is not None:
        update["choices"] = swap(answer.choices)
    if plan is not None and old in plan.targets:
        target = new if isinstance(plan.target, str) else swap(plan.targets)
        update["plan"] = plan.model_copy(update={"target": target})
    return answer.model_copy(update=update)
