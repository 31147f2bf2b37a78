"""The live score of the feature under review: L, I, R, band now → planned, biggest contributor.

Two lines, so it fits above the question card at 80×24. Every figure is the engine's; rounding
happens only here, for display.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import FeatureScore
from trustaudit.tui import safe
from trustaudit.tui.widgets.badges import shift


class ScorePanel(Static):
    """Trust risk of one feature, updated after every answer."""

    DEFAULT_CSS = """
    ScorePanel {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $boost;
        border-bottom: hkey $primary 40%;
    }
    """

    def show(self, score: FeatureScore, questionnaire: Questionnaire) -> None:
        self.update(describe(score, questionnaire))


def describe(score: FeatureScore, questionnaire: Questionnaire) -> Content:
    now = score.now
    first = safe.join(
        shift(now.band, score.planned.band),
        ("  R ", "dim"),
        (f"{now.risk:.0f}", "bold"),
        ("  L ", "dim"),
        (f"{now.likelihood:.0f}", ""),
        ("  I ", "dim"),
        (f"{now.impact:.0f}", ""),
        ("  known ", "dim"),
        (f"{score.confidence:.0%}", ""),
        (" provisional" if score.provisional else "", "italic dim"),
    )
    raised = [f for f in now.floors if f.raised]
    if raised:
        rule = raised[0]
        why = (
            f"red flag on '{rule.question}'"
            if rule.rule == "red flag"
            else f"axis rule (L or I ≥ {rule.threshold:g})"
        )
        first = safe.join(first, ("  raised by ", "dim"), (why, "bold"))
    top = score.top_fix
    if top is None:
        second = safe.content("Nothing raises the risk.", "dim")
    else:
        question = questionnaire.by_id.get(top.question)
        prompt = safe.one_line(question.prompt if question else top.question, 50)
        if top.recommend:
            fix = safe.content(top.recommend)
        elif top.kind == "unknown":
            fix = safe.content("answer it (an unknown counts as likely to fail)")
        elif top.kind == "impact":
            fix = safe.content("use less data, or less sensitive data")
        else:
            fix = safe.content("a safer practice")
        second = safe.join(
            ("Top fix ", "dim"),
            (f"(R −{top.delta:.0f}): ", "dim"),
            fix,
            ("  · ", "dim"),
            (prompt, "italic dim"),
        )
    return Content("\n").join([first, second])
