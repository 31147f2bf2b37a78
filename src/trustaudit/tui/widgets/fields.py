"""The pieces every form is made of: a labelled row, its caption, a field, an error line, a heading.

The text fields follow the app's cursor setting (``cursor_blink``), so snapshots and tests are
deterministic. Error lines are hidden until they have something to say.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from trustaudit.tui import safe


def _blink(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


class Field(Input):
    """A one-line, borderless input; the cursor blinks unless the app says otherwise.

    With ``next_on_enter`` Enter moves to the next field at once, while the key is handled: keys
    typed (or pasted) right after it then land in the next field, not in this one.
    """

    DEFAULT_CSS = """
    Field {
        width: 1fr;
        background: $boost;
        &:focus {
            background: $surface-lighten-1;
        }
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        next_on_enter: bool = False,
    ) -> None:
        # No select-on-focus: tabbing into a filled field and typing must add, not replace.
        super().__init__(value, placeholder=placeholder, id=id, compact=True, select_on_focus=False)
        self.next_on_enter = next_on_enter

    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)

    async def action_submit(self) -> None:
        await super().action_submit()
        if self.next_on_enter:
            self.screen.focus_next()


class Area(TextArea):
    """A soft-wrapping text area; the cursor blinks unless the app says otherwise."""

    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)


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
