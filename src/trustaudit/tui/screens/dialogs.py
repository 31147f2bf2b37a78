"""Modal dialogs: an error with what to do about it, a question with buttons, a path to open, an
acceptance to give.

Error messages quote file content (a path, a bad value), so they are untrusted text like any other
and are shown through ``safe``. Each kind of error carries one sentence on what to do next
(``TrustAuditError.advice``), shown under its problems: the advice of the error's own class, so
a file that cannot be opened is never told to "retry ctrl+s". A question's buttons include a
safe one (``safe``), focused first and pressed by Escape, so no destructive choice is one key
away. The app pushes these (screens ask for them with ``tui.requests``).
"""

from __future__ import annotations

import datetime as dt
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
    from trustaudit.core.review.upgrade import Upgrade

MAX_LINES = 12

Result = TypeVar("Result")


def advice_for(error: BaseException) -> str:
    """The error's own advice (every ``TrustAuditError`` class carries one)."""
    from trustaudit.core.errors import TrustAuditError

    if isinstance(error, TrustAuditError):
        return error.advice
    return TrustAuditError.advice


NOT_A_REVIEW = (
    "This file is not a trustaudit review: open a *.trustaudit.yaml file, or press n on Home "
    "to start a review."
)


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
        safe: str | None = None,
    ) -> None:
        """``safe``: the button focused first and pressed by Escape (default: the last)."""
        super().__init__(classes="dialog-error" if error else "dialog-info")
        self._title = title
        self._lines = list(lines)
        self._hint = hint
        self._buttons = list(buttons)
        self._safe = safe if safe is not None else self._buttons[-1][0]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe.content(self._title, "bold"), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                for line in self._lines:
                    yield Static(safe.content(line), classes="dialog-line")
            if self._hint:
                yield Static(safe.content(self._hint, "italic"), id="dialog-hint")
            with Horizontal(id="dialog-buttons"):
                for key, label in self._buttons:
                    yield Button(
                        label,
                        id=f"button-{key}",
                        compact=True,
                        variant="primary" if key == self._safe else "default",
                    )

    def on_mount(self) -> None:
        self.query_one(f"#button-{self._safe}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("button-"))

    def action_dismiss_default(self) -> None:
        self.dismiss(self._safe)


def error_dialog(
    title: str,
    error: BaseException,
    buttons: Sequence[tuple[str, str]] = (("ok", "OK"),),
    *,
    advice: str | None = None,
    safe: str | None = None,
) -> MessageDialog:
    """The dialog for a ``TrustAuditError``: its problems and what to do (its class's advice,
    unless the caller knows better)."""
    hint = advice if advice is not None else advice_for(error)
    return MessageDialog(title, problem_lines(error), hint, buttons, safe=safe)


def save_error_dialog(error: BaseException) -> MessageDialog:
    """A background save failed: retry now, or keep working (only that, after a conflict: the
    file changed on disk and saving over it would lose the other change)."""
    from trustaudit.core.errors import ConflictError

    buttons = [("retry", "Retry now"), ("keep", "Keep working")]
    if isinstance(error, ConflictError):
        buttons = [("keep", "Keep working (saving paused)")]
    return error_dialog("Your changes are not saved", error, buttons, safe=buttons[0][0])


def quit_error_dialog(error: BaseException) -> MessageDialog:
    """Quitting could not write the last changes: stay (and retry), or quit without them; Stay
    is the safe button."""
    buttons = [("stay", "Stay"), ("quit", "Quit without saving")]
    return error_dialog("Could not save before quitting", error, buttons, safe="stay")


def open_error_dialog(error: BaseException, path: Path | None) -> MessageDialog:
    """A review that cannot be opened: why, and the advice of that kind of failure. Another
    session's lock offers to open the file read-only instead; a file that is not a review is
    told so (not to "fix the file")."""
    from trustaudit.core.errors import InvalidFileError, LockedError

    if isinstance(error, LockedError):
        buttons = [("readonly", "Open read-only"), ("ok", "OK")]
        return error_dialog("Cannot open this review", error, buttons, safe="ok")
    advice = None
    if isinstance(error, InvalidFileError) and path is not None and not _is_review(path):
        advice = NOT_A_REVIEW
    return error_dialog("Cannot open this review", error, advice=advice)


def _is_review(path: Path) -> bool:
    """Whether the file says it is a review (``format: trustaudit/assessment@1``); a file that
    cannot be read as YAML at all counts as one, to be fixed."""
    from trustaudit.core.assessment.model import FORMAT
    from trustaudit.core.errors import TrustAuditError
    from trustaudit.core.io.yaml_reader import load_file

    try:
        data = load_file(path).data
    except TrustAuditError:
        return True  # not even YAML we can read: the file's own problems say what to fix
    return isinstance(data, dict) and data.get("format") == FORMAT


def drift_dialog(drift: Drift) -> MessageDialog:
    """What the questionnaire in use means for the answers; answers stay. Its title says the
    questionnaire changed only when it did (``Drift.changed``), not for orphans alone."""
    title = (
        "The questionnaire changed since this review was pinned"
        if drift.changed and not drift.unpinned
        else "Some answers do not fit the questionnaire"
    )
    return MessageDialog(
        title,
        drift.lines(),
        "Answers are kept in the file; check the questions marked in the summary (ctrl+r).",
        error=False,
    )


def upgrade_dialog(found: Upgrade, drift: Drift | None) -> MessageDialog:
    """The review waits for an upgrade to the questionnaire in use: what it would do."""
    lines = [
        f"It was answered against {found.pinned}; the questionnaire in use is {found.current}."
    ]
    if found.moved:
        lines.append(f"{len(found.moved)} answer(s) move to renamed questions.")
    if found.renamed_options:
        lines.append(f"{len(found.renamed_options)} renamed option(s) follow in answers and plans.")
    if found.blocked:
        lines.append(
            f"{len(found.blocked)} answer(s) cannot move (the new question is answered already); "
            "they stay in the file."
        )
    if found.unanswered:
        lines.append(f"{len(found.unanswered)} question(s) to answer that no feature has answered.")
    lines.extend(drift.lines() if drift is not None else [])
    return MessageDialog(
        "Upgrade this review to the questionnaire in use?",
        lines,
        "Nothing is dropped: answers the new version no longer asks stay in the file. "
        "Not now: they stay under their old ids (trustaudit upgrade FILE moves them later).",
        [("upgrade", "Upgrade now"), ("later", "Not now")],
        error=False,
        safe="upgrade",
    )


class AcceptDialog(Dialog[tuple[str, dt.date] | None]):
    """Who accepts a risk (default: the plan's owner) and the last day the acceptance stands,
    both required (an acceptance that never ends cannot be told apart from neglect)."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PATH_DIALOG

    def __init__(self, title: str, who: str, today: dt.date) -> None:
        super().__init__()
        self._title, self._who, self.today = title, who, today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe.content(self._title, "bold"), id="dialog-title")
            yield Static(safe.content("Accepted by"))
            yield Field(self._who, placeholder="who accepts the risk", id="accept-by")
            yield Static(safe.content("Accepted until (the last day it stands)"))
            yield Field(placeholder="YYYY-MM-DD", id="accept-until")
            yield ErrorLine(id="accept-error")
            yield Static(
                safe.content("Enter: next field, then accept · Escape: cancel", "dim italic")
            )

    def on_mount(self) -> None:
        target = "#accept-until" if self._who else "#accept-by"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#accept-by")
    def _who_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#accept-until", Input).focus()

    @on(Input.Submitted, "#accept-until")
    def _until_entered(self, event: Input.Submitted) -> None:
        event.stop()
        who = self.query_one("#accept-by", Input).value.strip()
        text = event.value.strip()
        error = self.query_one(ErrorLine)
        if not who:
            error.show("Say who accepts the risk.")
            self.query_one("#accept-by", Input).focus()
            return
        try:
            until = dt.date.fromisoformat(text)
        except ValueError:
            error.show("Accepted until: use YYYY-MM-DD, e.g. 2027-06-30 (required).")
            return
        if until < self.today:
            error.show(f"{until} has passed: an acceptance must stand until today or later.")
            return
        self.dismiss((who, until))

    def action_cancel(self) -> None:
        self.dismiss(None)


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
