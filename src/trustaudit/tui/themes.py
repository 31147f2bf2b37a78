"""The app's two themes: Textual's dark and light ones, with the light theme's coloured text
darkened until it meets WCAG AA (4.5:1) on every background the app draws on. Textual's light
amber headings reach only ~3:1 on its light grey, its green ~3.5:1 and its footer keys ~3:1.
``tests/tui/test_contrast.py`` computes every pair from the theme variables.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

DARK = "trustaudit-dark"
LIGHT = "trustaudit-light"

TEXT_COLOURS = (
    "foreground",
    "text",
    "text-muted",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "footer-key-foreground",
    "footer-description-foreground",
)
"""Theme variables the app writes text in."""

BACKGROUNDS = ("background", "surface", "panel", "boost", "footer-background")
"""Theme variables the app draws text on (``boost`` is a tint over the background)."""


def _derived(base: str, name: str, variables: dict[str, str]) -> Theme:
    theme = BUILTIN_THEMES[base]
    return replace(theme, name=name, variables={**theme.variables, **variables})


THEMES = (
    _derived("textual-dark", DARK, {}),
    _derived(
        "textual-light",
        LIGHT,
        {
            "text-accent": "#7A4A00",
            "text-warning": "#7A4A00",
            "text-success": "#1A6430",
            "footer-key-foreground": "#004A80",
        },
    ),
)
