"""The card reads a feature's answers by role, never by question id (docs/questionnaire-format.md).

``Roles`` finds the question that carries a role in the questionnaire and tells how it stands in
one feature: whether it applies, its state, the options chosen, and whether the answer keeps the
promise at its best (``kept``: the lowest risk the question offers, ``scoring.rules.best_option``).
"""

from __future__ import annotations

from dataclasses import dataclass

from trustaudit.core.assessment.model import Answer, Feature
from trustaudit.core.questionnaire.model import Option, Question, Questionnaire, Role
from trustaudit.core.report.card.model import Backing
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.wording import topic
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import FeatureScore, StateKind

UNKNOWN, UNANSWERED = "Don't know", "Not answered"


@dataclass(frozen=True)
class RoleAnswer:
    """The question with a role, and its answer in one feature."""

    question: Question
    pillar: bool
    answer: Answer | None
    state: StateKind
    applicable: bool
    options: tuple[Option, ...]
    """The options chosen that the question still has, in the answer's order."""

    @property
    def topic(self) -> str:
        return topic(self.question.id)

    @property
    def open(self) -> bool:
        """Nothing the card can use: "don't know", not answered, or an invalid answer."""
        return self.applicable and self.state in ("unknown", "unanswered", "invalid")

    @property
    def kept(self) -> bool:
        """Answered, and every option chosen is as good as the question's best one."""
        if self.state != "answered" or not self.options:
            return False
        best = rules.best_option(self.question, pillar=self.pillar)
        floor = (best.risk or 0.0) if best is not None else 0.0
        return all((o.risk or 0.0) <= floor for o in self.options)

    @property
    def label(self) -> UserText:
        """The answer as the team chose it: option labels, or "Don't know" / "Not answered"."""
        if self.options:
            return UserText("; ".join(o.label for o in self.options))
        return UserText(UNKNOWN if self.state == "unknown" else UNANSWERED)

    @property
    def worded(self) -> bool:
        """Whether the questionnaire gives any option of this question customer words."""
        return any(o.card for o in self.question.options)

    @property
    def card_note(self) -> UserText | None:
        note = self.answer.card_note if self.answer is not None else None
        return UserText(note) if note else None

    def backing(self, *options: Option) -> Backing:
        chosen = options or self.options
        return Backing(
            question=self.question.id,
            options=tuple(o.id for o in chosen),
            role=self.question.role,
        )


class Roles:
    """The role questions of a questionnaire, read in one feature."""

    def __init__(self, questionnaire: Questionnaire, feature: Feature, score: FeatureScore) -> None:
        self.questionnaire = questionnaire
        self.feature = feature
        self.scores = {q.id: q for q in score.questions}

    def get(self, role: Role, pillar: bool = False) -> RoleAnswer | None:
        """The question with ``role`` (``pillar``: the pillar one), or None when the
        questionnaire has none."""
        question = self.questionnaire.with_role(role, pillar=pillar)
        if question is None:
            return None
        answer = self.feature.answers.get(question.id)
        scored = self.scores.get(question.id)
        ids = answer.option_ids if answer is not None else ()
        return RoleAnswer(
            question=question,
            pillar=pillar,
            answer=answer,
            state=scored.state if scored is not None else "unanswered",
            applicable=scored.applicable if scored is not None else True,
            options=tuple(question.option_map[i] for i in ids if i in question.option_map),
        )
