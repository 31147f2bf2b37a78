"""Numbers as the report prints them: rounded only here, the scorecard keeps them unrounded."""

from __future__ import annotations


def score(value: float | None) -> str:
    """Scores to one decimal; ``n/a`` for a pillar with nothing applicable."""
    if value is None:
        return "n/a"
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def delta(value: float) -> str:
    text = score(abs(value))
    return "0.0" if text == "0.0" else ("\u2212" if value > 0 else "+") + text


def coord(value: float) -> str:
    """A chart coordinate, two decimals, clamped to [0.01, 0.99]: Mermaid's quadrant chart
    refuses ``1.00`` (and a point on an edge is drawn half outside)."""
    return f"{min(0.99, max(0.01, value)):.2f}"
