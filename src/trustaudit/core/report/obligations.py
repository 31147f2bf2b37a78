"""The report's "Obligations at risk" and the DPIA screening of each feature, as views.

``core.obligations.status`` decides each obligation's status and ``core.obligations.screening``
the DPIA outcome; this module only picks what the report shows and attaches the answers behind
it, as ``UserText`` for the templates to escape. The section lists the binding obligations (laws,
regulations, statutory codes) at risk or unknown, each with the features and answers behind it
and the fix planned for each; the voluntary frameworks are counted, not listed (``trustaudit
obligations`` lists everything). docs/obligations.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.obligations.screening import DpiaScreening
from trustaudit.core.obligations.status import Standing, Status, review_obligations
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.markdown import UserText
from trustaudit.core.report.view import AnswerView, FeatureView, PlanView
from trustaudit.core.report.wording import topic
from trustaudit.core.scoring.scorecard import Scorecard


@dataclass(frozen=True)
class DpiaCriterionView:
    """One WP248 criterion a feature meets, with the answers that meet it."""

    id: str | None
    name: UserText
    """Our short name of the criterion; for an option counting with ``dpia: N``, its label."""
    answers: tuple[UserText, ...]


@dataclass(frozen=True)
class DpiaView:
    """A feature's DPIA screening (``FeatureView.dpia``)."""

    likely: bool
    count: int
    threshold: int
    outcome: str
    """The verdict in words: likely required, not likely required (exempt), not indicated."""
    criteria: tuple[DpiaCriterionView, ...]
    untagged: tuple[UserText, ...]
    """Chosen options that count with ``dpia: N`` and name no criterion: tag them."""
    exemption: str | None
    exempted_by: UserText | None


def dpia_view(screening: DpiaScreening) -> DpiaView:
    return DpiaView(
        likely=screening.likely,
        count=screening.count,
        threshold=screening.threshold,
        outcome=screening.outcome,
        criteria=tuple(
            DpiaCriterionView(c.id, UserText(c.name), tuple(UserText(a) for a in c.answers))
            for c in screening.criteria
        ),
        untagged=tuple(UserText(u) for u in screening.untagged),
        exemption=screening.exemption,
        exempted_by=UserText(screening.exempted_by) if screening.exempted_by else None,
    )


SHOWN_ANSWERS = 3
"""Answers named on one row of the section; the rest are counted (``trustaudit obligations``
names them all)."""

SHOWN_FIXES = 2
"""Planned fixes named on one row; the rest are counted."""


@dataclass(frozen=True)
class ObligationCase:
    """One feature in which an obligation stands at risk (or unknown), and the answers why."""

    feature: FeatureView
    answers: tuple[AnswerView, ...]
    """The answers behind the status, each with its plan (``AnswerView.plan``), if any."""


@dataclass(frozen=True)
class ObligationRef:
    """An obligation as the report cites it, with the official text to link."""

    id: str
    name: UserText
    """How people cite it: GDPR 13(1)(c)."""
    title: UserText
    summary: UserText
    link: UserText


@dataclass(frozen=True)
class FixView:
    """A fix planned for an answer behind a row."""

    feature: FeatureView
    answer: AnswerView
    plan: PlanView


@dataclass(frozen=True)
class ObligationRow:
    """Obligations with the same status put there by the same answers in the same features
    (one answer often touches several provisions: one row says so once)."""

    obligations: tuple[ObligationRef, ...]
    status: Status
    cases: tuple[ObligationCase, ...]
    """Every feature and every answer behind it."""
    shown: tuple[ObligationCase, ...]
    """``cases`` cut to the first ``SHOWN_ANSWERS`` answers, for a table row."""
    more_answers: int
    fixes: tuple[FixView, ...]
    """The first ``SHOWN_FIXES`` distinct planned fixes of those answers."""
    more_fixes: int


@dataclass(frozen=True)
class FrameworkCount:
    """A voluntary framework (NIST) and how many of its entries the same answers touch."""

    name: UserText
    at_risk: int
    unknown: int


@dataclass(frozen=True)
class LawCount:
    """One binding law (GDPR, CCPA, ...) in a line: how many of its provisions the answers put at
    risk or leave unknown, and in which features (the main part's overview; the rows are in the
    reference)."""

    name: UserText
    at_risk: int
    unknown: int
    features: tuple[UserText, ...]


@dataclass(frozen=True)
class ObligationsView:
    """The report's "Obligations at risk" (``Report.obligations``)."""

    enabled: bool
    """The questionnaire names obligations; without any the section is left out."""
    at_risk: tuple[ObligationRow, ...]
    unknown: tuple[ObligationRow, ...]
    frameworks: tuple[FrameworkCount, ...]
    laws: tuple[LawCount, ...]
    pending: tuple[str, ...]
    """The profile questions (topics) whose missing answers leave open whether some laws apply
    to some feature (the questions that establish their markets or facts)."""


