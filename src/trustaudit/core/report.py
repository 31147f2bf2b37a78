"""The Markdown report a manager reads in five minutes (DESIGN §6), and its JSON twin.

Rendering is two steps. ``context()`` turns the questionnaire, the assessment and the scorecard
into a *view* (``report_view``): plain frozen dataclasses holding exactly what the report shows,
with every user string marked as ``UserText``. The template then lays the view out; it
escapes every user string with a filter from ``markdown``, and numbers are rounded only there.
The view is also what user templates (``--template``) receive; docs/report-templates.md lists it.

Nothing reads the clock: dates come from the assessment, so the same files give the same bytes.
Jinja2 is imported only when a report is rendered, never when this module is imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from trustaudit.core import markdown as md
from trustaudit.core.assessment import Answer, Assessment, Feature, Plan
from trustaudit.core.datacard import build as build_card
from trustaudit.core.fields import BANDS, Band, band_rank
from trustaudit.core.markdown import Markdown, UserText, user
from trustaudit.core.questionnaire import Question, Questionnaire, condition_leaves
from trustaudit.core.report_view import (
    ActionView,
    AnswerView,
    BandCount,
    ChartsView,
    ContributorView,
    FeatureView,
    FloorView,
    HeadlineView,
    MethodRow,
    OrphanView,
    PillarGap,
    PillarRow,
    PillarView,
    PlanView,
    Point,
    ProblemView,
    QuestionFinding,
    QuestionnaireInfo,
    QuestionRef,
    Report,
    ReviewView,
    RiskView,
    SignOffView,
    SummaryView,
)
from trustaudit.core.scorecard import (
    Contributor,
    FeatureScore,
    FloorHit,
    Outcome,
    QuestionScore,
    Scorecard,
)
from trustaudit.core.scoring import Engine, State
from trustaudit.core.wording import long_date, topic

BAND_LABELS: dict[str, str] = {b: b.capitalize() for b in BANDS}
STATUS_LABELS = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "conditional": "Approved with conditions",
    "rejected": "Rejected",
}
DECISION_LABELS = {
    "pending": "Pending",
    "approved": "Approved",
    "conditional": "Conditional",
    "rejected": "Rejected",
}
PLAN_STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "accepted": "Risk accepted",
}
QUADRANTS = {
    (True, True): "Earn trust before launch",
    (False, True): "Rethink or drop",
    (True, False): "Launch and show the value",
    (False, False): "Keep it simple",
}
"""What to do, by (high personalisation value, high trust risk); the charts split at 0.5."""

BAND_COLOURS = {"critical": "#8b0000", "high": "#d1242f", "medium": "#e3b341", "low": "#2da44e"}

CHART_POINTS = 20
"""At most this many features are drawn in a chart (the riskiest); the tables list them all."""
TOP_RISKS = 5
TOP_RISKS_PER_FEATURE = 2
NAMES_IN_SENTENCE = 5


# --- building the view --------------------------------------------------------------------------


def _labels(question: Question, ids: Iterable[str]) -> tuple[UserText, ...]:
    """Option labels for option ids (an id that no longer exists is shown as it is)."""
    options = question.option_map
    return tuple(UserText(options[i].label if i in options else i) for i in ids)


class _Builder:
    """Builds the view; holds the lookups every part needs."""

    def __init__(self, questionnaire: Questionnaire, assessment: Assessment, card: Scorecard):
        self.q = questionnaire
        self.a = assessment
        self.card = card
        self.refs = {
            q.id: QuestionRef(
                id=q.id,
                topic=topic(q.id),
                prompt=UserText(q.prompt),
                help=UserText(q.help or ""),
                section=section.id,
                section_title=UserText(section.title),
                pillar=section.kind == "pillar",
                weight=q.weight,
            )
            for section in questionnaire.sections
            for q in section.questions
        }
        self.engine = Engine(questionnaire)

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
            benefit=benefit,
            confidence=score.confidence,
            provisional=score.provisional,
            dpia_likely=score.dpia_likely,
            dpia_points=score.dpia_points,
            quadrant=QUADRANTS[(benefit >= 0.5, score.now.risk >= 50)],
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
            contributors=tuple(self.contributor(c, feature) for c in score.contributors),
            drop_band=tuple(self.contributor(c, feature) for c in score.drop_band),
            drop_band_to=score.drop_band_to,
            drop_band_to_label=BAND_LABELS[score.drop_band_to] if score.drop_band_to else None,
            problems=tuple(UserText(p) for p in score.problems),
            orphaned=tuple(self.orphan(qid, feature.answers[qid]) for qid in score.orphaned),
            card=build_card(self.q, feature, score),
        )

    def answer(self, feature: Feature, qs: QuestionScore) -> AnswerView:
        question = self.q.by_id[qs.id]
        stored = feature.answers.get(qs.id)
        ids = _chosen(stored)
        options = _labels(question, ids)
        because: tuple[str, ...] = ()
        if not qs.applicable and question.when is not None:
            because = tuple(
                dict.fromkeys(topic(leaf.question) for leaf in condition_leaves(question.when))
            )
        return AnswerView(
            question=self.refs[qs.id],
            state=qs.state,
            applicable=qs.applicable,
            answer=_shown_answer(qs, stored, options),
            options=options,
            best=qs.state == "answered" and qs.risk == 0,
            risk=qs.risk,
            impact=qs.impact,
            floor=qs.floor,
            note=user(stored.note) if stored and stored.note else None,
            evidence=tuple(UserText(e) for e in stored.evidence) if stored else (),
            plan=self.plan(question, stored.plan, ids) if stored and stored.plan else None,
            problem=user(qs.problem),
            na_reason=user(stored.na) if stored and stored.na else None,
            not_applicable_because=because,
        )

    def plan(self, question: Question, plan: Plan, chosen: list[str]) -> PlanView:
        reason = None
        if not plan.credited:
            if plan.status == "accepted":
                reason = "risk accepted"
            elif plan.target is None:
                reason = "no target answer"
            else:
                reason = "no owner, no credit"
        return PlanView(
            action=UserText(plan.action or _recommendation(question, chosen) or ""),
            target=UserText("; ".join(_labels(question, plan.targets))),
            owner=user(plan.owner) if plan.owner and plan.owner.strip() else None,
            due=plan.due.isoformat() if plan.due else None,
            status=plan.status,
            status_label=PLAN_STATUS_LABELS[plan.status],
            credited=plan.credited,
            no_credit_reason=reason,
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

    def contributor(self, c: Contributor, feature: Feature) -> ContributorView:
        question = self.q.by_id[c.question]
        answer = feature.answers.get(c.question)
        options = _labels(question, c.options)
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
            best=UserText("; ".join(_labels(question, c.best))),
            recommend=user(c.recommend),
        )

    def orphan(self, qid: str, answer: Answer) -> OrphanView:
        return OrphanView(
            question=qid, answer=UserText(_raw_answer(answer)), note=user(answer.note)
        )

    # -- across features --

    def actions(
        self, features: list[tuple[FeatureView, Feature, FeatureScore]]
    ) -> list[ActionView]:
        """Every plan in the review, soonest due first, with what it does on its own."""
        rows: list[ActionView] = []
        for view, feature, score in features:
            states: dict[str, State] | None = None
            for a in view.answers:
                plan = feature.answers[a.question.id].plan if a.plan is not None else None
                if a.plan is None or plan is None:
                    continue
                if states is None:
                    states = self.engine.states(feature)[0]
                effect = self.effect(states, a.question.id, plan)
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

    def effect(self, states: Mapping[str, State], qid: str, plan: Plan) -> Outcome | None:
        """The feature's outcome with this one plan done; None when its target cannot apply.

        Scoring has no public "what if" for one answer, so this re-evaluates the feature's
        answer states with the one answer replaced (conditions, floors and all).
        """
        question = self.q.by_id.get(qid)
        targets = plan.targets
        if (
            question is None
            or not targets
            or question.type == "text"
            or any(t not in question.option_map for t in targets)
            or (question.type == "choice" and len(targets) != 1)
        ):
            return None
        target = State("answered", tuple(question.option_map[t] for t in targets))
        return self.engine.evaluate({**states, qid: target})[0]

    def top_risks(self, features: Iterable[FeatureView]) -> list[RiskView]:
        candidates: list[tuple[tuple[int, int, float, int, str], FeatureView, ContributorView]] = []
        for view in features:
            raising = {f.question.id for f in view.raised_by if f.question}
            for c in view.contributors:
                if c.kind == "impact" and c.recommend is None:
                    continue  # what the feature is, not a promise it breaks: see feature details
                key = (-band_rank(_band(view.band)), -(c.question.id in raising), -c.delta,
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
                    raises_band=any(
                        f.question is not None and f.question.id == c.question.id
                        for f in view.raised_by
                    ),
                    harm=c.question.help or c.question.prompt,
                    action=action or _fallback_action(c.kind),
                    owner=plan.owner if plan else None,
                    due=plan.due if plan else None,
                    status_label=(plan.status_label if plan else "No plan yet"),
                )
            )
        return chosen

    def pillars(self, features: list[FeatureView], scores: list[FeatureScore]) -> list[PillarView]:
        """Per pillar: gaps per feature, the questions that fail most often, and strengths."""
        index = [(view, {a.question.id: a for a in view.answers}) for view in features]
        out = []
        for pillar in self.q.pillars:
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
                    findings.append(QuestionFinding(self.refs[question.id], mean, affected))
                elif all(a.best for _, a in scored):
                    strengths.append(self.refs[question.id])
            findings.sort(key=lambda f: (-f.mean_risk, f.question.id))
            out.append(
                PillarView(
                    id=pillar.id,
                    title=UserText(pillar.title),
                    summary=UserText(pillar.summary),
                    weight=pillar.weight,
                    gap=self.card.headline.pillars.get(pillar.id),
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


def _band(value: str) -> Band:
    return next(b for b in BANDS if b == value)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _chosen(answer: Answer | None) -> list[str]:
    if answer is None:
        return []
    if answer.choice is not None:
        return [answer.choice]
    return list(answer.choices or [])


def _recommendation(question: Question, chosen: list[str]) -> str | None:
    """The questionnaire's advice for the chosen options, for a plan that names no action."""
    options = [question.option_map[i] for i in chosen if i in question.option_map]
    advised = [o for o in options if o.recommend]
    if not advised:
        return None
    return max(advised, key=lambda o: (o.risk or 0.0, o.impact or 0.0)).recommend


def _shown_answer(
    qs: QuestionScore, stored: Answer | None, options: tuple[UserText, ...]
) -> UserText:
    """The answer in words, whatever state it is in."""
    if not qs.applicable:
        return UserText("Does not apply")
    if qs.state == "unknown":
        return UserText("Don't know")
    if qs.state == "unanswered":
        return UserText("Not answered")
    if qs.state == "na":
        return UserText("Not applicable")
    if qs.state == "invalid":
        return UserText(f"Invalid: {qs.problem}")
    if stored is not None and stored.text is not None:
        return UserText(stored.text)
    if stored is not None and stored.choices == []:
        return UserText("None of these")
    return UserText("; ".join(options))


def _raw_answer(answer: Answer) -> str:
    """A stored answer as it is in the file, for answers whose question no longer exists."""
    if answer.choice is not None:
        return f"choice: {answer.choice}"
    if answer.choices is not None:
        return "choices: " + (", ".join(answer.choices) or "none")
    if answer.text is not None:
        return f"text: {answer.text}"
    if answer.unknown:
        return "don't know"
    if answer.na is not None:
        return f"n/a: {answer.na}"
    return "no answer (note or plan only)"


def _names(features: list[FeatureView]) -> Markdown:
    """Bold feature names for a sentence, at most a handful then "and N more"."""
    shown = [Markdown(f"**{md.inline(f.name)}**") for f in features[:NAMES_IN_SENTENCE]]
    rest = len(features) - len(shown)
    if rest:
        shown.append(Markdown(f"{rest} more"))
    return md.join_and(shown, escape=False)


