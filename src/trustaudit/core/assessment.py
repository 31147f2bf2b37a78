"""The assessment file (``trustaudit/assessment@1``): one product review, answers and sign-off.

The file is meant to be reviewed in pull requests, so it is written with a stable key order, one
answer per block, and nothing that merely repeats a default. Answers are keyed by question id and
never dropped, even when the question no longer exists (see ``store``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

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


def _not_blank(value: str) -> str:
    # Checked after control characters are stripped: a name of only escape codes is no name.
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _blank_to_none(value: str | None) -> str | None:
    return value if value is None or value.strip() else None


NonEmpty = Annotated[Text, AfterValidator(_not_blank)]
"""A name that must say something: not empty, not only spaces or control characters."""

MaybeText = Annotated[Text | None, AfterValidator(_blank_to_none)]
"""Free text that may be left out; blank text is the same as none (and is not written)."""


def utc_now() -> dt.datetime:
    """Now, to the second, in UTC: the only clock reading the program stores."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Plan(Model):
    """What the team will do about a risky answer; credited in the residual only when owned."""

    target: Id | list[Id] | None = Field(None, description="The option(s) the answer will become.")
    action: Text = ""
    owner: MaybeText = None
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
    text: MaybeText = None
    unknown: bool = False
    na: Text | None = Field(None, description="Why the question does not apply.")
    note: MaybeText = None
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
    name: NonEmpty
    description: Text = ""
    owner: MaybeText = None
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
    source: MaybeText = None


class Assessment(Model):
    format: Literal["trustaudit/assessment@1"] = "trustaudit/assessment@1"
    questionnaire: Pin
    product: NonEmpty
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
        """UTC to the second, as the file stores it, so a loaded file equals what was saved."""
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        try:
            return value.astimezone(dt.timezone.utc).replace(microsecond=0)
        except OverflowError:  # 0001-01-01T00:00:00+05:30 is before the first representable UTC
            raise ValueError("the time is out of range") from None

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
    return render(snapshot(assessment), order)


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain data, taken in one call into pydantic-core.

    The TUI saves from a worker thread while its UI thread edits the same assessment; one
    ``model_dump`` never releases the GIL, so the snapshot is a consistent state, never half of
    a change (a walk over the models in Python could be).
    """
    return assessment.model_dump(mode="python", by_alias=True)


def render(data: dict[str, Any], order: list[str] | None = None) -> str:
    """The file text of a ``snapshot``; see ``to_yaml``."""
    out = _compact(data, Assessment)
    rank = {qid: i for i, qid in enumerate(order or [])}
    for feature in out.get("features", []):
        answers = feature.pop("answers", {})
        ordered = sorted(answers, key=lambda qid: (qid not in rank, rank.get(qid, 0), qid))
        if ordered:
            feature["answers"] = {qid: answers[qid] for qid in ordered}
    return "# trustaudit assessment: edit with `trustaudit open FILE`\n" + dump(out)


_MEANINGFUL_EMPTY = ("choices", "target")
"""Fields whose empty list is a value: ``choices: []`` is the answer "none of these apply", and a
plan ``target: []`` for a multi question is the plan to collect none of them."""

_NESTED: dict[tuple[type[Model], str], tuple[type[Model], Literal["one", "list", "dict"]]] = {
    (Assessment, "questionnaire"): (Pin, "one"),
    (Assessment, "features"): (Feature, "list"),
    (Assessment, "sign_off"): (SignOff, "list"),
    (Feature, "answers"): (Answer, "dict"),
    (Answer, "plan"): (Plan, "one"),
}


def _compact(data: dict[str, Any], model: type[Model]) -> dict[str, Any]:
    """``data`` of ``model`` in field order, leaving out optional values that say nothing.

    Empty, false and None values are left out unless the field is required (it must read back)
    or its emptiness means something (``_MEANINGFUL_EMPTY``). An answer that is empty as a whole
    stays as ``{}`` under its question, so what is saved always reads back as what was in memory.
    """
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            continue
        value = data[key]
        nested = _NESTED.get((model, name))
        if nested is not None and value is not None:
            inner, shape = nested
            if shape == "one":
                value = _compact(value, inner)
            elif shape == "list":
                value = [_compact(item, inner) for item in value]
            else:
                value = {k: _compact(item, inner) for k, item in value.items()}
        keep = info.is_required() or (name in _MEANINGFUL_EMPTY and value is not None)
        if not keep and (value is None or value is False or value in ("", [], {})):
            continue
        out[key] = value
    return out


def slug(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A feature id from its name: lower-case words joined by hyphens, unique among ``taken``.

    Accents are folded (``Café`` → ``cafe``); a name with no letters or digits left becomes
    ``feature``.
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    base = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:40].strip("-") or "feature"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate
