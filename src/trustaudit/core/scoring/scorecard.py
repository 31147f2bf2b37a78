"""What scoring produces: the scorecard of a review, feature by feature, with its JSON form.

Plain frozen dataclasses, so the report, the TUI and the CLI read the same numbers, the same open
items and the same top fix. ``to_json`` is the stable contract of ``score --json`` and
``report --format json`` (keys may be added, none renamed; numbers unrounded), and ``dumps`` is
the one place its text is made.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from trustaudit.core.bands import BANDS, Band, worst
from trustaudit.core.questionnaire.model import Scoring

StateKind = Literal["answered", "unknown", "unanswered", "na", "invalid"]
"""How a question stands: answered, "don't know", not answered, N/A (with a reason), invalid."""

ProblemKind = Literal["answer", "plan"]
FloorRule = Literal["red flag", "axis"]
ContributorKind = Literal["risk", "impact", "unknown"]


@dataclass(frozen=True)
class ScoreProblem:
    """Something in the answers that scoring could not use: an invalid answer (scored as
    unanswered) or a plan whose target does not fit (no credit)."""

    question: str
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return f"{self.question}: {self.message}"


OpenKind = Literal[
    "unanswered",
    "don't know",
    "invalid",
    "red flag",
    "needs a plan",
    "plan",
    "orphaned",
    "overdue",
    "lapsed",
]
"""What is open about a question: no answer; "don't know"; an answer scoring cannot use; a red
flag; a risky answer with no credited plan (an accepted risk is a decision, not a gap); a plan
that earns no credit for a problem; an answer kept for a question the questionnaire no longer
has; a fix past its due date; an accepted risk past the end of its acceptance (its risk is back).
"""


@dataclass(frozen=True)
class OpenItem:
    """One thing a team still has to do in a feature, in questionnaire order."""

    question: str
    kind: OpenKind
    detail: str = ""
    """For ``red flag`` the least band it forces; for ``invalid`` and ``plan`` the problem; for
    ``overdue`` the due date and for ``lapsed`` the acceptance's last day (ISO dates)."""


DatedKind = Literal["overdue", "lapsed"]


@dataclass(frozen=True)
class DatedPlan:
    """A plan that the as-of date finds late: a fix past its due date (``overdue``: ``who`` owns
    it, ``date`` is the due date), or an accepted risk past the end of its acceptance (``lapsed``:
    ``who`` accepted it, ``date`` is its last day)."""

    kind: DatedKind
    feature: str
    question: str
    who: str | None
    date: dt.date

    def to_json(self) -> dict[str, Any]:
        who, date = (
            ("owner", "due") if self.kind == "overdue" else ("accepted_by", "accepted_until")
        )
        return {
            "feature": self.feature,
            "question": self.question,
            who: self.who,
            date: self.date.isoformat(),
        }

    def __str__(self) -> str:
        """One line for a CI log: which plan, whose, since when (the value is the file's)."""
        if self.kind == "overdue":
            whose = f" ({self.who})" if self.who else " (no owner)"
            return f"feature {self.feature}: {self.question}: fix due {self.date}{whose}"
        by = f" by {self.who}" if self.who else ""
        return f"feature {self.feature}: {self.question}: risk accepted{by} until {self.date}"


