"""The report across features: the top risks and the findings by pillar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from trustaudit.core.bands import band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report import markdown as md
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.markdown import Markdown, UserText
from trustaudit.core.report.view import (
    ContributorView,
    FeatureView,
    PillarRow,
    PillarView,
    QuestionFinding,
    QuestionRef,
    RiskCase,
    RiskView,
)
from trustaudit.core.scoring.scorecard import FeatureScore, Headline

Candidate = tuple[tuple[int, int, float], FeatureView, ContributorView]
"""A feature's shortfall on one question: (band rank, holds the band, ΔR), and where it is."""

TOP_RISKS = 5
TOP_RISKS_PER_FEATURE = 2


def top_risks(features: Iterable[FeatureView]) -> list[RiskView]:
    """The product's worst shortfalls, one per question however many features share it.

    Only promises (pillar answers) count: what a feature *is* (its data, its reach) is in the
    feature details. A question's features are ranked by band, then whether the answer is the
    red flag that holds the band, then how far R falls; questions by their worst feature, then
    how many features share them. At most ``TOP_RISKS_PER_FEATURE`` risks lead with any one
    feature, so one feature cannot fill the list. Nothing marked done is a risk still to fix.
    """
    by_question: dict[str, list[Candidate]] = {}
    for view in features:
        raising = {f.question.id for f in view.raised_by if f.question}
        answers = {a.question.id: a for a in view.answers}
        for c in view.contributors:
            plan = answers[c.question.id].plan
            if not c.question.pillar or (plan is not None and plan.status == "done"):
                continue
            key = (band_rank(view.band), int(c.question.id in raising), c.delta)
            by_question.setdefault(c.question.id, []).append((key, view, c))
    ranked = sorted(
        by_question.values(),
        key=lambda cases: (
            tuple(-k for k in max(case[0] for case in cases)),
            -len(cases),
            cases[0][2].question.id,
        ),
    )
    chosen: list[RiskView] = []
    lead: dict[str, int] = {}
    for cases in ranked:
        if len(chosen) == TOP_RISKS:
            break
        cases = sorted(cases, key=lambda case: (tuple(-k for k in case[0]), case[1].number))
        first = cases[0][1]
        if lead.get(first.id, 0) >= TOP_RISKS_PER_FEATURE:
            continue
        lead[first.id] = lead.get(first.id, 0) + 1
        built = tuple(_case(v, c, bool(key[1])) for key, v, c in cases)
        head = built[0]
        chosen.append(
            RiskView(
                rank=len(chosen) + 1,
                question=cases[0][2].question,
                harm=harm(cases[0][2].question, head.answer),
                cases=built,
                feature=head.feature,
                answer=head.answer,
                kind=head.kind,
                delta=head.delta,
                raises_band=head.raises_band,
                action=head.action,
                owner=head.owner,
                due=head.due,
                status_label=head.status_label,
            )
        )
    return chosen


def _case(view: FeatureView, c: ContributorView, raises: bool) -> RiskCase:
    plan = next(a.plan for a in view.answers if a.question.id == c.question.id)
    action = (plan.action if plan and plan.action else None) or c.recommend
    band = c.band_if_fixed
    return RiskCase(
        feature=view,
        answer=c.key_answer,
        kind=c.kind,
        delta=c.delta,
        raises_band=raises,
        band_if_fixed=band,
        band_if_fixed_label=BAND_LABELS[band],
        action=action or _fallback_action(c.kind),
        owner=plan.owner if plan else None,
        due=plan.due if plan else None,
        status_label=(plan.status_label if plan else "No plan yet"),
    )


def harm(question: QuestionRef, answer: str) -> Markdown:
    """What goes wrong for customers: the question's ``harm``, else the promise that is not
    kept and the answer that breaks it (never the prompt or the help, written for assessors)."""
    if question.harm:
        return md.sentence(question.harm)
    return Markdown(
        f"*{md.inline(question.section_title)}* is not kept: \u201c{md.inline(answer)}\u201d."
    )


def pillars(
    questionnaire: Questionnaire,
    refs: Mapping[str, QuestionRef],
    features: list[FeatureView],
    scores: list[FeatureScore],
    headline: Headline,
) -> list[PillarView]:
    """Per pillar: gaps per feature, the questions that fail most often, and strengths."""
    index = [(view, {a.question.id: a for a in view.answers}) for view in features]
    out = []
    for pillar in questionnaire.pillars:
        findings = []
        strengths = []
        for question in pillar.questions:
            scored = [
                (view, a) for view, answers in index
                if (a := answers[question.id]).risk is not None
            ]  # fmt: skip
            if not scored:
                continue
            mean = sum(a.risk or 0.0 for _, a in scored) / len(scored)
            if mean > 0:
                affected = tuple(v.name for v, a in scored if (a.risk or 0.0) > 0)
                findings.append(QuestionFinding(refs[question.id], mean, affected))
            elif all(a.best for _, a in scored):
                strengths.append(refs[question.id])
        findings.sort(key=lambda f: (-f.mean_risk, f.question.id))
        out.append(
            PillarView(
                id=pillar.id,
                title=UserText(pillar.title),
                summary=UserText(pillar.summary),
                weight=pillar.weight,
                gap=headline.pillars.get(pillar.id),
                planned_gap=_mean(
                    [g for s in scores if (g := s.planned.pillars.get(pillar.id)) is not None]
                ),
                features=tuple(
                    PillarRow(
                        v.name, s.now.pillars.get(pillar.id), s.planned.pillars.get(pillar.id)
                    )
                    for v, s in zip(features, scores, strict=True)
                ),
                weakest=tuple(findings[:3]),
                strengths=tuple(strengths),
            )
        )
    return out


def _fallback_action(kind: str) -> UserText:
    """An action for a top risk whose answer carries no recommendation in the questionnaire."""
    if kind == "unknown":
        return UserText("Find out the answer and record it: an unknown counts as likely to fail.")
    if kind == "impact":
        return UserText(
            "Check whether the feature needs all of this: collecting or sharing less "
            "lowers the impact."
        )
    return UserText("Agree an action with the team: the questionnaire has no recommendation here.")


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
