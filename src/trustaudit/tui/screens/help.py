"""F1: every key of every screen, read from the screens' own bindings so the list cannot drift."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trustaudit.tui import safe

ANSWERING: list[tuple[str, str]] = [
    ("↑ ↓", "move between options"),
    ("enter", "choose the option (or confirm the ticks / the text) and go to the next question"),
    ("space", "tick or untick an option (questions with several answers)"),
    ("tab / shift+tab", "move to the note, evidence and plan fields, and back"),
    ("esc", "back to the answer list"),
    ("mouse", "click an option, a feature or a section; scroll with the wheel"),
]


def _keys(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            keys = ", ".join(
                k.strip().replace("question_mark", "?") for k in binding.key.split(",")
            )
            rows.append((keys, binding.description))
    return rows


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, what they do)]) for the app and each screen."""
    from trustaudit.tui.app import TrustAuditApp
    from trustaudit.tui.screens.home import HomeScreen
    from trustaudit.tui.screens.report import ReportScreen
    from trustaudit.tui.screens.review import ReviewScreen
    from trustaudit.tui.screens.setup import SetupScreen
    from trustaudit.tui.screens.summary import SummaryScreen

    everywhere = [
        *_keys(list(TrustAuditApp.BINDINGS)),
        ("ctrl+p", "command palette: jump to a feature or question, generate the report, theme"),
    ]
    return [
        ("Everywhere", everywhere),
        ("Home", [*_keys(HomeScreen.BINDINGS), ("enter", "open the review / questionnaire")]),
        ("Setup", _keys(SetupScreen.BINDINGS)),
        ("Review", _keys(ReviewScreen.BINDINGS)),
        ("Answering a question", ANSWERING),
        ("Summary", [*_keys(SummaryScreen.BINDINGS), ("enter", "go to that question")]),
        ("Report", _keys(ReportScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    """All keys, grouped by screen; any of Esc, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", priority=True)
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(safe.content("Keys (Esc closes)", "bold"), id="help-title")
            for title, rows in sections():
                yield Static(safe.content(title, "bold"), classes="heading")
                width = max(len(keys) for keys, _ in rows) + 2
                for keys, what in rows:
                    yield Static(
                        safe.join(safe.content(keys.ljust(width), "bold"), safe.content(what)),
                        classes="help-row",
                    )

    def action_close(self) -> None:
        self.dismiss(None)
