"""Text fields that follow the app's cursor setting (``cursor_blink``), so snapshots and tests are
deterministic."""

from __future__ import annotations

from textual.widgets import Input, TextArea


def _blink(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


class Field(Input):
    """A one-line, borderless input; the cursor blinks unless the app says otherwise.

    With ``next_on_enter`` Enter moves to the next field at once, while the key is handled, not
    after the next refresh: the next key typed lands in the next field. (Keys that arrive in the
    same read as the Enter, as a paste into a terminal without bracketed paste, have already been
    handed to this field by then.)
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
