"""Home: start a review, reopen one, or look at the questionnaires trustaudit can find.

The first paint must be as cheap as an empty Textual app's (benchmarks/startup.py), so this
module imports nothing from the core models: the recent list is read from a small JSON file and
``reports/`` is only globbed. The questionnaire catalog (which parses YAML and needs pydantic) is
loaded in a worker after the screen is up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trustaudit.tui import keys, requests, safe
from trustaudit.tui.recent import SUFFIX, RecentFile
from trustaudit.tui.widgets.action_link import ActionLink
from trustaudit.tui.widgets.form import Heading

if TYPE_CHECKING:
    from trustaudit.core.questionnaire.catalog import Entry
    from trustaudit.tui.places import Places

INTRO = (
    "A pre-launch trust review: walk each feature of your product through three promises "
    "(collect clearly, state intentions, deliver purposefully), see its trust risk as you "
    "answer, and write a report a manager can read in five minutes."
)


KEYS = "n new review · o open file · Tab ↑↓ Enter choose · f1 keys · ctrl+q quit"


class HomeScreen(Screen[None]):
    """The start screen of ``trustaudit`` with no command."""

    BINDINGS: ClassVar[list[BindingType]] = keys.HOME

    def __init__(self, places: Places) -> None:
        super().__init__()
        self.places = places
        self._recent: list[RecentFile] = []
        self._entries: list[Entry] = []
        self._catalog_loaded = False
        self.catalog_shown = False
        """Set once the catalog's list and the first entry's details are on screen."""

    def compose(self) -> ComposeResult:
        # A title line and a key line instead of Header and Footer: Home's first paint has to be
        # as cheap as an empty app's, and those two are the most expensive widgets on it.
        yield Static(safe.content("trustaudit · pre-launch trust review", "bold"), id="home-title")
        yield Static(safe.content(INTRO), id="intro")
        with Horizontal(id="home-actions"):
            yield ActionLink(" New review (n) ", "new", id="new", primary=True)
            yield ActionLink(" Open a file… (o) ", "open_path", id="open")
        with Horizontal(id="home-columns"):
            with Vertical(id="home-recent"):
                yield Heading("Reviews (in reports/ and recent)")
                yield OptionList(id="recent")
            with VerticalScroll(id="home-catalog"):
                yield Heading("Questionnaires")
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
        self._recent = self.places.recent.offers(self.places.reports_dir)
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
            where = "" if folder == self.places.reports_dir.resolve() else f"  {folder}"
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

    @on(OptionList.OptionSelected, "#recent")
    def _open_recent(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(requests.OpenReview(self, self._recent[int(event.option.id)].path))

    # -- questionnaires --

    @work(thread=True, exclusive=True, group="catalog")
    def load_catalog(self) -> None:
        from trustaudit.core.questionnaire import catalog

        entries = catalog.entries(self.places.cwd)
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
                    ("  (shadowed)" if entry.shadowed_by else "", "italic dim"),
                )
            listing.add_option(Option(label, id=str(index)))
        if not entries:
            listing.add_option(Option(safe.content("none found", "dim"), disabled=True))
        else:
            listing.highlighted = 0
            self._describe(entries[0])
        self.catalog_shown = True

    @on(OptionList.OptionHighlighted, "#catalog")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._describe(self._entries[int(event.option.id)])

    def _describe(self, entry: Entry) -> None:
        self.query_one("#catalog-detail", Static).update(describe(entry))

    @on(OptionList.OptionSelected, "#catalog")
    def _start_with(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            entry = self._entries[int(event.option.id)]
            self.post_message(requests.NewReview(self, questionnaire=str(entry.path)))

    # -- actions --

    def action_new(self) -> None:
        self.post_message(requests.NewReview(self))

    def action_open_path(self) -> None:
        self.post_message(requests.PickFile(self))

    def action_reload(self) -> None:
        self.show_recent()
        self.load_catalog()


def shadowed(entry: Entry, winner: str) -> Content:
    """Why a questionnaire is listed but never used: another file with its id is found first in
    the lookup order (docs/questionnaire-format.md), e.g. a project copy of the bundled one."""
    winner_place, _, winner_path = winner.partition(": ")
    own_place = entry.where.split(":")[0]
    return safe.join(
        ("not used: the ", "bold"),
        safe.content(f"{winner_place} copy ({Path(winner_path).name or winner})", "bold"),
        (f" has the same id and is found first, so it shadows this {own_place} one", "bold"),
    )


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
        lines.append(shadowed(entry, entry.shadowed_by))
    if entry.description:
        lines.append(safe.content(entry.description))
    counts = ", ".join(f"{title} {n}" for title, n in entry.sections)
    lines.append(safe.join((f"{entry.questions} questions: ", "dim"), safe.content(counts, "dim")))
    lines.append(safe.content("Enter: start a review with this questionnaire", "italic dim"))
    return Content("\n").join(lines)
