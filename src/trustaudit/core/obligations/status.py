"""How each obligation stands for a feature: at risk, unknown, not assessed or met.

An obligation is *at risk* in a feature when it applies there (``applicability.applies``) and an
applicable question that carries it (``obligations:``) has an answer that is a red flag or whose
risk alone reaches the Medium band (``answer_standing``, the one owner of "does this answer put
its obligations at risk"). Otherwise it is *unknown* when such a question is answered "don't
know", not answered or answered with a removed option; *not assessed* when no applicable
question carries it; and *met* when every one is answered below the Medium band. An answer
marked N/A carries nothing. While it is undetermined whether the obligation applies (the
markets question is not answered, say), it keeps its status and names what it waits on
(``Standing.pending``), so a risk is never hidden by a missing profile answer.
docs/obligations.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from trustaudit.core.assessment.model import Assessment, Feature
from trustaudit.core.obligations.applicability import Facts, applies, facts_of, undetermined
from trustaudit.core.obligations.catalogue import Obligation
from trustaudit.core.questionnaire.model import Questionnaire, Scoring
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import FeatureScore, QuestionScore, Scorecard

Status = Literal["at risk", "unknown", "not assessed", "met"]
STATUSES: tuple[Status, ...] = ("at risk", "unknown", "not assessed", "met")
"""Worst first: an obligation takes the worst standing among the answers that carry it."""

AnswerStanding = Literal["at risk", "unknown", "met"]


def answer_standing(question: QuestionScore, scoring: Scoring) -> AnswerStanding | None:
    """What one answer says about the obligations its question carries: at risk when it is a
    red flag (``floor:``) or its risk alone is in the Medium band or above (``rules.band_of``
    on the 0-100 scale); unknown for "don't know", no answer or an invalid answer; None when it
    says nothing (the question does not apply, or is marked N/A)."""
    if not question.applicable or question.state == "na":
        return None
    if question.state != "answered":
        return "unknown"
    if question.floor is not None:
        return "at risk"
    return "met" if rules.band_of(100 * (question.risk or 0.0), scoring) == "low" else "at risk"


@dataclass(frozen=True)
class Standing:
    """One obligation in one feature."""

    obligation: Obligation
    status: Status
    questions: tuple[str, ...]
    """The applicable questions that carry it, in questionnaire order."""
    because: tuple[str, ...]
    """The questions whose answers give the status (at risk: those at risk; unknown: those not
    known; met: all of them)."""
    why: str = ""
    """For "not assessed": why no answer speaks to it, in words."""
    pending: tuple[str, ...] = ()
    """The markets and facts not yet known that decide whether it applies at all; empty when it
    surely applies."""

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
            "applies": "undetermined" if self.pending else "yes",
            "pending": list(self.pending),
        }


@dataclass(frozen=True)
class FeatureObligations:
    """Every obligation that applies to a feature, or may once its profile is answered."""

    feature: str
    name: str
    standings: tuple[Standing, ...]

    def having(self, *statuses: Status) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if s.status in statuses)

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

    def feature(self, feature: Feature, score: FeatureScore) -> FeatureObligations:
        """How every listed obligation stands in ``feature``, leaving out those that surely do
        not apply to it."""
        if not self.listed:
            return FeatureObligations(feature.id, feature.name, ())
        facts = self.facts(feature, score)
        scoring = self.questionnaire.scoring
        answers = {q.id: answer_standing(q, scoring) for q in score.questions}
        found = (self.standing(o, facts, answers) for o in self.listed)
        return FeatureObligations(
            feature.id, feature.name, tuple(s for s in found if s is not None)
        )

    def standing(
        self, obligation: Obligation, facts: Facts, answers: dict[str, AnswerStanding | None]
    ) -> Standing | None:
        """How ``obligation`` stands given a feature's facts and answer standings; None when
        it surely does not apply."""
        applicable = applies(obligation, facts)
        if applicable is False:
            return None
        pending = undetermined(obligation, facts) if applicable is None else ()
        carried = tuple(
            qid for qid in self.carriers.get(obligation.id, ()) if answers.get(qid) is not None
        )
        if not carried:
            why = (
                "no question that covers it applies to this feature"
                if obligation.id in self.carriers
                else "no question of the questionnaire covers it"
            )
            return Standing(obligation, "not assessed", (), (), why, pending)
        for status in ("at risk", "unknown"):
            because = tuple(qid for qid in carried if answers[qid] == status)
            if because:
                return Standing(obligation, status, carried, because, "", pending)
        return Standing(obligation, "met", carried, carried, "", pending)

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


def touches(questionnaire: Questionnaire, question_id: str, facts: Facts | None = None) -> str:
    """The question card's "touches: GDPR 13(1)(c) · DSA 27" line for ``question_id`` (empty
    when it touches nothing); pass a feature's ``facts`` (``ObligationMap.facts``) to leave out
    the laws that surely do not apply to it. For the app; core/obligations stays pure."""
    return ObligationMap(questionnaire).touches(question_id, facts)


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
    """Every feature's obligations (``trustaudit obligations``, the report)."""
    mapping = ObligationMap(questionnaire)
    return tuple(
        mapping.feature(f, s) for f, s in zip(assessment.features, scorecard.features, strict=True)
    )
