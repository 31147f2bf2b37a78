"""The report across features: the action plan, the top risks and the findings by pillar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from trustaudit.core.assessment.model import Feature
from trustaudit.core.bands import band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.view import (
    ActionView,
    ContributorView,
    FeatureView,
    PillarRow,
    PillarView,
    QuestionFinding,
    QuestionRef,
    RiskView,
)
from trustaudit.core.scoring.engine import Engine
from trustaudit.core.scoring.scorecard import FeatureScore, Headline

TOP_RISKS = 5
TOP_RISKS_PER_FEATURE = 2


def actions(
    engine: Engine, features: Iterable[tuple[FeatureView, Feature, FeatureScore]]
) -> list[ActionView]:
    """Every plan in the review, soonest due first, with what it does on its own."""
    rows: list[ActionView] = []
    for view, feature, score in features:
        for a in view.answers:
            plan = feature.answers[a.question.id].plan if a.plan is not None else None
            if a.plan is None or plan is None:
                continue
            effect = engine.what_if(feature, a.question.id, plan.targets) if plan.targets else None
            rows.append(
                ActionView(
                    feature=view,
                    question=a.question,
                    action=a.plan.action,
                    target=a.plan.target,
                    risk_from=score.now.risk,
                    risk_to=effect.risk if effect else None,
                    band_from=score.now.band,
                    band_to=effect.band if effect else None,
                    band_from_label=BAND_LABELS[score.now.band],
                    band_to_label=BAND_LABELS[effect.band] if effect else None,
                    owner=a.plan.owner,
                    due=a.plan.due,
                    status=a.plan.status,
                    status_label=a.plan.status_label,
                    credited=a.plan.credited,
                    no_credit_reason=a.plan.no_credit_reason,
                )
            )
    rows.sort(key=lambda r: (r.due is None, r.due or "", r.feature.number, r.question.id))
    return rows


def top_risks(features: Iterable[FeatureView]) -> list[RiskView]:
    """The product's worst answers: by band, then whether they raise it, then ΔR; at most
    ``TOP_RISKS_PER_FEATURE`` from any one feature so one feature cannot fill the list."""
    candidates: list[tuple[tuple[int, int, float, int, str], FeatureView, ContributorView]] = []
    for view in features:
        raising = {f.question.id for f in view.raised_by if f.question}
        for c in view.contributors:
            if c.kind == "impact" and c.recommend is None:
                continue  # what the feature is, not a promise it breaks: see feature details
            key = (-band_rank(view.band), -(c.question.id in raising), -c.delta,
                   view.number, c.question.id)  # fmt: skip
            candidates.append((key, view, c))
    candidates.sort(key=lambda item: item[0])
    chosen: list[RiskView] = []
    per_feature: dict[str, int] = {}
    for _, view, c in candidates:
        if len(chosen) == TOP_RISKS:
            break
        if per_feature.get(view.id, 0) >= TOP_RISKS_PER_FEATURE:
            continue
        per_feature[view.id] = per_feature.get(view.id, 0) + 1
        answer = next(a for a in view.answers if a.question.id == c.question.id)
        plan = answer.plan
        action = (plan.action if plan and plan.action else None) or c.recommend
        chosen.append(
            RiskView(
                rank=len(chosen) + 1,
                feature=view,
                question=c.question,
                answer=c.key_answer,
                kind=c.kind,
                delta=c.delta,
                raises_band=c.question.id in raising,
                harm=c.question.help or c.question.prompt,
                action=action or _fallback_action(c.kind),
                owner=plan.owner if plan else None,
                due=plan.due if plan else None,
                status_label=(plan.status_label if plan else "No plan yet"),
            )
        )
    return chosen


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
