"""Text meets WCAG AA contrast (4.5:1) in both of the app's themes, computed from the theme
variables the app writes text in and draws it on (``tui.themes``)."""

from __future__ import annotations

import pytest
from textual.color import Color

from trustaudit.tui import themes
from trustaudit.tui.app import TrustAuditApp

AA = 4.5


def _luminance(colour: Color) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _on(value: str, background: Color) -> Color:
    """A theme colour as drawn on ``background``: ``auto N%`` is Textual's contrasting text at
    that opacity; a colour with alpha is blended."""
    parts = value.split()
    if parts[0] == "auto":
        alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
        return background + background.get_contrast_text(alpha)
    return background + Color.parse(value)


def test_the_contrast_formula_matches_wcag() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21)
    assert contrast(Color.parse("#767676"), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", [themes.DARK, themes.LIGHT])
def test_every_text_colour_meets_aa_on_every_background(theme: str) -> None:
    app = TrustAuditApp()
    app.theme = theme
    variables = app.get_css_variables()
    base = Color.parse(variables["background"])
    failing = []
    for back in themes.BACKGROUNDS:
        background = base + Color.parse(variables[back])
        for fore in themes.TEXT_COLOURS:
            ratio = contrast(_on(variables[fore], background), background)
            if ratio < AA:
                failing.append(f"${fore} on ${back}: {ratio:.2f}:1")
    assert not failing, failing


def test_the_app_starts_in_its_own_theme_and_toggles_between_the_two() -> None:
    app = TrustAuditApp()
    assert app.theme == themes.DARK
    app.action_toggle_theme()
    assert app.theme == themes.LIGHT
    app.action_toggle_theme()
    assert app.theme == themes.DARK
