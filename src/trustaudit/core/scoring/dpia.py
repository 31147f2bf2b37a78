"""DPIA screening: which of the WP248 rev.01 criteria a feature meets, and whether a DPIA is
likely required. ``screen`` is the one owner of that rule; the engine, the report and the app
read its result (``FeatureScore.dpia_met``, ``dpia_likely``).

The guidelines: "in most cases, a data controller can consider that a processing meeting two
criteria would require a DPIA". So each criterion counts once, however many chosen answers meet it
(two sensitive kinds of data are one criterion); ``scoring.dpia_threshold`` distinct criteria
make a DPIA likely. An answer with ``dpia_exemption`` (one doctor's or lawyer's own patients or
clients, GDPR recital 91) means a DPIA is not likely required whatever the count; the report
still names the criteria and asks for the decision to be documented. docs/questionnaire-format.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trustaudit.core.questionnaire.dpia import CRITERIA
from trustaudit.core.questionnaire.model import Option
from trustaudit.core.scoring.scorecard import DpiaCriterion, DpiaExemption

_RANK = {cid: i for i, cid in enumerate(CRITERIA)}


@dataclass(frozen=True)
class Screening:
    """The outcome of the screening for one feature."""

    met: tuple[DpiaCriterion, ...]
    points: int
    likely: bool
    exemption: DpiaExemption | None
    answers: tuple[tuple[str, str], ...]
    """Every chosen (question, option) that meets a criterion, in questionnaire order."""


def screen(chosen: Iterable[tuple[str, Option]], threshold: int) -> Screening:
    """The screening of a feature from its chosen profile options, as (question id, option), in
    questionnaire order; only applicable questions' answers should be passed."""
    named: dict[str, list[tuple[str, str]]] = {}
    counted: list[DpiaCriterion] = []
    answers: list[tuple[str, str]] = []
    exemption: DpiaExemption | None = None
    for qid, option in chosen:
        for criterion in option.dpia_criteria:
            named.setdefault(criterion, []).append((qid, option.id))
        if option.dpia and not option.dpia_criteria:
            counted.append(DpiaCriterion(None, ((qid, option.id),), option.dpia))
        if option.dpia_criteria or option.dpia:
            answers.append((qid, option.id))
        if option.dpia_exemption is not None and exemption is None:
            exemption = DpiaExemption(option.dpia_exemption, qid, option.id)
    ordered = sorted(named.items(), key=lambda item: _RANK.get(item[0], len(_RANK)))
    met = tuple(DpiaCriterion(cid, tuple(found)) for cid, found in ordered) + tuple(counted)
    points = sum(c.points for c in met)
    likely = points >= threshold and exemption is None
    return Screening(met, points, likely, exemption, tuple(answers))