@dataclass(frozen=True)
class FloorHit:
    """A rule that sets a least band: a red-flag option, or the axis rule on L or I."""

    question: str | None
    floor: Band
    rule: FloorRule
    raised: bool
    threshold: float | None = None
    """For the axis rule: the likelihood or impact from which it holds (``axis_threshold``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "floor": self.floor,
            "rule": self.rule,
            "raised": self.raised,
        }


@dataclass(frozen=True)
class Outcome:
    """The numbers of one feature under one set of answers (now, or with plans done)."""

    pillars: dict[str, float | None]
    likelihood: float
    impact: float
    risk: float
    band: Band
    floors: tuple[FloorHit, ...]
    risk_band: Band

    def to_json(self) -> dict[str, Any]:
        return {
            "pillars": dict(self.pillars),
            "likelihood": self.likelihood,
            "impact": self.impact,
            "risk": self.risk,
            "band": self.band,
            "floors": [f.to_json() for f in self.floors],
        }


@dataclass(frozen=True)
class Contributor:
    """One answer's share of the risk: how far R falls if it were at its best option."""

    question: str
    section: str
    delta: float
    kind: ContributorKind
    options: tuple[str, ...]
    best: tuple[str, ...]
    recommend: str | None
    pillar: bool = True
    """Whether the answer is about how the feature is run (a pillar), not what it is."""
    band: Band | None = None
    """The feature's band with this answer alone at its best option (floors and all)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "section": self.section,
            "delta": self.delta,
            "kind": self.kind,
            "options": list(self.options),
            "best": list(self.best),
            "recommend": self.recommend,
            "band": self.band,
        }


@dataclass(frozen=True)
class DpiaCriterion:
    """A DPIA screening criterion a feature meets, and the chosen answers that meet it.

    ``id`` is a WP248 criterion (``questionnaire.dpia.CRITERIA``); None for an option that counts
    with the older ``dpia: N`` (its ``points``, named by the option alone)."""

    id: str | None
    answers: tuple[tuple[str, str], ...]
    points: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion": self.id,
            "points": self.points,
            "answers": [{"question": q, "option": o} for q, o in self.answers],
        }


@dataclass(frozen=True)
class DpiaExemption:
    """A chosen answer that says a DPIA is not likely required whatever the criteria."""

    id: str
    question: str
    option: str

    def to_json(self) -> dict[str, Any]:
        return {"exemption": self.id, "question": self.question, "option": self.option}


@dataclass(frozen=True)
class QuestionScore:
    """One question's standing in one feature, for progress, summaries and report details."""

    id: str
    section: str
    applicable: bool
    state: StateKind
    risk: float | None = None
    impact: float | None = None
    floor: Band | None = None
    problem: str | None = None


@dataclass(frozen=True)
class FeatureScore:
    id: str
    name: str
    now: Outcome
    planned: Outcome
    likelihood_level: str
    impact_level: str
    benefit: float
    confidence: float
    provisional: bool
    dpia_points: int
    dpia_likely: bool
    questions: tuple[QuestionScore, ...]
    contributors: tuple[Contributor, ...]
    drop_band: tuple[Contributor, ...]
    drop_band_to: Band | None
    problems: tuple[ScoreProblem, ...]
    orphaned: tuple[str, ...]
    open_items: tuple[OpenItem, ...] = ()
    dpia_criteria: tuple[tuple[str, str], ...] = ()
    """The chosen profile options that meet DPIA criteria, as (question, option) ids."""
    dpia_met: tuple[DpiaCriterion, ...] = ()
    """The criteria met, each once, in the guidelines' order (``scoring.dpia.screen``)."""
    dpia_exemption: DpiaExemption | None = None
    """The chosen answer that exempts the feature from the DPIA flag, if any."""
    dated: tuple[DatedPlan, ...] = ()
    """Plans the as-of date finds late (overdue fixes, lapsed acceptances), in question order;
    empty when scored without a date."""

    @property
    def top_fix(self) -> Contributor | None:
        """The fix to advise first: the biggest contributor in how the feature is run (a pillar
        answer), else the biggest one. Changing what the feature is (its data, its reach) makes
        poor first advice; the drop-a-band fixes follow the same order."""
        running = next((c for c in self.contributors if c.pillar), None)
        return running or next(iter(self.contributors), None)

    @property
    def band(self) -> Band:
        return self.now.band

    @property
    def risk(self) -> float:
        return self.now.risk

    @property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "unanswered")

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "unknown")

    @property
    def invalid(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions if q.applicable and q.state == "invalid")

    @property
    def complete(self) -> bool:
        return not self.unanswered and not self.invalid

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "pillars": dict(self.now.pillars),
            "likelihood": self.now.likelihood,
            "impact": self.now.impact,
            "risk": self.now.risk,
            "band": self.now.band,
            "floors": [f.to_json() for f in self.now.floors],
            "likelihood_level": self.likelihood_level,
            "impact_level": self.impact_level,
            "benefit": self.benefit,
            "confidence": self.confidence,
            "provisional": self.provisional,
            "dpia_likely": self.dpia_likely,
            "dpia_points": self.dpia_points,
            "dpia_criteria": [{"question": q, "option": o} for q, o in self.dpia_criteria],
            "dpia_met": [c.to_json() for c in self.dpia_met],
            "dpia_exemption": self.dpia_exemption.to_json() if self.dpia_exemption else None,
            "unanswered": len(self.unanswered),
            "unknown": len(self.unknown),
            "invalid": len(self.invalid),
            "unanswered_questions": list(self.unanswered),
            "unknown_questions": list(self.unknown),
            "invalid_questions": list(self.invalid),
            "problems": [str(p) for p in self.problems],
            "orphaned": list(self.orphaned),
            "planned": self.planned.to_json(),
            "contributors": [c.to_json() for c in self.contributors],
            "drop_band": {
                "to": self.drop_band_to,
                "fixes": [c.to_json() for c in self.drop_band],
            },
        }


