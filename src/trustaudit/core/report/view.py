"""What a report shows, as plain frozen dataclasses: the *view* templates lay out.

Every string that came from a file or a user is a ``UserText`` (escaped by the templates'
filters); ``Markdown`` holds text the report wrote itself. User templates (``--template``)
receive the same view; docs/report-templates.md lists every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trustaudit.core.assessment.model import Decision, PlanStatus, SignOff, Status
from trustaudit.core.bands import BANDS, Band
from trustaudit.core.report.card.model import Card
from trustaudit.core.report.labels import DECISION_LABELS
from trustaudit.core.report.markdown import Markdown, UserText
from trustaudit.core.scoring.scorecard import ContributorKind, FloorRule, StateKind

if TYPE_CHECKING:
    from trustaudit.core.report.obligations import DpiaView, ObligationsView
    from trustaudit.core.report.since import SinceView


@dataclass(frozen=True)
class QuestionRef:
    """A question as the report names it: a short topic made from its id, and its prompt."""

    id: str
    topic: str
    prompt: UserText
    help: UserText
    harm: UserText | None
    section: str
    section_title: UserText
    pillar: bool
    weight: int


@dataclass(frozen=True)
class PlanView:
    action: UserText
    target: UserText
    owner: UserText | None
    due: str | None
    status: PlanStatus
    status_label: str
    credited: bool
    no_credit_reason: str | None
    done_unapplied: bool
    """Marked done while the answer still shows the old option: update the answer."""


@dataclass(frozen=True)
class AnswerView:
    """One question of one feature: what was answered, and what it means for the score."""

    question: QuestionRef
    state: StateKind
    applicable: bool
    answer: UserText
    options: tuple[UserText, ...]
    best: bool
    risk: float | None
    impact: float | None
    floor: Band | None
    note: UserText | None
    evidence: tuple[UserText, ...]
    plan: PlanView | None
    problem: UserText | None
    na_reason: UserText | None
    not_applicable_because: tuple[str, ...]


@dataclass(frozen=True)
class FloorView:
    question: QuestionRef | None
    rule: FloorRule
    floor: Band
    floor_label: str
    raised: bool
    answer: UserText | None


@dataclass(frozen=True)
class ContributorView:
    """An answer that raises trust risk; ``key_answer`` is the part the advice is about."""

    question: QuestionRef
    delta: float
    kind: ContributorKind
    answer: UserText
    key_answer: UserText
    best: UserText
    best_ids: tuple[str, ...]
    band_if_fixed: Band
    recommend: UserText | None


@dataclass(frozen=True)
class PillarGap:
    id: str
    title: UserText
    now: float | None
    planned: float | None


@dataclass(frozen=True)
class OrphanView:
    question: str
    answer: UserText
    note: UserText | None


@dataclass(frozen=True)
class FeatureView:
    """One feature, with its scores now and once the credited plans are done."""

    number: int
    id: str
    name: UserText
    description: UserText
    owner: UserText | None
    band: Band
    band_label: str
    planned_band: Band
    planned_band_label: str
    risk_band_label: str
    risk: float
    planned_risk: float
    likelihood: float
    planned_likelihood: float
    impact: float
    planned_impact: float
    likelihood_level: str
    impact_level: str
    planned_likelihood_level: str
    planned_impact_level: str
    benefit: float
    confidence: float
    provisional: bool
    dpia_likely: bool
    dpia_points: int
    dpia_criteria: tuple[UserText, ...]
    dpia: DpiaView
    """The screening by WP248 criterion, each once (``report.obligations``)."""
    quadrant: str
    pillars: tuple[PillarGap, ...]
    floors: tuple[FloorView, ...]
    red_flags: tuple[FloorView, ...]
    raised_by: tuple[FloorView, ...]
    answers: tuple[AnswerView, ...]
    profile: tuple[AnswerView, ...]
    impact_breakdown: tuple[AnswerView, ...]
    unknown: tuple[AnswerView, ...]
    unanswered: tuple[AnswerView, ...]
    not_applicable: tuple[AnswerView, ...]
    derived_not_applicable: tuple[AnswerView, ...]
    notes: tuple[AnswerView, ...]
    unsupported_claims: tuple[AnswerView, ...]
    contributors: tuple[ContributorView, ...]
    drop_band: tuple[ContributorView, ...]
    drop_band_to: Band | None
    drop_band_to_label: str | None
    problems: tuple[UserText, ...]
    orphaned: tuple[OrphanView, ...]
    card: Card


@dataclass(frozen=True)
class RiskCase:
    """One feature in which a top risk's question falls short, and what fixing it does."""

    feature: FeatureView
    answer: UserText
    kind: ContributorKind
    delta: float
    raises_band: bool
    band_if_fixed: Band
    band_if_fixed_label: str
    action: UserText
    owner: UserText | None
    due: str | None
    status_label: str


