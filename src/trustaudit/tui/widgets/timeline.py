"""The review's dates on one line: the day they are judged on, the launch, the next review.

The core never reads the clock (``core/scoring/timing``); the app judges dates as of the day its
session read (``tui.session.calendar_day``), and this line says which day that was, as the
reports do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from trustaudit.tui import safe

if TYPE_CHECKING:
    from trustaudit.core.scoring.scorecard import Scorecard


class Timeline(Static):
    """``as of 2026-12-01 · launch 2027-03-01 · next review by 2027-05-29 (from the band)``, with
    the review flagged when its date has passed."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
        color: $text-muted;
    }
    """

    def show(self, card: Scorecard) -> None:
        parts: list[Content | tuple[str, str]] = []
        if card.as_of is not None:
            parts.append((f"as of {card.as_of.isoformat()}", ""))
        if card.launch is not None:
            parts.append((f" · launch {card.launch.isoformat()}", ""))
        if card.review_by is None:
            parts.append((" · next review: no date yet (add a feature)", ""))
        else:
            derived = " (from the band's cadence)" if card.review_by_derived else ""
            parts.append((f" · next review by {card.review_by.isoformat()}{derived}", ""))
        if card.review_due:
            parts.append(("  ", ""))
            parts.append((" REVIEW DUE ", "bold #ffffff on #b71c1c"))
            parts.append((" its date has passed: start the next cycle (trustaudit rereview)", ""))
        self.update(safe.join(*parts))
