"""The view every report template renders (docs/report-templates.md): ``context()``.

It turns the questionnaire, the assessment and the scorecard into plain frozen dataclasses
(``view``) holding exactly what the report shows. Nothing reads the clock: dates are judged on
the scorecard's as-of date (which the report prints), so the same files and the same ``--as-of``
give the same bytes.
"""

from __future__ import annotations

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.bands import BANDS, band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report import chart_data, overview, plans, prose, since
from trustaudit.core.report.build import FeatureBuilder
from trustaudit.core.report.card.model import publisher_of
from trustaudit.core.report.labels import (
    BAND_LABELS,
    METHOD_MEANINGS,
    STATUS_LABELS,
)
from trustaudit.core.report.markdown import UserText, user
from trustaudit.core.report.numbers import percent
from trustaudit.core.report.obligations import obligations_view
from trustaudit.core.report.view import (
    BandCount,
    ChartsView,
    FeatureView,
    HeadlineView,
    MethodRow,
    ProblemView,
    QuestionnaireInfo,
    Report,
    ReviewView,
    SignOffView,
    SummaryView,
)
from trustaudit.core.report.wording import long_date
from trustaudit.core.review.drift import drift
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.engine import Engine
from trustaudit.core.scoring.scorecard import Scorecard


def method(questionnaire: Questionnaire) -> tuple[MethodRow, ...]:
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
        "provisional_below": percent(s.provisional_below),
    }
    return tuple(MethodRow(key, values[key], meaning) for key, meaning in METHOD_MEANINGS.items())


def context(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    *,
    charts: bool = True,
) -> Report:
    """The view every report template renders: see docs/report-templates.md."""
    builder = FeatureBuilder(questionnaire, publisher_of(assessment))
    engine = Engine(questionnaire)
    scores = list(scorecard.features)
    triples = [
        (builder.feature(i, f, s), f, s)
        for i, (f, s) in enumerate(zip(assessment.features, scores, strict=True), start=1)
    ]
    views = [t[0] for t in triples]
    as_of = scorecard.as_of or timing.judged_on(assessment, None)
    rows = plans.actions(engine, triples, as_of, assessment.launch)
    top = overview.top_risks(views)
    pillars = overview.pillars(questionnaire, builder.refs, views, scores, scorecard.headline)
    h = scorecard.headline
    worst = max(views, key=lambda f: (band_rank(f.band), f.risk, -f.number), default=None)
    by, count = plans.planned_by(rows)
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
        why=prose.why(worst),
        worst=worst,
        planned_by=by,
        planned_fixes=count,
    )
    review = _review(questionnaire, assessment, scorecard)
    confidences = [f.confidence for f in views] or [1.0]
    summary = SummaryView(
        features=len(views),
        top=tuple(top[:3]),
        decisions=tuple(prose.decisions(views, rows)),
        unowned=tuple(r for r in rows if r.to_make and r.no_credit_reason == "no owner, no credit"),
        accepted=tuple(r for r in rows if r.status == "accepted" and not r.lapsed),
        after_launch=tuple(r for r in rows if r.after_launch),
        conditions=tuple(s for s in review.sign_off if s.decision == "conditional" and s.comment),
        to_sign=tuple(s for s in review.sign_off if s.decision == "pending"),
        dpia=tuple(f for f in views if f.dpia_likely),
        provisional=tuple(f for f in views if f.provisional),
        confidence_mean=sum(confidences) / len(confidences),
        confidence_min=min(confidences),
        what_works=tuple(prose.what_works(views, pillars)),
        lapsed=tuple(r for r in rows if r.lapsed),
        overdue=tuple(r for r in rows if r.overdue),
    )
    value_vs_risk, risk_map, shown = chart_data.points(views, questionnaire.scoring)
    return Report(
        review=review,
        headline=headline,
        summary=summary,
        features=tuple(views),
        top_risks=tuple(top),
        actions=tuple(rows),
        plan_groups=tuple(plans.groups(views, rows)),
        owners=tuple(plans.owners(rows)),
        risk_grid=chart_data.grid(views),
        pillars=tuple(pillars),
        charts=ChartsView(
            charts,
            tuple(value_vs_risk),
            tuple(risk_map),
            shown,
            len(views),
            chart_data.pie_colours(h),
        ),
        method=method(questionnaire),
        problems=tuple(_problems(assessment, questionnaire, views)),
        since=since.since_last(questionnaire, assessment, scorecard),
        obligations=obligations_view(questionnaire, assessment, scorecard, views),
    )


def _review(
    questionnaire: Questionnaire, assessment: Assessment, scorecard: Scorecard
) -> ReviewView:
    pin = assessment.questionnaire
    as_of = scorecard.as_of or timing.judged_on(assessment, None)
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
        next_review=long_date(scorecard.review_by) if scorecard.review_by else None,
        launch=long_date(assessment.launch) if assessment.launch else None,
        evidence_url=user(assessment.evidence_url),
        questionnaire=QuestionnaireInfo(
            id=questionnaire.id,
            title=UserText(questionnaire.title),
            version=UserText(questionnaire.version),
            sha256=questionnaire.sha256,
            short_sha=questionnaire.sha256[:12],
            pinned_version=UserText(pin.version),
            changed=pin.sha256 != questionnaire.sha256,
            pinned=pin.sha256 is not None,
        ),
        sign_off=tuple(SignOffView.of(s) for s in assessment.sign_off),
        as_of=long_date(as_of),
        review_by_derived=scorecard.review_by_derived,
        review_due=scorecard.review_due,
    )


def _problems(
    assessment: Assessment, questionnaire: Questionnaire, features: list[FeatureView]
) -> list[ProblemView]:
    out: list[ProblemView] = []
    changed = drift(assessment, questionnaire)
    if changed is not None:
        out.extend(
            ProblemView(UserText("questionnaire"), UserText(line)) for line in changed.lines()
        )
    for f in features:
        out.extend(ProblemView(f.name, p) for p in f.problems)
    return out
