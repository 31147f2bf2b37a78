"""The scoring model of DESIGN §5: Questionnaire × Assessment → Scorecard, pure and deterministic.

Every number can be explained from the answers: pillar gaps are weighted means of answer risks,
likelihood blends their mean with their worst, impact adds up what the profile says about the data,
and trust risk is the geometric mean of the two. Floors can raise a band but never change R.

Counterfactuals ("what if this answer were at its best option?") are the expensive part, so the
engine keeps per-question tallies: a change to a question no condition depends on only moves its
own pillar sum or impact term, and is re-scored in constant time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from trustaudit.core.assessment import Answer, Assessment, Feature
from trustaudit.core.fields import BANDS, Band, band_rank
from trustaudit.core.questionnaire import (
    AllOf,
    AnyOf,
    Condition,
    Leaf,
    Not,
    Option,
    Question,
    Questionnaire,
    Scoring,
    condition_leaves,
)

StateKind = Literal["answered", "unknown", "unanswered", "na", "invalid"]
LEVELS = ("Negligible", "Limited", "Significant", "Maximum")


@dataclass(frozen=True)
class State:
    """How one question stands for scoring; ``blend_from`` carries partial plan credit."""

    kind: StateKind
    options: tuple[Option, ...] = ()
    blend_from: State | None = None
    fraction: float = 1.0

    @property
    def option_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options)


UNANSWERED = State("unanswered")
UNKNOWN = State("unknown")


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorHit:
    """A rule that sets a least band: a red-flag option, or the axis rule on L or I."""

    question: str | None
    floor: Band
    rule: Literal["red flag", "axis"]
    raised: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "floor": self.floor,
            "rule": self.rule,
            "raised": self.raised,
        }


@dataclass(frozen=True)
class Outcome:
    """The numbers of one feature under one set of answers (now, or with plans done)."""

    pillars: dict[str, float | None]
    likelihood: float
    impact: float
    risk: float
    band: Band
    floors: tuple[FloorHit, ...]
    risk_band: Band

    def to_json(self) -> dict[str, Any]:
        return {
            "pillars": dict(self.pillars),
            "likelihood": self.likelihood,
            "impact": self.impact,
            "risk": self.risk,
            "band": self.band,
            "floors": [f.to_json() for f in self.floors],
        }


@dataclass(frozen=True)
class Contributor:
    """One answer's share of the risk: how far R falls if it were at its best option."""

    question: str
    section: str
    delta: float
    kind: Literal["risk", "impact", "unknown"]
    options: tuple[str, ...]
    best: tuple[str, ...]
    recommend: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "section": self.section,
            "delta": self.delta,
            "kind": self.kind,
            "options": list(self.options),
            "best": list(self.best),
            "recommend": self.recommend,
        }


@dataclass(frozen=True)
class QuestionScore:
    """One question's standing in one feature, for progress, summaries and report details."""

    id: str
    section: str
    applicable: bool
    state: StateKind
    risk: float | None = None
    impact: float | None = None
    floor: Band | None = None
    problem: str | None = None


@dataclass(frozen=True)
class FeatureScore:
    id: str
    name: str
    now: Outcome
    planned: Outcome
    likelihood_level: str
    impact_level: str
    benefit: float
    confidence: float
    provisional: bool
    dpia_points: int
    dpia_likely: bool
    questions: tuple[QuestionScore, ...]
    contributors: tuple[Contributor, ...]
    drop_band: tuple[Contributor, ...]
    drop_band_to: Band | None
    problems: tuple[str, ...]
    orphaned: tuple[str, ...]

    @property
    def band(self) -> Band:
        return self.now.band

    @property
    def risk(self) -> float:
        return self.now.risk

    @property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "unanswered")

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "unknown")

    @property
    def invalid(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "invalid")

    @property
    def complete(self) -> bool:
        return not self.unanswered and not self.invalid

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "pillars": dict(self.now.pillars),
            "likelihood": self.now.likelihood,
            "impact": self.now.impact,
            "risk": self.now.risk,
            "band": self.now.band,
            "floors": [f.to_json() for f in self.now.floors],
            "likelihood_level": self.likelihood_level,
            "impact_level": self.impact_level,
            "benefit": self.benefit,
            "confidence": self.confidence,
            "provisional": self.provisional,
            "dpia_likely": self.dpia_likely,
            "dpia_points": self.dpia_points,
            "unanswered": len(self.unanswered),
            "unknown": len(self.unknown),
            "unanswered_questions": list(self.unanswered),
            "unknown_questions": list(self.unknown),
            "problems": list(self.problems),
            "orphaned": list(self.orphaned),
            "planned": self.planned.to_json(),
            "contributors": [c.to_json() for c in self.contributors],
            "drop_band": {
                "to": self.drop_band_to,
                "fixes": [c.to_json() for c in self.drop_band],
            },
        }


