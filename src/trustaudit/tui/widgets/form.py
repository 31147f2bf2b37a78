"""The pieces a form is made of besides its fields: a labelled row, its caption, an error line, a
heading, and the save and cancel buttons at the end. Error lines are hidden until they have
something to say. Light to import: Home uses the heading.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from trustaudit.tui import safe


class Row(Horizontal):
    """One line of a form: a caption and its field (or two pairs side by side)."""

    DEFAULT_CSS = """
    Row {
        height: auto;
        width: 1fr;
    }
    """


class Caption(Label):
    """The name of the field to its right, in a fixed-width column."""

    DEFAULT_CSS = """
    Caption {
        width: 14;
        color: $text-muted;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(safe.content(text))


class Heading(Static):
    """A section title inside a screen."""

    DEFAULT_CSS = """
    Heading {
        margin: 1 0 0 0;
        color: $text-accent;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(safe.content(text, "bold"), id=id)

    def show(self, text: str) -> None:
        self.update(safe.content(text, "bold"))


class ErrorLine(Static):
    """What is wrong with the field above it; hidden while there is nothing to say."""

    DEFAULT_CSS = """
    ErrorLine {
        display: none;
        color: $text-error;
        height: auto;
    }
    """

    def show(self, message: str) -> None:
        self.update(safe.content(message))
        self.display = bool(message)


class FormActions(Vertical):
    """The end of a form: a line of hints, then its save and cancel buttons (``#save``,
    ``#cancel``), whose presses the screen handles."""

    DEFAULT_CSS = """
    FormActions {
        height: auto;
        #form-hint {
            margin-top: 1;
        }
        #form-buttons {
            height: auto;
            margin: 1 0;
        }
        #form-buttons Button {
            margin-right: 2;
        }
    }
    """

    def __init__(self, hint: str, save: str) -> None:
        super().__init__()
        self._hint = hint
        self._save = save

    def compose(self) -> ComposeResult:
        yield Static(safe.content(self._hint, "dim italic"), id="form-hint")
        with Horizontal(id="form-buttons"):
            yield Button(self._save, id="save", variant="primary", compact=True)
            yield Button("Cancel (esc)", id="cancel", compact=True)
