"""Where an obligation applies: by the markets a feature is used in and the facts its profile
answers establish, in three values (docs/obligations.md).

A fact (``eu``, ``children``, ``online-platform`` ...) holds for a feature when an applicable
profile question that can establish it (an option with ``facts: [fact]``) is answered with such
an option; it is *undetermined* while such a question is unanswered, "don't know" or invalid; it
is false otherwise, also when no question of the questionnaire can establish it. ``applies`` is
the one owner of "does this obligation apply to this feature".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from trustaudit.core.assessment.model import Feature
from trustaudit.core.obligations.catalogue import ANYWHERE, Obligation
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import FeatureScore, QuestionScore

Truth = bool | None
"""True, false, or None: undetermined until a question is answered."""

Facts = Mapping[str, Truth]


def facts_of(
    questionnaire: Questionnaire, feature: Feature, score: FeatureScore
) -> dict[str, Truth]:
    """Every fact the questionnaire can establish, as it stands for one feature."""
    scores = {q.id: q for q in score.questions}
    return {fact: _fact(feature, scores, by) for fact, by in questionnaire.establishers.items()}


def _fact(
    feature: Feature, scores: Mapping[str, QuestionScore], by: Iterable[tuple[str, frozenset[str]]]
) -> Truth:
    undetermined = False
    for qid, options in by:
        qs = scores.get(qid)
        if qs is None or not qs.applicable:
            continue
        if qs.state == "answered":
            answer = feature.answers.get(qid)
            if answer is not None and options.intersection(answer.option_ids):
                return True
        elif qs.state in ("unknown", "unanswered", "invalid"):
            undetermined = True
    return None if undetermined else False


def applies(obligation: Obligation, facts: Facts) -> Truth:
    """Whether ``obligation`` applies to a feature with these facts: one of its catalogue's
    markets holds (or it applies anywhere), and one of its ``only_when`` facts holds (or it has
    none). Kleene logic: false wins an "and", true wins an "or", else undetermined."""
    market = True if ANYWHERE in obligation.applies_in else _any(facts, obligation.applies_in)
    if market is False:
        return False
    condition = _any(facts, obligation.only_when) if obligation.only_when else True
    if condition is False:
        return False
    return True if market and condition else None


def _any(facts: Facts, names: Iterable[str]) -> Truth:
    found: Truth = False
    for name in names:
        value = facts.get(name, False)
        if value:
            return True
        if value is None:
            found = None
    return found


def undetermined(obligation: Obligation, facts: Facts) -> tuple[str, ...]:
    """The markets and facts still undetermined that ``obligation``'s applicability waits on."""
    names = (*obligation.applies_in, *obligation.only_when)
    return tuple(n for n in dict.fromkeys(names) if n != ANYWHERE and facts.get(n, False) is None)
