"""A scored review as SARIF 2.1.0, for code-scanning dashboards and pull-request annotations.

One result per red-flag answer, per feature at or above the gate band, per overdue fix and per
lapsed acceptance, each located at the place in the review file that it is about (the reader
keeps the line and column of every key: ``yaml_reader.YamlDocument``), with the recommendation as
its message. An accepted risk that still stands is reported too, as a *suppressed* result whose
justification says who accepted it, until when and why, so a dashboard shows it as dismissed
rather than hiding it. docs/ci.md shows how to upload the file.

Columns are counted in code points, as the YAML reader counts them (``columnKind``). The review
is named relative to the repository root when it is a relative path (``%SRCROOT%``), which is
what code-scanning services expect; run trustaudit from the repository root.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from trustaudit import __version__
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Plan
from trustaudit.core.bands import Band, band_rank
from trustaudit.core.io.yaml_reader import Loc, YamlDocument
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.wording import topic
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import DatedPlan, FeatureScore, Scorecard

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
VERSION = "2.1.0"
DEFAULT_GATE: Band = "high"
"""Features at or above this band are results when ``score`` is given no ``--fail-on``."""

Level = Literal["error", "warning", "note"]

_LEVEL: dict[Band, Level] = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    short: str
    full: str
    level: Level


RULES = (
    Rule(
        "red-flag",
        "RedFlagAnswer",
        "An answer that forces a least band (a red flag)",
        "The answer is a red flag in the questionnaire: whatever else the feature scores, its "
        "band is at least the one the flag sets. Change what the feature does, or plan the fix.",
        "error",
    ),
    Rule(
        "feature-band",
        "FeatureBandAtGate",
        "A feature at or above the gate band",
        "The feature's trust risk puts it at or above the band the pipeline gates on "
        "(--fail-on). The message names the fix that lowers it most.",
        "error",
    ),
    Rule(
        "overdue-fix",
        "OverdueFix",
        "A planned fix past its due date",
        "A fix still to make (planned or in progress) whose due date has passed on the as-of day.",
        "warning",
    ),
    Rule(
        "lapsed-acceptance",
        "LapsedAcceptance",
        "An accepted risk past its last day",
        "The acceptance ended (accepted_until) before the as-of day: the risk counts again. "
        "Fix it, or accept it again with a new end date.",
        "error",
    ),
    Rule(
        "accepted-risk",
        "AcceptedRisk",
        "A risk accepted on the record",
        "The team accepted this answer's risk, with who accepted it and until when; it is "
        "reported as suppressed so the acceptance stays visible.",
        "note",
    ),
)
_RULE_INDEX = {rule.id: i for i, rule in enumerate(RULES)}


def sarif(
    card: Scorecard,
    assessment: Assessment,
    questionnaire: Questionnaire,
    document: YamlDocument,
    review: Path,
    root: Path,
    gate: Band | None = None,
) -> dict[str, Any]:
    """The SARIF log of one scored review; ``root`` is the repository's root (the folder the
    command runs in), which the review's location is relative to."""
    places = _Places(document)
    results: list[dict[str, Any]] = []
    for index, (feature, score) in enumerate(zip(assessment.features, card.features, strict=True)):
        results.extend(_Feature(index, feature, score, questionnaire, places, card).results())
        results.extend(_band(index, feature, score, gate or DEFAULT_GATE, places))
    uri = _uri(review, root)
    for result in results:
        result["locations"][0]["physicalLocation"]["artifactLocation"] = uri
    run: dict[str, Any] = {
        "tool": {"driver": _driver()},
        # One category per review: code scanning keeps each review's results apart when a
        # folder of logs (one per review) is uploaded at once.
        "automationDetails": {"id": f"trustaudit/{uri['uri']}/"},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": uri, "roles": ["analysisTarget"]}],
        "results": results,
        "properties": {
            "product": card.product,
            "questionnaire": f"{card.questionnaire_id} {card.questionnaire_version}",
            "asOf": None if card.as_of is None else card.as_of.isoformat(),
            "headlineBand": card.headline.band,
            "plannedBand": card.headline.planned_band,
        },
    }
    if uri.get("uriBaseId"):
        run["originalUriBaseIds"] = {"%SRCROOT%": {"description": {"text": "The repository."}}}
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def dumps(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _driver() -> dict[str, Any]:
    return {
        "name": "trustaudit",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [
            {
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.short},
                "fullDescription": {"text": r.full},
                "defaultConfiguration": {"level": r.level},
                "properties": {"tags": ["privacy", "trust"]},
            }
            for r in RULES
        ],
    }