def _why(worst: FeatureView | None) -> Markdown:
    """One line: which feature sets the headline, and what drives it."""
    if worst is None:
        return Markdown("No features have been reviewed yet.")
    name = f"**{md.inline(worst.name)}**"
    if worst.raised_by:
        hit = worst.raised_by[0]
        if hit.rule == "red flag" and hit.question is not None:
            return Markdown(
                f"{name} is held at {worst.band_label} by a red flag: "
                f"*{md.inline(hit.question.topic.lower())}* is "
                f"\u201c{md.inline(hit.answer or '')}\u201d."
            )
        return Markdown(
            f"{name} is at least {worst.band_label} because its "
            f"{'likelihood' if worst.likelihood >= worst.impact else 'impact'} "
            "is at the maximum level."
        )
    lead = f"{name} has the highest trust risk ({_score(worst.risk)} of 100)"
    gaps = [c for c in worst.contributors if c.kind != "impact"] or list(worst.contributors)
    if gaps:
        c = gaps[0]
        return Markdown(
            f"{lead}; its biggest gap is *{md.inline(c.question.topic.lower())}*: "
            f"\u201c{md.inline(c.key_answer)}\u201d."
        )
    return Markdown(lead + ".")


def _decisions(
    review: Assessment, features: list[FeatureView], actions: list[ActionView]
) -> list[Markdown]:
    out: list[Markdown] = []
    stay = [f for f in features if band_rank(_band(f.planned_band)) >= band_rank("high")]
    if stay:
        out.append(
            Markdown(
                f"Decide whether {_names(stay)} may launch: "
                "still High or worse with every plan done."
            )
        )
    staying = {f.id for f in stay}
    waiting = [
        f for f in features
        if band_rank(_band(f.band)) >= band_rank("high") and f.id not in staying
    ]  # fmt: skip
    if waiting:
        out.append(
            Markdown(
                f"Hold the launch of {_names(waiting)} until the planned fixes are done, "
                "or accept the risk in writing."
            )
        )
    unowned = [a for a in actions if a.no_credit_reason == "no owner, no credit"]
    if unowned:
        out.append(
            Markdown(
                "Give an owner and a due date to "
                f"{md.plural(len(unowned), 'planned fix', 'planned fixes')}: "
                f"until then {'it earns' if len(unowned) == 1 else 'they earn'} no credit "
                "(no owner, no credit)."
            )
        )
    accepted = [a for a in actions if a.status == "accepted"]
    if accepted:
        owners = list({a.feature.id: a.feature for a in accepted}.values())
        out.append(
            Markdown(f"Confirm {md.plural(len(accepted), 'accepted risk')} in {_names(owners)}.")
        )
    dpia = [f for f in features if f.dpia_likely]
    if dpia:
        out.append(
            Markdown(f"Commission a data protection impact assessment (DPIA) for {_names(dpia)}.")
        )
    pending = [s for s in review.sign_off if s.decision == "pending"]
    if pending:
        who = md.join_and(f"{s.role} ({s.name})" for s in pending)
        out.append(Markdown(f"Sign-off still pending from {who}."))
    return out