@dataclass(frozen=True)
class Headline:
    band: Band | None
    planned_band: Band | None
    mean_risk: float
    planned_mean_risk: float
    per_band: dict[Band, int]
    planned_per_band: dict[Band, int]
    pillars: dict[str, float | None]

    def to_json(self) -> dict[str, Any]:
        return {
            "band": self.band,
            "planned_band": self.planned_band,
            "mean_risk": self.mean_risk,
            "planned_mean_risk": self.planned_mean_risk,
            "features_per_band": dict(self.per_band),
            "planned_features_per_band": dict(self.planned_per_band),
            "pillars": dict(self.pillars),
        }


@dataclass(frozen=True)
class Scorecard:
    product: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    headline: Headline
    features: tuple[FeatureScore, ...]
    scoring: Scoring = field(repr=False)
    as_of: dt.date | None = None
    """The day dates were judged on (``scoring.timing``)."""
    launch: dt.date | None = None
    review_by: dt.date | None = None
    """When the next review is due: the review's own ``review_by``, else derived from the
    headline band through ``scoring.cadence`` (``review_by_derived``)."""
    review_by_derived: bool = False
    review_due: bool = False
    """``review_by`` has passed on the as-of date."""

    @property
    def complete(self) -> bool:
        return all(f.complete for f in self.features)

    @property
    def overdue(self) -> tuple[DatedPlan, ...]:
        return tuple(d for f in self.features for d in f.dated if d.kind == "overdue")

    @property
    def lapsed(self) -> tuple[DatedPlan, ...]:
        return tuple(d for f in self.features for d in f.dated if d.kind == "lapsed")

    def feature(self, feature_id: str) -> FeatureScore:
        for feature in self.features:
            if feature.id == feature_id:
                return feature
        raise KeyError(feature_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "sha256": self.questionnaire_sha256,
            },
            "headline": self.headline.to_json(),
            "complete": self.complete,
            "features": [f.to_json() for f in self.features],
            "as_of": _iso(self.as_of),
            "launch": _iso(self.launch),
            "review_by": _iso(self.review_by),
            "review_by_derived": self.review_by_derived,
            "review_due": self.review_due,
            "overdue": [d.to_json() for d in self.overdue],
            "lapsed": [d.to_json() for d in self.lapsed],
        }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def headline(features: tuple[FeatureScore, ...], pillar_ids: list[str]) -> Headline:
    def per_band(bands: Iterable[Band]) -> dict[Band, int]:
        counts: dict[Band, int] = dict.fromkeys(BANDS, 0)
        for band in bands:
            counts[band] += 1
        return counts

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    pillars: dict[str, float | None] = {}
    for sid in pillar_ids:
        gaps = [g for f in features if (g := f.now.pillars.get(sid)) is not None]
        pillars[sid] = mean(gaps) if gaps else None
    return Headline(
        band=worst(f.now.band for f in features),
        planned_band=worst(f.planned.band for f in features),
        mean_risk=mean([f.now.risk for f in features]),
        planned_mean_risk=mean([f.planned.risk for f in features]),
        per_band=per_band(f.now.band for f in features),
        planned_per_band=per_band(f.planned.band for f in features),
        pillars=pillars,
    )


def dumps(card: Scorecard, indent: int | None = None) -> str:
    """The JSON text of a scorecard: what ``score --json`` prints and ``report --format json``
    writes. One line by default, which the C encoder writes fast even for a large scorecard."""
    return json.dumps(card.to_json(), indent=indent, ensure_ascii=False) + "\n"
