"""Field types shared by the questionnaire and assessment models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from trustaudit.core.text import clean_text

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
"""Stable identifiers: lower-case letters, digits and hyphens, as used in files and URLs."""

Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(clean_text)]
"""Any human text from a file or a user, cleaned of terminal control characters on the way in."""

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Points = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


def _not_a_number(value: object) -> object:
    """Dates are written as dates: pydantic would read ``20261124`` (even quoted) as seconds
    since 1970 and date the review August 1970, so numbers are refused before it tries."""
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit()
    ):
        raise ValueError("write a date such as 2027-01-15, not a number")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
"""A calendar date as people write it (``2027-01-15``); numbers are refused."""

Timestamp = Annotated[dt.datetime, BeforeValidator(_not_a_number)]
"""A date and time (``2026-11-29T10:00:00Z``); numbers are refused."""


class Model(BaseModel):
    """Strict file models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
