"""Modal dialogs: an error with what to do about it, a question with buttons, a path to open.

Error messages quote file content (a path, a bad value), so they are untrusted text like any other
and are shown through ``safe``. Each kind of error carries one sentence on what to do next
(``TrustAuditError.advice``), shown under its problems. The app pushes these (screens ask for
them with ``tui.requests``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from trustaudit.tui import keys, safe
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import ErrorLine

if TYPE_CHECKING:
    from trustaudit.core.review.drift import Drift

MAX_LINES = 12

Result = TypeVar("Result")


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


class Dialog(ModalScreen[Result]):
    """A framed box in the middle of the dimmed screen below."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        #dialog {
            width: 76;
            max-width: 95%;
            height: auto;
            max-height: 90%;
            padding: 1 2;
            background: $panel;
            border: thick $primary;
        }
        &.dialog-error #dialog {
            border: thick $error;
        }
        #dialog-title {
            margin-bottom: 1;
        }
    }
    """


class MessageDialog(Dialog[str]):
    """A title, some literal lines, a hint, and buttons; dismisses with the pressed button's id."""

    DEFAULT_CSS = """
    MessageDialog {
        #dialog-body {
            height: auto;
            max-height: 14;
        }
        #dialog-hint {
            margin-top: 1;
            color: $text-muted;
        }
        #dialog-buttons {
            height: auto;
            margin-top: 1;
        }
        #dialog-buttons Button {
            margin-right: 2;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = keys.DIALOG

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

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("button-"))

    def action_dismiss_default(self) -> None:
        self.dismiss(self._buttons[-1][0])


def error_dialog(
    title: str, error: BaseException, buttons: Sequence[tuple[str, str]] = (("ok", "OK"),)
) -> MessageDialog:
    """The dialog for a ``TrustAuditError``: its problems and what to do."""
    return MessageDialog(title, problem_lines(error), advice_for(error), buttons)


def save_error_dialog(error: BaseException) -> MessageDialog:
    """A background save failed: retry now, or keep working (only that, after a conflict: the
    file changed on disk and saving over it would lose the other change)."""
    from trustaudit.core.errors import ConflictError

    buttons = [("retry", "Retry now"), ("keep", "Keep working")]
    if isinstance(error, ConflictError):
        buttons = [("keep", "Keep working (saving paused)")]
    return error_dialog("Your changes are not saved", error, buttons)


def quit_error_dialog(error: BaseException) -> MessageDialog:
    """Quitting could not write the last changes: stay (and retry), or quit without them."""
    buttons = [("stay", "Stay"), ("quit", "Quit without saving")]
    return error_dialog("Could not save before quitting", error, buttons)


def drift_dialog(drift: Drift) -> MessageDialog:
    """The questionnaire changed since the review was pinned: what changed; answers stay."""
    return MessageDialog(
        "The questionnaire changed since this review was pinned",
        drift.lines(),
        "Answers are kept; check the questions marked in the summary (ctrl+r).",
        error=False,
    )


class PathDialog(Dialog[str | None]):
    """A one-line prompt for a review file under ``base``; Enter opens, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PATH_DIALOG

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe.content("Open a review file", "bold"), id="dialog-title")
            yield Field(placeholder="reports/my-product.trustaudit.yaml", id="path")
            yield ErrorLine(id="path-error")
            yield Static(safe.content("Enter: open · Escape: cancel", "dim italic"))

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value or not (self.base / Path(value).expanduser()).is_file():
            self.query_one(ErrorLine).show(f"No file at {value or '(empty)'}")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
