"""The trustaudit review app: Home → New review → Review → Summary → Report.

The app owns navigation (docs/architecture.md): screens post ``tui.requests`` messages and the app
decides which screen comes next, pushes the dialogs, and hands each screen what it needs (the
``Places``, the open review). No screen imports another screen or this module.

Start-up is kept as cheap as an empty Textual app's (benchmarks/startup.py): this module and Home
import nothing from the core models, and every other screen is imported the first time it is
shown. The app owns the open review (through its ``Keeper``), so that quitting from any screen
writes the last answer before the lock is released.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import BindingType
from textual.command import Provider
from textual.reactive import var
from textual.screen import Screen

from trustaudit.tui import keys, requests, themes
from trustaudit.tui.dialog_host import DialogHost
from trustaudit.tui.keeper import Keeper, SaveReported
from trustaudit.tui.places import Places
from trustaudit.tui.recent import RecentList
from trustaudit.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from trustaudit.tui.autosave import SaveState
    from trustaudit.tui.session import Session, Spot


ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the app the way quitting does: the last answer is written first."""


def _review_commands() -> type[Provider]:
    """The palette's review commands, imported only when the palette first opens."""
    from trustaudit.tui.commands import ReviewCommands

    return ReviewCommands


class TrustAuditApp(DialogHost):
    """The review app; paths are explicit so tests can run it in a temporary folder."""

    TITLE = "trustaudit"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = DialogHost.COMMANDS | {
        _review_commands
    }
    BINDINGS: ClassVar[list[BindingType]] = keys.APP
    HELP_KEYS: ClassVar[tuple[keys.Group, ...]] = keys.HELP
    """The key registry the help screen (F1) lists."""

    save_state: var[SaveState | None] = var(None)
    """The background saver's last report, shown by every screen's status line."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        new: bool = False,
        questionnaire: str | None = None,
        product: str | None = None,
        cwd: Path | None = None,
        reports_dir: Path | None = None,
        state_dir: Path | None = None,
        cursor_blink: bool = True,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        folder = (cwd or Path.cwd()).resolve()
        reports = reports_dir if reports_dir is not None else folder / "reports"
        self.places = Places(folder, reports, RecentList(state_dir))
        self.keeper = Keeper(self)
        self.cursor_blink = cursor_blink
        for theme in themes.THEMES:
            self.register_theme(theme)
        self.theme = themes.DARK
        self.farewell: list[str] = []
        self._start = (path, new, questionnaire, product)
        self._read_only = read_only
        self._shown_error: object = None

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen(self.places)

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in ENDING_SIGNALS:
            loop.add_signal_handler(signum, self._ended_by, signum)
        path, new, questionnaire, product = self._start
        if new:
            self.new_review(questionnaire=questionnaire, product=product, path=path)
        elif path is not None:
            self.open_review(path, questionnaire, read_only=self._read_only)

    # -- where screens lead --

    def new_review(
        self,
        *,
        questionnaire: str | None = None,
        product: str | None = None,
        path: Path | None = None,
    ) -> None:
        from trustaudit.tui.screens.new_review import NewReviewScreen

        screen = NewReviewScreen(
            self.places, questionnaire=questionnaire, product=product, path=path
        )
        self.push_screen(screen)

    def open_review(
        self, path: Path, questionnaire: str | Path | None = None, *, read_only: bool = False
    ) -> None:
        """The walkthrough, which opens the file (it says "loading" meanwhile); ``read_only``:
        only to look (no lock, nothing written)."""
        from trustaudit.tui.screens.review import ReviewScreen

        where = self.places.absolute(path)
        self.push_screen(ReviewScreen(path=where, questionnaire=questionnaire, read_only=read_only))

    @on(requests.NewReview)
    def _new_asked(self, request: requests.NewReview) -> None:
        self.new_review(
            questionnaire=request.questionnaire, product=request.product, path=request.path
        )

    @on(requests.OpenReview)
    def _open_asked(self, request: requests.OpenReview) -> None:
        self.open_review(request.path, request.questionnaire, read_only=request.read_only)

    @on(requests.PickFile)
    def _pick_file(self) -> None:
        from trustaudit.tui.screens.dialogs import PathDialog

        def chosen(path: str | None) -> None:
            if path:
                self.open_review(Path(path))

        self.push_screen(PathDialog(self.places.cwd), chosen)

    @on(requests.ReviewCreated)
    def _created(self, request: requests.ReviewCreated) -> None:
        """A freshly created review: the walkthrough replaces the new-review form."""
        from trustaudit.tui.screens.review import ReviewScreen

        self._adopt(request.session)
        self.switch_screen(ReviewScreen(request.session))

    @on(requests.ShowSummary)
    def _summary(self) -> None:
        from trustaudit.tui.screens.summary import SummaryScreen

        if self.session is not None:
            self.push_screen(SummaryScreen(self.session), self._back_at)

    @on(requests.ShowReport)
    def _report(self) -> None:
        from trustaudit.tui.screens.report import ReportScreen

        if self.session is not None:
            self.push_screen(ReportScreen(self.session, self.places))

    @on(requests.EditReview)
    def _edit(self) -> None:
        from trustaudit.tui.screens.edit_review import EditReviewScreen

        def done(changed: bool | None) -> None:
            review = self._walkthrough()
            if changed and review is not None:
                review.rebuild()

        if self.session is not None:
            self.push_screen(EditReviewScreen(self.session, self.places), done)

    def _back_at(self, spot: Spot | None) -> None:
        """Back from the summary: at the question chosen there, if any."""
        review = self._walkthrough()
        if spot is not None and review is not None:
            review.jump(spot)

    # -- the open review --

    @on(requests.ReviewOpened)
    def _opened(self, request: requests.ReviewOpened) -> None:
        from trustaudit.tui.screens.review import ReviewScreen

        self._adopt(request.session)
        if isinstance(request.control, ReviewScreen):
            request.control.session = request.session
        self._show_notices(request.session)

    @on(requests.OpenFailed)
    def _open_failed(self, request: requests.OpenFailed) -> None:
        from trustaudit.tui.screens.dialogs import open_error_dialog

        if self.screen is request.control:
            self.pop_screen()
        path = request.path

        def decided(choice: str | None) -> None:
            if choice == "readonly" and path is not None:
                self.open_review(path, read_only=True)

        self.push_screen(open_error_dialog(request.error, path), decided)

    def _adopt(self, session: Session) -> None:
        """Save the review in the background from now on, and offer it on Home next time."""
        self.keeper.adopt(session)
        self.places.recent.add(session.path)
        self.save_state = None

    # -- saving --

    @on(SaveReported)
    def _save_reported(self, message: SaveReported) -> None:
        self.save_state = message.state
        error = message.state.error
        if error is not None and error is not self._shown_error:
            self._shown_error = error
            self._show_save_error(error)

    def close_session(self, *, force: bool = False) -> bool:
        """Write what is pending and release the lock; False if a dialog now asks the user."""
        from trustaudit.tui.screens.dialogs import quit_error_dialog

        session = self.session
        error = self.keeper.close(force=force)
        if error is not None:

            def decided(choice: str | None) -> None:
                if choice == "quit":
                    self.close_session(force=True)
                    self.exit()

            self.push_screen(quit_error_dialog(error), decided)
            return False
        if session is not None:
            self.farewell.append(f"trustaudit: review saved in {self.places.shown(session.path)}")
        return True

    # -- actions --

    async def action_quit(self) -> None:
        if self.close_session():
            self.exit()

    def action_help(self) -> None:
        from trustaudit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.HELP_KEYS))

    def action_toggle_theme(self) -> None:
        self.theme = themes.LIGHT if self.theme == themes.DARK else themes.DARK

    def _ended_by(self, signum: int) -> None:
        """SIGTERM (``docker stop``, logout) or SIGHUP (the window closed, SSH dropped): the
        answer just given is written and the lock released before the process ends. SIGTERM
        then leaves the way quitting does (the terminal is restored); after SIGHUP there is no
        terminal left to restore, so the process ends without drawing."""
        self.keeper.close_on_signal()
        if signum == signal.SIGHUP:
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in ENDING_SIGNALS:
            loop.remove_signal_handler(signum)
        self.keeper.abandon()


def run_app(
    path: Path | None = None,
    *,
    new: bool = False,
    questionnaire: str | None = None,
    product: str | None = None,
    read_only: bool = False,
) -> None:
    """Run the app in the terminal (``trustaudit``, ``trustaudit new``, ``trustaudit open``;
    ``read_only``: ``open --readonly``, no lock taken and nothing written)."""
    app = TrustAuditApp(
        path, new=new, questionnaire=questionnaire, product=product, read_only=read_only
    )
    app.run()
    for line in app.farewell:
        print(line)
    if app.return_code:
        raise SystemExit(app.return_code)
