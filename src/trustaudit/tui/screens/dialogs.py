"""Modal dialogs: an error with what to do about it, and a yes/no question.

Error messages quote file content (a path, a bad value), so they are untrusted text like any other
and are shown through ``safe``. Each kind of error carries one sentence on what to do next
(``TrustAuditError.advice``), shown under its problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from trustaudit.tui import safe

MAX_LINES = 12


def advice_for(error: BaseException) -> str:
    """The error's own advice (every ``TrustAuditError`` class carries one)."""
    from trustaudit.core.errors import TrustAuditError

    if isinstance(error, TrustAuditError):
        return error.advice
    return TrustAuditError.advice


def problem_lines(error: BaseException) -> list[str]:
    """One line per problem (``path:line:col: message``), at most a screenful."""
    problems = getattr(error, "problems", None)
    lines = [str(p) for p in problems] if problems else [str(error) or type(error).__name__]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more"]
    return lines


class MessageDialog(ModalScreen[str]):
    """A title, some literal lines, a hint, and buttons; dismisses with the pressed button's id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_default", "Close")]

    def __init__(
        self,
        title: str,
        lines: Sequence[str],
        hint: str = "",
        buttons: Sequence[tuple[str, str]] = (("ok", "OK"),),
        *,
        error: bool = True,
    ) -> None:
        super().__init__(classes="dialog-error" if error else "dialog-info")
        self._title = title
        self._lines = list(lines)
        self._hint = hint
        self._buttons = list(buttons)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe.content(self._title, "bold"), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                for line in self._lines:
                    yield Static(safe.content(line), classes="dialog-line")
            if self._hint:
                yield Static(safe.content(self._hint, "italic"), id="dialog-hint")
            with Horizontal(id="dialog-buttons"):
                for index, (key, label) in enumerate(self._buttons):
                    yield Button(
                        label,
                        id=f"button-{key}",
                        compact=True,
                        variant="primary" if index == 0 else "default",
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("button-"))

    def action_dismiss_default(self) -> None:
        self.dismiss(self._buttons[-1][0])


def error_dialog(
    title: str, error: BaseException, buttons: Sequence[tuple[str, str]] = (("ok", "OK"),)
) -> MessageDialog:
    """The dialog for a ``TrustAuditError``: its problems and what to do."""
    return MessageDialog(title, problem_lines(error), advice_for(error), buttons)
