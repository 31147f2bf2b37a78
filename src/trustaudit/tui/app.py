"""The trustaudit review app: Home → Setup → Review → Summary → Report (DESIGN §7).

Start-up is kept as cheap as an empty Textual app's: this module and Home import nothing from the
core models, and every other screen is imported the first time it is shown. The app owns the open
review (``Session``) and its background saver, so that quitting from any screen writes the last
answer before the lock is released.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from trustaudit.tui.recent import RecentList
from trustaudit.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from trustaudit.core.errors import TrustAuditError
    from trustaudit.tui.autosave import SaveState
    from trustaudit.tui.session import Session


def _review_commands() -> type[Provider]:
    """The palette's review commands, imported only when the palette first opens."""
    from trustaudit.tui.commands import ReviewCommands

    return ReviewCommands


class TrustAuditApp(App[None]):
    """The review app; paths are explicit so tests can run it in a temporary folder."""

    TITLE = "trustaudit"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {
        _review_commands
    }
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("f1", "help", "Keys", priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    save_state: var[SaveState | None] = var(None)
    """The background saver's last report, shown by every screen's status line."""

    class SaveReported(Message):
        """Posted (from the saving thread too) whenever the save state changes."""

        def __init__(self, state: SaveState) -> None:
            super().__init__()
            self.state = state

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
    ) -> None:
        super().__init__()
        self.cwd = (cwd or Path.cwd()).resolve()
        self.reports_dir = reports_dir if reports_dir is not None else self.cwd / "reports"
        self.recent = RecentList(state_dir)
        self.cursor_blink = cursor_blink
        self.session: Session | None = None
        self.farewell: list[str] = []
        self._start = (path, new, questionnaire, product)
        self._shown_error: object = None

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen()

    def on_mount(self) -> None:
        path, new, questionnaire, product = self._start
        if new:
            self.new_review(questionnaire=questionnaire, product=product, path=path)
        elif path is not None:
            self.open_review(path, questionnaire)

    # -- moving between screens --

    def new_review(
        self,
        *,
        questionnaire: str | None = None,
        product: str | None = None,
        path: Path | None = None,
    ) -> None:
        from trustaudit.tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(questionnaire=questionnaire, product=product, path=path))

    def open_review(self, path: Path, questionnaire: str | Path | None = None) -> None:
        from trustaudit.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(path=self._absolute(path), questionnaire=questionnaire))

    def start_review(self, session: Session) -> None:
        """A freshly created review: replace Setup by the walkthrough."""
        from trustaudit.tui.screens.review import ReviewScreen

        self.switch_screen(ReviewScreen(session=session))

    def _absolute(self, path: Path) -> Path:
        return path if path.is_absolute() else self.cwd / path

    # -- the open review and its saving --

    def attach(self, session: Session) -> None:
        """Take ownership of an open review: save it in the background, remember it on Home."""
        from trustaudit.tui.autosave import Autosaver

        self.session = session
        session.saver = Autosaver(
            session.review,
            schedule=self._run_saver,
            report=self._report_save,
            later=self._later,
        )
        self.recent.add(session.path)
        self.save_state = None

    def _report_save(self, state: SaveState) -> None:
        """Called from the saving thread too: ``post_message`` is thread-safe."""
        self.post_message(self.SaveReported(state))

    def _run_saver(self, drain: Callable[[], None]) -> None:
        # Start after the screen has shown the answer, so the write never delays that paint.
        self.call_after_refresh(
            self.run_worker, drain, thread=True, group="save", exclusive=True, exit_on_error=False
        )

    def _later(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        timer = self.set_timer(seconds, callback)
        return timer.stop

    def on_trust_audit_app_save_reported(self, message: SaveReported) -> None:
        self.save_state = message.state
        error = message.state.error
        if error is not None and error is not self._shown_error:
            self._shown_error = error
            self.show_save_error(error)

    def show_save_error(self, error: TrustAuditError) -> None:
        from trustaudit.tui.screens.dialogs import error_dialog

        def decided(choice: str | None) -> None:
            if choice == "retry" and self.session is not None and self.session.saver is not None:
                self.session.saver.save_now()

        from trustaudit.core.errors import ConflictError

        buttons = [("retry", "Retry now"), ("keep", "Keep working")]
        if isinstance(error, ConflictError):
            buttons = [("keep", "Keep working (saving paused)")]
        self.push_screen(error_dialog("Your changes are not saved", error, buttons), decided)

    def close_session(self, *, force: bool = False) -> bool:
        """Write what is pending and release the lock; False if a dialog now asks the user."""
        from trustaudit.core.errors import TrustAuditError
        from trustaudit.tui.screens.dialogs import error_dialog

        session = self.session
        if session is None:
            return True
        if session.saver is not None and not force:
            try:
                session.saver.flush()
            except TrustAuditError as error:

                def decided(choice: str | None) -> None:
                    if choice == "quit":
                        self.close_session(force=True)
                        self.exit()

                buttons = [("stay", "Stay"), ("quit", "Quit without saving")]
                self.push_screen(
                    error_dialog("Could not save before quitting", error, buttons), decided
                )
                return False
        session.close()
        self.farewell.append(f"trustaudit: review saved in {self.shown_path(session.path)}")
        self.session = None
        return True

    def shown_path(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.cwd))
        except ValueError:
            return str(path)

    # -- actions --

    async def action_quit(self) -> None:
        if self.close_session():
            self.exit()

    def action_help(self) -> None:
        from trustaudit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def on_unmount(self) -> None:
        """Last resort when the app closes another way: write what is pending, release the lock."""
        session, self.session = self.session, None
        if session is None:
            return
        try:
            if session.saver is not None:
                session.saver.flush()
        except Exception:  # nothing is left on screen to show it; the lock goes
            pass
        finally:
            session.close()


def run_app(
    path: Path | None = None,
    *,
    new: bool = False,
    questionnaire: str | None = None,
    product: str | None = None,
) -> None:
    """Run the app in the terminal (``trustaudit``, ``trustaudit new``, ``trustaudit open``)."""
    app = TrustAuditApp(path, new=new, questionnaire=questionnaire, product=product)
    app.run()
    for line in app.farewell:
        print(line)
