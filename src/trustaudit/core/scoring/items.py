"""What the engine knows of each question before any answer: its pillar, weight, unknown risk and
impact, its best option, and which later questions' applicability depends on it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from trustaudit.core.questionnaire.conditions import condition_leaves
from trustaudit.core.questionnaire.model import Question, Questionnaire
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.states import State


@dataclass(frozen=True)
class Item:
    """One question as the engine scores it."""

    question: Question
    section: str
    pillar: int | None
    """Index among the questionnaire's pillars; None for a profile question."""
    weight: float
    unknown_risk: float
    unknown_impact: float
    bears_impact: bool
    scored: bool
    best: State | None = None
    """The state of the question's best option (``rules.best_option``), if it has one."""

    def risk(self, state: State) -> float:
        """The answer risk r of a pillar question in ``state`` (0 exemplary … 1 failing)."""
        if state.blend_from is not None:
            start = self.risk(state.blend_from)
            end = self.risk(replace(state, blend_from=None))
            return start + state.fraction * (end - start)
        if state.kind in ("unknown", "unanswered", "invalid"):
            return self.unknown_risk
        risks = [o.risk or 0.0 for o in state.options]
        if not risks:
            return 0.0
        if self.question.combine == "sum":
            return min(1.0, sum(risks))
        return max(risks)

    def contribution(self, state: State) -> float:
        """The impact points a profile question adds in ``state``."""
        if state.blend_from is not None:
            start = self.contribution(state.blend_from)
            end = self.contribution(replace(state, blend_from=None))
            return start + state.fraction * (end - start)
        if state.kind in ("unknown", "unanswered", "invalid"):
            return self.unknown_impact
        if state.kind == "na":
            return 0.0
        impacts = [o.impact or 0.0 for o in state.options]
        if not impacts:
            return 0.0
        if self.question.combine == "sum":
            total = sum(impacts)
            return min(self.question.cap, total) if self.question.cap is not None else total
        return max(impacts)


def items(questionnaire: Questionnaire) -> list[Item]:
    """The questionnaire's questions as the engine scores them, in questionnaire order."""
    scoring = questionnaire.scoring
    pillar_index = {s.id: i for i, s in enumerate(questionnaire.pillars)}
    found: list[Item] = []
    for section in questionnaire.sections:
        for q in section.questions:
            impacts = [o.impact for o in q.options if o.impact is not None]
            pillar = pillar_index.get(section.id)
            best = rules.best_option(q, pillar is not None)
            found.append(
                Item(
                    question=q,
                    section=section.id,
                    pillar=pillar,
                    weight=float(q.weight),
                    unknown_risk=q.unknown_risk
                    if q.unknown_risk is not None
                    else scoring.unknown_risk,
                    unknown_impact=(
                        q.unknown_impact
                        if q.unknown_impact is not None
                        else max(impacts, default=0.0)
                    ),
                    bears_impact=rules.bears_impact(q),
                    scored=q.type != "text",
                    best=State("answered", (best,)) if best is not None else None,
                )
            )
    return found


def reads(found: list[Item]) -> dict[str, set[str]]:
    """For each question, the earlier questions its applicability depends on: those its
    condition names, and through them the ones theirs name (a condition reads the answer *and*
    the applicability of the questions it names)."""
    out: dict[str, set[str]] = {}
    for item in found:
        q = item.question
        direct = {leaf.question for leaf in condition_leaves(q.when)} if q.when else set()
        out[q.id] = set(direct).union(*(out.get(d, set()) for d in direct))
    return out


def dependents(found: list[Item], read: dict[str, set[str]]) -> dict[str, list[Item]]:
    """For each question, the later questions whose applicability can depend on it, in order."""
    out: dict[str, list[Item]] = {}
    for item in found:
        for source in read[item.question.id]:
            out.setdefault(source, []).append(item)
    return out
