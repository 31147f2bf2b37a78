"""The words the report uses for the file's codes: bands, statuses, decisions, what to do."""

from __future__ import annotations

from trustaudit.core.bands import BANDS, Band

BAND_LABELS: dict[Band, str] = {b: b.capitalize() for b in BANDS}


def band_label(value: object) -> str:
    """``high`` → ``High``; anything that is not a band is shown as it is (the ``band`` filter)."""
    return next((label for band, label in BAND_LABELS.items() if band == value), str(value))


STATUS_LABELS = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "conditional": "Approved with conditions",
    "rejected": "Rejected",
}
DECISION_LABELS = {
    "pending": "Pending",
    "approved": "Approved",
    "conditional": "Conditional",
    "rejected": "Rejected",
}
PLAN_STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "accepted": "Risk accepted",
}
QUADRANTS = {
    (True, True): "Earn trust before launch",
    (False, True): "Rethink or drop",
    (True, False): "Launch and show the value",
    (False, False): "Keep it simple",
}
"""What to do, by (value to customers at least 0.5, band High or Critical)."""

BAND_COLOURS = {"critical": "#8b0000", "high": "#d1242f", "medium": "#e3b341", "low": "#2da44e"}

METHOD_MEANINGS = {
    "unknown_risk": "Risk of a \u201cdon't know\u201d or unanswered question (0 best, 1 worst).",
    "likelihood_blend": "Likelihood = blend \u00d7 mean pillar gap "
    "+ (1 \u2212 blend) \u00d7 worst pillar gap.",
    "levels": "Likelihood and impact below these are Negligible, Limited, Significant; "
    "above, Maximum.",
    "bands": "Trust risk R at or above these starts each band.",
    "axis_floor": "A feature whose likelihood or impact reaches the threshold is at least "
    "this band.",
    "planned_credit": "Share of a planned (not yet started) fix counted in the residual risk.",
    "dpia_threshold": "High-risk criteria met before a DPIA is flagged as likely.",
    "provisional_below": "Below this share of known answers a feature's band is provisional.",
}
"""What each ``scoring:`` setting means, for the method table of the appendix."""
