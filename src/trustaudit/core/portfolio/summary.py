"""The per-product summary (``trust-summary.json``): a small, stable contract for a roll-up.

Each repository's CI writes one with ``trustaudit summary FILE -o trust-summary.json``; a
portfolio reads it as it reads a full review, so an organisation aggregates thousands of
repositories with the CI it already runs. The names and shapes are those of ``score --json``
(``scorecard.to_json``: the questionnaire pin, the headline, the overdue and lapsed plans), so a
dashboard reads both alike. Keys may be added, none renamed; a reader ignores keys it does not
know, so an older portfolio reads a newer summary. docs/portfolio.md documents every key.

``Summary`` is both what a portfolio worker makes of a review and what is read back from a file,
so the roll-up has one input whichever it was given.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustaudit.core.bands import Band
from trustaudit.core.errors import InvalidFileError, Problem
from trustaudit.core.fields import Date, Text, Timestamp
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review.reading import Opened
from trustaudit.core.scoring.scorecard import FeatureScore, Scorecard
from trustaudit.core.scoring.timing import reviewed_on

FORMAT: Final = "trustaudit/summary@1"
"""The summary's ``format`` key: its contract and version (docs/portfolio.md)."""

Count = Annotated[int, Field(ge=0)]
Risk = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Gap = Annotated[float | None, Field(ge=0, le=100, allow_inf_nan=False)]
Sha256 = Annotated[str | None, Field(pattern=r"^[0-9a-f]{64}$")]


class Contract(BaseModel):
    """A part of the summary: keys a reader does not know are ignored (newer writers may add
    some); text is cleaned of control characters on the way in, as every file's is."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class QuestionnairePin(Contract):
    id: Text
    version: Text
    sha256: Sha256 = None


class ReviewFile(Contract):
    """The review the summary was made from: its path as given, and the hash of its bytes."""

    path: Text
    sha256: Sha256 = None


class Headline(Contract):
    """``score --json``'s ``headline``."""

    band: Band | None
    planned_band: Band | None
    mean_risk: Risk
    planned_mean_risk: Risk
    features_per_band: dict[Band, Count]
    planned_features_per_band: dict[Band, Count]
    pillars: dict[Text, Gap]


class Counts(Contract):
    features: Count
    unanswered: Count
    red_flags: Count
    overdue: Count
    lapsed: Count


class Pillar(Contract):
    id: Text
    title: Text


class FeatureLine(Contract):
    id: Text
    name: Text
    owner: Text | None = None
    band: Band
    planned_band: Band
    risk: Risk
    planned_risk: Risk
    pillars: dict[Text, Gap] = Field(default_factory=dict)
    unanswered: Count = 0
    red_flags: list[Text] = Field(default_factory=list)
    """The questions whose answer is a red flag."""


class Overdue(Contract):
    """``score --json``'s ``overdue`` items: a fix past its due date."""

    feature: Text
    question: Text
    owner: Text | None = None
    due: Date


class Lapsed(Contract):
    """``score --json``'s ``lapsed`` items: an accepted risk past its last day."""

    feature: Text
    question: Text
    accepted_by: Text | None = None
    accepted_until: Date


class Failing(Contract):
    """A question that fails in some of the product's features (``fails``)."""

    question: Text
    section: Text
    features: Count
    risk: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    """The sum of the answer risks (0–1 each) where it fails."""


class SignOff(Contract):
    role: Text
    name: Text
    decision: Text
    date: Date | None = None


class Summary(Contract):
    format: Literal["trustaudit/summary@1"] = FORMAT
    product: Text
    release: Text = ""
    team: Text = ""
    status: Text
    review: ReviewFile
    questionnaire: QuestionnairePin
    """The questionnaire the review was scored against (``score --json``'s)."""
    pinned: QuestionnairePin
    """The questionnaire the answers are pinned to; it differs from ``questionnaire`` when the
    review was scored against another version (``questionnaire_changed``)."""
    questionnaire_changed: bool = False
    as_of: Date
    updated: Timestamp
    reviewed_on: Date
    review_by: Date | None = None
    review_by_derived: bool = False
    review_due: bool = False
    launch: Date | None = None
    complete: bool
    headline: Headline
    counts: Counts
    pillars: list[Pillar] = Field(default_factory=list)
    features: list[FeatureLine] = Field(default_factory=list, max_length=1_000)
    overdue: list[Overdue] = Field(default_factory=list)
    lapsed: list[Lapsed] = Field(default_factory=list)
    failing: list[Failing] = Field(default_factory=list)
    sign_off: list[SignOff] = Field(default_factory=list)


