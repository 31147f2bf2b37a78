"""The questionnaire format (``trustaudit/questionnaire@1``): the file models and the resolved form.

Two layers: the *file* models mirror what a privacy lead writes (a child file may patch a parent's
section, so its sections have optional fields), and the *resolved* ``Questionnaire`` is what the
rest of the program uses after ``extends`` has been merged and every semantic check has passed
(``loader``, ``checks``). docs/questionnaire-format.md describes every field.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from trustaudit.core.bands import Floor
from trustaudit.core.fields import Fraction, Id, Model, Points, Text
from trustaudit.core.obligations.catalogue import EMPTY, Catalogues, canonical
from trustaudit.core.questionnaire.apple import AppleKeys
from trustaudit.core.questionnaire.conditions import Condition, Leaf
from trustaudit.core.questionnaire.dpia import Criterion, Exemption

FORMAT = "trustaudit/questionnaire@1"

EXTENDS_CONTEXT = "extends"
"""Validation context key set while reading a file that extends another (see ``Scoring``)."""

Role = Literal[
    "data_kinds", "uses", "recipients", "retention", "purpose_statement", "sources",
    "consent", "withdrawal", "granularity", "defaults", "bundling", "sensitive_consent",
    "access", "opt_out", "model_training", "tracking",
]  # fmt: skip

ROLE_TYPES: dict[Role, tuple[str, ...]] = {
    "purpose_statement": ("text",),
    "retention": ("choice",),
    "data_kinds": ("choice", "multi"),
    "uses": ("choice", "multi"),
    "recipients": ("choice", "multi"),
    "sources": ("choice", "multi"),
    "consent": ("choice",),
    "withdrawal": ("choice",),
    "granularity": ("choice",),
    "defaults": ("choice",),
    "bundling": ("choice",),
    "sensitive_consent": ("choice",),
    "access": ("choice",),
    "opt_out": ("choice",),
    "model_training": ("choice",),
    "tracking": ("choice",),
}
"""Which question types can carry each role (a role tells the data card what a question is).

A profile question with a role says what the feature does (``retention``: how long data is kept);
a pillar question with the same role says how well that promise is kept (``retention``: whether
the period is enforced). Each role is carried by at most one question of each kind."""

PILLAR_ROLES: frozenset[Role] = frozenset(
    (
        "consent", "withdrawal", "granularity", "defaults", "bundling", "sensitive_consent",
        "access", "opt_out", "model_training", "tracking",
    )
)  # fmt: skip
"""Roles that name a promise to customers (a choice they get, a default, a consent): they are
read from pillar questions only. docs/questionnaire-format.md lists what the card does with each."""

WORDED_ROLES: dict[str, frozenset[Role]] = {
    "profile": frozenset(("data_kinds", "sources", "uses", "recipients", "retention")),
    "pillar": frozenset(
        (
            "retention", "consent", "withdrawal", "granularity", "sensitive_consent", "access",
            "opt_out", "model_training", "tracking",
        )
    ),
}  # fmt: skip
"""By kind of section, the roles whose options the data card words for customers (``card:``);
the other roles are read only to check what the card may say."""


ObligationRef = Annotated[
    str,
    StringConstraints(
        pattern=r"^\s*[A-Za-z0-9][A-Za-z0-9-]*:[A-Za-z0-9][A-Za-z0-9.-]*\s*$", max_length=170
    ),
    AfterValidator(canonical),
]
"""``catalogue:entry``, read in lower case: NIST's ``nist-pf:CM.AW-P1`` is ``nist-pf:cm.aw-p1``."""


class Option(Model):
    """One possible answer. Pillar options carry risk; profile options carry impact and benefit."""

    id: Id
    label: Text
    recommend: Text | None = Field(None, description="What to do instead, shown in the plan.")
    risk: Fraction | None = Field(None, description="Pillar options: 0 exemplary … 1 failing.")
    floor: Floor | None = Field(None, description="Pillar options: the least band when chosen.")
    impact: Points | None = Field(None, description="Profile options: impact points.")
    benefit: Fraction | None = Field(None, description="Profile options: value to the customer.")
    dpia: int | None = Field(
        None,
        ge=0,
        le=9,
        description="The older form of dpia_criteria: how many high-risk criteria this option "
        "meets, each counted, none named.",
    )
    dpia_criteria: list[Criterion] = Field(
        default_factory=list,
        description="Profile options: the DPIA screening criteria (WP248 rev.01) this answer "
        "meets; each criterion counts once per feature.",
    )
    dpia_exemption: Exemption | None = Field(
        None,
        description="Profile options: choosing it means a DPIA is not likely required however "
        "many criteria are met (recital-91: one doctor's or lawyer's own patients or clients).",
    )
    facts: list[Id] = Field(
        default_factory=list,
        description="Profile options: what choosing this answer establishes about the feature "
        "for obligations: a market (eu, uk, california) or a fact (children, online-platform, "
        "...) that catalogue entries apply in or only when (docs/obligations.md).",
    )
    card: Text | None = Field(
        None,
        description="What a customer reads on the data card for this answer, in their words "
        "(options of a question with a role the card reads).",
    )
    apple: AppleKeys | None = Field(
        None, description="Profile options: what this answer means for the App Store label."
    )