def _uri(review: Path, root: Path) -> dict[str, Any]:
    """The review as SARIF names it: relative to the repository root (``%SRCROOT%``, where the
    command runs) when it lies inside it, else an absolute ``file:`` URI; percent-encoded."""
    absolute = review.absolute()
    try:
        inside = absolute.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return {"uri": absolute.as_uri()}
    return {"uri": quote(inside.as_posix()), "uriBaseId": "%SRCROOT%"}


class _Places:
    """Where things are in the review file: the line and column of a key (what a person looks
    for: ``data-kinds:``), else of the nearest enclosing one that is in the file."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document

    def at(self, loc: Loc, *, key: bool = True) -> dict[str, Any]:
        mark = self.document.mark(loc, key=key)
        region = {"startLine": max(mark.line, 1), "startColumn": max(mark.column, 1)}
        return {"physicalLocation": {"region": region}}


def _result(
    rule: str,
    level: Level,
    text: str,
    where: dict[str, Any],
    fingerprint: str,
    properties: dict[str, Any],
) -> dict[str, Any]:
    return {
        "ruleId": rule,
        "ruleIndex": _RULE_INDEX[rule],
        "level": level,
        "message": {"text": text},
        "locations": [where],
        "partialFingerprints": {"trustaudit/v1": f"{rule}/{fingerprint}"},
        "properties": properties,
    }


class _Feature:
    """The results about one feature's answers and plans."""

    def __init__(
        self,
        index: int,
        feature: Feature,
        score: FeatureScore,
        questionnaire: Questionnaire,
        places: _Places,
        card: Scorecard,
    ) -> None:
        self.index, self.feature, self.score = index, feature, score
        self.questionnaire, self.places = questionnaire, places
        self.late = {(d.question, d.kind): d for d in score.dated}
        self.as_of = card.as_of

    def loc(self, question: str, *rest: str) -> Loc:
        return ("features", self.index, "answers", question, *rest)

    def props(self, question: str, **more: Any) -> dict[str, Any]:
        return {"feature": self.feature.id, "question": question, **more}

    def advice(self, question: str, answer: Answer) -> str | None:
        """What the questionnaire recommends for the chosen options."""
        q = self.questionnaire.by_id.get(question)
        if q is None:
            return None
        return rules.advice(q.option_map[i] for i in answer.option_ids if i in q.option_map)

    def about(self, question: str) -> str:
        return f"{self.feature.name}: {topic(question)}"

    def results(self) -> Iterator[dict[str, Any]]:
        for q in self.score.questions:
            answer = self.feature.answers.get(q.id)
            if answer is None or not q.applicable:
                continue
            standing = self.standing(q.id, answer.plan)
            if q.floor is not None:
                yield self.red_flag(q.id, answer, q.floor, standing)
            elif standing is not None:
                yield self.accepted(q.id, answer, standing)
            late = self.late.get((q.id, "overdue"))
            if late is not None and answer.plan is not None:
                yield self.overdue(q.id, answer, answer.plan, late)
            lapsed = self.late.get((q.id, "lapsed"))
            if lapsed is not None and answer.plan is not None:
                yield self.lapsed(q.id, answer, answer.plan, lapsed)

    def standing(self, question: str, plan: Plan | None) -> dict[str, Any] | None:
        """The suppression of an accepted risk that still stands (not lapsed), else None."""
        if plan is None or plan.status != "accepted" or (question, "lapsed") in self.late:
            return None
        answer = self.feature.answers[question]
        who = plan.accepter or "someone not named"
        ends = plan.acceptance_ends
        until = f" until {ends.isoformat()}" if ends is not None else " with no end date"
        why = " ".join(t.strip() for t in (plan.action, answer.note or "") if t and t.strip())
        text = f"Risk accepted by {who}{until}" + (f": {why}" if why else ".")
        return {"kind": "inSource", "status": "accepted", "justification": text}

    def red_flag(
        self, question: str, answer: Answer, floor: Band, standing: dict[str, Any] | None
    ) -> dict[str, Any]:
        advice = self.advice(question, answer)
        text = (
            f"{self.about(question)}: a red flag, the feature is at least "
            f"{BAND_LABELS[floor]}." + (f" {advice}" if advice else "")
        )
        result = _result(
            "red-flag",
            _LEVEL[floor],
            text,
            self.places.at(self.loc(question)),
            f"{self.feature.id}/{question}",
            self.props(question, floor=floor),
        )
        if standing is not None:
            result["suppressions"] = [standing]
        return result

    def accepted(self, question: str, answer: Answer, standing: dict[str, Any]) -> dict[str, Any]:
        advice = self.advice(question, answer)
        text = f"{self.about(question)}: risk accepted." + (f" {advice}" if advice else "")
        result = _result(
            "accepted-risk",
            "note",
            text,
            self.places.at(self.loc(question, "plan", "status")),
            f"{self.feature.id}/{question}",
            self.props(question),
        )
        result["suppressions"] = [standing]
        return result

    def overdue(self, question: str, answer: Answer, plan: Plan, late: DatedPlan) -> dict[str, Any]:
        action = plan.action.strip() or self.advice(question, answer) or "the planned fix"
        who = late.who or "no owner"
        text = (
            f"{self.about(question)}: fix due {late.date.isoformat()} ({who}) is overdue: {action}"
        )
        return _result(
            "overdue-fix",
            "warning",
            text,
            self.places.at(self.loc(question, "plan", "due")),
            f"{self.feature.id}/{question}",
            self.props(question, owner=late.who, due=late.date.isoformat()),
        )

    def lapsed(self, question: str, answer: Answer, plan: Plan, late: DatedPlan) -> dict[str, Any]:
        advice = self.advice(question, answer)
        who = f" by {late.who}" if late.who else ""
        text = (
            f"{self.about(question)}: the risk accepted{who} lapsed after "
            f"{late.date.isoformat()}; it counts again."
            + (f" {advice}" if advice else " Fix it, or accept it again with a new end date.")
        )
        field = "accepted_until" if plan.accepted_until is not None else "due"
        return _result(
            "lapsed-acceptance",
            "error",
            text,
            self.places.at(self.loc(question, "plan", field)),
            f"{self.feature.id}/{question}",
            self.props(question, accepted_by=late.who, accepted_until=late.date.isoformat()),
        )


def _band(
    index: int, feature: Feature, score: FeatureScore, gate: Band, places: _Places
) -> Iterator[dict[str, Any]]:
    """The feature itself, when its band is at or above the gate; the message is its top fix."""
    band = score.now.band
    if band_rank(band) < band_rank(gate):
        return
    planned = score.planned.band
    text = f"{feature.name} is {BAND_LABELS[band]} (trust risk {score.now.risk:.1f})"
    if planned != band:
        text += f", {BAND_LABELS[planned]} once its plans are done"
    fix = score.top_fix
    if fix is not None:
        text += f". First fix: {topic(fix.question)}"
        text += f": {fix.recommend}" if fix.recommend else "."
    else:
        text += "."
    yield _result(
        "feature-band",
        _LEVEL[band],
        text,
        places.at(("features", index, "id")),
        feature.id,
        {"feature": feature.id, "band": band, "plannedBand": planned, "gate": gate},
    )
