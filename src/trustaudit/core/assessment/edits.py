"""Typed edits of a review: what Setup (or a script) changes, so no change travels as loose keys.

Each edit lists the fields it sets; ``fields()`` gives them as model data, validated by the model
when the session applies the edit, so an edit can never set a field the file does not have.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class FeatureEdit:
    """A feature's name, description and owner (its id is the session's to give, never edited)."""

    name: str
    description: str = ""
    owner: str | None = None

    def fields(self) -> dict[str, Any]:
        return {**asdict(self), "owner": self.owner or None}


@dataclass(frozen=True)
class Details:
    """The review's details as Setup shows them: product, release, team, assessors."""

    product: str
    release: str = ""
    team: str = ""
    assessors: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        return {**asdict(self), "assessors": list(self.assessors)}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the customer data cards, as Setup asks: who "we" are, the full privacy
    policy, whom to ask and where to delete the data (blank means not set)."""

    controller: str | None = None
    privacy_policy_url: str | None = None
    contact: str | None = None
    delete_url: str | None = None

    def fields(self) -> dict[str, Any]:
        return {name: (value or None) for name, value in asdict(self).items()}


@dataclass(frozen=True)
class Tracker:
    """Where ticket ids in evidence link to: ``evidence_url``, with ``{id}`` where the id goes
    (blank means ticket ids stay plain text)."""

    evidence_url: str | None = None

    def fields(self) -> dict[str, Any]:
        return {"evidence_url": self.evidence_url or None}


HeadEdit = Details | Publisher | Tracker
"""An edit of the review's head (every field but the features), applied by
``Review.update_details``."""


@dataclass(frozen=True)
class Acceptance:
    """Accepting the risk of an answer as it is: who accepts it, and the last day it stands.

    Both are required: an acceptance with no one behind it, or with no end, cannot be told apart
    from neglect. After ``accepted_until`` the risk counts again (``scoring.timing.lapsed``).
    """

    accepted_by: str
    accepted_until: dt.date

    def fields(self) -> dict[str, Any]:
        return {**asdict(self), "status": "accepted"}


@dataclass(frozen=True)
class Schedule:
    """The review's dates: the planned launch, and when the next review is due (None: it follows
    from the band through the questionnaire's ``scoring.cadence``)."""

    launch: dt.date | None = None
    review_by: dt.date | None = None

    def fields(self) -> dict[str, Any]:
        return asdict(self)