class Question(Model):
    """One question; see docs/questionnaire-format.md for how each field is used in scoring."""

    id: Id
    type: Literal["choice", "multi", "text"]
    role: Role | None = None
    prompt: Text
    help: Text | None = None
    harm: Text | None = Field(
        None,
        description="Pillar questions: what goes wrong for customers when this promise is "
        "broken, in one plain sentence (the report's top risks lead with it).",
    )
    weight: int = Field(1, ge=1, le=3, description="1 good practice · 2 important · 3 core")
    when: Condition | None = None
    allow_unknown: bool = True
    unknown_risk: Fraction | None = None
    allow_na: bool = False
    combine: Literal["max", "sum"] | None = None
    cap: Points | None = Field(None, gt=0)
    unknown_impact: Points | None = None
    options: list[Option] = Field(default_factory=list)
    obligations: list[ObligationRef] = Field(
        default_factory=list,
        description="Pillar questions: the obligations this promise touches, as catalogue:entry "
        "ids (gdpr:13-1-c, dsa:27); an answer short of the best puts them at risk.",
    )

    @cached_property
    def option_map(self) -> dict[str, Option]:
        return {option.id: option for option in self.options}


class SectionSpec(Model):
    """A section as written; in a file that extends another, it may patch the parent's section."""

    id: Id
    kind: Literal["profile", "pillar"] | None = None
    title: Text | None = None
    summary: Text | None = None
    weight: float | None = Field(None, gt=0, le=10, allow_inf_nan=False)
    questions: list[Question] = Field(default_factory=list)
    remove: list[Id] = Field(default_factory=list)


class Bands(Model):
    medium: Points = 35
    high: Points = 55
    critical: Points = 75


Months = Annotated[int, Field(ge=1, le=120)]


class Cadence(Model):
    """How many months after a review is decided the next one is due, by the headline band."""

    low: Months = 24
    medium: Months = 12
    high: Months = 6
    critical: Months = 6


class Scoring(Model):
    """Every number of the scoring model; docs/questionnaire-format.md explains each one."""

    unknown_risk: Fraction = 0.75
    likelihood_blend: Fraction = 0.6
    levels: tuple[Points, Points, Points] = (25, 50, 75)
    bands: Bands = Field(default_factory=Bands)
    axis_floor: Floor = "medium"
    axis_threshold: Points = 75
    planned_credit: Fraction = 1.0
    dpia_threshold: int = Field(2, ge=1, le=50)
    provisional_below: Fraction = 0.7
    cadence: Cadence = Field(
        default_factory=Cadence,
        description="Months until the next review, by headline band, when a review sets no "
        "review_by (docs/reviews-over-time.md).",
    )

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> Scoring:
        if not self.levels[0] < self.levels[1] < self.levels[2]:
            raise ValueError("levels must be three increasing numbers, like [25, 50, 75]")
        # In a file that extends another, a partial ``bands`` fills in from the parent's bands,
        # not from the defaults, so the order is checked only after the merge.
        if info.context and info.context.get(EXTENDS_CONTEXT):
            return self
        if not self.bands.medium < self.bands.high < self.bands.critical:
            raise ValueError("bands must increase: medium < high < critical")
        return self


class QuestionnaireFile(Model):
    """The top level of a questionnaire file."""

    format: Literal["trustaudit/questionnaire@1"]
    id: Id
    title: Text
    version: Text
    description: Text = ""
    extends: Text | None = Field(
        None, description="Id of a known questionnaire, or a path relative to this file."
    )
    scoring: Scoring | None = None
    renames: dict[str, str] = Field(
        default_factory=dict,
        description="What the previous version called a question or option: old-id: new-id "
        "for a question, old-question/old-option: new-question/new-option for an option. "
        "`trustaudit upgrade` moves answers along them.",
    )
    sections: list[SectionSpec] = Field(default_factory=list)

    @field_validator("renames")
    @classmethod
    def _rename_ids(cls, value: dict[str, str]) -> dict[str, str]:
        for old, new in value.items():
            for ref in (old, new):
                if not RENAME_PATTERN.fullmatch(ref):
                    raise ValueError(
                        f"renames: '{ref}' is neither a question id nor question-id/option-id"
                    )
            if ("/" in old) != ("/" in new):
                raise ValueError(
                    f"renames: '{old}' and '{new}' must both name questions, or both options"
                )
        return value


RENAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}(/[a-z0-9][a-z0-9-]{0,79})?")
"""A rename names a question (``notice``) or one option of one (``notice/policy``)."""

VOCABULARY = {
    name
    for model in (
        Option,
        AppleKeys,
        Leaf,
        Question,
        SectionSpec,
        Bands,
        Cadence,
        Scoring,
        QuestionnaireFile,
    )
    for name in model.model_fields
    if not name.endswith("_")
} | {"all", "any", "not"}


# --- the resolved questionnaire -----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    kind: Literal["profile", "pillar"]
    title: str
    summary: str
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire after ``extends`` is merged and all checks have passed."""

    id: str
    title: str
    version: str
    description: str
    scoring: Scoring
    sections: tuple[Section, ...]
    path: Path | None = None
    chain: tuple[Path, ...] = field(default=())
    """The files it was built from through ``extends``: the root parent first, this file last."""
    renames: tuple[tuple[str, str], ...] = ()
    """What the previous version called a question (``old``, ``new``) or an option
    (``old-q/old-o``, ``new-q/new-o``), in file order; see ``review.upgrade``."""
    obligations: Catalogues = field(default=EMPTY, compare=False, repr=False)
    """The catalogues its questions' ``obligations:`` were checked against (docs/obligations.md);
    empty when no question names one and no option states a fact."""

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {q.id: section for section in self.sections for q in section.questions}

    @cached_property
    def pillars(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "pillar")

    def with_role(self, role: Role, pillar: bool = False) -> Question | None:
        """The profile question with ``role`` (``pillar=True``: the pillar question with it)."""
        return self._roles.get((role, pillar))

    @cached_property
    def _roles(self) -> dict[tuple[Role, bool], Question]:
        """Each role's first question by kind of section, found once (the data card asks for
        a dozen roles per feature)."""
        found: dict[tuple[Role, bool], Question] = {}
        for s in self.sections:
            for q in s.questions:
                if q.role is not None:
                    found.setdefault((q.role, s.kind == "pillar"), q)
        return found

    @cached_property
    def establishers(self) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
        """For each fact (``facts:`` on profile options), the questions that can establish it
        and the options of each that do, in questionnaire order (``obligations.applicability``)."""
        found: dict[str, dict[str, set[str]]] = {}
        for s in self.sections:
            if s.kind != "profile":
                continue
            for q in s.questions:
                for o in q.options:
                    for fact in o.facts:
                        found.setdefault(fact, {}).setdefault(q.id, set()).add(o.id)
        return {
            fact: tuple((qid, frozenset(ids)) for qid, ids in by_question.items())
            for fact, by_question in found.items()
        }

    @cached_property
    def sha256(self) -> str:
        """Hash of the normalised content: comments, layout and key order do not change it."""
        body: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "description": self.description,
            "scoring": _hashed_scoring(self.scoring),
            "sections": [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "title": s.title,
                    "summary": s.summary,
                    "weight": s.weight,
                    "questions": [_hashed(q) for q in s.questions],
                }
                for s in self.sections
            ],
        }
        if self.renames:
            body["renames"] = [list(pair) for pair in self.renames]
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


ADDED_FIELDS = ("harm", "obligations")
"""Question fields added after the first release: left out of the hash while unset, so that a
questionnaire written before them keeps its hash (and its reviews stay pinned to it)."""

ADDED_OPTION_FIELDS = ("card", "apple", "dpia_criteria", "dpia_exemption", "facts")
"""The same for option fields (the data card's wording, the App Store label, the DPIA screening
and the facts obligations apply by)."""


def _hashed_scoring(scoring: Scoring) -> dict[str, object]:
    """The scoring settings as hashed: ``cadence`` only when it is not the default, so that a
    questionnaire written before it keeps its hash (it changes no score)."""
    data = scoring.model_dump(mode="json")
    if scoring.cadence == Cadence():
        data.pop("cadence", None)
    return data


def _hashed(question: Question) -> dict[str, object]:
    data = question.model_dump(mode="json", by_alias=True)
    for name in ADDED_FIELDS:
        if data.get(name) in (None, []):
            data.pop(name, None)
    for option in data.get("options") or ():
        for name in ADDED_OPTION_FIELDS:
            if option.get(name) in (None, []):
                option.pop(name, None)
    return data
