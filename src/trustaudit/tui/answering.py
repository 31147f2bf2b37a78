"""What the walkthrough says the moment an answer is stored: a red flag it raises, a plan it
resolved, a plan marked done whose target is not the answer yet. Plain functions of the session,
so the review screen stays a screen (the words are tested through it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trustaudit.core.scoring.scorecard import QuestionScore
from trustaudit.tui import safe
from trustaudit.tui.edits import Stored
from trustaudit.tui.session import Session, Spot

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Notice:
    text: str
    severity: Severity = "information"


def consequences(
    session: Session, spot: Spot, before: QuestionScore, stored: Stored
) -> list[Notice]:
    """The notices an answer just stored calls for (see the module docstring)."""
    after = session.question_score(spot)
    found: list[Notice] = []
    if after.floor is not None and after.floor != before.floor:
        prompt = safe.one_line(session.question(spot.question).prompt, 60)
        found.append(Notice(f"red flag: {prompt} forces at least {after.floor.upper()}", "warning"))
    if stored.resolved:
        found.append(
            Notice("Plan resolved: the answer now shows its target; it is marked done (kept).")
        )
    return found


def apply_target_question(session: Session, spot: Spot, was_done: bool) -> list[str] | None:
    """When a plan has just been marked done while the answer still shows something else: the
    lines of the question "make the target the answer?"; None when there is nothing to ask."""
    answer = session.answer(spot.feature, spot.question)
    if was_done or answer is None or not answer.done_unapplied or answer.plan is None:
        return None
    question = session.question(spot.question)
    labels = [question.option_map[t].label for t in answer.plan.targets if t in question.option_map]
    if not labels:
        return None
    shown = [question.option_map[o].label for o in answer.option_ids if o in question.option_map]
    return [
        f"The plan's target: {', '.join(labels)}.",
        f"The answer still says: {', '.join(shown) or 'something else'}.",
        "Make the target the answer? (The plan stays, marked done.)",
    ]


def late_plan(session: Session, spot: Spot) -> bool:
    """Whether this question's plan is one the calendar finds late (overdue or lapsed)."""
    return any(d.question == spot.question for d in session.score(spot.feature).dated)