@dataclass(frozen=True)
class Headline:
    band: Band | None
    planned_band: Band | None
    mean_risk: float
    planned_mean_risk: float
    per_band: dict[Band, int]
    planned_per_band: dict[Band, int]
    pillars: dict[str, float | None]

    def to_json(self) -> dict[str, Any]:
        return {
            "band": self.band,
            "planned_band": self.planned_band,
            "mean_risk": self.mean_risk,
            "planned_mean_risk": self.planned_mean_risk,
            "features_per_band": dict(self.per_band),
            "planned_features_per_band": dict(self.planned_per_band),
            "pillars": dict(self.pillars),
        }


@dataclass(frozen=True)
class Scorecard:
    product: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    headline: Headline
    features: tuple[FeatureScore, ...]
    scoring: Scoring = field(repr=False)

    @property
    def complete(self) -> bool:
        return all(f.complete for f in self.features)

    def feature(self, feature_id: str) -> FeatureScore:
        return next(f for f in self.features if f.id == feature_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "sha256": self.questionnaire_sha256,
            },
            "headline": self.headline.to_json(),
            "complete": self.complete,
            "features": [f.to_json() for f in self.features],
        }


# --- the engine ---------------------------------------------------------------------------------


def band_of(risk: float, scoring: Scoring) -> Band:
    bands = scoring.bands
    if risk < bands.medium:
        return "low"
    if risk < bands.high:
        return "medium"
    if risk < bands.critical:
        return "high"
    return "critical"


def level_of(value: float, scoring: Scoring) -> str:
    for name, limit in zip(LEVELS, scoring.levels, strict=False):
        if value < limit:
            return name
    return LEVELS[-1]


def worst(bands: Iterable[Band]) -> Band | None:
    ranked = [band_rank(b) for b in bands]
    return BANDS[max(ranked)] if ranked else None


@dataclass
class _Tally:
    """Sums behind one evaluation, kept so that single-answer changes re-score cheaply."""

    num: list[float]
    den: list[float]
    impact: float
    flags: dict[str, Band]
    risk_of: dict[str, float]
    impact_of: dict[str, float]
    applicable: dict[str, bool]

    def copy(self) -> _Tally:
        return _Tally(
            list(self.num),
            list(self.den),
            self.impact,
            dict(self.flags),
            self.risk_of,
            self.impact_of,
            self.applicable,
        )


@dataclass(frozen=True)
class _Item:
    question: Question
    section: str
    pillar: int | None
    weight: float
    unknown_risk: float
    unknown_impact: float
    bears_impact: bool
    scored: bool


