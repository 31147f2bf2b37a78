"""The scoring engine: Questionnaire × Assessment → Scorecard, pure and deterministic.

Every number can be explained from the answers: pillar gaps are weighted means of answer risks,
likelihood blends their mean with their worst, impact adds up what the profile says about the
data, and trust risk is the geometric mean of the two. Floors can raise a band but never change R.
The pieces: ``states`` (answers to states), ``evaluation`` (states to numbers), ``explanations``
(what would move them), ``rules`` (each rule once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from trustaudit.core.assessment.model import Assessment, Feature, Plan
from trustaudit.core.bands import Band
from trustaudit.core.questionnaire.model import Option, Questionnaire
from trustaudit.core.scoring import dpia, explanations, rules, timing
from trustaudit.core.scoring.evaluation import Evaluator, Tally
from trustaudit.core.scoring.scorecard import (
    Contributor,
    DatedPlan,
    FeatureScore,
    OpenItem,
    Outcome,
    QuestionScore,
    Scorecard,
    ScoreProblem,
    headline,
)
from trustaudit.core.scoring.states import State, StateReader


class Engine:
    """Scores features against one questionnaire; build once, reuse for every feature.

    ``as_of`` is the day plans are judged on (overdue fixes, lapsed acceptances: ``timing``);
    without it no date is judged, and every acceptance still stands. ``explain=False`` skips
    what would move each feature (its contributors and drop-a-band set stay empty): the search
    is most of a score's cost, and a roll-up over many reviews reads only bands and dates.
    """

    def __init__(
        self, questionnaire: Questionnaire, as_of: dt.date | None = None, *, explain: bool = True
    ) -> None:
        self.questionnaire = questionnaire
        self.as_of = as_of
        self.explain = explain
        self.scoring = questionnaire.scoring
        self.reader = StateReader(questionnaire)
        self.evaluator = Evaluator(questionnaire)
        self.items = self.evaluator.items
        self.by_id = self.evaluator.by_id
        self.rank = {q.id: i for i, q in enumerate(questionnaire.questions)}

    def feature(self, feature: Feature) -> FeatureScore:
        """The full score of one feature: now, with plans done, and what would move it."""
        ev = self.evaluator
        states, problems = self.reader.states(feature)
        now, tally = ev.evaluate(states)
        planned_states, plan_problems = self.reader.planned(feature, states)
        planned = ev.evaluate(planned_states)[0]
        explained, drop, drop_to = self.what_moves(feature, states, tally, now)
        plan_problems.extend(self.acceptance_problems(feature))
        all_problems = (*problems, *plan_problems)
        invalid = {p.question: p.message for p in problems}
        questions = tuple(self.question_scores(states, tally, invalid))
        confidence = self.confidence(states, tally)
        benefit, chosen = self.profile_facts(states, tally)
        screening = dpia.screen(chosen, self.scoring.dpia_threshold)
        orphaned = tuple(sorted(qid for qid in feature.answers if qid not in self.by_id))
        dated = tuple(self.dated(feature))
        return FeatureScore(
            id=feature.id,
            name=feature.name,
            now=now,
            planned=planned,
            likelihood_level=rules.level_of(now.likelihood, self.scoring),
            impact_level=rules.level_of(now.impact, self.scoring),
            benefit=benefit,
            confidence=confidence,
            provisional=confidence < self.scoring.provisional_below,
            dpia_points=screening.points,
            dpia_likely=screening.likely,
            dpia_criteria=screening.answers,
            dpia_met=screening.met,
            dpia_exemption=screening.exemption,
            questions=questions,
            contributors=tuple(fix.contributor for fix in explained),
            drop_band=drop,
            drop_band_to=drop_to,
            problems=all_problems,
            orphaned=orphaned,
            open_items=tuple(open_items(feature, questions, plan_problems, orphaned, dated)),
            dated=dated,
        )

    def what_moves(
        self, feature: Feature, states: Mapping[str, State], tally: Tally, now: Outcome
    ) -> tuple[list[explanations.Fix], tuple[Contributor, ...], Band | None]:
        """The fixes that lower R, and the smallest set of fixes still to make that drops the
        band (and to which band); nothing when the engine does not explain."""
        if not self.explain:
            return [], (), None
        ev = self.evaluator
        fixes = explanations.fixes(ev, states, tally)
        # Done means done: an answer whose plan is marked done is not advised as a fix to make.
        done = {qid for qid, a in feature.answers.items() if a.plan and a.plan.status == "done"}
        to_make = [f for f in fixes if f.contributor.question not in done]
        drop, drop_to = explanations.what_drops_a_band(ev, states, tally, now, to_make)
        return explanations.explaining(fixes, now), drop, drop_to

    def plans(self, feature: Feature) -> list[tuple[str, Plan]]:
        """The feature's plans on questions of the questionnaire, in questionnaire order."""
        rank = self.rank
        found = [
            (qid, a.plan)
            for qid, a in feature.answers.items()
            if a.plan is not None and qid in rank
        ]
        return sorted(found, key=lambda pair: rank[pair[0]])

    def dated(self, feature: Feature) -> Iterable[DatedPlan]:
        """The feature's plans that the as-of date finds late, in questionnaire order."""
        if self.as_of is None:
            return
        for qid, plan in self.plans(feature):
            if timing.overdue(plan, self.as_of) and plan.due is not None:
                yield DatedPlan("overdue", feature.id, qid, plan.owner, plan.due)
            ends = plan.acceptance_ends
            if timing.lapsed(plan, self.as_of) and ends is not None:
                yield DatedPlan("lapsed", feature.id, qid, plan.accepter, ends)

    def acceptance_problems(self, feature: Feature) -> Iterable[ScoreProblem]:
        """Accepted risks that cannot be told apart from neglect (no one, or no end date)."""
        for qid, plan in self.plans(feature):
            problem = timing.acceptance_problem(plan)
            if problem is not None:
                yield ScoreProblem(qid, "plan", problem)

    def what_if(
        self, feature: Feature, question_id: str, option_ids: Sequence[str]
    ) -> Outcome | None:
        """The feature's outcome were one answer the options ``option_ids`` (conditions, floors
        and all re-evaluated); None when those options cannot be that question's answer."""
        question = self.questionnaire.by_id.get(question_id)
        if question is None or rules.target_problem(question, option_ids) is not None:
            return None
        states, _ = self.reader.states(feature)
        target, _ = self.reader.chosen(question, tuple(dict.fromkeys(option_ids)))
        return self.evaluator.evaluate({**states, question_id: target})[0]

    def question_scores(
        self, states: Mapping[str, State], tally: Tally, problems: Mapping[str, str]
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

    def confidence(self, states: Mapping[str, State], tally: Tally) -> float:
        """The weighted share of applicable pillar questions answered for sure (not unknown)."""
        known = total = 0.0
        for item in self.items:
            qid = item.question.id
            if item.pillar is None or qid not in tally.risk_of:
                continue
            total += item.weight
            if states[qid].kind == "answered":
                known += item.weight
        return 1.0 if total == 0 else known / total

    def profile_facts(
        self, states: Mapping[str, State], tally: Tally
    ) -> tuple[float, list[tuple[str, Option]]]:
        """Benefit (best personalisation value) of the chosen profile options, and those that say
        something to the DPIA screening, as (question, option)."""
        benefit = 0.0
        chosen: list[tuple[str, Option]] = []
        for item in self.items:
            qid = item.question.id
            if item.pillar is not None or not tally.applicable[qid]:
                continue
            for option in states[qid].options:
                benefit = max(benefit, option.benefit or 0.0)
                if option.dpia or option.dpia_criteria or option.dpia_exemption:
                    chosen.append((qid, option))
        return benefit, chosen


def open_items(
    feature: Feature,
    questions: Iterable[QuestionScore],
    plan_problems: Iterable[ScoreProblem],
    orphaned: Iterable[str],
    dated: Iterable[DatedPlan] = (),
) -> Iterable[OpenItem]:
    """What is still open in a feature, question by question, then plans and orphans.

    An applicable question is open when it is unanswered, "don't know" or invalid, when its answer
    is a red flag, and when its answer carries risk without a credited plan ("needs a plan") or
    an acceptance that stands. A fix past its due date is open ("overdue"), and so is an
    acceptance past its end ("lapsed": the risk is back, so it is open instead of accepted).
    """
    late = {d.question: d for d in dated}
    for q in questions:
        if not q.applicable:
            continue
        if q.state == "unanswered":
            yield OpenItem(q.id, "unanswered")
        elif q.state == "unknown":
            yield OpenItem(q.id, "don't know")
        elif q.state == "invalid":
            yield OpenItem(q.id, "invalid", q.problem or "")
        if q.floor is not None:
            yield OpenItem(q.id, "red flag", q.floor)
        answer = feature.answers.get(q.id)
        plan = answer.plan if answer is not None else None
        handled = plan is not None and (plan.credited or plan.status == "accepted")
        when = late.get(q.id)
        if when is not None:
            yield OpenItem(q.id, when.kind, when.date.isoformat())
        elif q.state == "answered" and q.risk and not handled:
            yield OpenItem(q.id, "needs a plan")
    for problem in plan_problems:
        yield OpenItem(problem.question, "plan", problem.message)
    for qid in orphaned:
        yield OpenItem(qid, "orphaned")


def score(
    questionnaire: Questionnaire,
    assessment: Assessment,
    as_of: dt.date | None = None,
    *,
    engine: Engine | None = None,
) -> Scorecard:
    """Score every feature of an assessment and the product as a whole.

    Dates are judged on ``as_of`` (the command line passes the day it runs, or ``--as-of``);
    without it, on the day the review was last saved (``timing.judged_on``), so the same files
    always give the same scorecard. ``engine`` reuses one built for this questionnaire and day
    (a roll-up scores a thousand reviews with one).
    """
    day = timing.judged_on(assessment, as_of)
    if engine is None:
        engine = Engine(questionnaire, day)
    elif engine.questionnaire is not questionnaire or engine.as_of != day:
        raise ValueError("this engine scores another questionnaire or judges another day")
    return scorecard(
        questionnaire, assessment, tuple(map(engine.feature, assessment.features)), day
    )


def scorecard(
    questionnaire: Questionnaire,
    assessment: Assessment,
    features: tuple[FeatureScore, ...],
    day: dt.date,
) -> Scorecard:
    """The product's scorecard from its features' scores, judged on ``day``: for ``score``, and
    for the app, which keeps every feature's latest score and need not score them again."""
    top = headline(features, [s.id for s in questionnaire.pillars])
    review_by, derived = timing.review_by(assessment, top.band, questionnaire.scoring)
    return Scorecard(
        product=assessment.product,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_sha256=questionnaire.sha256,
        headline=top,
        features=features,
        scoring=questionnaire.scoring,
        as_of=day,
        launch=assessment.launch,
        review_by=review_by,
        review_by_derived=derived,
        review_due=timing.review_due(review_by, day),
    )
