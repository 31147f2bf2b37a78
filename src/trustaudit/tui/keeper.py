"""The app's open review: it saves in the background, and closing it never loses the last answer.

The app has at most one review open. The keeper gives it its background saver (``Autosaver``),
runs the saver's writes in an app worker and its quiet-time timers on the app's loop, posts every
save state to the app (``SaveReported``), and on closing writes what is pending before the lock
is released. Dialogs stay the app's: the keeper only reports and returns errors.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

if TYPE_CHECKING:
    from trustaudit.core.errors import TrustAuditError
    from trustaudit.tui.autosave import SaveState
    from trustaudit.tui.session import Session


class SaveReported(Message):
    """The save state changed (posted to the app, from the saving thread too)."""

    def __init__(self, app: App[Any], state: SaveState) -> None:
        super().__init__()
        self._app = app
        self.state = state

    @property
    def control(self) -> App[Any]:
        return self._app


class Keeper:
    """Holds ``session`` (the open review, or None) for ``app``."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.session: Session | None = None

    def adopt(self, session: Session) -> None:
        """Take over a review just opened or created: from now on it saves in the background."""
        from trustaudit.tui.autosave import Autosaver

        self.session = session
        session.saver = Autosaver(
            session.review, schedule=self._run_saver, report=self._report, later=self._later
        )
        self.app.call_after_refresh(self._freeze, session)

    def _freeze(self, session: Session) -> None:
        """The review just read, and the screen built for it, are what the app holds until it
        closes: leave them out of the garbage collector's full passes, which otherwise walk
        them all (over 100 ms on a 200-feature review) every few answers, in the middle of a
        keystroke. Frozen objects are still freed when nothing refers to them; closing the
        review unfreezes (``_release``)."""
        if self.session is session:
            gc.freeze()

    def _report(self, state: SaveState) -> None:
        """Called from the saving thread too: ``post_message`` is thread-safe."""
        self.app.post_message(SaveReported(self.app, state))

    def _run_saver(self, drain: Callable[[], None]) -> None:
        # Start after the screen has shown the answer, so the write never delays that paint.
        self.app.call_after_refresh(
            self.app.run_worker,
            drain,
            thread=True,
            group="save",
            exclusive=True,
            exit_on_error=False,
        )

    def _later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        timer = self.app.set_timer(seconds, callback)
        return timer.stop

    def save_now(self) -> None:
        """Write at once (``ctrl+s``, or "Retry now" after a failed save)."""
        if self.session is not None and self.session.saver is not None:
            self.session.saver.save_now()

    def close(self, *, force: bool = False) -> TrustAuditError | None:
        """Write what is pending, release the lock and forget the review; the error instead (the
        review stays open) if the write fails, unless ``force``."""
        from trustaudit.core.errors import TrustAuditError

        session = self.session
        if session is None:
            return None
        if session.saver is not None and not force:
            try:
                session.saver.flush()
            except TrustAuditError as error:
                return error
        _release(session)
        self.session = None
        return None

    def close_on_signal(self) -> None:
        """The process is told to end (SIGTERM, SIGHUP): write what is pending now, in this
        thread, and release the lock whatever happens. A write that fails keeps this session's
        version in a sibling ``*.unsaved-*`` file (``saving.keep_unsaved``), so nothing typed is
        lost; a conflict or a lost lock has kept one already."""
        from trustaudit.core.errors import ConflictError, LockedError, TrustAuditError
        from trustaudit.core.review.saving import keep_unsaved

        session, self.session = self.session, None
        if session is None:
            return
        try:
            if session.saver is not None and not session.read_only:
                session.saver.flush()
        except (ConflictError, LockedError):
            pass
        except TrustAuditError:
            keep_unsaved(session.path, session.review.text().encode("utf-8"))
        finally:
            _release(session)

    def abandon(self) -> None:
        """Last resort when the app closes another way: try to write, release the lock anyway."""
        session, self.session = self.session, None
        if session is None:
            return
        try:
            if session.saver is not None:
                session.saver.flush()
        except Exception:  # nothing is left on screen to show it; the lock goes
            pass
        finally:
            _release(session)


def _release(session: Session) -> None:
    """Release the lock, and hand what ``adopt`` froze back to the garbage collector."""
    session.close()
    gc.unfreeze()
