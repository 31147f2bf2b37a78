"""The view of one feature: every answer in words, its floors, contributors, plans and data card.

``FeatureBuilder`` turns a feature, its answers and its ``FeatureScore`` into a ``FeatureView``
(``view``): every string from a file is marked ``UserText`` for the templates to escape, and
numbers stay unrounded until a template formats them.
"""

from __future__ import annotations

from collections.abc import Mapping

from trustaudit.core.assessment.model import Answer, Feature
from trustaudit.core.bands import Band, band_rank
from trustaudit.core.obligations.screening import screening
from trustaudit.core.questionnaire.conditions import condition_leaves
from trustaudit.core.questionnaire.model import Question, Questionnaire
from trustaudit.core.report.answers import option_labels, raw_answer, shown_answer
from trustaudit.core.report.card.build import build_card
from trustaudit.core.report.card.model import Publisher
from trustaudit.core.report.labels import BAND_LABELS, PLAN_STATUS_LABELS, QUADRANTS
from trustaudit.core.report.markdown import UserText, user
from trustaudit.core.report.obligations import dpia_view
from trustaudit.core.report.view import (
    AnswerView,
    ContributorView,
    FeatureView,
    FloorView,
    OrphanView,
    PillarGap,
    PlanView,
    QuestionRef,
)
from trustaudit.core.report.wording import topic
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import (
    Contributor,
    FeatureScore,
    FloorHit,
    QuestionScore,
)


