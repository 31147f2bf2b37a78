"""Words the report and the data card share: short names for questions, dates without a locale."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_ACRONYMS = {
    "ml": "ML", "ai": "AI", "id": "ID", "ids": "IDs", "dpia": "DPIA", "dpo": "DPO", "gps": "GPS",
}  # fmt: skip


def topic(question_id: str) -> str:
    """``collection-notice`` → ``Collection notice``: a short name for a question."""
    words = question_id.replace("_", "-").split("-")
    words = [_ACRONYMS.get(w, w) for w in words if w]
    if not words:
        return question_id
    first = words[0]
    words[0] = first if first.isupper() else first.capitalize()
    return " ".join(words)


def long_date(value: dt.date | None) -> str:
    """``2026-11-29`` → ``29 November 2026``, without the locale (same bytes everywhere)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
