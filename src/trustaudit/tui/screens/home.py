"""Home: start a review, reopen one, or look at the questionnaires trustaudit can find.

The first paint must be as cheap as an empty Textual app's (DESIGN §9 start-up target), so this
module imports nothing from the core models: the recent list is read from a small JSON file and
``reports/`` is only globbed. The questionnaire catalog (which parses YAML and needs pydantic) is
loaded in a worker after the screen is up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trustaudit.tui import safe
from trustaudit.tui.recent import SUFFIX, RecentFile
from trustaudit.tui.screens import app_of

if TYPE_CHECKING:
    from trustaudit.core.questionnaire.catalog import Entry
    from trustaudit.tui.app import TrustAuditApp

INTRO = (
    "A pre-launch trust review: walk each feature of your product through three promises "
    "(collect clearly, state intentions, deliver purposefully), see its trust risk as you "
    "answer, and write a report a manager can read in five minutes."
)


KEYS = "n new review · o open file · Tab ↑↓ Enter choose · f1 keys · ctrl+q quit"


class ActionLink(Static):
    """A clickable label for the mouse; cheaper to draw than a Button (keys do the same)."""

    def __init__(self, label: str, action: str, id: str) -> None:
        super().__init__(safe.content(label), id=id, classes="action-link")
        self.action = action

    async def on_click(self) -> None:
        await self.screen.run_action(self.action)


class HomeScreen(Screen[None]):
    """The start screen of ``trustaudit`` with no command."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New review"),
        Binding("o", "open_path", "Open file…"),
        Binding("f5", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._recent: list[RecentFile] = []
        self._entries: list[Entry] = []
        self._catalog_loaded = False

    @property
    def ta(self) -> TrustAuditApp:
        return app_of(self)

    def compose(self) -> ComposeResult:
        # A title line and a key line instead of Header and Footer: Home's first paint has to be
        # as cheap as an empty app's, and those two are the most expensive widgets on it.
        yield Static(safe.content("trustaudit · pre-launch trust review", "bold"), id="home-title")
        yield Static(safe.content(INTRO), id="intro")
        with Horizontal(id="home-actions"):
            yield ActionLink(" New review (n) ", "new", id="new")
            yield ActionLink(" Open a file… (o) ", "open_path", id="open")
        with Horizontal(id="home-columns"):
            with Vertical(id="home-recent"):
                yield Static(
                    safe.content("Reviews (in reports/ and recent)", "bold"), classes="heading"
                )
                yield OptionList(id="recent")
            with VerticalScroll(id="home-catalog"):
                yield Static(safe.content("Questionnaires", "bold"), classes="heading")
                # The list and its details are mounted when the catalog arrives (after the
                # first paint), as a one-line placeholder is cheaper to draw first.
                yield Static(safe.content("loading…", "dim"), id="catalog-loading")
        yield Static(safe.content(KEYS), id="home-keys")

    def on_screen_resume(self) -> None:
        self.show_recent()
        if not self._catalog_loaded:
            # After the first frame is out: parsing questionnaires needs pydantic (~150 ms).
            self.set_timer(0.2, self._load_catalog_if_shown)

    def _load_catalog_if_shown(self) -> None:
        """Only parse questionnaires when Home is really on screen (not on the way to a review)."""
        if self.app.screen is self and not self._catalog_loaded:
            self._catalog_loaded = True
            self.load_catalog()

    # -- recent reviews --

    def show_recent(self) -> None:
        self._recent = self.ta.recent.offers(self.ta.reports_dir)
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        if not self._recent:
            recent.add_option(
                Option(safe.content("No reviews yet: press n to start one.", "dim"), disabled=True)
            )
            return
        for index, item in enumerate(self._recent):
            name = item.path.name.removesuffix(SUFFIX)
            folder = item.path.parent
            where = "" if folder == self.ta.reports_dir.resolve() else f"  {folder}"
            recent.add_option(
                Option(
                    safe.join(
                        safe.content(name, "bold"),
                        (f"  {item.modified:%Y-%m-%d %H:%M}", "dim"),
                        safe.content(where, "dim"),
                    ),
                    id=str(index),
                )
            )
        recent.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "recent" and event.option.id is not None:
            self.ta.open_review(self._recent[int(event.option.id)].path)
        elif event.option_list.id == "catalog" and event.option.id is not None:
            entry = self._entries[int(event.option.id)]
            self.ta.new_review(questionnaire=str(entry.path))

    # -- questionnaires --

    @work(thread=True, exclusive=True, group="catalog")
    def load_catalog(self) -> None:
        from trustaudit.core.questionnaire import catalog

        entries = catalog.entries(self.ta.cwd)
        self.app.call_from_thread(self.call_later, self.show_catalog, entries)

    async def show_catalog(self, entries: list[Entry]) -> None:
        self._entries = entries
        if not self.query("#catalog"):
            await self.query_one("#catalog-loading").remove()
            await self.query_one("#home-catalog").mount(
                OptionList(id="catalog"), Static(id="catalog-detail")
            )
        listing = self.query_one("#catalog", OptionList)
        listing.clear_options()
        for index, entry in enumerate(entries):
            if entry.problem:
                label = safe.join(("⚠ ", "bold red"), safe.content(entry.path.name, "dim"))
            else:
                label = safe.join(
                    safe.content(entry.title, "dim" if entry.shadowed_by else ""),
                    (f"  {entry.version}", "dim"),
                )
            listing.add_option(Option(label, id=str(index)))
        if not entries:
            listing.add_option(Option(safe.content("none found", "dim"), disabled=True))
        else:
            listing.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "catalog" or event.option.id is None:
            return
        entry = self._entries[int(event.option.id)]
        self.query_one("#catalog-detail", Static).update(describe(entry))

    # -- actions --

    def action_new(self) -> None:
        self.ta.new_review()

    def action_open_path(self) -> None:
        from trustaudit.tui.screens.open_file import OpenFileDialog

        def chosen(path: str | None) -> None:
            if path:
                self.ta.open_review(self.ta.cwd / Path(path).expanduser())

        self.app.push_screen(OpenFileDialog(self.ta.cwd), chosen)

    def action_reload(self) -> None:
        self.show_recent()
        self.load_catalog()


def describe(entry: Entry) -> Content:
    """Title, version, where it lives, description and question counts per section."""
    if entry.problem:
        return safe.join(
            safe.content(str(entry.path), "bold"),
            ("\ncannot be loaded: ", "red"),
            safe.content(entry.problem),
        )
    lines = [
        safe.join(safe.content(entry.title, "bold"), (f"  version {entry.version}", "dim")),
        safe.join(
            ("id ", "dim"),
            safe.content(entry.id or "?"),
            (f"  {entry.where.split(':')[0]} · ", "dim"),
            safe.content(entry.path.name, "dim"),
        ),
    ]
    if entry.shadowed_by:
        lines.append(safe.join(("shadowed by ", "dim"), safe.content(entry.shadowed_by, "dim")))
    if entry.description:
        lines.append(safe.content(entry.description))
    counts = ", ".join(f"{title} {n}" for title, n in entry.sections)
    lines.append(safe.join((f"{entry.questions} questions: ", "dim"), safe.content(counts, "dim")))
    lines.append(safe.content("Enter: start a review with this questionnaire", "italic dim"))
    return Content("\n").join(lines)
