"""How each stored answer stands for scoring: a ``State``, and the problem when it is invalid.

A state is what the engine reads: answered (with the options chosen), unknown, unanswered, not
applicable, or invalid (scored as unanswered, and reported). Plans turn into the states their
answers will have once done (the residual of docs/questionnaire-format.md), with partial credit
for plans not yet started when ``planned_credit`` is below 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from trustaudit.core.assessment.model import Answer, Feature
from trustaudit.core.bands import Band, worst
from trustaudit.core.questionnaire.model import Option, Question, Questionnaire
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import ScoreProblem, StateKind


@dataclass(frozen=True)
class State:
    """How one question stands for scoring; ``blend_from`` carries partial plan credit."""

    kind: StateKind
    options: tuple[Option, ...] = ()
    blend_from: State | None = None
    fraction: float = 1.0
    option_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    flag: Band | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Computed once: conditions and floors read these for every counterfactual.
        object.__setattr__(self, "option_ids", frozenset(o.id for o in self.options))
        object.__setattr__(self, "flag", worst(o.floor for o in self.options if o.floor))


UNANSWERED = State("unanswered")
UNKNOWN = State("unknown")
NOT_APPLICABLE = State("na")
TEXT = State("answered")
INVALID = State("invalid")


class StateReader:
    """Answers to states for one questionnaire; states of the same options are shared."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.credit = questionnaire.scoring.planned_credit
        self._chosen: dict[tuple[str, tuple[str, ...]], State] = {}

    def state(self, question: Question, answer: Answer | None) -> tuple[State, str | None]:
        """The scoring state of a stored answer, and the problem that made it invalid if any."""
        if answer is None or answer.kind is None:
            return UNANSWERED, None
        kind = answer.kind
        if kind == "unknown":
            if not question.allow_unknown:
                return INVALID, '"don\'t know" is not allowed for this question'
            return UNKNOWN, None
        if kind == "na":
            if not question.allow_na:
                return INVALID, "N/A is not allowed for this question"
            return NOT_APPLICABLE, None
        if question.type == "text":
            if kind != "text":
                return INVALID, "expects a text answer"
            return TEXT, None
        if kind == "text":
            return INVALID, "expects a choice, not text"
        if question.type == "choice" and kind == "choices":
            return INVALID, "expects one choice (choice: ID), not a list"
        if question.type == "multi" and kind == "choice":
            return INVALID, "expects a list of choices (choices: [ID, ...]), not one choice"
        return self.chosen(question, answer.option_ids)

    def chosen(self, question: Question, ids: tuple[str, ...]) -> tuple[State, str | None]:
        """The state of the options ``ids``, shared between features that chose the same."""
        key = (question.id, ids)
        state = self._chosen.get(key)
        if state is None:
            options = question.option_map
            missing = [i for i in ids if i not in options]
            if missing:
                problem = f"option '{missing[0]}' no longer exists in the questionnaire"
                return INVALID, problem
            state = self._chosen[key] = State("answered", tuple(options[i] for i in ids))
        return state, None

    def states(self, feature: Feature) -> tuple[dict[str, State], list[ScoreProblem]]:
        """Every question's state for one feature, and the answers found invalid."""
        states: dict[str, State] = {}
        problems: list[ScoreProblem] = []
        answers = feature.answers
        for question in self.questionnaire.questions:
            state, problem = self.state(question, answers.get(question.id))
            states[question.id] = state
            if problem is not None:
                problems.append(ScoreProblem(question.id, "answer", problem))
        return states, problems

    def planned(
        self, feature: Feature, states: dict[str, State]
    ) -> tuple[dict[str, State], list[ScoreProblem]]:
        """Answers as they will be once every credited plan is done (the residual)."""
        planned = dict(states)
        problems: list[ScoreProblem] = []
        by_id = self.questionnaire.by_id
        for qid, answer in feature.answers.items():
            question = by_id.get(qid)
            plan = answer.plan
            if question is None or plan is None or not plan.credited:
                continue
            targets = tuple(plan.targets)
            problem = rules.target_problem(question, targets)
            if problem is not None:
                message = f"plan target {problem}; the plan gets no credit"
                problems.append(ScoreProblem(qid, "plan", message))
                continue
            target, _ = self.chosen(question, tuple(dict.fromkeys(targets)))
            # Partial credit moves a risk (or impact) part of the way; an N/A answer has none
            # to move from, so its plan counts as the target itself.
            if plan.status == "planned" and self.credit < 1 and states[qid].kind != "na":
                target = replace(target, blend_from=states[qid], fraction=self.credit)
            planned[qid] = target
        return planned, problems
