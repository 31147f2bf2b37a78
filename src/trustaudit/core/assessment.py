"""The assessment file (``trustaudit/assessment@1``): one product review, answers and sign-off.

The file is meant to be reviewed in pull requests, so it is written with a stable key order, one
answer per block, and nothing that merely repeats a default. Answers are keyed by question id and
never dropped, even when the question no longer exists (see ``store``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from trustaudit.core.errors import InvalidFileError, Problem
from trustaudit.core.fields import Id, Model, Text
from trustaudit.core.validation import validate
from trustaudit.core.yamlio import YamlDocument, dump, load_file, parse

FORMAT = "trustaudit/assessment@1"
SUFFIX = ".trustaudit.yaml"

Status = Literal["draft", "in_review", "approved", "conditional", "rejected"]
PlanStatus = Literal["planned", "in_progress", "done", "accepted"]
Decision = Literal["pending", "approved", "conditional", "rejected"]
AnswerKind = Literal["choice", "choices", "text", "unknown", "na"]

NonEmpty = Text


def utc_now() -> dt.datetime:
    """Now, to the second, in UTC: the only clock reading the program stores."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Plan(Model):
    """What the team will do about a risky answer; credited in the residual only when owned."""

    target: Id | list[Id] | None = Field(None, description="The option(s) the answer will become.")
    action: Text = ""
    owner: Text | None = None
    due: dt.date | None = None
    status: PlanStatus = "planned"

    @property
    def credited(self) -> bool:
        """No owner, no credit: a plan counts only with an owner, a due date and a target."""
        return (
            self.target is not None
            and bool(self.owner and self.owner.strip())
            and self.due is not None
            and self.status != "accepted"
        )

    @property
    def targets(self) -> list[str]:
        if self.target is None:
            return []
        return [self.target] if isinstance(self.target, str) else list(self.target)


class Answer(Model):
    """One answer: at most one of choice, choices, text, unknown or na, plus notes and a plan."""

    choice: Id | None = None
    choices: list[Id] | None = None
    text: Text | None = None
    unknown: bool = False
    na: Text | None = Field(None, description="Why the question does not apply.")
    note: Text | None = None
    evidence: list[Text] = Field(default_factory=list)
    plan: Plan | None = None

    @model_validator(mode="after")
    def _one_value(self) -> Answer:
        given = [k for k in ("choice", "choices", "text", "na") if getattr(self, k) is not None]
        if self.unknown:
            given.append("unknown")
        if len(given) > 1:
            raise ValueError(f"an answer has one value, not {' and '.join(given)}")
        if self.na is not None and not self.na.strip():
            raise ValueError("na needs a one-line reason why the question does not apply")
        return self

    @property
    def kind(self) -> AnswerKind | None:
        """Which value the answer holds; None when only a note or plan was given."""
        if self.choice is not None:
            return "choice"
        if self.choices is not None:
            return "choices"
        if self.text is not None:
            return "text"
        if self.unknown:
            return "unknown"
        if self.na is not None:
            return "na"
        return None

    @property
    def is_empty(self) -> bool:
        return self.kind is None and not self.note and not self.evidence and self.plan is None


class Feature(Model):
    id: Id
    name: NonEmpty = Field(min_length=1)
    description: Text = ""
    owner: Text | None = None
    answers: dict[Id, Answer] = Field(default_factory=dict)


class SignOff(Model):
    role: Text
    name: Text
    decision: Decision = "pending"
    date: dt.date | None = None
    comment: Text = ""


class Pin(Model):
    """Which questionnaire the answers belong to, pinned by content hash."""

    id: Id
    version: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    source: Text | None = None


class Assessment(Model):
    format: Literal["trustaudit/assessment@1"] = "trustaudit/assessment@1"
    questionnaire: Pin
    product: NonEmpty = Field(min_length=1)
    release: Text = ""
    team: Text = ""
    assessors: list[Text] = Field(default_factory=list)
    status: Status = "draft"
    created: dt.datetime
    updated: dt.datetime
    next_review: dt.date | None = None
    features: list[Feature] = Field(default_factory=list)
    sign_off: list[SignOff] = Field(default_factory=list)

    @field_validator("created", "updated")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)

    def feature(self, feature_id: str) -> Feature:
        for feature in self.features:
            if feature.id == feature_id:
                return feature
        raise KeyError(feature_id)


_VOCABULARY = {
    name
    for model in (Plan, Answer, Feature, SignOff, Pin, Assessment)
    for name in model.model_fields
}


# --- reading ------------------------------------------------------------------------------------


def from_document(doc: YamlDocument) -> Assessment:
    """Validate parsed YAML as an assessment; every problem in the file is raised at once."""
    problems: list[Problem] = list(doc.problems)
    if not isinstance(doc.data, dict):
        raise InvalidFileError([doc.problem((), "an assessment file must be a mapping")])
    if doc.data.get("format") != FORMAT:
        found = doc.data.get("format")
        hint = (
            " (this is a questionnaire; open a review made with it instead)"
            if isinstance(found, str) and found.startswith("trustaudit/questionnaire")
            else ""
        )
        raise InvalidFileError(
            [doc.problem(("format",), f"format: expected {FORMAT}, found {found!r}{hint}")]
        )
    assessment = validate(Assessment, doc.data, doc, (), problems, vocabulary=_VOCABULARY)
    if assessment is not None:
        seen: set[str] = set()
        for index, feature in enumerate(assessment.features):
            if feature.id in seen:
                problems.append(
                    doc.problem(
                        ("features", index, "id"), f"feature id '{feature.id}' is used twice"
                    )
                )
            seen.add(feature.id)
    if problems or assessment is None:
        raise InvalidFileError(problems)
    return assessment


def load(path: Path, display: str | None = None) -> Assessment:
    return from_document(load_file(path, display))


def from_bytes(data: bytes, display: str) -> Assessment:
    return from_document(parse(data, display))


# --- writing ------------------------------------------------------------------------------------


def to_yaml(assessment: Assessment, order: list[str] | None = None) -> str:
    """The file text: fixed key order, empty values left out, answers in questionnaire order.

    ``order`` lists question ids in questionnaire order; answers to questions not in it
    (orphans) follow in alphabetical order so that they stay put across saves.
    """
    data = assessment.model_dump(mode="python", by_alias=True, exclude_none=True)
    rank = {qid: i for i, qid in enumerate(order or [])}
    for feature in data["features"]:
        answers = feature.get("answers", {})
        ordered = sorted(answers, key=lambda qid: (qid not in rank, rank.get(qid, 0), qid))
        feature["answers"] = {qid: _compact(answers[qid]) for qid in ordered}
        for key in ("description", "owner"):
            if not feature.get(key):
                feature.pop(key, None)
    data["sign_off"] = [_compact(entry) for entry in data["sign_off"]]
    return "# trustaudit assessment: edit with `trustaudit open FILE`\n" + dump(data)


def _compact(value: dict[str, Any]) -> dict[str, Any]:
    """Drop empty and false values so each answer reads as what was actually said.

    ``choices: []`` stays: it is the answer "none of these apply".
    """
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "choices" and item is not None:
            out[key] = item
            continue
        if isinstance(item, dict):
            item = _compact(item)
        if item is None or item is False or item == "" or item == [] or item == {}:
            continue
        out[key] = item
    return out


def slug(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A feature id from its name: lower-case words joined by hyphens, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-") or "feature"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
