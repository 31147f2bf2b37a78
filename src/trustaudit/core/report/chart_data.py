"""What the charts and the risk grid show: chart points that agree with the bands, the grid of
likelihood × impact levels, and the pie colours for templates that draw one."""

from __future__ import annotations

import json

from trustaudit.core.bands import BANDS, band_rank
from trustaudit.core.questionnaire.model import Scoring
from trustaudit.core.report.labels import BAND_COLOURS
from trustaudit.core.report.markdown import Markdown, UserText
from trustaudit.core.report.view import FeatureView, GridRow, Point, RiskGrid
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.scorecard import Headline

CHART_POINTS = 20
"""At most this many features are drawn in a chart (worst band first, then highest R)."""

GRID_NUMBERS = 20
"""A grid cell lists at most this many feature numbers, then says how many more."""

EDGE = 0.15
"""How far a point stays from the edges of its band's strip (a share of the strip): clear of
the quadrant labels at the middle line, and of 0 and 1, which Mermaid refuses."""


def chosen(features: list[FeatureView]) -> list[FeatureView]:
    """The features a chart draws: by band, then R, so no Critical feature is left out for a
    Medium one with a higher R; in feature order."""
    shown = sorted(features, key=lambda f: (-band_rank(f.band), -f.risk, f.number))[:CHART_POINTS]
    return sorted(shown, key=lambda f: f.number)


def band_height(f: FeatureView, scoring: Scoring) -> float:
    """A feature's height in the value-vs-risk chart: each band is a quarter of the axis, and
    within it R sets the place, so the chart's halves are Low-or-Medium and High-or-Critical.

    A band raised by a floor above what R gives puts the point at the bottom of its strip.
    """
    rank = band_rank(f.band)
    edges = (0.0, *rules.thresholds(scoring), 100.0)
    low, high = edges[rank], edges[rank + 1]
    within = (f.risk - low) / (high - low) if high > low else 0.0
    return (rank + EDGE + (1 - 2 * EDGE) * min(1.0, max(0.0, within))) / len(BANDS)


def points(features: list[FeatureView], scoring: Scoring) -> tuple[list[Point], list[Point], int]:
    """Points of the value-vs-risk chart and of a likelihood-vs-impact map (for templates)."""
    shown = chosen(features)
    value_vs_risk = [Point(f.name, f.benefit, band_height(f, scoring)) for f in shown]
    risk_map: list[Point] = []
    for f in shown:
        risk_map.append(Point(UserText(f"{f.number}"), f.likelihood / 100, f.impact / 100))
        if (f.planned_likelihood, f.planned_impact) != (f.likelihood, f.impact):
            risk_map.append(
                Point(
                    UserText(f"{f.number} planned"),
                    f.planned_likelihood / 100,
                    f.planned_impact / 100,
                )
            )
    return value_vs_risk, risk_map, len(shown)


def grid(features: list[FeatureView]) -> RiskGrid:
    """Impact levels (worst first) × likelihood levels: ``N`` is feature N now, ``→N`` where
    its plans move it (only when that is another cell)."""
    levels = rules.LEVELS
    cells: dict[tuple[str, str], list[str]] = {}
    for f in features:
        cells.setdefault((f.impact_level, f.likelihood_level), []).append(f"{f.number}")
        planned = (f.planned_impact_level, f.planned_likelihood_level)
        if planned != (f.impact_level, f.likelihood_level):
            cells.setdefault(planned, []).append(f"\u2192{f.number}")
    rows = tuple(
        GridRow(impact, tuple(_cell(cells.get((impact, likely), [])) for likely in levels))
        for impact in reversed(levels)
    )
    return RiskGrid(levels, rows)


def _cell(items: list[str]) -> str:
    if not items:
        return "\u00b7"
    if len(items) > GRID_NUMBERS:
        return ", ".join(items[:GRID_NUMBERS]) + f" and {len(items) - GRID_NUMBERS} more"
    return ", ".join(items)


def pie_colours(h: Headline) -> Markdown:
    """Slice colours in the pie's order (worst band first, empty bands left out)."""
    shown = [b for b in reversed(BANDS) if h.per_band[b]]
    colours = {f"pie{i}": BAND_COLOURS[b] for i, b in enumerate(shown, start=1)}
    return Markdown(json.dumps({**colours, "pieStrokeColor": "#ffffff"}))
