"""The bottom line: key hints on the left, "saved hh:mm:ss" on the right.

The save time is shown only once the store has confirmed the write (after the rename and the
folder fsync), so what the line says is what a crash would keep.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from trustaudit.tui import safe
from trustaudit.tui.autosave import SaveState


class SaveStatus(Static):
    """ "saved 14:02:11", "saving…" or "NOT SAVED", following the app's ``save_state``."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto;
        min-width: 16;
        padding: 0 1;
        text-align: right;
        color: $text-success;
        background: $footer-background;
        &.-pending {
            color: $text-warning;
        }
        &.-error {
            color: $text-error;
            text-style: bold;
        }
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self.show, init=True)

    def show(self, state: SaveState | None) -> None:
        self.set_class(False, "-error", "-pending")
        if state is None:
            self.update("")
        elif state.error is not None:
            self.update(safe.content("NOT SAVED (ctrl+s retries)"))
            self.add_class("-error")
        elif state.pending:
            self.update(safe.content("saving…"))
            self.add_class("-pending")
        elif state.saved_at is not None:
            self.update(safe.content(f"saved {state.saved_at.astimezone():%H:%M:%S}"))
        else:
            self.update(safe.content("no changes yet"))


class StatusFooter(Horizontal):
    """Footer with the save status beside it, docked at the bottom of a screen."""

    DEFAULT_CSS = """
    StatusFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        Footer {
            dock: none;
            width: 1fr;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Footer(compact=True, show_command_palette=False)
        yield SaveStatus()