def _what_works(features: list[FeatureView], pillars: list[PillarView]) -> list[Markdown]:
    out: list[Markdown] = []
    low = [f for f in features if f.band == "low"]
    if low:
        out.append(
            Markdown(
                f"{len(low)} of {md.plural(len(features), 'feature')} "
                f"{'is' if len(low) == 1 else 'are'} Low risk: {_names(low)}."
            )
        )
    scored = [p for p in pillars if p.gap is not None]
    if scored:
        best = min(scored, key=lambda p: (p.gap or 0.0, p.id))
        out.append(
            Markdown(
                f"Strongest promise: *{md.inline(best.title)}* "
                f"(mean gap {_score(best.gap)} of 100)."
            )
        )
    strengths = [q for p in pillars for q in p.strengths]
    if strengths:
        shown = md.join_and(q.topic.lower() for q in strengths[:NAMES_IN_SENTENCE])
        more = len(strengths) - NAMES_IN_SENTENCE
        tail = f" and {more} more" if more > 0 else ""
        out.append(Markdown(f"Best practice in every feature for {shown}{tail}."))
    return out


def _score(value: float | None) -> str:
    """Scores to one decimal; ``n/a`` for a pillar with nothing applicable."""
    if value is None:
        return "n/a"
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _delta(value: float) -> str:
    text = _score(abs(value))
    return "0.0" if text == "0.0" else ("\u2212" if value > 0 else "+") + text


def _coord(value: float) -> str:
    """A chart coordinate: clamped to [0, 1], two decimals."""
    return f"{min(1.0, max(0.0, value)):.2f}"


def _points(features: list[FeatureView]) -> tuple[list[Point], list[Point], int]:
    shown = sorted(features, key=lambda f: (-f.risk, f.number))[:CHART_POINTS]
    shown.sort(key=lambda f: f.number)
    value_vs_risk = [Point(f.name, f.benefit, f.risk / 100) for f in shown]
    risk_map: list[Point] = []
    for f in shown:
        # Numbered labels: a feature's now and planned points sit close together, and full
        # names on both would overlap; the table beside the chart gives the numbers.
        risk_map.append(Point(UserText(f"{f.number}"), f.likelihood / 100, f.impact / 100))
        if (f.planned_likelihood, f.planned_impact) != (f.likelihood, f.impact):
            risk_map.append(
                Point(
                    UserText(f"{f.number} planned"),
                    f.planned_likelihood / 100,
                    f.planned_impact / 100,
                )
            )
    return value_vs_risk, risk_map, len(shown)


