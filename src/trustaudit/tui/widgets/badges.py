"""Band badges: the same colours in the tree, the score panel and the summary, in both themes.

Badges are solid blocks with their own foreground, so they read the same on dark and light
backgrounds.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trustaudit.core.bands import Band

BAND_STYLES: dict[str, str] = {
    "low": "bold #000000 on #66bb6a",
    "medium": "bold #000000 on #ffca28",
    "high": "bold #ffffff on #e65100",
    "critical": "bold #ffffff on #b71c1c",
}


def badge(band: Band | None) -> Content:
    """`` HIGH `` in the band's colours, for Content-based widgets."""
    if band is None:
        return Content(" n/a ").stylize("dim")
    return Content(f" {band.upper()} ").stylize(BAND_STYLES[band])


def badge_text(band: Band | None) -> Text:
    """The same badge as a Rich ``Text``, for Tree labels and DataTable cells."""
    if band is None:
        return Text(" n/a ", style="dim")
    return Text(f" {band.upper()} ", style=BAND_STYLES[band])


def shift(now: Band, planned: Band) -> Content:
    """``HIGH → MEDIUM planned``, or just the badge when plans change nothing."""
    if now == planned:
        return badge(now)
    return Content.assemble(badge(now), (" → ", "dim"), badge(planned), (" planned", "dim"))


def shift_text(now: Band, planned: Band) -> Text:
    if now == planned:
        return badge_text(now)
    return Text.assemble(badge_text(now), (" → ", "dim"), badge_text(planned))
