"""How each obligation stands for a feature: met, at risk, unknown or not assessed.

An obligation is *at risk* in a feature when it applies there (``applicability.applies``) and
an applicable question that carries it (``obligations:``) is answered short of its best, with a
risk above 0 (``answer_standing``, the one owner of "is it at risk"). Otherwise it is *unknown*
when such a question is answered "don't know", *not assessed* when one is unanswered, when no
question that carries it applies, or while it is undetermined whether it applies, and *met* when
every one is answered at its best. An answer marked N/A carries nothing. docs/obligations.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from trustaudit.core.assessment.model import Assessment, Feature
from trustaudit.core.obligations.applicability import Facts, applies, facts_of, undetermined
from trustaudit.core.obligations.catalogue import Obligation
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import FeatureScore, QuestionScore, Scorecard

Status = Literal["at risk", "unknown", "not assessed", "met"]
STATUSES: tuple[Status, ...] = ("at risk", "unknown", "not assessed", "met")
"""Worst first: an obligation takes the worst standing among the answers that carry it."""


def answer_standing(question: QuestionScore) -> Status | None:
    """What one answer says about the obligations its question carries; None when it says
    nothing (the question does not apply, or is marked N/A)."""
    if not question.applicable or question.state == "na":
        return None
    if question.state == "answered":
        return "at risk" if (question.risk or 0.0) > 0 else "met"
    if question.state == "unknown":
        return "unknown"
    return "not assessed"


@dataclass(frozen=True)
class Standing:
    """One obligation in one feature."""

    obligation: Obligation
    status: Status
    questions: tuple[str, ...]
    """The applicable questions that carry it, in questionnaire order."""
    because: tuple[str, ...]
    """The questions whose answers give the status (at risk: those at risk)."""
    why: str = ""
    """For "not assessed": what is missing, in words."""

    def to_json(self) -> dict[str, Any]:
        o = self.obligation
        return {
            "id": o.id,
            "name": o.name,
            "title": o.title,
            "link": o.link,
            "binding": o.binding,
            "status": self.status,
            "questions": list(self.questions),
            "because": list(self.because),
            "why": self.why or None,
        }


@dataclass(frozen=True)
class FeatureObligations:
    """Every obligation that applies to a feature, or may once its profile is answered."""

    feature: str
    name: str
    standings: tuple[Standing, ...]

    def having(self, status: Status) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if s.status == status)

    def to_json(self) -> dict[str, Any]:
        counts = {status: len(self.having(status)) for status in STATUSES}
        return {
            "id": self.feature,
            "name": self.name,
            "counts": counts,
            "obligations": [s.to_json() for s in self.standings],
        }


class ObligationMap:
    """A questionnaire's obligations: which questions carry each, and which are listed.

    Built once per questionnaire; the catalogues listed are those at least one question refers
    to (all their entries, so an entry no question covers shows as not assessed)."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.catalogues = questionnaire.obligations
        carriers: dict[str, list[str]] = {}
        for q in questionnaire.questions:
            for ref in q.obligations:
                carriers.setdefault(ref, []).append(q.id)
        self.carriers = {ref: tuple(qids) for ref, qids in carriers.items()}
        named = {ref.partition(":")[0] for ref in carriers}
        self.listed = tuple(
            o for c in self.catalogues.catalogues if c.id in named for o in c.entries
        )

    def facts(self, feature: Feature, score: FeatureScore) -> dict[str, bool | None]:
        return facts_of(self.questionnaire, feature, score)

    def feature(
        self, feature: Feature, score: FeatureScore, only_at_risk: bool = False
    ) -> FeatureObligations:
        """How every listed obligation stands in ``feature`` (leaving out those that surely do
        not apply); ``only_at_risk`` keeps just those at risk, found from the answers at risk."""
        if not self.listed:
            return FeatureObligations(feature.id, feature.name, ())
        facts = self.facts(feature, score)
        answers = {q.id: answer_standing(q) for q in score.questions}
        if only_at_risk:
            risky = {qid for qid, standing in answers.items() if standing == "at risk"}
            wanted = {ref for qid in risky for ref in self.questionnaire.by_id[qid].obligations}
            pool: Iterable[Obligation] = (o for o in self.listed if o.id in wanted)
        else:
            pool = self.listed
        found = []
        for obligation in pool:
            standing = self.standing(obligation, facts, answers)
            if standing is not None and (not only_at_risk or standing.status == "at risk"):
                found.append(standing)
        return FeatureObligations(feature.id, feature.name, tuple(found))

    def standing(
        self, obligation: Obligation, facts: Facts, answers: dict[str, Status | None]
    ) -> Standing | None:
        """How ``obligation`` stands given a feature's facts and answer standings; None when
        it surely does not apply."""
        applicable = applies(obligation, facts)
        if applicable is False:
            return None
        carried = tuple(
            qid for qid in self.carriers.get(obligation.id, ()) if answers.get(qid) is not None
        )
        if applicable is None:
            waiting = ", ".join(undetermined(obligation, facts))
            why = f"whether it applies depends on {waiting}, not answered yet"
            return Standing(obligation, "not assessed", carried, (), why)
        for status in STATUSES:
            because = tuple(qid for qid in carried if answers[qid] == status)
            if because and status != "met":
                why = "not answered yet" if status == "not assessed" else ""
                return Standing(obligation, status, carried, because, why)
        if not carried:
            why = (
                "no question that covers it applies to this feature"
                if obligation.id in self.carriers
                else "no question of the questionnaire covers it"
            )
            return Standing(obligation, "not assessed", (), (), why)
        return Standing(obligation, "met", carried, carried)

    def touches(self, question_id: str, facts: Facts | None = None) -> str:
        """The line a question card shows: ``touches: GDPR 13(1)(c), 12(1) · DSA 27``; with a
        feature's ``facts``, only what applies or may apply to it. Empty when nothing does."""
        question = self.questionnaire.by_id.get(question_id)
        if question is None:
            return ""
        found = [self.catalogues.get(ref) for ref in question.obligations]
        shown = [
            o for o in found if o is not None and (facts is None or applies(o, facts) is not False)
        ]
        if not shown:
            return ""
        return "touches: " + cited(shown)


def cited(obligations: Sequence[Obligation]) -> str:
    """Obligations cited compactly, grouped by catalogue in first-seen order:
    ``GDPR 13(1)(c), 12(1) · DSA 27``."""
    groups: dict[str, list[Obligation]] = {}
    for o in obligations:
        groups.setdefault(o.catalogue, []).append(o)
    return " · ".join(
        f"{group[0].short} " + ", ".join(o.ref for o in group) for group in groups.values()
    )


def review_obligations(
    questionnaire: Questionnaire, assessment: Assessment, scorecard: Scorecard
) -> tuple[FeatureObligations, ...]:
    """Every feature's obligations (``trustaudit obligations``)."""
    mapping = ObligationMap(questionnaire)
    return tuple(
        mapping.feature(f, s) for f, s in zip(assessment.features, scorecard.features, strict=True)
    )
