"""The plain-text scorecard of ``trustaudit score``: one row per feature, then the headline."""

from __future__ import annotations

from trustaudit.commands.table import aligned
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring.scorecard import FeatureScore, Scorecard


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _flags(feature: FeatureScore) -> str:
    """Every red flag (a broken promise matters even when R already sets the band), and the
    axis rule only where it raised the band."""
    flags = [
        f"red flag {f.question} (≥{f.floor})" if f.rule == "red flag" else f"axis rule (≥{f.floor})"
        for f in feature.now.floors
        if f.rule == "red flag" or f.raised
    ]
    if feature.provisional:
        flags.append(f"provisional ({feature.confidence:.0%} known)")
    if feature.unanswered:
        flags.append(f"{len(feature.unanswered)} unanswered")
    if feature.dpia_likely:
        flags.append("DPIA likely")
    if feature.problems:
        flags.append(f"{len(feature.problems)} problem(s)")
    return ", ".join(flags)


def render(card: Scorecard, questionnaire: Questionnaire) -> str:
    pillars = questionnaire.pillars
    header = ["FEATURE", *(p.title.upper() for p in pillars), "L", "I", "R", "BAND", "FLAGS"]
    rows = [header]
    for f in card.features:
        band = f.now.band if f.planned.band == f.now.band else f"{f.now.band} → {f.planned.band}"
        rows.append(
            [
                f.name,
                *(_num(f.now.pillars.get(p.id)) for p in pillars),
                _num(f.now.likelihood),
                _num(f.now.impact),
                _num(f.now.risk)
                + ("" if f.planned.risk == f.now.risk else f" → {f.planned.risk:.1f}"),
                band,
                _flags(f),
            ]
        )
    lines = aligned(rows, right=range(1, len(header) - 2))
    h = card.headline
    if h.band is None:
        lines.append("\nNo features yet: add features to the review to score them.")
    else:
        planned = (
            f" → {h.planned_band.upper()} with plans done"
            if h.planned_band is not None and h.planned_band != h.band
            else ""
        )
        lines.append(
            f"\n{card.product}: {h.band.upper()}{planned} · mean risk {h.mean_risk:.1f}"
            f" · questionnaire {card.questionnaire_id} {card.questionnaire_version}"
        )
    return "\n".join(lines)
