"""Small reviews for the report tests, built through the models against the bundled questionnaire.

``review(**strings)`` gives a one-feature assessment in which every user-written field the report
shows (product, feature name, description, purpose statement, notes, evidence, plan, sign-off) can
be set, so escaping tests can put hostile text in each of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin, Plan, SignOff
from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.render import render_markdown
from trustaudit.core.scoring.engine import score

NOTED = [
    "collection-notice", "kinds-named", "consent-choice", "withdrawal", "purpose-stated",
    "uses-listed", "retention-stated", "stated-use-only", "data-minimisation", "security",
    "data-kinds", "reach", "recipients", "retention", "privacy-defaults", "data-access",
]  # fmt: skip
"""Questions whose notes carry test strings, in the order the ``notes`` argument fills them."""


@cache
def bundled() -> Questionnaire:
    return loader.load(locations.bundled_folder() / "trust-audit.yaml")


def review(
    product: str = "Harmless Shop",
    name: str = "Harmless feature",
    description: str = "Suggests products.",
    purpose: str = "We use your orders to suggest products.",
    notes: Sequence[str] = (),
    evidence: Sequence[str] = ("docs/evidence.md",),
    extra_features: int = 0,
) -> Assessment:
    q = bundled()
    answers = {
        "data-kinds": Answer(choices=["purchase-history", "browsing"]),
        "recipients": Answer(choices=["service-providers"]),
        "uses": Answer(choices=["personalise"]),
        "retention": Answer(choice="up-to-1-year"),
        "personalisation-value": Answer(choice="clearly-better"),
        "purpose-statement": Answer(text=purpose),
        "collection-notice": Answer(
            choice="policy-only",
            evidence=list(evidence),
            plan=Plan(
                target="in-context",
                action="Add a notice.",
                owner="Lee Chen",
                due=dt.date(2027, 1, 15),
            ),
        ),
        "consent-choice": Answer(choice="opt-out-clear"),
        "withdrawal": Answer(unknown=True),
        "security": Answer(choice="none"),
        "granular-choices": Answer(na="Only one use."),
        "gone-question": Answer(choice="whatever", note="kept from an old version"),
    }
    for qid, note in zip(NOTED, notes, strict=False):
        base = answers.get(qid, Answer(choice=q.by_id[qid].options[0].id))
        answers[qid] = Answer(**{**base.model_dump(), "note": note})  # validated: text is cleaned
    features = [
        Feature(id="feature", name=name, description=description, owner="Dana", answers=answers)
    ]
    features += [
        Feature(id=f"extra-{n}", name=f"Extra {n}", answers={"security": Answer(choice="none")})
        for n in range(extra_features)
    ]
    created = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)
    return Assessment(
        questionnaire=Pin(id=q.id, version=q.version, sha256=q.sha256),
        product=product,
        release="2.3",
        team="Growth",
        assessors=["Dana Ortiz (PM)"],
        created=created,
        updated=created,
        review_by=dt.date(2027, 3, 1),
        features=features,
        sign_off=[SignOff(role="Privacy lead", name="Sam Roe", comment="Fine.")],
    )


def render(assessment: Assessment, **options: object) -> str:
    q = bundled()
    return render_markdown(q, assessment, score(q, assessment), **options)  # type: ignore[arg-type]
