"""The live score of the feature under review: band and trust risk now → planned, what holds it,
what the engine assumes, and the one fix that helps most.

Every figure is the engine's; rounding happens only here, for display. The lines, each shown only
when it has something to say:

1. band now → planned, R now → planned, L, I, and how sure the score is (the share of promise
   answers given for sure: docs/questionnaire-format.md, "confidence");
2. what holds the band up: a red flag (the question, and the least band it forces) or the axis
   rule, and plans the calendar finds late (overdue, lapsed);
3. the profile questions whose impact is taken at its worst because nobody knows yet;
4. the top fix, said by what it does to the band when that is what it does (never a fix worth
   nothing). While the top fix is
   to answer a question nobody has answered yet, the panel points at the next question to answer
   instead (the walk's own order), as the engine's pick may be one that never comes to apply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.widgets import Static

from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import Contributor, FeatureScore
from trustaudit.tui import safe
from trustaudit.tui.widgets.badges import shift

PROMPT = 46
"""Characters of a question's prompt shown where the panel names it."""

Prompt = Callable[..., str]
"""A question's prompt on one line, by id (and at most so many characters)."""


class ScorePanel(Static):
    """Trust risk of one feature, updated after every answer."""

    DEFAULT_CSS = """
    ScorePanel {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $boost;
        border-bottom: hkey $primary 40%;
    }
    """

    def show(
        self,
        score: FeatureScore,
        questionnaire: Questionnaire,
        assumed: Sequence[str] = (),
        next_open: str | None = None,
    ) -> None:
        """``assumed``: profile questions taken at their worst; ``next_open``: the next question
        of the walk still unanswered."""
        self.update(describe(score, questionnaire, assumed, next_open))


def describe(
    score: FeatureScore,
    questionnaire: Questionnaire,
    assumed: Sequence[str] = (),
    next_open: str | None = None,
) -> Content:
    """The panel's lines (see the module docstring)."""

    def prompt(question_id: str | None, limit: int = PROMPT) -> str:
        question = questionnaire.by_id.get(question_id or "")
        return safe.one_line(question.prompt if question else question_id or "?", limit)

    now, planned = score.now, score.planned
    risk = f"{now.risk:.0f}"
    if round(planned.risk) != round(now.risk):
        risk += f" → {planned.risk:.0f} planned"
    lines = [
        safe.join(
            shift(now.band, planned.band),
            ("  R ", "dim"),
            (risk, "bold"),
            ("  L ", "dim"),
            (f"{now.likelihood:.0f}", ""),
            ("  I ", "dim"),
            (f"{now.impact:.0f}", ""),
            ("  sure of ", "dim"),
            (f"{score.confidence:.0%}", ""),
            (" of the promise answers", "dim"),
            (" · provisional" if score.provisional else "", "italic"),
        )
    ]
    held = _held(score, prompt)
    if held is not None:
        lines.append(held)
    if assumed:
        names = ", ".join(prompt(q, 30) for q in assumed[:3])
        more = f" and {len(assumed) - 3} more" if len(assumed) > 3 else ""
        lines.append(
            safe.join(("impact assumes the worst for: ", "dim"), safe.content(names + more))
        )
    lines.append(_top_fix(score, prompt, next_open))
    return Content("\n").join(lines)


def _held(score: FeatureScore, prompt: Prompt) -> Content | None:
    """What raises the band above what R alone gives, and plans found late; None if nothing."""
    parts: list[Content] = []
    floors = sorted(score.now.floors, key=lambda f: not f.raised)  # the one raising it first
    flags = [f for f in floors if f.rule == "red flag"]
    axis = [f for f in floors if f.rule == "axis" and f.raised]
    if flags:
        flag = flags[0]
        more = f" (+{len(flags) - 1} more)" if len(flags) > 1 else ""
        parts.append(
            safe.join(
                ("red flag: ", "bold"),
                safe.content(prompt(flag.question), "italic"),
                (f" forces at least {flag.floor.upper()}{more}", "bold"),
            )
        )
    if axis and not (flags and flags[0].raised):
        rule = axis[0]
        threshold = f"{rule.threshold:g}" if rule.threshold is not None else "its threshold"
        parts.append(
            safe.content(
                f"held at {rule.floor.upper()} by the axis rule (L or I ≥ {threshold})", "bold"
            )
        )
    overdue = [d for d in score.dated if d.kind == "overdue"]
    lapsed = [d for d in score.dated if d.kind == "lapsed"]
    if overdue:
        parts.append(safe.content(f"{len(overdue)} fix(es) overdue", "bold"))
    if lapsed:
        parts.append(safe.content(f"{len(lapsed)} acceptance(s) lapsed: the risk is back", "bold"))
    if not parts:
        return None
    return Content("  ·  ").join(parts)


def _top_fix(score: FeatureScore, prompt: Prompt, next_open: str | None) -> Content:
    top = score.top_fix
    if top is None:
        return safe.content("Nothing raises the risk.", "dim")
    if not effect(score, top):
        return safe.content("No single answer lowers the risk or the band now.", "dim")
    states = {q.id: q.state for q in score.questions}
    if top.kind == "unknown" and states.get(top.question) == "unanswered" and next_open:
        return safe.join(
            ("Top fix ", "dim"),
            (f"({effect(score, top)}): ", "dim"),
            safe.content("answer the open questions; next: "),
            (prompt(next_open, 50), "italic"),
        )
    if top.recommend:
        fix = safe.content(top.recommend)
    elif top.kind == "unknown":
        fix = safe.content("answer it (an unknown counts as likely to fail)")
    elif top.kind == "impact":
        fix = safe.content("use less data, or less sensitive data")
    else:
        fix = safe.content("a safer practice")
    return safe.join(
        ("Top fix ", "dim"),
        (f"({effect(score, top)}): ", "dim"),
        fix,
        ("  · ", "dim"),
        (prompt(top.question, 50), "italic dim"),
    )


def effect(score: FeatureScore, fix: Contributor) -> str:
    """What a fix does, in the panel's words: R down by how much, and the band it leads to when
    that changes; the band alone when R moves by less than a point (a band held by a rule);
    empty when the fix is worth nothing (the panel then names none)."""
    parts = []
    if round(fix.delta) >= 1:
        parts.append(f"R −{fix.delta:.0f}")
    elif fix.delta >= 0.05:
        parts.append(f"R −{fix.delta:.1f}")
    if fix.band is not None and fix.band != score.band:
        parts.append(f"{score.band.upper()} → {fix.band.upper()}")
    return ", ".join(parts)
