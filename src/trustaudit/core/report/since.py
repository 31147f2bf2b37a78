"""The report's "Since the last review": the current cycle against the last one in ``history``.

The file keeps, for each past cycle, the bands then (``review.cycle.start``), so the report can say
what moved without reading an older version of the file: bands then and now, features added and
removed, the questionnaire, the sign-off then, and how many answers were looked at again.
``trustaudit diff`` gives the same change answer by answer.
"""

from __future__ import annotations

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.bands import band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.view import SignOffView, SinceFeature, SinceView
from trustaudit.core.report.wording import long_date
from trustaudit.core.review import cycle
from trustaudit.core.scoring.scorecard import Scorecard


def since_last(
    questionnaire: Questionnaire, assessment: Assessment, card: Scorecard
) -> SinceView | None:
    """What changed since the last cycle; None in a first review."""
    counts = cycle.tally(assessment, questionnaire)
    if counts is None:
        return None
    last = assessment.history[-1]
    then = {f.id: f for f in last.features}
    now = {f.id: f for f in card.features}
    kept: list[SinceFeature] = []
    added: list[SinceFeature] = []
    for f in card.features:
        before = then.get(f.id)
        row = SinceFeature(
            name=UserText(f.name),
            band_then=before.band if before else None,
            band_then_label=BAND_LABELS[before.band] if before else None,
            band_now=f.now.band,
            band_now_label=BAND_LABELS[f.now.band],
            risk_then=before.risk if before else None,
            risk_now=f.now.risk,
        )
        (kept if before else added).append(row)
    removed = [
        SinceFeature(UserText(f.name), f.band, BAND_LABELS[f.band], None, None, f.risk, None)
        for f in last.features
        if f.id not in now
    ]

    def moved(row: SinceFeature) -> int:
        assert row.band_then is not None and row.band_now is not None
        return band_rank(row.band_now) - band_rank(row.band_then)

    worse = sorted((r for r in kept if moved(r) > 0), key=lambda r: -moved(r))
    better = sorted((r for r in kept if moved(r) < 0), key=moved)
    band_now = card.headline.band
    return SinceView(
        cycles=len(assessment.history),
        started=long_date(last.started),
        ended=long_date(last.ended),
        band_then_label=BAND_LABELS[last.band] if last.band else "Not scored",
        band_now_label=BAND_LABELS[band_now] if band_now else "Not scored",
        worse=tuple(worse),
        better=tuple(better),
        added=tuple(added),
        removed=tuple(removed),
        unchanged=len(kept) - len(worse) - len(better),
        questionnaire_then=UserText(f"{last.questionnaire.id} {last.questionnaire.version}"),
        questionnaire_changed=last.questionnaire.sha256 != questionnaire.sha256,
        carried=counts.carried,
        confirmed=counts.confirmed,
        changed=counts.changed,
        unconfirmed=counts.unconfirmed,
        new=counts.new,
        sign_off_then=tuple(SignOffView.of(s) for s in last.sign_off),
    )