class FeatureBuilder:
    """Builds the view of each feature; holds the lookups every part needs."""

    def __init__(self, questionnaire: Questionnaire, publisher: Publisher | None = None) -> None:
        self.q = questionnaire
        self.publisher = publisher
        self.refs = {
            q.id: QuestionRef(
                id=q.id,
                topic=topic(q.id),
                prompt=UserText(q.prompt),
                help=UserText(q.help or ""),
                harm=user(q.harm),
                section=section.id,
                section_title=UserText(section.title),
                pillar=section.kind == "pillar",
                weight=q.weight,
            )
            for section in questionnaire.sections
            for q in section.questions
        }

    # -- one feature --

    def feature(self, number: int, feature: Feature, score: FeatureScore) -> FeatureView:
        answers = tuple(self.answer(feature, qs) for qs in score.questions)
        by_id = {a.question.id: a for a in answers}
        floors = tuple(self.floor(f, by_id) for f in score.now.floors)
        benefit = score.benefit
        return FeatureView(
            number=number,
            id=feature.id,
            name=UserText(feature.name),
            description=UserText(feature.description),
            owner=user(feature.owner),
            band=score.now.band,
            band_label=BAND_LABELS[score.now.band],
            planned_band=score.planned.band,
            planned_band_label=BAND_LABELS[score.planned.band],
            risk_band_label=BAND_LABELS[score.now.risk_band],
            risk=score.now.risk,
            planned_risk=score.planned.risk,
            likelihood=score.now.likelihood,
            planned_likelihood=score.planned.likelihood,
            impact=score.now.impact,
            planned_impact=score.planned.impact,
            likelihood_level=score.likelihood_level,
            impact_level=score.impact_level,
            planned_likelihood_level=rules.level_of(score.planned.likelihood, self.q.scoring),
            planned_impact_level=rules.level_of(score.planned.impact, self.q.scoring),
            benefit=benefit,
            confidence=score.confidence,
            provisional=score.provisional,
            dpia_likely=score.dpia_likely,
            dpia_points=score.dpia_points,
            dpia_criteria=tuple(
                UserText(self.q.by_id[qid].option_map[oid].label)
                for qid, oid in score.dpia_criteria
            ),
            dpia=dpia_view(screening(self.q, score)),
            quadrant=quadrant(benefit, score.now.band),
            pillars=tuple(
                PillarGap(
                    p.id,
                    UserText(p.title),
                    score.now.pillars.get(p.id),
                    score.planned.pillars.get(p.id),
                )
                for p in self.q.pillars
            ),
            floors=floors,
            red_flags=tuple(f for f in floors if f.rule == "red flag"),
            raised_by=tuple(f for f in floors if f.raised and f.floor == score.now.band),
            answers=answers,
            profile=tuple(a for a in answers if not a.question.pillar and a.applicable),
            impact_breakdown=tuple(a for a in answers if a.impact),
            unknown=tuple(a for a in answers if a.applicable and a.state == "unknown"),
            unanswered=tuple(
                a for a in answers if a.applicable and a.state in ("unanswered", "invalid")
            ),
            not_applicable=tuple(a for a in answers if a.applicable and a.state == "na"),
            derived_not_applicable=tuple(a for a in answers if not a.applicable),
            notes=tuple(a for a in answers if a.note or a.evidence),
            unsupported_claims=tuple(
                a
                for a in answers
                if a.applicable
                and a.question.pillar
                and a.question.weight >= 3
                and a.best
                and not a.evidence
            ),
            contributors=tuple(
                self.contributor(c, feature, score.now.band) for c in score.contributors
            ),
            drop_band=tuple(self.contributor(c, feature, score.now.band) for c in score.drop_band),
            drop_band_to=score.drop_band_to,
            drop_band_to_label=BAND_LABELS[score.drop_band_to] if score.drop_band_to else None,
            problems=tuple(UserText(p) for p in score.problems),
            orphaned=tuple(self.orphan(qid, feature.answers[qid]) for qid in score.orphaned),
            card=build_card(self.q, feature, score, self.publisher),
        )

    def answer(self, feature: Feature, qs: QuestionScore) -> AnswerView:
        question = self.q.by_id[qs.id]
        stored = feature.answers.get(qs.id)
        ids = list(stored.option_ids) if stored is not None else []
        options = option_labels(question, ids)
        because: tuple[str, ...] = ()
        if not qs.applicable and question.when is not None:
            because = tuple(
                dict.fromkeys(topic(leaf.question) for leaf in condition_leaves(question.when))
            )
        return AnswerView(
            question=self.refs[qs.id],
            state=qs.state,
            applicable=qs.applicable,
            answer=shown_answer(qs, stored, options),
            options=options,
            best=qs.state == "answered" and qs.risk == 0,
            risk=qs.risk,
            impact=qs.impact,
            floor=qs.floor,
            note=user(stored.note) if stored and stored.note else None,
            evidence=tuple(UserText(e) for e in stored.evidence) if stored else (),
            plan=self.plan(question, stored, ids) if stored and stored.plan else None,
            problem=user(qs.problem),
            na_reason=user(stored.na) if stored and stored.na else None,
            not_applicable_because=because,
        )

    def plan(self, question: Question, stored: Answer, chosen: list[str]) -> PlanView:
        plan = stored.plan
        assert plan is not None
        reason = None
        if not plan.credited:
            if plan.status == "accepted":
                reason = "risk accepted"
            elif plan.target is None:
                reason = "no target answer"
            else:
                reason = "no owner, no credit"
        return PlanView(
            action=UserText(
                plan.action
                or rules.advice(question.option_map[i] for i in chosen if i in question.option_map)
                or ""
            ),
            target=UserText("; ".join(option_labels(question, plan.targets))),
            owner=user(plan.owner) if plan.owner and plan.owner.strip() else None,
            due=plan.due.isoformat() if plan.due else None,
            status=plan.status,
            status_label=PLAN_STATUS_LABELS[plan.status],
            credited=plan.credited,
            no_credit_reason=reason,
            done_unapplied=stored.done_unapplied,
        )

    def floor(self, hit: FloorHit, answers: Mapping[str, AnswerView]) -> FloorView:
        found = answers.get(hit.question) if hit.question else None
        return FloorView(
            question=self.refs.get(hit.question) if hit.question else None,
            rule=hit.rule,
            floor=hit.floor,
            floor_label=BAND_LABELS[hit.floor],
            raised=hit.raised,
            answer=found.answer if found else None,
        )

    def contributor(self, c: Contributor, feature: Feature, self_band: Band) -> ContributorView:
        question = self.q.by_id[c.question]
        answer = feature.answers.get(c.question)
        options = option_labels(question, c.options)
        shown = (
            "; ".join(options)
            if options
            else ("Don't know" if answer and answer.unknown else "Not answered")
        )
        advised = [question.option_map[i] for i in c.options if i in question.option_map]
        key = [UserText(o.label) for o in advised if o.recommend]
        return ContributorView(
            question=self.refs[c.question],
            delta=c.delta,
            kind=c.kind,
            answer=UserText(shown),
            key_answer=UserText("; ".join(key))
            if key and len(key) < len(options)
            else UserText(shown),
            best=UserText("; ".join(option_labels(question, c.best))),
            best_ids=c.best,
            band_if_fixed=c.band or self_band,
            recommend=user(c.recommend),
        )

    def orphan(self, qid: str, answer: Answer) -> OrphanView:
        return OrphanView(question=qid, answer=UserText(raw_answer(answer)), note=user(answer.note))


def quadrant(benefit: float, band: Band) -> str:
    """What to do, by personalisation value and band: High and Critical are never "launch" or
    "keep it simple", whatever the trust risk's number (docs/report-templates.md)."""
    return QUADRANTS[(benefit >= 0.5, band_rank(band) >= band_rank("high"))]