_MEANINGS = {
    "unknown_risk": "Risk of a \u201cdon't know\u201d or unanswered question (0 best, 1 worst).",
    "likelihood_blend": "Likelihood = blend \u00d7 mean pillar gap "
    "+ (1 \u2212 blend) \u00d7 worst pillar gap.",
    "levels": "Likelihood and impact below these are Negligible, Limited, Significant; "
    "above, Maximum.",
    "bands": "Trust risk R at or above these starts each band.",
    "axis_floor": "A feature whose likelihood or impact reaches the threshold is at least "
    "this band.",
    "planned_credit": "Share of a planned (not yet started) fix counted in the residual risk.",
    "dpia_threshold": "High-risk criteria met before a DPIA is flagged as likely.",
    "provisional_below": "Below this share of known answers a feature's band is provisional.",
}


def _pie_colours(h: Any) -> Markdown:
    """Slice colours in the pie's order (worst band first, empty bands left out)."""
    shown = [b for b in reversed(BANDS) if h.per_band[b]]
    colours = {f"pie{i}": BAND_COLOURS[b] for i, b in enumerate(shown, start=1)}
    return Markdown(json.dumps({**colours, "pieStrokeColor": "#ffffff"}))


def _method(questionnaire: Questionnaire) -> tuple[MethodRow, ...]:
    """The scoring settings actually used, from the questionnaire (defaults or its own)."""
    s = questionnaire.scoring
    values = {
        "unknown_risk": f"{s.unknown_risk:g}",
        "likelihood_blend": f"{s.likelihood_blend:g}",
        "levels": ", ".join(f"{v:g}" for v in s.levels),
        "bands": f"Medium {s.bands.medium:g}, High {s.bands.high:g}, Critical {s.bands.critical:g}",
        "axis_floor": f"{BAND_LABELS[s.axis_floor]} at {s.axis_threshold:g}",
        "planned_credit": f"{s.planned_credit:g}",
        "dpia_threshold": f"{s.dpia_threshold}",
        "provisional_below": _percent(s.provisional_below),
    }
    return tuple(MethodRow(key, values[key], meaning) for key, meaning in _MEANINGS.items())


def context(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
) -> Report:
    """The view every report template renders: see docs/report-templates.md."""
    builder = _Builder(questionnaire, assessment, scorecard)
    scores = list(scorecard.features)
    triples = [
        (builder.feature(i, f, s), f, s)
        for i, (f, s) in enumerate(zip(assessment.features, scores, strict=True), start=1)
    ]
    views = [t[0] for t in triples]
    actions = builder.actions(triples)
    top = builder.top_risks(views)
    pillars = builder.pillars(views, scores)
    h = scorecard.headline
    worst = max(views, key=lambda f: (band_rank(_band(f.band)), f.risk, -f.number), default=None)
    headline = HeadlineView(
        band=h.band,
        band_label=BAND_LABELS[h.band] if h.band else "Not scored",
        planned_band=h.planned_band,
        planned_band_label=BAND_LABELS[h.planned_band] if h.planned_band else "Not scored",
        mean_risk=h.mean_risk,
        planned_mean_risk=h.planned_mean_risk,
        per_band=tuple(
            BandCount(b, BAND_LABELS[b], h.per_band[b], h.planned_per_band[b]) for b in BANDS
        ),
        why=_why(worst),
        worst=worst,
    )
    confidences = [f.confidence for f in views] or [1.0]
    summary = SummaryView(
        features=len(views),
        top=tuple(top[:3]),
        decisions=tuple(_decisions(assessment, views, actions)),
        dpia=tuple(f for f in views if f.dpia_likely),
        provisional=tuple(f for f in views if f.provisional),
        confidence_mean=sum(confidences) / len(confidences),
        confidence_min=min(confidences),
        what_works=tuple(_what_works(views, pillars)),
    )
    value_vs_risk, risk_map, shown = _points(views)
    return Report(
        review=_review(questionnaire, assessment),
        headline=headline,
        summary=summary,
        features=tuple(views),
        top_risks=tuple(top),
        actions=tuple(actions),
        pillars=tuple(pillars),
        charts=ChartsView(
            charts, tuple(value_vs_risk), tuple(risk_map), shown, len(views), _pie_colours(h)
        ),
        method=_method(questionnaire),
        problems=tuple(_problems(assessment, questionnaire, views)),
    )


