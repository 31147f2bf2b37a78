"""The rules of time, each written once: what is overdue, what has lapsed, when the next review is
due, and the day all of them are judged on.

Nothing here reads the clock. Every rule takes the *as-of* date explicitly: the command line passes
the day it runs (or ``--as-of DATE``) and prints it, so a report made with ``--as-of`` pinned is
the same bytes on any day. docs/reviews-over-time.md explains the cycle these rules serve.
"""

from __future__ import annotations

import calendar
import datetime as dt

from trustaudit.core.assessment.model import Assessment, Plan
from trustaudit.core.bands import Band
from trustaudit.core.questionnaire.model import Scoring

TO_MAKE = ("planned", "in_progress")
"""Plan statuses that are still work to do."""


def judged_on(assessment: Assessment, as_of: dt.date | None) -> dt.date:
    """The day dates are judged on: ``as_of``, else the day the review was last saved (so a
    caller that names no day still gets the same answer every time)."""
    return as_of if as_of is not None else assessment.updated.date()


def overdue(plan: Plan, as_of: dt.date) -> bool:
    """A fix still to make whose due date has passed (due *on* ``as_of`` is not yet late)."""
    return plan.status in TO_MAKE and plan.due is not None and plan.due < as_of


def lapsed(plan: Plan, as_of: dt.date) -> bool:
    """An accepted risk past the last day of its acceptance: it counts as not accepted, its risk
    is back and it is flagged. An acceptance without an end never lapses (scoring flags it)."""
    ends = plan.acceptance_ends
    return plan.status == "accepted" and ends is not None and ends < as_of


def acceptance_problem(plan: Plan) -> str | None:
    """What an accepted risk lacks to be told apart from neglect: who accepted it and until
    when (``accepted_by``, ``accepted_until``); None when it has both, or is not accepted."""
    if plan.status != "accepted":
        return None
    missing = [
        name
        for name, value in (
            ("accepted_by", plan.accepter),
            ("accepted_until", plan.acceptance_ends),
        )
        if not value
    ]
    if not missing:
        return None
    return f"an accepted risk needs {' and '.join(missing)}: who accepts it, and until when"


def after_launch(due: dt.date | None, launch: dt.date | None) -> bool:
    """A fix due after the planned launch; one with no due date cannot be shown to land before
    it. False when no launch is planned."""
    return launch is not None and (due is None or due > launch)


def review_due(review_by: dt.date | None, as_of: dt.date) -> bool:
    """Whether the review should have been done again by ``as_of`` (``review_by`` has passed)."""
    return review_by is not None and review_by < as_of


def cycle_start(assessment: Assessment) -> dt.date:
    """The day the current review cycle began: the last re-review, else the file's creation."""
    return assessment.history[-1].ended if assessment.history else assessment.created.date()


def reviewed_on(assessment: Assessment) -> dt.date:
    """The day this cycle's review was decided: its latest sign-off decision, else its start."""
    start = cycle_start(assessment)
    decided = [s.date for s in assessment.sign_off if s.decision != "pending" and s.date]
    return max([d for d in decided if d >= start], default=start)


def review_by(
    assessment: Assessment, band: Band | None, scoring: Scoring
) -> tuple[dt.date | None, bool]:
    """When the next review is due, and whether that date was derived rather than written.

    A ``review_by`` in the file wins; otherwise the date follows from the headline band through
    ``scoring.cadence`` (months after the cycle's review was decided, ``reviewed_on``). A review
    with no features has no band and so no derived date.
    """
    if assessment.review_by is not None:
        return assessment.review_by, False
    if band is None:
        return None, False
    return add_months(reviewed_on(assessment), getattr(scoring.cadence, band)), True


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
