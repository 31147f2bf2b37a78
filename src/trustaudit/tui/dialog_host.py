"""The dialogs the review app shows: the ones screens ask for (``tui.requests``), what opening
a review found (a questionnaire upgrade to offer, a changed questionnaire, a lock taken over),
and a background save that failed. ``TrustAuditApp`` (``tui.app``) builds on this; dialogs are
imported the first time one is shown, so start-up stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import App

from trustaudit.tui import requests

if TYPE_CHECKING:
    from trustaudit.core.errors import TrustAuditError
    from trustaudit.tui.keeper import Keeper
    from trustaudit.tui.screens.review import ReviewScreen
    from trustaudit.tui.session import Session


class DialogHost(App[None]):
    """Pushes dialogs and acts on their answers for the open review (``keeper``)."""

    keeper: Keeper

    @property
    def session(self) -> Session | None:
        """The open review, if any."""
        return self.keeper.session

    def _walkthrough(self) -> ReviewScreen | None:
        from trustaudit.tui.screens.review import ReviewScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, ReviewScreen)), None)

    @on(requests.ShowError)
    def _show_error(self, request: requests.ShowError) -> None:
        from trustaudit.tui.screens.dialogs import error_dialog

        self.push_screen(error_dialog(request.title, request.error))

    @on(requests.Ask)
    def _ask(self, request: requests.Ask) -> None:
        from trustaudit.tui.screens.dialogs import MessageDialog

        dialog = MessageDialog(
            request.title, request.lines, buttons=request.buttons, safe=request.safe
        )
        self.push_screen(dialog, request.reply)

    @on(requests.AskAcceptance)
    def _ask_acceptance(self, request: requests.AskAcceptance) -> None:
        from trustaudit.tui.screens.dialogs import AcceptDialog

        self.push_screen(AcceptDialog(request.title, request.who, request.today), request.reply)

    def _show_notices(self, session: Session) -> None:
        """What opening found: an upgrade to offer or a changed questionnaire (a dialog), a lock
        taken over (a toast)."""
        from trustaudit.tui.screens.dialogs import drift_dialog, upgrade_dialog

        drift, notices = session.review.drift, list(session.review.notices)
        if session.pending is not None:
            self.push_screen(upgrade_dialog(session.pending, drift), self._upgrade_decided)
        elif drift is not None:
            self.push_screen(drift_dialog(drift))
        if drift is not None:
            notices = [n for n in notices if n not in drift.lines()]
        for notice in notices:
            self.notify(notice, markup=False, timeout=8)

    def _upgrade_decided(self, choice: str | None) -> None:
        """Upgrade now (``Review.upgrade``: answers follow renames, nothing is dropped)."""
        from trustaudit.core.errors import TrustAuditError
        from trustaudit.tui.screens.dialogs import error_dialog

        session, review = self.session, self._walkthrough()
        if choice != "upgrade" or session is None:
            return
        try:
            done = session.upgrade()
        except TrustAuditError as error:
            self.push_screen(error_dialog("The review was not upgraded", error))
            return
        session.pending = None
        self.notify(f"Upgraded to {done.current}; answers kept.", markup=False)
        if review is not None:
            review.rebuild()

    def _show_save_error(self, error: TrustAuditError) -> None:
        from trustaudit.tui.screens.dialogs import save_error_dialog

        def decided(choice: str | None) -> None:
            if choice == "retry":
                self.keeper.save_now()

        self.push_screen(save_error_dialog(error), decided)