class Engine:
    """Scores features against one questionnaire; build once, reuse for every feature."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.scoring = questionnaire.scoring
        self.pillar_ids = [s.id for s in questionnaire.pillars]
        self.pillar_weights = [s.weight for s in questionnaire.pillars]
        pillar_index = {sid: i for i, sid in enumerate(self.pillar_ids)}
        self.items: list[_Item] = []
        for section in questionnaire.sections:
            for q in section.questions:
                impacts = [o.impact for o in q.options if o.impact is not None]
                self.items.append(
                    _Item(
                        question=q,
                        section=section.id,
                        pillar=pillar_index.get(section.id),
                        weight=float(q.weight),
                        unknown_risk=(
                            q.unknown_risk
                            if q.unknown_risk is not None
                            else self.scoring.unknown_risk
                        ),
                        unknown_impact=(
                            q.unknown_impact
                            if q.unknown_impact is not None
                            else max(impacts, default=0.0)
                        ),
                        bears_impact=bool(impacts) or q.unknown_impact is not None,
                        scored=q.type != "text",
                    )
                )
        self.by_id = {item.question.id: item for item in self.items}
        self.referenced = {
            leaf.question
            for item in self.items
            if item.question.when is not None
            for leaf in condition_leaves(item.question.when)
        }

    # -- answers to states --

    def state(self, question: Question, answer: Answer | None) -> tuple[State, str | None]:
        """The scoring state of a stored answer, and the problem that made it invalid if any."""
        if answer is None or answer.kind is None:
            return UNANSWERED, None
        kind = answer.kind
        if kind == "unknown":
            if not question.allow_unknown:
                return State("invalid"), '"don\'t know" is not allowed for this question'
            return UNKNOWN, None
        if kind == "na":
            if not question.allow_na:
                return State("invalid"), "N/A is not allowed for this question"
            return State("na"), None
        if question.type == "text":
            if kind != "text":
                return State("invalid"), "expects a text answer"
            return State("answered"), None
        if kind == "text":
            return State("invalid"), "expects a choice, not text"
        if question.type == "choice" and kind == "choices":
            return State("invalid"), "expects one choice, not a list"
        ids = [answer.choice] if answer.choice is not None else list(answer.choices or [])
        missing = [i for i in ids if i not in question.option_map]
        if missing:
            return State("invalid"), f"option '{missing[0]}' no longer exists in the questionnaire"
        return State("answered", tuple(question.option_map[i] for i in ids)), None

    def states(self, feature: Feature) -> tuple[dict[str, State], list[str]]:
        states: dict[str, State] = {}
        problems: list[str] = []
        for item in self.items:
            state, problem = self.state(item.question, feature.answers.get(item.question.id))
            states[item.question.id] = state
            if problem is not None:
                problems.append(f"{item.question.id}: {problem}")
        return states, problems

    def planned_states(
        self, feature: Feature, states: dict[str, State]
    ) -> tuple[dict[str, State], list[str]]:
        """Answers as they will be once every credited plan is done (DESIGN §5, residual)."""
        planned = dict(states)
        problems: list[str] = []
        credit = self.scoring.planned_credit
        for qid, answer in feature.answers.items():
            item = self.by_id.get(qid)
            plan = answer.plan
            if item is None or plan is None or not plan.credited:
                continue
            q = item.question
            targets = plan.targets
            bad = [t for t in targets if t not in q.option_map]
            if bad or q.type == "text" or (q.type == "choice" and len(targets) != 1):
                what = f"'{bad[0]}' is not an option" if bad else "the target does not fit"
                problems.append(f"{qid}: plan target {what}; the plan gets no credit")
                continue
            target = State("answered", tuple(q.option_map[t] for t in targets))
            if plan.status == "planned" and credit < 1:
                target = replace(target, blend_from=states[qid], fraction=credit)
            planned[qid] = target
        return planned, problems

    # -- evaluation --

    def truth(
        self, condition: Condition, states: Mapping[str, State], applicable: Mapping[str, bool]
    ) -> bool | None:
        """Kleene three-valued truth of a condition; None means undetermined."""
        if isinstance(condition, Leaf):
            state = states.get(condition.question, UNANSWERED)
            if state.kind != "answered" or not applicable.get(condition.question, False):
                return None
            chosen = state.option_ids
            if condition.equals is not None:
                return condition.equals in chosen
            if condition.any_of is not None:
                return not chosen.isdisjoint(condition.any_of)
            return chosen.isdisjoint(condition.none_of or ())
        if isinstance(condition, Not):
            inner = self.truth(condition.not_, states, applicable)
            return None if inner is None else not inner
        parts = condition.all_ if isinstance(condition, AllOf) else condition.any_
        values = [self.truth(part, states, applicable) for part in parts]
        if isinstance(condition, AllOf):
            return False if False in values else (None if None in values else True)
        assert isinstance(condition, AnyOf)
        return True if True in values else (None if None in values else False)

    def risk(self, item: _Item, state: State) -> float:
        if state.blend_from is not None:
            start = self.risk(item, state.blend_from)
            end = self.risk(item, replace(state, blend_from=None))
            return start + state.fraction * (end - start)
        if state.kind in ("unknown", "unanswered", "invalid"):
            return item.unknown_risk
        risks = [o.risk or 0.0 for o in state.options]
        if not risks:
            return 0.0
        if item.question.combine == "sum":
            return min(1.0, sum(risks))
        return max(risks)

    def contribution(self, item: _Item, state: State) -> float:
        if state.blend_from is not None:
            start = self.contribution(item, state.blend_from)
            end = self.contribution(item, replace(state, blend_from=None))
            return start + state.fraction * (end - start)
        if state.kind in ("unknown", "unanswered", "invalid"):
            return item.unknown_impact
        if state.kind == "na":
            return 0.0
        impacts = [o.impact or 0.0 for o in state.options]
        if not impacts:
            return 0.0
        if item.question.combine == "sum":
            total = sum(impacts)
            return min(item.question.cap, total) if item.question.cap is not None else total
        return max(impacts)

    def tally(self, states: Mapping[str, State]) -> _Tally:
        n = len(self.pillar_ids)
        result = _Tally([0.0] * n, [0.0] * n, 0.0, {}, {}, {}, {})
        for item in self.items:
            q = item.question
            state = states[q.id]
            applies = q.when is None or self.truth(q.when, states, result.applicable) is not False
            result.applicable[q.id] = applies
            if not applies or state.kind == "na" or not item.scored:
                continue
            if item.pillar is not None:
                r = self.risk(item, state)
                result.risk_of[q.id] = r
                result.num[item.pillar] += item.weight * r
                result.den[item.pillar] += item.weight
                floor = self.red_flag(state)
                if floor is not None:
                    result.flags[q.id] = floor
            elif item.bears_impact:
                c = self.contribution(item, state)
                result.impact_of[q.id] = c
                result.impact += c
        return result

    @staticmethod
    def red_flag(state: State) -> Band | None:
        return worst(o.floor for o in state.options if o.floor is not None)

    def outcome(self, tally: _Tally) -> Outcome:
        scoring = self.scoring
        gaps: dict[str, float | None] = {}
        present: list[tuple[float, float]] = []
        for sid, weight, num, den in zip(
            self.pillar_ids, self.pillar_weights, tally.num, tally.den, strict=True
        ):
            if den > 0:
                gap = 100.0 * num / den
                gaps[sid] = gap
                present.append((weight, gap))
            else:
                gaps[sid] = None
        if present:
            mean = sum(w * g for w, g in present) / sum(w for w, _ in present)
            top = max(g for _, g in present)
            b = scoring.likelihood_blend
            likelihood = b * mean + (1 - b) * top
        else:
            likelihood = 0.0
        impact = min(100.0, tally.impact)
        risk = math.sqrt(max(0.0, likelihood) * max(0.0, impact))
        risk_band = band_of(risk, scoring)
        floors: list[tuple[str | None, Band, Literal["red flag", "axis"]]] = []
        if likelihood >= scoring.axis_threshold or impact >= scoring.axis_threshold:
            floors.append((None, scoring.axis_floor, "axis"))
        floors.extend((qid, floor, "red flag") for qid, floor in tally.flags.items())
        band = worst([risk_band, *(f[1] for f in floors)]) or risk_band
        hits = tuple(
            FloorHit(qid, floor, rule, band_rank(floor) > band_rank(risk_band))
            for qid, floor, rule in floors
        )
        return Outcome(gaps, likelihood, impact, risk, band, hits, risk_band)

    def evaluate(self, states: Mapping[str, State]) -> tuple[Outcome, _Tally]:
        tally = self.tally(states)
        return self.outcome(tally), tally

    # -- explanations --

    def best_state(self, item: _Item) -> State | None:
        q = item.question
        if not q.options:
            return None
        if item.pillar is not None:
            best = min(q.options, key=lambda o: o.risk or 0.0)
        elif item.bears_impact:
            best = min(q.options, key=lambda o: o.impact or 0.0)
        else:
            return None
        return State("answered", (best,))

    def with_change(
        self, states: Mapping[str, State], tally: _Tally, qid: str, new: State
    ) -> Outcome:
        """The outcome with one answer changed; constant time unless a condition depends on it."""
        if qid in self.referenced:
            return self.evaluate({**states, qid: new})[0]
        item = self.by_id[qid]
        changed = tally.copy()
        if item.pillar is not None:
            delta = self.risk(item, new) - tally.risk_of[qid]
            changed.num[item.pillar] += item.weight * delta
            changed.flags.pop(qid, None)
            floor = self.red_flag(new)
            if floor is not None:
                changed.flags[qid] = floor
        else:
            changed.impact += self.contribution(item, new) - tally.impact_of[qid]
        return self.outcome(changed)

    def contributors(
        self, states: Mapping[str, State], tally: _Tally, now: Outcome
    ) -> list[tuple[Contributor, State]]:
        found: list[tuple[Contributor, State]] = []
        for item in self.items:
            qid = item.question.id
            if qid in tally.risk_of:
                current = tally.risk_of[qid]
                kind: Literal["risk", "impact", "unknown"] = "risk"
            elif qid in tally.impact_of:
                current = tally.impact_of[qid]
                kind = "impact"
            else:
                continue
            state = states[qid]
            best = self.best_state(item)
            if best is None or (current <= 0 and qid not in tally.flags):
                continue
            if state.kind != "answered":
                kind = "unknown"
            changed = self.with_change(states, tally, qid, best)
            delta = now.risk - changed.risk
            if delta <= 1e-9 and band_rank(changed.band) >= band_rank(now.band):
                continue
            found.append(
                (
                    Contributor(
                        question=qid,
                        section=item.section,
                        delta=delta,
                        kind=kind,
                        options=tuple(o.id for o in state.options),
                        best=tuple(o.id for o in best.options),
                        recommend=self.recommendation(state),
                    ),
                    best,
                )
            )
        found.sort(key=lambda pair: (-pair[0].delta, pair[0].question))
        return found

    @staticmethod
    def recommendation(state: State) -> str | None:
        """The advice of the riskiest chosen option that has any."""
        advised = [o for o in state.options if o.recommend]
        if not advised:
            return None
        return max(advised, key=lambda o: (o.risk or 0.0, o.impact or 0.0)).recommend

    def drop_one_band(
        self,
        states: Mapping[str, State],
        now: Outcome,
        candidates: list[tuple[Contributor, State]],
    ) -> tuple[tuple[Contributor, ...], Band | None]:
        """The smallest greedy set of fixes that lowers the band by one, if answers can."""
        if now.band == "low":
            return (), None
        goal = band_rank(now.band) - 1
        current = dict(states)
        outcome, tally = now, self.tally(current)
        chosen: list[Contributor] = []
        remaining = list(candidates)
        while remaining and band_rank(outcome.band) > goal:
            trials = [
                (self.with_change(current, tally, contributor.question, best), contributor, best)
                for contributor, best in remaining
            ]
            result, contributor, best = min(
                trials, key=lambda t: (band_rank(t[0].band), t[0].risk, t[1].question)
            )
            if (band_rank(result.band), result.risk) >= (band_rank(outcome.band), outcome.risk):
                break
            current[contributor.question] = best
            chosen.append(contributor)
            outcome, tally = self.evaluate(current)
            remaining = [pair for pair in remaining if pair[0].question != contributor.question]
        if band_rank(outcome.band) > goal:
            return (), None
        return tuple(chosen), BANDS[goal]

    # -- features and products --

    def feature(self, feature: Feature) -> FeatureScore:
        states, problems = self.states(feature)
        now, tally = self.evaluate(states)
        planned_states, plan_problems = self.planned_states(feature, states)
        planned = self.evaluate(planned_states)[0]
        explained = self.contributors(states, tally, now)
        drop, drop_to = self.drop_one_band(states, now, explained)
        questions = tuple(self.question_scores(states, tally, dict(problems_by_question(problems))))
        confidence = self.confidence(states, tally)
        benefit, dpia = self.profile_facts(states, tally)
        return FeatureScore(
            id=feature.id,
            name=feature.name,
            now=now,
            planned=planned,
            likelihood_level=level_of(now.likelihood, self.scoring),
            impact_level=level_of(now.impact, self.scoring),
            benefit=benefit,
            confidence=confidence,
            provisional=confidence < self.scoring.provisional_below,
            dpia_points=dpia,
            dpia_likely=dpia >= self.scoring.dpia_threshold,
            questions=questions,
            contributors=tuple(c for c, _ in explained),
            drop_band=drop,
            drop_band_to=drop_to,
            problems=tuple(problems + plan_problems),
            orphaned=tuple(sorted(qid for qid in feature.answers if qid not in self.by_id)),
        )

    def question_scores(
        self, states: Mapping[str, State], tally: _Tally, problems: Mapping[str, str]
    ) -> Iterable[QuestionScore]:
        for item in self.items:
            qid = item.question.id
            yield QuestionScore(
                id=qid,
                section=item.section,
                applicable=tally.applicable[qid],
                state=states[qid].kind,
                risk=tally.risk_of.get(qid),
                impact=tally.impact_of.get(qid),
                floor=tally.flags.get(qid),
                problem=problems.get(qid),
            )

    def confidence(self, states: Mapping[str, State], tally: _Tally) -> float:
        known = total = 0.0
        for item in self.items:
            qid = item.question.id
            if item.pillar is None or qid not in tally.risk_of:
                continue
            total += item.weight
            if states[qid].kind == "answered":
                known += item.weight
        return 1.0 if total == 0 else known / total

    def profile_facts(self, states: Mapping[str, State], tally: _Tally) -> tuple[float, int]:
        """Benefit (best personalisation value) and DPIA points of the chosen profile options."""
        benefit, dpia = 0.0, 0
        for item in self.items:
            qid = item.question.id
            if item.pillar is not None or not tally.applicable[qid]:
                continue
            for option in states[qid].options:
                benefit = max(benefit, option.benefit or 0.0)
                dpia += option.dpia or 0
        return benefit, dpia


def problems_by_question(problems: Iterable[str]) -> Iterable[tuple[str, str]]:
    for problem in problems:
        qid, _, message = problem.partition(": ")
        yield qid, message


def score(questionnaire: Questionnaire, assessment: Assessment) -> Scorecard:
    """Score every feature of an assessment and the product as a whole."""
    engine = Engine(questionnaire)
    features = tuple(engine.feature(f) for f in assessment.features)
    return Scorecard(
        product=assessment.product,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_sha256=questionnaire.sha256,
        headline=headline(features, [s.id for s in questionnaire.pillars]),
        features=features,
        scoring=questionnaire.scoring,
    )


def headline(features: tuple[FeatureScore, ...], pillar_ids: list[str]) -> Headline:
    def per_band(bands: Iterable[Band]) -> dict[Band, int]:
        counts: dict[Band, int] = dict.fromkeys(BANDS, 0)
        for band in bands:
            counts[band] += 1
        return counts

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    pillars: dict[str, float | None] = {}
    for sid in pillar_ids:
        gaps = [g for f in features if (g := f.now.pillars.get(sid)) is not None]
        pillars[sid] = mean(gaps) if gaps else None
    return Headline(
        band=worst(f.now.band for f in features),
        planned_band=worst(f.planned.band for f in features),
        mean_risk=mean([f.now.risk for f in features]),
        planned_mean_risk=mean([f.planned.risk for f in features]),
        per_band=per_band(f.now.band for f in features),
        planned_per_band=per_band(f.planned.band for f in features),
        pillars=pillars,
    )
