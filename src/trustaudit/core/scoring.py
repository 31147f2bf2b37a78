"""The scoring model of DESIGN §5: Questionnaire × Assessment → Scorecard, pure and deterministic.

Every number can be explained from the answers: pillar gaps are weighted means of answer risks,
likelihood blends their mean with their worst, impact adds up what the profile says about the data,
and trust risk is the geometric mean of the two. Floors can raise a band but never change R.

Counterfactuals ("what if this answer were at its best option?") are the expensive part, so the
engine keeps per-question tallies: a change to a question no condition depends on only moves its
own pillar sum or impact term, and is re-scored in constant time; a change to a question that
conditions read re-evaluates just the questions that depend on it (``Engine.changed``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from trustaudit.core.assessment import Answer, Assessment, Feature
from trustaudit.core.fields import BANDS, Band
from trustaudit.core.questionnaire import (
    AllOf,
    Condition,
    Leaf,
    Not,
    Option,
    Question,
    Questionnaire,
    Scoring,
    condition_leaves,
)
from trustaudit.core.scorecard import (
    Contributor,
    FeatureScore,
    FloorHit,
    Outcome,
    QuestionScore,
    Scorecard,
    StateKind,
    headline,
    worst,
)

LEVELS = ("Negligible", "Limited", "Significant", "Maximum")


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


Test = Callable[[Mapping[str, "State"], Mapping[str, bool]], "bool | None"]


def compile_condition(condition: Condition) -> Test:
    """A condition as a function of the states so far: Kleene logic, None is undetermined.

    A test on a question that is unknown, unanswered, invalid or not applicable is undetermined,
    and a question applies unless its condition is false: in doubt, we ask.
    """
    if isinstance(condition, Leaf):
        qid = condition.question
        if condition.equals is not None:
            wanted = condition.equals

            def check(chosen: frozenset[str]) -> bool:
                return wanted in chosen
        elif condition.any_of is not None:
            any_of = frozenset(condition.any_of)

            def check(chosen: frozenset[str]) -> bool:
                return not chosen.isdisjoint(any_of)
        else:
            none_of = frozenset(condition.none_of or ())

            def check(chosen: frozenset[str]) -> bool:
                return chosen.isdisjoint(none_of)

        def leaf(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
            state = states.get(qid)
            if state is None or state.kind != "answered" or not applicable.get(qid, False):
                return None
            return check(state.option_ids)

        return leaf
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_)

        def negate(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
            value = inner(states, applicable)
            return None if value is None else not value

        return negate
    is_all = isinstance(condition, AllOf)
    members = condition.all_ if isinstance(condition, AllOf) else condition.any_
    parts = [compile_condition(p) for p in members]
    decisive = not is_all  # all: one False decides; any: one True decides

    def combine(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
        undetermined = False
        for part in parts:
            value = part(states, applicable)
            if value is None:
                undetermined = True
            elif value is decisive:
                return decisive
        return None if undetermined else not decisive

    return combine


_Measure = tuple[int, int, float]
"""What ranking counterfactuals needs: (band rank, how many rules hold the band there, R)."""

_RANK: dict[str, int] = {band: i for i, band in enumerate(BANDS)}


class _Fix(NamedTuple):
    """A scored answer, its best option, and the standing with that option chosen."""

    contributor: Contributor
    best: State
    result: _Measure


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
            dict(self.risk_of),
            dict(self.impact_of),
            dict(self.applicable),
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
    best: State | None = None
    """The single best option (lowest risk, then no red flag; or lowest impact), if any."""


def _best_option(question: Question, pillar: bool, bears_impact: bool) -> State | None:
    if not question.options or question.type == "text":
        return None
    if pillar:
        best = min(
            question.options,
            key=lambda o: (o.risk or 0.0, -1 if o.floor is None else _RANK[o.floor]),
        )
    elif bears_impact:
        best = min(question.options, key=lambda o: o.impact or 0.0)
    else:
        return None
    return State("answered", (best,))


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
                pillar = pillar_index.get(section.id)
                bears_impact = bool(impacts) or q.unknown_impact is not None
                self.items.append(
                    _Item(
                        question=q,
                        section=section.id,
                        pillar=pillar,
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
                        bears_impact=bears_impact,
                        scored=q.type != "text",
                        best=_best_option(q, pillar is not None, bears_impact),
                    )
                )
        self.by_id = {item.question.id: item for item in self.items}
        self.tests: dict[str, Test] = {
            item.question.id: compile_condition(item.question.when)
            for item in self.items
            if item.question.when is not None
        }
        self.dependents = _dependents(self.items)
        self._chosen: dict[tuple[str, tuple[str, ...]], State] = {}
        bands = self.scoring.bands
        self._thresholds = (bands.medium, bands.high, bands.critical)
        self._axis = (self.scoring.axis_threshold, _RANK[self.scoring.axis_floor])

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
            return NOT_APPLICABLE, None
        if question.type == "text":
            if kind != "text":
                return State("invalid"), "expects a text answer"
            return TEXT, None
        if kind == "text":
            return State("invalid"), "expects a choice, not text"
        if question.type == "choice" and kind == "choices":
            return State("invalid"), "expects one choice, not a list"
        # A choice repeated in the file counts once: a capped sum must not add it twice.
        ids = (
            (answer.choice,)
            if answer.choice is not None
            else tuple(dict.fromkeys(answer.choices or ()))
        )
        return self.chosen(question, ids)

    def chosen(self, question: Question, ids: tuple[str, ...]) -> tuple[State, str | None]:
        """The state of the options ``ids``, shared between features that chose the same."""
        key = (question.id, ids)
        state = self._chosen.get(key)
        if state is None:
            options = question.option_map
            missing = [i for i in ids if i not in options]
            if missing:
                problem = f"option '{missing[0]}' no longer exists in the questionnaire"
                return State("invalid"), problem
            state = self._chosen[key] = State("answered", tuple(options[i] for i in ids))
        return state, None

    def states(self, feature: Feature) -> tuple[dict[str, State], list[str]]:
        states: dict[str, State] = {}
        problems: list[str] = []
        answers = feature.answers
        for item in self.items:
            qid = item.question.id
            state, problem = self.state(item.question, answers.get(qid))
            states[qid] = state
            if problem is not None:
                problems.append(f"{qid}: {problem}")
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
            targets = tuple(plan.targets)
            bad = [t for t in targets if t not in q.option_map]
            if bad or q.type == "text" or (q.type == "choice" and len(targets) != 1):
                what = f"'{bad[0]}' is not an option" if bad else "the target does not fit"
                problems.append(f"{qid}: plan target {what}; the plan gets no credit")
                continue
            target, _ = self.chosen(q, tuple(dict.fromkeys(targets)))
            # Partial credit moves a risk (or impact) part of the way; an N/A answer has none
            # to move from, so its plan counts as the target itself.
            if plan.status == "planned" and credit < 1 and states[qid].kind != "na":
                target = replace(target, blend_from=states[qid], fraction=credit)
            planned[qid] = target
        return planned, problems

    # -- evaluation --

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
        applicable = result.applicable
        tests = self.tests
        for item in self.items:
            qid = item.question.id
            test = tests.get(qid)
            applies = test is None or test(states, applicable) is not False
            applicable[qid] = applies
            if applies:
                self.add(result, item, states[qid])
        return result

    def add(self, tally: _Tally, item: _Item, state: State) -> None:
        """Add an applicable question's term to the sums (N/A and text add nothing)."""
        if state.kind == "na" or not item.scored:
            return
        qid = item.question.id
        if item.pillar is not None:
            r = self.risk(item, state)
            tally.risk_of[qid] = r
            tally.num[item.pillar] += item.weight * r
            tally.den[item.pillar] += item.weight
            if state.flag is not None:
                tally.flags[qid] = state.flag
        elif item.bears_impact:
            c = self.contribution(item, state)
            tally.impact_of[qid] = c
            tally.impact += c

    def remove(self, tally: _Tally, item: _Item) -> None:
        """Take a question's term back out of the sums, if it had one."""
        qid = item.question.id
        if qid in tally.risk_of:
            assert item.pillar is not None
            tally.num[item.pillar] -= item.weight * tally.risk_of.pop(qid)
            tally.den[item.pillar] -= item.weight
            tally.flags.pop(qid, None)
        elif qid in tally.impact_of:
            tally.impact -= tally.impact_of.pop(qid)

    def changed(self, states: Mapping[str, State], tally: _Tally, qid: str) -> _Tally:
        """The tally after ``states[qid]`` changed: only that question and the questions whose
        conditions (directly or through others) read it are looked at again."""
        out = tally.copy()
        item = self.by_id[qid]
        self.remove(out, item)
        if out.applicable[qid]:
            self.add(out, item, states[qid])
        for dependent in self.dependents.get(qid, ()):
            did = dependent.question.id
            applies = self.tests[did](states, out.applicable) is not False
            if applies != out.applicable[did]:
                out.applicable[did] = applies
                if applies:
                    self.add(out, dependent, states[did])
                else:
                    self.remove(out, dependent)
        return out

    def likelihood(self, num: list[float], den: list[float]) -> float:
        weighted = total = top = 0.0
        for weight, n, d in zip(self.pillar_weights, num, den, strict=True):
            if d > 0:
                gap = 100.0 * n / d
                weighted += weight * gap
                total += weight
                if gap > top:
                    top = gap
        if total <= 0:
            return 0.0
        b = self.scoring.likelihood_blend
        return b * weighted / total + (1 - b) * top

    def numbers(self, tally: _Tally) -> tuple[list[float | None], float, float, float]:
        """Pillar gaps, likelihood, impact and trust risk from a tally."""
        gaps: list[float | None] = [
            100.0 * n / d if d > 0 else None for n, d in zip(tally.num, tally.den, strict=True)
        ]
        likelihood = self.likelihood(tally.num, tally.den)
        impact = min(100.0, tally.impact)
        return gaps, likelihood, impact, math.sqrt(max(0.0, likelihood) * max(0.0, impact))

    def _measure(
        self, num: list[float], den: list[float], impact: float, flags: Iterable[Band]
    ) -> _Measure:
        likelihood = self.likelihood(num, den)
        impact = min(100.0, impact)
        risk = math.sqrt(max(0.0, likelihood) * max(0.0, impact))
        medium, high, critical = self._thresholds
        top = 0 if risk < medium else 1 if risk < high else 2 if risk < critical else 3
        holds = 1
        threshold, axis = self._axis
        floors = [axis] if likelihood >= threshold or impact >= threshold else []
        floors.extend(_RANK[f] for f in flags)
        for rank in floors:
            if rank > top:
                top, holds = rank, 1
            elif rank == top:
                holds += 1
        return top, holds, risk

    def standing(self, tally: _Tally) -> _Measure:
        """(band rank, rules holding that band, R): what ranking counterfactuals needs."""
        return self._measure(tally.num, tally.den, tally.impact, tally.flags.values())

    def outcome(self, tally: _Tally) -> Outcome:
        scoring = self.scoring
        gaps, likelihood, impact, risk = self.numbers(tally)
        risk_band = band_of(risk, scoring)
        floors: list[tuple[str | None, Band, Literal["red flag", "axis"]]] = []
        if likelihood >= scoring.axis_threshold or impact >= scoring.axis_threshold:
            floors.append((None, scoring.axis_floor, "axis"))
        floors.extend((qid, floor, "red flag") for qid, floor in tally.flags.items())
        band = worst([risk_band, *(f[1] for f in floors)]) or risk_band
        hits = tuple(
            FloorHit(qid, floor, rule, _RANK[floor] > _RANK[risk_band])
            for qid, floor, rule in floors
        )
        pillars = dict(zip(self.pillar_ids, gaps, strict=True))
        return Outcome(pillars, likelihood, impact, risk, band, hits, risk_band)

    def evaluate(self, states: Mapping[str, State]) -> tuple[Outcome, _Tally]:
        tally = self.tally(states)
        return self.outcome(tally), tally

    # -- explanations --

    def trial(self, states: Mapping[str, State], tally: _Tally, qid: str, new: State) -> _Measure:
        """The standing with one answer changed.

        Most questions are read by no condition: then only their own term moves, and the sums
        are adjusted in place of a copy. Otherwise the dependents are re-evaluated (``changed``).
        """
        if qid in self.dependents:
            return self.standing(self.changed({**states, qid: new}, tally, qid))
        if not tally.applicable[qid]:
            return self.standing(tally)
        item = self.by_id[qid]
        counts = new.kind != "na" and item.scored
        if item.pillar is not None:
            p = item.pillar
            n, d = tally.num[p], tally.den[p]
            old = tally.risk_of.get(qid)
            if old is not None:  # the same operations as remove() then add(), for equal floats
                n -= item.weight * old
                d -= item.weight
            flags = [f for k, f in tally.flags.items() if k != qid]
            if counts:
                n += item.weight * self.risk(item, new)
                d += item.weight
                if new.flag is not None:
                    flags.append(new.flag)
            num, den = list(tally.num), list(tally.den)
            num[p], den[p] = n, d
            return self._measure(num, den, tally.impact, flags)
        impact = tally.impact
        if item.bears_impact:
            if qid in tally.impact_of:
                impact -= tally.impact_of[qid]
            if counts:
                impact += self.contribution(item, new)
        return self._measure(tally.num, tally.den, impact, tally.flags.values())

    def fixes(self, states: Mapping[str, State], tally: _Tally) -> list[_Fix]:
        """Every scored answer that is not at its best, with the measure if it were.

        A fix counts when the answer has risk, an impact contribution or a red flag; its
        ``delta`` is how far R falls.
        """
        found: list[_Fix] = []
        risk = self.standing(tally)[2]
        for item in self.items:
            qid = item.question.id
            best = item.best
            if best is None:
                continue
            if qid in tally.risk_of:
                current = tally.risk_of[qid]
                kind: Literal["risk", "impact", "unknown"] = "risk"
            elif qid in tally.impact_of:
                current = tally.impact_of[qid]
                kind = "impact"
            else:
                continue
            if current <= 0 and qid not in tally.flags:
                continue
            state = states[qid]
            if state.kind != "answered":
                kind = "unknown"
            elif state.blend_from is None and state.option_ids == best.option_ids:
                continue  # already at its best option
            result = self.trial(states, tally, qid, best)
            contributor = Contributor(
                question=qid,
                section=item.section,
                delta=risk - result[2],
                kind=kind,
                options=tuple(o.id for o in state.options),
                best=tuple(o.id for o in best.options),
                recommend=self.recommendation(state),
            )
            found.append(_Fix(contributor, best, result))
        found.sort(key=lambda fix: (-fix.contributor.delta, fix.contributor.question))
        return found

    def contributors(self, states: Mapping[str, State], tally: _Tally, now: Outcome) -> list[_Fix]:
        """The answers that raise R (or alone lower the band when fixed), ranked by ΔR."""
        return self.explaining(self.fixes(states, tally), now)

    @staticmethod
    def explaining(fixes: list[_Fix], now: Outcome) -> list[_Fix]:
        rank = _RANK[now.band]
        return [f for f in fixes if f.contributor.delta > 1e-9 or f.result[0] < rank]

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
        tally: _Tally,
        now: Outcome,
        candidates: list[_Fix],
    ) -> tuple[tuple[Contributor, ...], Band | None]:
        """The smallest greedy set of fixes that lowers the band by one, if answers can.

        Each round applies the fix that gives the lowest (band, rules holding the band, R), so
        that removing one of two red flags at the same band counts as progress; the first round
        reuses the measures the fixes were found with.
        """
        if now.band == "low":
            return (), None
        goal = _RANK[now.band] - 1
        current = dict(states)
        standing = self.standing(tally)
        chosen: list[Contributor] = []
        trials = list(candidates)
        while trials and standing[0] > goal:
            pick = min(trials, key=lambda t: (*t.result, t.contributor.question))
            if pick.result >= standing:
                break
            qid = pick.contributor.question
            current[qid] = pick.best
            chosen.append(pick.contributor)
            tally = self.changed(current, tally, qid)
            standing = self.standing(tally)
            trials = [
                t._replace(result=self.trial(current, tally, t.contributor.question, t.best))
                for t in trials
                if t.contributor.question != qid
            ]
        if standing[0] > goal:
            return (), None
        return tuple(chosen), BANDS[standing[0]]

    def what_drops_a_band(
        self, states: Mapping[str, State], tally: _Tally, now: Outcome, fixes: list[_Fix]
    ) -> tuple[tuple[Contributor, ...], Band | None]:
        """Fixes to how the feature is run (pillar answers) first; changing what the feature is
        (its data, reach, recipients) only when running it better cannot drop the band.

        "Stop using purchase history" is rarely an option for a recommendation feature, so
        advice that starts there is advice nobody takes.
        """
        running = [f for f in fixes if self.by_id[f.contributor.question].pillar is not None]
        drop, drop_to = self.drop_one_band(states, tally, now, running)
        if drop_to is None and len(running) < len(fixes):
            drop, drop_to = self.drop_one_band(states, tally, now, fixes)
        return drop, drop_to

    # -- features and products --

    def feature(self, feature: Feature) -> FeatureScore:
        states, problems = self.states(feature)
        now, tally = self.evaluate(states)
        planned_states, plan_problems = self.planned_states(feature, states)
        planned = self.evaluate(planned_states)[0]
        fixes = self.fixes(states, tally)
        explained = self.explaining(fixes, now)
        drop, drop_to = self.what_drops_a_band(states, tally, now, fixes)
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
            contributors=tuple(fix.contributor for fix in explained),
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


def _dependents(items: list[_Item]) -> dict[str, list[_Item]]:
    """For each question, the later questions whose applicability can depend on it, in order.

    A condition reads the answer *and* the applicability of the questions it names, so the
    dependence is transitive.
    """
    reads: dict[str, set[str]] = {}
    dependents: dict[str, list[_Item]] = {}
    for item in items:
        q = item.question
        direct = {leaf.question for leaf in condition_leaves(q.when)} if q.when else set()
        reads[q.id] = set(direct).union(*(reads.get(d, set()) for d in direct))
        for source in reads[q.id]:
            dependents.setdefault(source, []).append(item)
    return dependents


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