Cause = tuple[tuple[int, tuple[str, ...]], ...]
"""What puts an obligation in its status: (feature number, question ids) per feature."""


def obligations_view(
    questionnaire: Questionnaire,
    assessment: Assessment,
    scorecard: Scorecard,
    views: Sequence[FeatureView],
) -> ObligationsView:
    """The section from the statuses of every feature (``status.review_obligations``)."""
    if not questionnaire.obligations.catalogues:
        return ObligationsView(False, (), (), (), (), ())
    found = review_obligations(questionnaire, assessment, scorecard)
    causes: dict[str, list[tuple[FeatureView, Standing]]] = {}
    frameworks: dict[str, dict[Status, set[str]]] = {}
    laws: dict[str, dict[Status, set[str]]] = {}
    at_risk_in: dict[str, dict[str, None]] = {}
    for view, feature in zip(views, found, strict=True):
        for s in feature.having("at risk", "unknown"):
            if s.obligation.binding:
                causes.setdefault(s.obligation.id, []).append((view, s))
                law = laws.setdefault(s.obligation.short, {"at risk": set(), "unknown": set()})
                law[s.status].add(s.obligation.id)
                if s.status == "at risk":
                    at_risk_in.setdefault(s.obligation.short, {})[str(view.name)] = None
            else:
                counts = frameworks.setdefault(
                    s.obligation.short, {"at risk": set(), "unknown": set()}
                )
                counts[s.status].add(s.obligation.id)
    # A feature's obligation is either at risk or unknown, so split per status first.
    grouped: dict[tuple[Status, Cause], list[Standing]] = {}
    cases_of: dict[tuple[Status, Cause], list[tuple[FeatureView, Standing]]] = {}
    statuses: tuple[Status, ...] = ("at risk", "unknown")
    for status in statuses:
        for cases in causes.values():
            kept = [(v, s) for v, s in cases if s.status == status]
            if not kept:
                continue
            key = (status, tuple((v.number, s.because) for v, s in kept))
            grouped.setdefault(key, []).append(kept[0][1])
            cases_of.setdefault(key, kept)
    rows = [_row(status, grouped[(status, c)], cases_of[(status, c)]) for status, c in grouped]
    waiting = {p for f in found for s in f.standings for p in s.pending}
    asks = questionnaire.establishers
    pending = dict.fromkeys(topic(q) for fact in sorted(waiting) for q, _ in asks.get(fact, ()))
    return ObligationsView(
        enabled=True,
        at_risk=_ordered(r for r in rows if r.status == "at risk"),
        unknown=_ordered(r for r in rows if r.status == "unknown"),
        frameworks=tuple(
            FrameworkCount(UserText(name), len(c["at risk"]), len(c["unknown"] - c["at risk"]))
            for name, c in frameworks.items()
        ),
        laws=tuple(
            LawCount(
                UserText(name),
                len(c["at risk"]),
                len(c["unknown"]),
                tuple(UserText(f) for f in at_risk_in.get(name, {})),
            )
            for name, c in sorted(laws.items(), key=lambda kv: -len(kv[1]["at risk"]))
        ),
        pending=tuple(pending),
    )


def _ordered(rows: Iterable[ObligationRow]) -> tuple[ObligationRow, ...]:
    """Most features first, then the catalogues' order (stable sort)."""
    return tuple(sorted(rows, key=lambda r: -len(r.cases)))


def _row(
    status: Status, standings: list[Standing], cases: list[tuple[FeatureView, Standing]]
) -> ObligationRow:
    built = tuple(
        ObligationCase(view, tuple(a for a in view.answers if a.question.id in s.because))
        for view, s in cases
    )
    shown: list[ObligationCase] = []
    left = SHOWN_ANSWERS
    for case in built:
        if left <= 0:
            break
        shown.append(ObligationCase(case.feature, case.answers[:left]))
        left -= len(case.answers)
    fixes: dict[str, FixView] = {}
    for case in built:
        for a in case.answers:
            if a.plan is not None:
                fixes.setdefault(str(a.plan.action), FixView(case.feature, a, a.plan))
    total = sum(len(c.answers) for c in built)
    return ObligationRow(
        obligations=tuple(
            ObligationRef(
                o.obligation.id,
                UserText(o.obligation.name),
                UserText(o.obligation.title),
                UserText(o.obligation.summary),
                UserText(o.obligation.link),
            )
            for o in standings
        ),
        status=status,
        cases=built,
        shown=tuple(shown),
        more_answers=max(0, total - SHOWN_ANSWERS),
        fixes=tuple(fixes.values())[:SHOWN_FIXES],
        more_fixes=max(0, len(fixes) - SHOWN_FIXES),
    )
