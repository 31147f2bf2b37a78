"""What a screen asks of the app: go somewhere, show an error, ask the user something.

The app owns navigation (docs/architecture.md): a screen never builds or imports another screen,
it posts one of these messages, which bubble from the screen to the app. Each carries the asking
screen as its ``control``, so handlers can match it with ``@on(Request, "#selector")`` like any
Textual message. The open review travels as an object; nothing here imports the core models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from trustaudit.tui.session import Session


class Request(Message):
    """A request from ``control`` (the screen that posted it) to the app."""

    def __init__(self, sender: Widget) -> None:
        super().__init__()
        self._control = sender

    @property
    def control(self) -> Widget:
        return self._control


class NewReview(Request):
    """Start the new-review form, optionally with a questionnaire, a product and a file."""

    def __init__(
        self,
        sender: Widget,
        *,
        questionnaire: str | None = None,
        product: str | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(sender)
        self.questionnaire = questionnaire
        self.product = product
        self.path = path


class OpenReview(Request):
    """Open a review file (relative paths are taken from the working folder); ``read_only``:
    only look at it (no lock, nothing written)."""

    def __init__(
        self,
        sender: Widget,
        path: Path,
        questionnaire: str | Path | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(sender)
        self.path = path
        self.questionnaire = questionnaire
        self.read_only = read_only


class PickFile(Request):
    """Ask the user for the path of a review file, then open it."""


class ReviewCreated(Request):
    """A new review file was written and is open: walk through it."""

    def __init__(self, sender: Widget, session: Session) -> None:
        super().__init__(sender)
        self.session = session


class ReviewOpened(Request):
    """The walkthrough opened its review file: take it over (save it), then hand it back."""

    def __init__(self, sender: Widget, session: Session) -> None:
        super().__init__(sender)
        self.session = session


class OpenFailed(Request):
    """The walkthrough could not open its review file: close it and say why (``path``: the file
    it tried, to offer opening it read-only when another session holds it)."""

    def __init__(self, sender: Widget, error: BaseException, path: Path | None = None) -> None:
        super().__init__(sender)
        self.error = error
        self.path = path


class ShowSummary(Request):
    """The scores and open items of the open review, with ``feature``'s data card shown."""

    def __init__(self, sender: Widget, feature: str | None = None) -> None:
        super().__init__(sender)
        self.feature = feature


class AskAcceptance(Request):
    """Who accepts a risk and until when; ``reply`` gets (who, last day), or None."""

    def __init__(
        self,
        sender: Widget,
        title: str,
        who: str,
        today: dt.date,
        reply: Callable[[tuple[str, dt.date] | None], None],
    ) -> None:
        super().__init__(sender)
        self.title = title
        self.who = who
        self.today = today
        self.reply = reply


class ShowReport(Request):
    """Write the report of the open review and preview it."""


class EditReview(Request):
    """The details and features of the open review, to edit."""


class ShowError(Request):
    """A dialog for an error a user can do something about: its problems and its advice."""

    def __init__(self, sender: Widget, title: str, error: BaseException) -> None:
        super().__init__(sender)
        self.title = title
        self.error = error


class Ask(Request):
    """A question with buttons; ``reply`` gets the id of the button pressed. ``safe`` is the
    button that starts focused and that Escape presses (default: the last one), so a
    destructive choice is never one keystroke away."""

    def __init__(
        self,
        sender: Widget,
        title: str,
        lines: Sequence[str],
        buttons: Sequence[tuple[str, str]],
        reply: Callable[[str | None], None],
        *,
        safe: str | None = None,
    ) -> None:
        super().__init__(sender)
        self.title = title
        self.lines = tuple(lines)
        self.buttons = tuple(buttons)
        self.reply = reply
        self.safe = safe
