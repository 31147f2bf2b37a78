"""The review file's models (``trustaudit/assessment@1``): one product review, answers and sign-off.

Answers are keyed by question id and never dropped, even when the question no longer exists (see
``trustaudit.core.review``). Text is cleaned of terminal control characters on the way in.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, AliasChoices, Field, field_validator, model_validator

from trustaudit.core.bands import Band
from trustaudit.core.fields import Date, Id, Model, Text, Timestamp

FORMAT = "trustaudit/assessment@1"

Status = Literal["draft", "in_review", "approved", "conditional", "rejected"]
PlanStatus = Literal["planned", "in_progress", "done", "accepted"]
Decision = Literal["pending", "approved", "conditional", "rejected"]
AnswerKind = Literal["choice", "choices", "text", "unknown", "na"]
Carried = Literal["unconfirmed", "confirmed", "changed"]
"""How an answer carried over from the previous review cycle stands: not looked at again yet,
confirmed as still true, or changed since (docs/reviews-over-time.md)."""


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
    due: Date | None = None
    status: PlanStatus = "planned"
    accepted_by: MaybeText = Field(None, description="Who accepted the risk (status accepted).")
    accepted_until: Date | None = Field(
        None, description="The last day the acceptance stands; after it, the risk is back."
    )
    verified_on: Date | None = Field(None, description="When the fix was checked as shipped.")

    @property
    def accepter(self) -> str | None:
        """Who accepted the risk: ``accepted_by``, else (files written before it) the owner."""
        return self.accepted_by or self.owner

    @property
    def acceptance_ends(self) -> dt.date | None:
        """The last day an accepted risk stands: ``accepted_until``, else (files written before
        it, when ``due`` said until when) the due date; None for an acceptance without an end."""
        return self.accepted_until or self.due

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
    card_note: MaybeText = Field(
        None,
        description="Written for customers: refines the data card line this answer backs "
        "(internal notes never reach the card).",
    )
    evidence: list[Text] = Field(default_factory=list)
    plan: Plan | None = None
    carried: Carried | None = Field(
        None,
        description="Set by a re-review: the answer was carried over from the previous cycle "
        "(unconfirmed until someone confirms or changes it).",
    )

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
    def option_ids(self) -> tuple[str, ...]:
        """The options chosen, in order and each once: ``choice``, or the ``choices``."""
        if self.choice is not None:
            return (self.choice,)
        return tuple(dict.fromkeys(self.choices or ()))

    @property
    def done_unapplied(self) -> bool:
        """A plan marked done while the answer still shows other options than its target: the
        work is reported done, but the answer (and so the score now) was not updated."""
        plan = self.plan
        if plan is None or plan.status != "done" or plan.target is None:
            return False
        return set(self.option_ids) != set(plan.targets) or self.kind not in ("choice", "choices")

    @property
    def value(self) -> tuple[object, ...]:
        """What the answer says, without notes, evidence, plan or marks: two answers with the
        same value give the same answer (a re-review compares them to tell a change)."""
        return (self.kind, self.option_ids, self.choices == [], self.text, self.na)

    @property
    def is_empty(self) -> bool:
        return (
            self.kind is None
            and not self.note
            and not self.card_note
            and not self.evidence
            and self.plan is None
        )


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
    date: Date | None = None
    comment: Text = ""


class CycleFeature(Model):
    """One feature as a past review cycle ended: its band and trust risk then."""

    id: Id
    name: Text
    band: Band
    planned_band: Band
    risk: float = Field(ge=0, le=100, allow_inf_nan=False)


class Pin(Model):
    """Which questionnaire the answers belong to, pinned by content hash.

    trustaudit writes the hash; a pin written by hand or by a script may leave it out, and is
    then read with a warning and completed on the next save (``review.drift``).
    """

    id: Id
    version: Text
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    source: MaybeText = None


class Cycle(Model):
    """A past review cycle, as ``trustaudit rereview`` recorded it when the next one began.

    History is only ever added to: the answers themselves stay in the features (carried over),
    so a cycle keeps what the answers do not say: when, the bands, the pin and the sign-off.
    """

    started: Date
    ended: Date
    status: Status
    questionnaire: Pin
    band: Band | None = None
    planned_band: Band | None = None
    review_by: Date | None = None
    answers: int = Field(0, ge=0, description="How many answers were carried over.")
    features: list[CycleFeature] = Field(default_factory=list)
    sign_off: list[SignOff] = Field(default_factory=list)


class Assessment(Model):
    format: Literal["trustaudit/assessment@1"] = "trustaudit/assessment@1"
    questionnaire: Pin
    product: NonEmpty
    release: Text = ""
    team: Text = ""
    assessors: list[Text] = Field(default_factory=list)
    status: Status = "draft"
    created: Timestamp
    updated: Timestamp
    review_by: Date | None = Field(
        None,
        validation_alias=AliasChoices("review_by", "next_review"),
        description="The next review is due by this day; when absent, it follows from the "
        "band through the questionnaire's scoring.cadence (files before it said next_review).",
    )
    launch: Date | None = Field(
        None, description="The planned launch date: fixes due after it are flagged in reports."
    )
    evidence_url: MaybeText = Field(
        None,
        description="Link for ticket ids in evidence, with {id} where the id goes, "
        "e.g. https://tracker.example/{id}.",
    )
    controller: MaybeText = Field(
        None, description='Who "we" are on the data cards: the company responsible for the data.'
    )
    privacy_policy_url: MaybeText = Field(
        None, description="The full privacy policy, linked from every data card (http or https)."
    )
    contact: MaybeText = Field(
        None, description="Whom customers ask about their data: the privacy team or the DPO."
    )
    delete_url: MaybeText = Field(
        None, description="Where customers delete their data (http or https)."
    )
    features: list[Feature] = Field(default_factory=list)
    sign_off: list[SignOff] = Field(default_factory=list)
    history: list[Cycle] = Field(
        default_factory=list, description="Past review cycles, oldest first (never shortened)."
    )

    @field_validator("privacy_policy_url", "delete_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and (
            not value.lower().startswith(("https://", "http://"))
            or len(value) <= len("https://")
            or any(c.isspace() for c in value)
        ):
            raise ValueError(
                "must be a web address starting with https:// (or http://), like "
                '"https://shop.example/privacy"'
            )
        return value

    @field_validator("evidence_url")
    @classmethod
    def _link_pattern(cls, value: str | None) -> str | None:
        if value is not None and (
            "{id}" not in value or not value.lower().startswith(("https://", "http://"))
        ):
            raise ValueError(
                "evidence_url must be an http(s) address with {id} where the ticket id goes, "
                'like "https://tracker.example/{id}"'
            )
        return value

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


VOCABULARY = {
    name
    for model in (Plan, Answer, Feature, SignOff, Pin, CycleFeature, Cycle, Assessment)
    for name in model.model_fields
}
