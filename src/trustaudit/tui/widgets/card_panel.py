"""One feature's customer data card as the summary shows it: ready or not, what is missing, then
what the card says, section by section.

The card is built by ``core/report/card`` (every line backed by an answer, every gap named); this
widget only lays it out. Card text comes from answers and ``card:`` phrases, so it is shown
literally (``tui/safe.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trustaudit.tui import safe
from trustaudit.tui.widgets.card_note import CardNoteForm

if TYPE_CHECKING:
    from trustaudit.core.report.card.model import Card

READY_STYLE = "bold #000000 on #66bb6a"
NOT_READY_STYLE = "bold #ffffff on #b71c1c"


class CardPanel(VerticalScroll):
    """The data card of the feature the summary is on, and the keys that write it."""

    DEFAULT_CSS = """
    CardPanel {
        height: 1fr;
        border-left: vkey $foreground 20%;
        padding: 0 0 0 1;
        #card-title {
            height: auto;
        }
        #card-body {
            height: auto;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="card-title")
        yield Static(id="card-body")
        yield CardNoteForm()

    def show(self, card: Card, fmt: str, notes: list[tuple[str, str, str]]) -> None:
        """Lay out ``card``; ``fmt`` is the format the write key uses, ``notes`` the answers its
        lines rest on (question id, prompt, card note) for the note form."""
        state = (
            (" READY TO PUBLISH ", READY_STYLE) if card.ready else (" NOT READY ", NOT_READY_STYLE)
        )
        self.query_one("#card-title", Static).update(
            safe.join(safe.content("Data card: ", "bold"), safe.content(card.feature, "bold"))
            + Content("\n")
            + safe.join(state, (f"  w: write it ({fmt}) · f: format", "dim italic"))
        )
        self.query_one("#card-body", Static).update(_body(card))
        self.query_one(CardNoteForm).offer(notes)

    def empty(self) -> None:
        self.query_one("#card-title", Static).update(safe.content("Data card", "bold"))
        self.query_one("#card-body", Static).update(safe.content("No feature yet.", "dim"))
        self.query_one(CardNoteForm).offer([])


def _body(card: Card) -> Content:
    """What is missing first (it holds the card back), then the card's sections."""
    lines: list[Content] = []
    if card.gaps:
        lines.append(safe.content(f"Before you publish ({len(card.gaps)}):", "bold"))
        lines.extend(safe.content(f"• {gap.message}", "") for gap in card.gaps)
    else:
        lines.append(safe.content("Every line is backed by an answer.", "green"))
    if card.notice:
        lines.append(Content(""))
        notice = " ".join(str(line.text) for line in card.notice)
        lines.append(safe.join(("Notice: ", "bold"), (notice, "")))
    for section in card.sections:
        if not section.lines and not section.open:
            continue
        lines.append(Content(""))
        lines.append(safe.content(section.title, "bold"))
        if section.open:
            lines.append(safe.content("(missing: see above)", "dim italic"))
        for line in section.items:
            lines.append(safe.content(f"• {line.text}"))
        for line in section.sentences:
            shown = f"{line.text}: {line.url}" if line.url else str(line.text)
            lines.append(safe.content(shown, "italic" if line.kind == "note" else ""))
    return Content("\n").join(lines)
