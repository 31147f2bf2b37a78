"""The DPIA screening in words: the criteria a feature meets, by name, and what follows.

``scoring.dpia.screen`` decides (the one owner of "is a DPIA likely required"); this module only
says it, once, for the ``obligations`` command and the report: the WP248 rev.01 criteria met,
each once, with the answers behind each; options that still count with the older ``dpia: N``
and name no criterion; and the recital-91 exemption. docs/obligations.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trustaudit.core.questionnaire.dpia import CRITERIA, EXEMPTIONS
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import FeatureScore

SOURCE = "WP248 rev.01"
"""The guidelines the criteria come from (EDPB-endorsed WP29 DPIA guidelines)."""


@dataclass(frozen=True)
class MetCriterion:
    """One criterion met, and the chosen answers (option labels) that meet it."""

    id: str | None
    """A WP248 criterion id; None for an option counting with the older ``dpia: N``."""
    name: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class DpiaScreening:
    """A feature's screening, ready to be said (escape ``answers`` and ``untagged``: they are
    option labels from the questionnaire)."""

    likely: bool
    count: int
    threshold: int
    criteria: tuple[MetCriterion, ...]
    untagged: tuple[str, ...]
    """Labels of chosen options that count with ``dpia: N`` and name no criterion."""
    exemption: str | None
    """What the exemption covers, in words, when a chosen answer has one."""
    exempted_by: str | None
    """The label of the answer that carries the exemption."""

    @property
    def outcome(self) -> str:
        """The verdict on one line: likely required, exempt, may still be needed, none."""
        if self.exemption is not None and self.count >= self.threshold:
            return f"not likely required: {self.exemption}; document why, with the DPO's view"
        if self.likely:
            return f"likely required ({self.count} of the {SOURCE} criteria met)"
        if self.count:
            met = f"{self.count} criterion" if self.count == 1 else f"{self.count} criteria"
            return f"not indicated, {met} met (one can still call for a DPIA)"
        return "no criteria met"

    @property
    def named(self) -> tuple[str, ...]:
        """The criteria met by name, in the guidelines' order."""
        return tuple(c.name for c in self.criteria)

    def to_json(self) -> dict[str, Any]:
        return {
            "likely": self.likely,
            "criteria_met": self.count,
            "threshold": self.threshold,
            "criteria": [
                {"id": c.id, "name": c.name, "answers": list(c.answers)} for c in self.criteria
            ],
            "untagged_options": list(self.untagged),
            "exemption": self.exemption,
            "outcome": self.outcome,
        }


def screening(questionnaire: Questionnaire, score: FeatureScore) -> DpiaScreening:
    """The screening of one feature from its scorecard."""

    def label(qid: str, oid: str) -> str:
        question = questionnaire.by_id.get(qid)
        option = question.option_map.get(oid) if question is not None else None
        return option.label if option is not None else f"{qid}: {oid}"

    met = tuple(
        MetCriterion(
            c.id,
            CRITERIA.get(c.id, c.id) if c.id is not None else label(*c.answers[0]),
            tuple(label(q, o) for q, o in c.answers),
        )
        for c in score.dpia_met
    )
    exemption = score.dpia_exemption
    return DpiaScreening(
        likely=score.dpia_likely,
        count=score.dpia_points,
        threshold=questionnaire.scoring.dpia_threshold,
        criteria=met,
        untagged=tuple(c.name for c in met if c.id is None),
        exemption=EXEMPTIONS.get(exemption.id, exemption.id) if exemption else None,
        exempted_by=label(exemption.question, exemption.option) if exemption else None,
    )
