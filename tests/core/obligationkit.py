"""Features answered against the bundled questionnaire, for the obligation and DPIA tests.

``answers(...)`` answers every pillar question at its best option (so nothing is at risk) and
the profile as given; a test then changes the one answer it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache

from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin
from trustaudit.core.obligations.status import FeatureObligations, ObligationMap, Standing
from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.engine import score
from trustaudit.core.scoring.scorecard import FeatureScore

PROFILE: dict[str, list[str]] = {
    "data-kinds": ["purchase-history"],
    "data-sources": ["direct"],
    "reach": ["all-customers"],
    "scale-factors": ["none"],
    "markets": ["eu", "uk", "california"],
    "vulnerable-users": ["not-expected"],
    "high-risk-traits": ["none"],
    "ai-use": ["none"],
    "platform": ["not-a-platform"],
    "recipients": ["service-providers"],
    "uses": ["personalise"],
}
"""A plain shop feature: everyday data, every market, no platform, no AI."""


@cache
def bundled() -> Questionnaire:
    return loader.load(locations.bundled_folder() / "trust-audit.yaml")


def answer(q: Questionnaire, qid: str, options: Iterable[str]) -> Answer:
    chosen = list(options)
    if q.by_id[qid].type == "multi":
        return Answer(choices=chosen)
    (only,) = chosen
    return Answer(choice=only)


def answers(
    profile: Mapping[str, list[str] | None] | None = None,
    pillar: Mapping[str, Answer] | None = None,
    q: Questionnaire | None = None,
) -> dict[str, Answer]:
    """The profile (``PROFILE`` with ``profile``'s changes; None leaves a question unanswered)
    and every pillar question at its best option, ``pillar`` replacing some."""
    q = q or bundled()
    merged: dict[str, list[str] | None] = {**PROFILE, **(profile or {})}
    found = {qid: answer(q, qid, opts) for qid, opts in merged.items() if opts is not None}
    for section in q.pillars:
        for question in section.questions:
            best = rules.best_option(question, pillar=True)
            if best is not None:
                found[question.id] = Answer(choice=best.id)
    found.update(pillar or {})
    return found


def assessment(
    *features: dict[str, Answer], q: Questionnaire | None = None, name: str = "Feature"
) -> Assessment:
    q = q or bundled()
    created = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)
    return Assessment(
        questionnaire=Pin(id=q.id, version=q.version, sha256=q.sha256),
        product="Shop",
        release="1",
        team="Team",
        created=created,
        updated=created,
        features=[
            Feature(id=f"f{n}", name=f"{name} {n}", answers=a) for n, a in enumerate(features)
        ],
    )


def scored(feature: dict[str, Answer], q: Questionnaire | None = None) -> FeatureScore:
    q = q or bundled()
    return score(q, assessment(feature, q=q)).features[0]


def obligations(feature: dict[str, Answer], q: Questionnaire | None = None) -> FeatureObligations:
    q = q or bundled()
    a = assessment(feature, q=q)
    return ObligationMap(q).feature(a.features[0], score(q, a).features[0])


def by_id(found: FeatureObligations) -> dict[str, Standing]:
    return {s.obligation.id: s for s in found.standings}


def ids(found: FeatureObligations, *statuses: str) -> set[str]:
    return {s.obligation.id for s in found.standings if not statuses or s.status in statuses}
