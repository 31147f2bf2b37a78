"""The report's "Since the last review": the current cycle against the last one in ``history``.

The file keeps, for each past cycle, the bands then (``review.cycle.start``), so the report can say
what moved without reading an older version of the file: bands then and now, features added and
removed, the questionnaire, the sign-off then, and how many answers were looked at again.
``trustaudit diff`` gives the same change answer by answer. The section's view (``SinceView``)
lives here beside its builder; ``view.Report.since`` holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.bands import Band, band_rank
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.view import SignOffView
from trustaudit.core.report.wording import long_date
from trustaudit.core.review import cycle
from trustaudit.core.scoring.scorecard import Scorecard


@dataclass(frozen=True)
class SinceFeature:
    """One feature now against the last review cycle: ``then`` is None for a new feature."""

    name: UserText
    band_then: Band | None
    band_then_label: str | None
    band_now: Band | None
    band_now_label: str | None
    risk_then: float | None
    risk_now: float | None


@dataclass(frozen=True)
class SinceView:
    """What changed since the last review cycle, from the file's ``history``: bands then and
    now, features added and removed, the questionnaire, and how many answers were re-confirmed.
    ``trustaudit diff`` gives the change answer by answer."""

    cycles: int
    started: str
    ended: str
    band_then_label: str
    band_now_label: str
    worse: tuple[SinceFeature, ...]
    better: tuple[SinceFeature, ...]
    added: tuple[SinceFeature, ...]
    removed: tuple[SinceFeature, ...]
    unchanged: int
    questionnaire_then: UserText
    questionnaire_changed: bool
    carried: int
    confirmed: int
    changed: int
    unconfirmed: int
    new: int
    sign_off_then: tuple[SignOffView, ...]


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