def fails(state: str, risk: float | None) -> bool:
    """Whether an answer fails its promise: it was given (or is "don't know") and carries risk.

    Unanswered questions are counted as unanswered, not as failing; profile questions carry
    impact, not risk, and never fail. The report's pillar findings count the same answers.
    """
    return state in ("answered", "unknown") and risk is not None and risk > 0


def summarise(opened: Opened, card: Scorecard, path: str) -> Summary:
    """The summary of a scored review; ``path`` is the review as it should be named."""
    assessment, questionnaire = opened.assessment, opened.questionnaire
    pin = assessment.questionnaire
    features = [_feature(f, assessment.features[i].owner) for i, f in enumerate(card.features)]
    headline = card.headline.to_json()
    return Summary.model_validate(
        {
            "product": assessment.product,
            "release": assessment.release,
            "team": assessment.team,
            "status": assessment.status,
            "review": {"path": path, "sha256": opened.digest},
            "questionnaire": {
                "id": card.questionnaire_id,
                "version": card.questionnaire_version,
                "sha256": card.questionnaire_sha256,
            },
            "pinned": {"id": pin.id, "version": pin.version, "sha256": pin.sha256},
            "questionnaire_changed": opened.drift is not None and opened.drift.changed,
            "as_of": card.as_of,
            "updated": assessment.updated,
            "reviewed_on": reviewed_on(assessment),
            "review_by": card.review_by,
            "review_by_derived": card.review_by_derived,
            "review_due": card.review_due,
            "launch": card.launch,
            "complete": card.complete,
            "headline": headline,
            "counts": {
                "features": len(card.features),
                "unanswered": sum(f.unanswered for f in features),
                "red_flags": sum(len(f.red_flags) for f in features),
                "overdue": len(card.overdue),
                "lapsed": len(card.lapsed),
            },
            "pillars": [{"id": s.id, "title": s.title} for s in questionnaire.pillars],
            "features": features,
            "overdue": [d.to_json() for d in card.overdue],
            "lapsed": [d.to_json() for d in card.lapsed],
            "failing": _failing(card, questionnaire),
            "sign_off": [
                {"role": s.role, "name": s.name, "decision": s.decision, "date": s.date}
                for s in assessment.sign_off
            ],
        }
    )


def _feature(score: FeatureScore, owner: str | None) -> FeatureLine:
    applicable = [q for q in score.questions if q.applicable]
    return FeatureLine(
        id=score.id,
        name=score.name,
        owner=owner,
        band=score.now.band,
        planned_band=score.planned.band,
        risk=score.now.risk,
        planned_risk=score.planned.risk,
        pillars=dict(score.now.pillars),
        unanswered=len(score.unanswered),
        red_flags=[q.id for q in applicable if q.floor is not None],
    )


def _failing(card: Scorecard, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """Per question, in questionnaire order: in how many features it fails, and how badly."""
    found: dict[str, list[float]] = {}
    for feature in card.features:
        for q in feature.questions:
            if q.applicable and fails(q.state, q.risk):
                found.setdefault(q.id, []).append(q.risk or 0.0)
    section = questionnaire.section_of
    return [
        {"question": q.id, "section": section[q.id].id, "features": len(r), "risk": sum(r)}
        for q in questionnaire.questions
        if (r := found.get(q.id))
    ]


def dumps(summary: Summary, indent: int | None = 2) -> str:
    """The JSON text of a summary: indented for a file a person may open (``summary -o``), on
    one line for JSON Lines (``indent=None``)."""
    return json.dumps(summary.model_dump(mode="json"), indent=indent, ensure_ascii=False) + "\n"


def loads(data: bytes, path: str) -> Summary:
    """Read a summary file; a file that is not one raises ``InvalidFileError`` (one line per
    problem, the first one saying what the file is)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidFileError.at(path, "not UTF-8 text; a summary is JSON", 1, 1) from None
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg}"
        raise InvalidFileError.at(path, message, error.lineno, error.colno) from None
    except RecursionError:
        raise InvalidFileError.at(path, "invalid JSON: nested too deeply", 1, 1) from None
    found = raw.get("format") if isinstance(raw, dict) else None
    if found != FORMAT:
        newer = isinstance(found, str) and found.startswith("trustaudit/summary@")
        what = (
            f"format {found} is from a newer trustaudit; upgrade to read it"
            if newer
            else f"not a trustaudit summary (format: expected {FORMAT})"
        )
        raise InvalidFileError.at(path, what, 1, 1)
    try:
        return Summary.model_validate(raw)
    except ValidationError as error:
        raise InvalidFileError(
            Problem(path, 0, 0, f"{_where(e['loc'])}: {e['msg']}") for e in error.errors()
        ) from None


def _where(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a person reads it: ``features[0].band``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"