@dataclass(frozen=True)
class RiskView:
    """One of the product's top risks: a question that falls short in one or more features.

    ``cases`` holds every feature it affects, worst first; the fields from ``feature`` to
    ``status_label`` repeat the first case, for templates that show one feature per risk.
    """

    rank: int
    question: QuestionRef
    harm: Markdown
    cases: tuple[RiskCase, ...]
    feature: FeatureView
    answer: UserText
    kind: ContributorKind
    delta: float
    raises_band: bool
    action: UserText
    owner: UserText | None
    due: str | None
    status_label: str


@dataclass(frozen=True)
class ActionView:
    """A plan from the assessment, with the effect it has on its feature when done."""

    feature: FeatureView
    question: QuestionRef
    answer: UserText
    action: UserText
    target: UserText
    risk_from: float
    risk_to: float | None
    band_from: Band
    band_to: Band | None
    band_from_label: str
    band_to_label: str | None
    owner: UserText | None
    due: str | None
    status: PlanStatus
    status_label: str
    credited: bool
    no_credit_reason: str | None
    due_label: str | None
    after_launch: bool
    overdue: bool
    changes_band: bool
    to_make: bool
    """Still to do: planned or in progress (not done, not an accepted risk)."""
    done_unapplied: bool
    accepted_by: UserText | None = None
    """For an accepted risk: who accepted it (``accepted_by``, else the owner)."""
    accepted_until_label: str | None = None
    """For an accepted risk: the last day it stands, written out."""
    lapsed: bool = False
    """An accepted risk past ``accepted_until`` on the as-of date: the risk is back."""
    verified_on: str | None = None
    """For a fix marked done: when it was checked as shipped, written out."""


@dataclass(frozen=True)
class PlanGroup:
    """A feature's plans for the action plan: still to make, marked done, risks accepted, and
    acceptances that have lapsed (not in ``accepted``)."""

    feature: FeatureView
    to_make: tuple[ActionView, ...]
    done: tuple[ActionView, ...]
    accepted: tuple[ActionView, ...]
    lapsed: tuple[ActionView, ...] = ()


@dataclass(frozen=True)
class OwnerView:
    """What one owner (None: nobody yet) has still to make, and by when."""

    owner: UserText | None
    fixes: int
    next_due: str | None
    last_due: str | None
    overdue: tuple[ActionView, ...]
    after_launch: int


