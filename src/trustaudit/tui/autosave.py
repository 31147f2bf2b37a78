"""Saving in the background without ever losing the latest answer.

``Review.save()`` dumps and re-checks the whole file (about 150 ms on a 200-feature review, more
on slow disks), far too slow for the UI thread. The session hands every change to its saver
(``trustaudit.core.review.session.Saver``); the ``Autosaver`` is the app's saver, which treats a
change as "the file is dirty" and writes the file from one worker thread at a time:

* every change bumps a generation counter and (re)arms a short quiet-time timer; the worker then
  saves until the saved generation catches up, so a burst of changes costs one or two writes and
  the last write always holds the last change;
* "saved hh:mm:ss" is only reported after ``os.replace`` and the folder fsync returned, so a
  ``kill -9`` after the status shows the time keeps that answer;
* ``flush()`` on quit waits for a write in flight and then writes whatever is left, synchronously.

The UI thread keeps changing the in-memory assessment while a write runs. The store snapshots it
in one call into pydantic-core (``assessment.snapshot``), so a write sees either the old or the new
answer; should a change ever race it anyway, the worker simply writes again.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from trustaudit.core.errors import SaveError, TrustAuditError
from trustaudit.core.review.session import Review

ANSWER_PAUSE = 0.05
"""Quiet time after an answer before the write starts: just long enough for the answer's own
frame to be drawn before the write (which holds the GIL for long stretches on a large review)
competes with it, and short enough that an answer is on disk a moment after it is given."""
TYPING_PAUSE = 0.6
"""Quiet time after a keystroke in a text field (a note, a plan) before the write starts."""
MAX_HOLD = 2.0
"""No change waits longer than this for its write, however busy the keyboard is."""


@dataclass(frozen=True)
class SaveState:
    """What the status bar shows: the last confirmed save, whether more is pending, any error."""

    saved_at: dt.datetime | None
    pending: bool
    error: TrustAuditError | None = None


Schedule = Callable[[Callable[[], None]], None]
"""Runs a function in a worker thread (the app's ``run_worker(..., thread=True)``)."""


class Autosaver:
    """Coalescing background writer for one ``Review``, as its saver; see the module docstring."""

    def __init__(
        self,
        review: Review,
        schedule: Schedule,
        report: Callable[[SaveState], None],
        later: Callable[[float, Callable[[], None]], Callable[[], None]],
    ) -> None:
        """``schedule`` starts the worker, ``report`` is called (from any thread) with each new
        state, and ``later(seconds, fn)`` arms a timer on the UI loop and returns its cancel."""
        self.review = review
        self._schedule = schedule
        self._report = report
        self._later = later
        self._state = threading.Lock()  # guards the counters below
        self._io = threading.Lock()  # held while a write is in progress
        self._wanted = 0
        self._done = 0
        self._running = False
        self._halted: TrustAuditError | None = None
        self._debounce = False
        self._cancel_timer: Callable[[], None] | None = None
        self._oldest: float | None = None  # when the oldest unwritten change was made
        review.saver = self

    # -- UI thread --

    @property
    def dirty(self) -> bool:
        with self._state:
            return self._done < self._wanted

    @contextmanager
    def debounced(self) -> Iterator[None]:
        """Changes made inside are written after a pause in typing instead of at once."""
        self._debounce = True
        try:
            yield
        finally:
            self._debounce = False

    def changed(self, review: Review) -> None:
        """The assessment changed: write it after a short quiet time (see the pauses above)."""
        with self._state:
            self._wanted += 1
        now = time.monotonic()
        if self._oldest is None:
            self._oldest = now
        if now - self._oldest >= MAX_HOLD:
            self.save_soon()
            return
        self._cancel()
        pause = TYPING_PAUSE if self._debounce else ANSWER_PAUSE
        self._cancel_timer = self._later(pause, self.save_soon)
        self._publish()

    def save_soon(self) -> None:
        """Start the worker unless it is running (it will pick the new generation up)."""
        self._cancel()
        self._oldest = None
        self._publish()
        if self._halted is not None:
            return
        with self._state:
            if self._running or self._done >= self._wanted:
                return
            self._running = True
        self._schedule(self._drain)

    def save_now(self) -> None:
        """``ctrl+s``: write even if nothing changed, and resume after an error."""
        self._halted = None
        with self._state:
            self._wanted += 1
        self.save_soon()

    def flush(self) -> None:
        """Write everything still pending, in this thread, waiting for a write in flight.

        Raises the store's error if the write fails, so quitting can say so.
        """
        self._cancel()
        self._oldest = None
        with self._io:
            with self._state:
                target, behind = self._wanted, self._done < self._wanted
            if behind:
                saved = self.review.save()
                with self._state:
                    self._done = max(self._done, target)
                self._halted = None
                self._report(SaveState(saved, False))

    # -- worker thread --

    def _drain(self) -> None:
        retried = False
        while True:
            with self._state:
                if self._done >= self._wanted or self._halted is not None:
                    self._running = False
                    return
                target = self._wanted
            try:
                with self._io:
                    if self._done >= target:
                        continue  # a flush wrote it meanwhile
                    saved = self.review.save()
            except TrustAuditError as error:
                self._fail(error)
                return
            except Exception as error:
                # Not a user-caused error: try once more, then say so instead of "saving…"
                # forever. Only the error's type is shown: its text could quote an answer.
                if not retried:
                    retried = True
                    continue
                reason = f"cannot save ({type(error).__name__}); this is a bug, please report it"
                self._fail(SaveError.at(self.review.path, reason))
                return
            retried = False
            with self._state:
                self._done = max(self._done, target)
                pending = self._done < self._wanted
            self._report(SaveState(saved, pending))

    def _fail(self, error: TrustAuditError) -> None:
        self._halted = error
        with self._state:
            self._running = False
        self._report(SaveState(self.review.saved_at, True, error))

    # -- helpers --

    def _cancel(self) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None

    def _publish(self) -> None:
        self._report(SaveState(self.review.saved_at, self.dirty, self._halted))
