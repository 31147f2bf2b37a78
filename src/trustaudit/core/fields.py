"""Field types shared by the questionnaire and assessment models."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from trustaudit.core.text import clean_text

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
"""Stable identifiers: lower-case letters, digits and hyphens, as used in files and URLs."""

Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(clean_text)]
"""Any human text from a file or a user, cleaned of terminal control characters on the way in."""

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Points = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Model(BaseModel):
    """Strict file models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