@dataclass(frozen=True)
class GridRow:
    """One impact level of the risk grid: per likelihood level, the features in that cell."""

    level: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class RiskGrid:
    """Likelihood levels × impact levels (the CNIL grid): feature numbers now, and ``→N``
    where feature N's plans move it."""

    levels: tuple[str, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class QuestionFinding:
    question: QuestionRef
    mean_risk: float
    features: tuple[UserText, ...]


@dataclass(frozen=True)
class PillarRow:
    feature: UserText
    now: float | None
    planned: float | None


@dataclass(frozen=True)
class PillarView:
    id: str
    title: UserText
    summary: UserText
    weight: float
    gap: float | None
    planned_gap: float | None
    features: tuple[PillarRow, ...]
    weakest: tuple[QuestionFinding, ...]
    strengths: tuple[QuestionRef, ...]


@dataclass(frozen=True)
class BandCount:
    band: Band
    label: str
    now: int
    planned: int


@dataclass(frozen=True)
class HeadlineView:
    band: Band | None
    band_label: str
    planned_band: Band | None
    planned_band_label: str
    mean_risk: float
    planned_mean_risk: float
    per_band: tuple[BandCount, ...]
    why: Markdown
    worst: FeatureView | None
    planned_by: str | None
    """The last due date among the credited fixes still to make, written out."""
    planned_fixes: int


@dataclass(frozen=True)
class SignOffView:
    role: UserText
    name: UserText
    decision: Decision
    decision_label: str
    date: str | None
    comment: UserText

    @classmethod
    def of(cls, s: SignOff) -> SignOffView:
        return cls(
            role=UserText(s.role),
            name=UserText(s.name),
            decision=s.decision,
            decision_label=DECISION_LABELS[s.decision],
            date=s.date.isoformat() if s.date else None,
            comment=UserText(s.comment),
        )


@dataclass(frozen=True)
class QuestionnaireInfo:
    id: str
    title: UserText
    version: UserText
    sha256: str
    short_sha: str
    pinned_version: UserText
    changed: bool
    pinned: bool
    """False when the review's pin has no hash yet (it is pinned on the next save)."""


@dataclass(frozen=True)
class ReviewView:
    product: UserText
    release: UserText
    team: UserText
    status: Status
    status_label: str
    assessors: tuple[UserText, ...]
    created: str
    updated: str
    date: str
    next_review: str | None
    """When the next review is due (``review_by``, or derived from the band), written out."""
    launch: str | None
    evidence_url: UserText | None
    questionnaire: QuestionnaireInfo
    sign_off: tuple[SignOffView, ...]
    as_of: str = ""
    """The day this report judges dates on (overdue, lapsed, review due), written out."""
    review_by_derived: bool = False
    """``next_review`` follows from the band through the questionnaire's cadence."""
    review_due: bool = False
    """``next_review`` has passed on the as-of date: the review should be done again."""


@dataclass(frozen=True)
class SummaryView:
    """The executive summary's facts; sentences that name features are pre-escaped Markdown."""

    features: int
    top: tuple[RiskView, ...]
    decisions: tuple[Markdown, ...]
    unowned: tuple[ActionView, ...]
    accepted: tuple[ActionView, ...]
    after_launch: tuple[ActionView, ...]
    conditions: tuple[SignOffView, ...]
    to_sign: tuple[SignOffView, ...]
    dpia: tuple[FeatureView, ...]
    provisional: tuple[FeatureView, ...]
    confidence_mean: float
    confidence_min: float
    what_works: tuple[Markdown, ...]
    lapsed: tuple[ActionView, ...] = ()
    """Accepted risks whose acceptance has ended (not in ``accepted``): the risk is back."""
    overdue: tuple[ActionView, ...] = ()
    """Fixes still to make whose due date has passed."""


@dataclass(frozen=True)
class Point:
    """A chart point: coordinates in [0, 1]; ``name`` still needs the ``mermaid`` filter."""

    name: UserText
    x: float
    y: float


@dataclass(frozen=True)
class ChartsView:
    """What the charts draw; ``pie_colours`` is a Mermaid ``themeVariables`` object (JSON)."""

    enabled: bool
    value_vs_risk: tuple[Point, ...]
    risk_map: tuple[Point, ...]
    shown: int
    total: int
    pie_colours: Markdown


@dataclass(frozen=True)
class MethodRow:
    setting: str
    value: str
    meaning: str


@dataclass(frozen=True)
class ProblemView:
    where: UserText
    message: UserText


@dataclass(frozen=True)
class Report:
    """Everything a report template receives, as attributes (see docs/report-templates.md)."""

    review: ReviewView
    headline: HeadlineView
    summary: SummaryView
    features: tuple[FeatureView, ...]
    top_risks: tuple[RiskView, ...]
    actions: tuple[ActionView, ...]
    plan_groups: tuple[PlanGroup, ...]
    owners: tuple[OwnerView, ...]
    risk_grid: RiskGrid
    pillars: tuple[PillarView, ...]
    charts: ChartsView
    method: tuple[MethodRow, ...]
    problems: tuple[ProblemView, ...]
    bands: tuple[Band, ...] = field(default=BANDS)
    annex: UserText | None = None
    """The annex's file name when the reference part went there (reports over
    ``render.ANNEX_ABOVE``), else None; ``cards_in_annex`` and ``plan_in_annex``: the data
    cards and the action plan went too."""
    cards_in_annex: bool = False
    plan_in_annex: bool = False
    main_file: UserText | None = None
    """In the annex: the main report's file name, for the link back."""
    since: SinceView | None = None
    """What changed since the last review cycle; None in a first review (``report.since``)."""
    obligations: ObligationsView | None = None
    """The obligations the answers put at risk (``report.obligations``, docs/obligations.md)."""

    def as_context(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}
