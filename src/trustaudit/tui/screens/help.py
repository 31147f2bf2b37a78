"""F1: every key of every screen, from the app's registry (``keys.HELP``), so the list cannot drift.

The groups are handed in by the app: this screen imports no other screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trustaudit.tui import keys, safe
from trustaudit.tui.widgets.form import Heading


class HelpScreen(ModalScreen[None]):
    """All keys, grouped by screen; any of Esc, F1 or q closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help {
            width: 90;
            max-width: 95%;
            height: 90%;
            padding: 1 2;
            background: $panel;
            border: thick $primary;
        }
        .help-row {
            padding: 0 0 0 2;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = keys.HELP_SCREEN

    def __init__(self, groups: Sequence[keys.Group]) -> None:
        super().__init__()
        self.groups = tuple(groups)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(safe.content("Keys (Esc closes)", "bold"), id="help-title")
            for group in self.groups:
                rows = group.rows()
                yield Heading(group.title)
                width = max(len(shown) for shown, _ in rows) + 2
                for shown, what in rows:
                    yield Static(
                        safe.join(safe.content(shown.ljust(width), "bold"), safe.content(what)),
                        classes="help-row",
                    )

    def action_close(self) -> None:
        self.dismiss(None)
