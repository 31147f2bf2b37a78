"""The four bands of trust risk and their order: low < medium < high < critical.

Kept free of pydantic and every other import, so the CLI can parse ``--fail-on BAND`` without
loading the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Band = Literal["low", "medium", "high", "critical"]
Floor = Literal["medium", "high", "critical"]
"""A band a rule can hold a feature at (a red flag, the axis rule): every band but low."""

BANDS: tuple[Band, ...] = ("low", "medium", "high", "critical")

_RANK: dict[str, int] = {band: i for i, band in enumerate(BANDS)}


def band_rank(band: Band) -> int:
    """Position in the order low < medium < high < critical."""
    return _RANK[band]


def worst(bands: Iterable[Band]) -> Band | None:
    """The worst of some bands (None for none)."""
    ranked = [_RANK[b] for b in bands]
    return BANDS[max(ranked)] if ranked else None
