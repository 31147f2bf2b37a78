"""What the Mermaid charts draw: points of the value-vs-risk and risk-map charts, pie colours."""

from __future__ import annotations

import json

from trustaudit.core.bands import BANDS
from trustaudit.core.report.labels import BAND_COLOURS
from trustaudit.core.report.markdown import Markdown, UserText
from trustaudit.core.report.view import FeatureView, Point
from trustaudit.core.scoring.scorecard import Headline

CHART_POINTS = 20
"""At most this many features are drawn in a chart (the riskiest); the tables list them all."""


def points(features: list[FeatureView]) -> tuple[list[Point], list[Point], int]:
    shown = sorted(features, key=lambda f: (-f.risk, f.number))[:CHART_POINTS]
    shown.sort(key=lambda f: f.number)
    value_vs_risk = [Point(f.name, f.benefit, f.risk / 100) for f in shown]
    risk_map: list[Point] = []
    for f in shown:
        # Numbered labels: a feature's now and planned points sit close together, and full
        # names on both would overlap; the table beside the chart gives the numbers.
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


def pie_colours(h: Headline) -> Markdown:
    """Slice colours in the pie's order (worst band first, empty bands left out)."""
    shown = [b for b in reversed(BANDS) if h.per_band[b]]
    colours = {f"pie{i}": BAND_COLOURS[b] for i, b in enumerate(shown, start=1)}
    return Markdown(json.dumps({**colours, "pieStrokeColor": "#ffffff"}))
