"""The rules of the scoring model, each written once: bands, levels, the axis rule, the best
option of a question, the advice for chosen options, and whether a plan's target fits.

Every layer asks these functions (the engine, the report, the TUI's plan form), so a change to a
rule is a change in one place. docs/architecture.md lists the owners; the model itself is in
docs/questionnaire-format.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from trustaudit.core.bands import BANDS, Band, Floor, band_rank
from trustaudit.core.questionnaire.model import Option, Question, Scoring

LEVELS = ("Negligible", "Limited", "Significant", "Maximum")
"""Names of the likelihood and impact levels, below each of ``scoring.levels`` and above."""


def band_rank_of(risk: float, thresholds: Sequence[float]) -> int:
    """The rank of R's band given the (medium, high, critical) thresholds: R at a threshold is
    in the higher band."""
    medium, high, critical = thresholds
    return 0 if risk < medium else 1 if risk < high else 2 if risk < critical else 3


def thresholds(scoring: Scoring) -> tuple[float, float, float]:
    bands = scoring.bands
    return (bands.medium, bands.high, bands.critical)


def band_of(risk: float, scoring: Scoring) -> Band:
    """The band of a trust risk R: Low below ``bands.medium`` … Critical from ``bands.critical``."""
    return BANDS[band_rank_of(risk, thresholds(scoring))]


def level_of(value: float, scoring: Scoring) -> str:
    """The level of a likelihood or impact: Negligible, Limited, Significant or Maximum."""
    for name, limit in zip(LEVELS, scoring.levels, strict=False):
        if value < limit:
            return name
    return LEVELS[-1]


def axis_floor(likelihood: float, impact: float, scoring: Scoring) -> Floor | None:
    """The axis rule: a likelihood or an impact at ``axis_threshold`` or above holds the band at
    ``axis_floor`` at least; None when neither reaches it."""
    threshold = scoring.axis_threshold
    return scoring.axis_floor if likelihood >= threshold or impact >= threshold else None


def best_option(question: Question, pillar: bool) -> Option | None:
    """The option a fix moves an answer to: for a pillar question the lowest risk, and among
    equal risks one without a red flag (or with the lowest); for a profile question the lowest
    impact. None for text questions and profile questions that carry no impact."""
    if not question.options or question.type == "text":
        return None
    if pillar:
        return min(
            question.options,
            key=lambda o: (o.risk or 0.0, -1 if o.floor is None else band_rank(o.floor)),
        )
    if not bears_impact(question):
        return None
    return min(question.options, key=lambda o: o.impact or 0.0)


def bears_impact(question: Question) -> bool:
    """Whether a (profile) question adds to impact: some option has one, or its unknown does."""
    return question.unknown_impact is not None or any(
        o.impact is not None for o in question.options
    )


def advice(options: Iterable[Option]) -> str | None:
    """What to do about chosen options: the ``recommend`` of the riskiest one that has any."""
    advised = [o for o in options if o.recommend]
    if not advised:
        return None
    return max(advised, key=lambda o: (o.risk or 0.0, o.impact or 0.0)).recommend


def target_problem(question: Question, targets: Sequence[str]) -> str | None:
    """Why a plan's target cannot be the answer to ``question``, or None when it fits: every id
    must be an option, a choice question takes exactly one, a text question none (a multi
    question's empty target is the plan to collect none of them)."""
    bad = [t for t in targets if t not in question.option_map]
    if bad:
        return f"'{bad[0]}' is not an option"
    if question.type == "text" or (question.type == "choice" and len(targets) != 1):
        return "the target does not fit"
    return None
