"""Ask for the path of a review file to open (relative to the working folder)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Field


class OpenFileDialog(ModalScreen[str | None]):
    """A one-line path prompt; Enter opens, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe.content("Open a review file", "bold"), id="dialog-title")
            yield Field(placeholder="reports/my-product.trustaudit.yaml", id="path")
            yield Static(id="path-error", classes="error")
            yield Static(safe.content("Enter: open · Escape: cancel", "dim italic"))

    def on_mount(self) -> None:
        self.query_one("#path-error").display = False
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        path = self.base / Path(value).expanduser()
        if not value or not path.is_file():
            error = self.query_one("#path-error", Static)
            error.update(safe.content(f"No file at {value or '(empty)'}"))
            error.display = True
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
