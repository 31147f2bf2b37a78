"""What a data card holds, as plain frozen dataclasses every form renders (Markdown, JSON, HTML).

A card is a list of sections (what we collect, why, who receives it …), each a list of lines, and
every line names what backs it: an answer (question id and chosen options) or a field of the
review (``controller``, ``delete_url`` …). What the answers do not support is not a line but a
``Gap`` in "Before you publish", and a card with a gap is not ready to publish. Every string from
a file or a user is ``UserText``, for each form to escape in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trustaudit.core.assessment.model import Assessment
from trustaudit.core.questionnaire.model import Role
from trustaudit.core.report.markdown import UserText, user

LineKind = Literal["item", "sentence", "note", "link"]
"""``item``: a phrase in a list ("your email address"); ``sentence``: a full sentence; ``note``:
the assessor's words for customers (an answer's ``card_note``); ``link``: text with a ``url``."""

SectionId = Literal[
    "who", "collect", "sources", "why", "uses", "recipients", "retention", "choices", "delete",
    "contact",
]  # fmt: skip

CheckId = Literal[
    "missing-role", "unanswered", "unknown", "no-purpose", "no-wording", "retention-unenforced",
    "consent-contradicted", "choice-not-honoured", "sensitive-without-opt-in", "uses-not-stated",
    "recipients-not-named", "no-controller", "no-privacy-policy", "no-contact", "no-delete-url",
]  # fmt: skip
"""The checks that can hold a card back; docs/data-cards.md says what trips each one."""

TITLES: dict[SectionId, str] = {
    "who": "Who we are",
    "collect": "What we collect",
    "sources": "Where it comes from",
    "why": "Why",
    "uses": "What we use it for",
    "recipients": "Who receives it",
    "retention": "How long we keep it",
    "choices": "Your choices",
    "delete": "How to delete it",
    "contact": "Questions",
}
"""The layered card's sections, in the order a customer reads them."""


@dataclass(frozen=True)
class Backing:
    """What a line rests on: an answer (``question``, its ``role`` and the chosen ``options``),
    or a field of the review (``field``)."""

    question: str | None = None
    options: tuple[str, ...] = ()
    field: str | None = None
    role: Role | None = None


@dataclass(frozen=True)
class Line:
    kind: LineKind
    text: UserText
    backed_by: tuple[Backing, ...]
    url: UserText | None = None


@dataclass(frozen=True)
class Section:
    """One part of the card; ``open`` when a gap left it without the line it needs."""

    id: SectionId
    title: str
    lines: tuple[Line, ...]
    open: bool = False

    @property
    def items(self) -> tuple[Line, ...]:
        """The phrases of a list ("your email address"), shown first."""
        return tuple(line for line in self.lines if line.kind == "item")

    @property
    def sentences(self) -> tuple[Line, ...]:
        """Sentences, notes and links, shown after the phrases."""
        return tuple(line for line in self.lines if line.kind != "item")


@dataclass(frozen=True)
class Gap:
    """A promise the answers do not support, for the team to fix before publishing."""

    check: CheckId
    message: UserText
    section: SectionId
    questions: tuple[str, ...] = ()
    """The questions (or review fields) the gap is about."""
    role: Role | None = None


@dataclass(frozen=True)
class Publisher:
    """Who publishes the cards: the review's ``controller``, ``privacy_policy_url``,
    ``contact`` and ``delete_url``."""

    controller: UserText | None = None
    privacy_policy_url: UserText | None = None
    contact: UserText | None = None
    delete_url: UserText | None = None


def publisher_of(assessment: Assessment) -> Publisher:
    return Publisher(
        controller=user(assessment.controller),
        privacy_policy_url=user(assessment.privacy_policy_url),
        contact=user(assessment.contact),
        delete_url=user(assessment.delete_url),
    )


@dataclass(frozen=True)
class Card:
    """One feature's card: the layered sections, the one-line notice for the screen where the
    data is asked for (``notice``, empty without a purpose), and the gaps."""

    feature_id: str
    feature: UserText
    publisher: Publisher
    sections: tuple[Section, ...]
    notice: tuple[Line, ...]
    gaps: tuple[Gap, ...]

    @property
    def ready(self) -> bool:
        """Ready to publish: no gap is open. Never true while one is."""
        return not self.gaps

    @property
    def status(self) -> str:
        return "ready to publish" if self.ready else "not ready to publish"

    def section(self, section_id: SectionId) -> Section:
        return next(s for s in self.sections if s.id == section_id)