def _review(questionnaire: Questionnaire, assessment: Assessment) -> ReviewView:
    pin = assessment.questionnaire
    return ReviewView(
        product=UserText(assessment.product),
        release=UserText(assessment.release),
        team=UserText(assessment.team),
        status=assessment.status,
        status_label=STATUS_LABELS[assessment.status],
        assessors=tuple(UserText(a) for a in assessment.assessors),
        created=assessment.created.date().isoformat(),
        updated=assessment.updated.date().isoformat(),
        date=long_date(assessment.updated.date()),
        next_review=long_date(assessment.next_review) if assessment.next_review else None,
        questionnaire=QuestionnaireInfo(
            id=questionnaire.id,
            title=UserText(questionnaire.title),
            version=UserText(questionnaire.version),
            sha256=questionnaire.sha256,
            short_sha=questionnaire.sha256[:12],
            pinned_version=UserText(pin.version),
            changed=pin.sha256 != questionnaire.sha256,
        ),
        sign_off=tuple(
            SignOffView(
                role=UserText(s.role),
                name=UserText(s.name),
                decision=s.decision,
                decision_label=DECISION_LABELS[s.decision],
                date=s.date.isoformat() if s.date else None,
                comment=UserText(s.comment),
            )
            for s in assessment.sign_off
        ),
    )


def _problems(
    assessment: Assessment, questionnaire: Questionnaire, features: list[FeatureView]
) -> list[ProblemView]:
    out: list[ProblemView] = []
    from trustaudit.core.store import drift  # store pulls in locking; only needed here

    changed = drift(assessment, questionnaire)
    if changed is not None:
        out.extend(
            ProblemView(UserText("questionnaire"), UserText(line)) for line in changed.lines()
        )
    for f in features:
        out.extend(ProblemView(f.name, p) for p in f.problems)
    return out


# --- rendering ----------------------------------------------------------------------------------

Filter = Callable[..., Any]


def filters() -> dict[str, Filter]:
    """The filters every report template gets (documented in docs/report-templates.md)."""
    return {
        "inline": md.inline,
        "cell": md.cell,
        "sentence": md.sentence,
        "block": md.block,
        "code": md.code,
        "link": md.link,
        "url": md.url,
        "evidence": md.evidence,
        "mermaid": md.mermaid_label,
        "join_and": md.join_and,
        "score": _score,
        "percent": _percent,
        "delta": _delta,
        "coord": _coord,
        "band": lambda b: BAND_LABELS.get(str(b), str(b)),
        "long_date": long_date,
        "plural": md.plural,
    }


@cache
def _filters() -> Any:
    from trustaudit.core.templating import Filters

    return Filters(filters(), {"plural": md.plural, "topic": topic})


TEMPLATE = "trustaudit/report.md.j2"


def render_markdown(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
    template: Path | None = None,
) -> str:
    """The report as Markdown, from the built-in template or a user's (sandboxed) one.

    A user template's errors raise ``TemplateError`` with ``template-path:line: message``.
    """
    view = context(questionnaire, assessment, scorecard, charts=charts).as_context()
    from trustaudit.core import templating

    if template is None:
        return templating.render_builtin(TEMPLATE, view, _filters())
    return templating.render_user_template(template, view, _filters())


def render_json(scorecard: Scorecard) -> str:
    """The scorecard as JSON, byte for byte what ``trustaudit score --json`` writes to a pipe
    or a file: one line, which the C encoder writes fast even for a large scorecard."""
    return json.dumps(scorecard.to_json(), ensure_ascii=False) + "\n"


def default_output(assessment_path: Path, assessment: Assessment, fmt: str = "md") -> Path:
    """``<assessment folder>/<product-slug>.md`` (or ``.json``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", assessment.product.lower()).strip("-")[:60].strip("-")
    if not slug:
        name = assessment_path.name
        slug = (
            name[: -len(".trustaudit.yaml")]
            if name.endswith(".trustaudit.yaml")
            else assessment_path.stem
        )
    return assessment_path.parent / f"{slug}.{'json' if fmt == 'json' else 'md'}"


def write(text: str, path: Path) -> None:
    """Write a report atomically: readers see the old file or the new one, never half."""
    from trustaudit.core.yamlio import atomic_write

    atomic_write(path, text.encode("utf-8"))
