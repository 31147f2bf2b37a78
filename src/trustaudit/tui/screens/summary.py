"""Summary: every feature against every promise, every open item one Enter from its question, and
the customer data card of the feature under the cursor.

The top table is the product at a glance (pillar gaps and bands, now → planned); the line under
the headline gives the dates, judged as of the session's day (``widgets/timeline``). The bottom
table lists what still needs attention: unanswered and "don't know" questions, red flags, risky
answers without a credited plan, fixes past their due date, acceptances past their last day,
problems the engine found, answers kept for questions that no longer exist and, in a re-review,
answers carried over and not yet confirmed (``c`` confirms one). Enter on a row goes back to the
walkthrough at that question. Beside it, the data card (``core/report/card``) says whether it is
ready to publish and what is missing; ``w`` writes it as ``trustaudit card --feature`` would,
``f`` picks the format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trustaudit.core.assessment.model import Answer
from trustaudit.core.errors import TrustAuditError
from trustaudit.core.report.card.build import build_cards
from trustaudit.core.report.card.output import FORMATS, card_path, render_cards
from trustaudit.core.scoring.scorecard import Scorecard
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets import timeline
from trustaudit.tui.widgets.badges import badge, shift
from trustaudit.tui.widgets.card_note import CardNoteForm
from trustaudit.tui.widgets.card_panel import CardPanel
from trustaudit.tui.widgets.form import Heading
from trustaudit.tui.widgets.status import StatusFooter
from trustaudit.tui.widgets.summary_tables import (
    WIDE,
    Item,
    fill_items,
    fill_scores,
    now_to_planned,
    open_items,
)

if TYPE_CHECKING:
    from trustaudit.core.report.card.model import Card
    from trustaudit.core.report.card.output import CardFormat


class SummaryScreen(Screen[Spot | None]):
    """Scores, dates, open items and data cards; dismisses with the question to jump to, or None.

    Everything on it comes from one scorecard judged as of the session's day
    (``Session.scorecard``), made again after each change made here."""

    BINDINGS: ClassVar[list[BindingType]] = keys.SUMMARY

    DEFAULT_CSS = """
    SummaryScreen {
        #lower {
            height: 1fr;
        }
        #open-items {
            width: 1fr;
        }
        CardPanel {
            width: 42%;
        }
        #lower.narrow {
            layout: vertical;
            #open-items {
                height: 2fr;
                min-height: 4;
            }
            CardPanel {
                height: 1fr;
                min-height: 3;
                width: 1fr;
                border-left: none;
                border-top: hkey $foreground 20%;
                padding: 0;
            }
        }
    }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.items: list[Item] = []
        self.scorecard: Scorecard | None = None
        self.current: str | None = session.features[0].id if session.features else None
        """The feature whose data card is shown: the row under the cursor."""
        self.card_format: CardFormat = "md"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(id="headline")
            yield timeline.Timeline()
            yield DataTable(id="scores", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="lower"):
                with Vertical(id="open-items"):
                    yield Heading(id="items-title")
                    yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
                yield CardPanel()
        yield StatusFooter()

    def on_mount(self) -> None:
        self._fit()
        self.show()
        self.query_one("#items", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        self.query_one("#lower").set_class(self.app.size.width < WIDE, "narrow")

    def show(self) -> None:
        """Fill the screen from the session's scorecard (its cached feature scores)."""
        session = self.session
        card = self.scorecard = session.scorecard()
        scores = list(card.features)
        head = card.headline
        counts = ", ".join(f"{n} {band}" for band, n in reversed(head.per_band.items()) if n)
        self.query_one("#headline", Static).update(
            safe.join(
                safe.content(session.assessment.product, "bold"),
                ("  ", ""),
                shift(head.band, head.planned_band)
                if head.band and head.planned_band
                else badge(None),
                (f"   mean R {now_to_planned(head.mean_risk, head.planned_mean_risk)}", "dim"),
                (f"   features: {counts}" if counts else "", "dim"),
            )
        )
        self.query_one(timeline.Timeline).show(card)
        fill_scores(self.query_one("#scores", DataTable), session, scores)
        self.items = open_items(session, scores)
        self._fill_items()
        self._show_card()

    def _fill_items(self) -> None:
        count = len(self.items)
        confirm = " · c: confirm" if any(i.carried for i in self.items) else ""
        self.query_one("#items-title", Heading).show(
            f"Open items ({count}) · Enter: go to the question{confirm} · Esc: back"
            if count
            else "Nothing open: every applicable question has an answer."
        )
        fill_items(self.query_one("#items", DataTable), self.items)

    # -- the data card --

    def _show_card(self) -> None:
        panel = self.query_one(CardPanel)
        card = self._card()
        if card is None or self.current is None:
            panel.empty()
            return
        backing = dict.fromkeys(
            b.question for s in card.sections for line in s.lines for b in line.backed_by
        )
        notes = []
        for qid in backing:
            answer = self.session.answer(self.current, qid) if qid else None
            if qid and answer is not None and qid in self.session.questionnaire.by_id:
                notes.append((qid, self.session.question(qid).prompt, answer.card_note or ""))
        panel.show(card, self.card_format, notes)

    def action_card_note(self) -> None:
        self.query_one(CardNoteForm).start()

    @on(CardNoteForm.Saved)
    def _note_saved(self, event: CardNoteForm.Saved) -> None:
        """Store the note on its answer (``Review.set_answer``: the answer's value and its
        re-review mark stay as they are), then show the card again."""
        event.stop()
        answer = self.session.answer(self.current, event.question) if self.current else None
        if answer is None or self.current is None:
            return
        data = {**answer.model_dump(exclude_defaults=True), "card_note": event.text or None}
        self.session.set_answer(Spot(self.current, event.question), Answer.model_validate(data))
        self.notify("Note for customers saved" if event.text else "Note removed", markup=False)
        self._show_card()  # a note moves no score: the tables stay, and so does the cursor

    def _card(self) -> Card | None:
        """The data card of the current feature (built, not rendered: rendering is for files)."""
        session, scorecard, current = self.session, self.scorecard, self.current
        if scorecard is None or current is None:
            return None
        found = build_cards(session.questionnaire, session.assessment, scorecard, current)
        return found[0] if found else None

    @on(DataTable.RowHighlighted, "#scores")
    def _feature_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._move_to(str(event.row_key.value))

    @on(DataTable.RowHighlighted, "#items")
    def _item_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = int(str(event.row_key.value))
        if index < len(self.items):
            self._move_to(self.items[index].feature_id)

    def _move_to(self, feature_id: str) -> None:
        if feature_id and feature_id != self.current:
            self.current = feature_id
            self._show_card()

    def action_card_format(self) -> None:
        self.card_format = FORMATS[(FORMATS.index(self.card_format) + 1) % len(FORMATS)]
        self._show_card()

    def action_write_card(self) -> None:
        """Write the card of the current feature beside the review, as ``trustaudit card
        FILE --feature ID --format F`` does (``core/io/output.write_output``)."""
        from trustaudit.core.io.output import write_output
        from trustaudit.core.io.paths import shown

        session, scorecard, current = self.session, self.scorecard, self.current
        if scorecard is None or current is None or self._card() is None:
            self.notify("There is no feature to write a card for.", markup=False)
            return
        made = render_cards(
            self.card_format, session.questionnaire, session.assessment, scorecard, current
        )
        path = card_path(session.path, self.card_format, current)
        try:
            written = write_output(
                path, made.text.encode("utf-8"), [session.path, *session.questionnaire.chain]
            )
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "The data card was not written", error))
            return
        waiting = [c for c in made.cards if not c.ready]
        if self.card_format == "apple-privacy":
            state = (
                f"{len(made.to_check)} point(s) to check" if made.to_check else "nothing to check"
            )
        else:
            state = "not ready to publish" if waiting else "ready to publish"
        self.notify(f"Data card written to {shown(written)} ({state})", markup=False)

    # -- moving and confirming --

    @on(DataTable.RowSelected, "#scores")
    def _feature_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.session.first_spot(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#items")
    def _item_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.items[int(str(event.row_key.value))]
        if item.spot is None:
            self.notify(
                "This question no longer exists; the answer stays in the file.", markup=False
            )
            return
        self.dismiss(item.spot)

    def action_confirm(self) -> None:
        """Confirm the carried-over answer under the cursor (``Review.confirm``), and say so."""
        table = self.query_one("#items", DataTable)
        row = table.cursor_row
        item = self.items[row] if 0 <= row < len(self.items) else None
        if item is None or item.spot is None or not item.carried:
            self.notify(
                "Only an answer carried over from the last review can be confirmed: "
                "put the cursor on a row that says so.",
                markup=False,
            )
            return
        spot = item.spot
        try:
            confirmed = self.session.confirm(spot)
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "Could not confirm the answer", error))
            return
        if confirmed:
            self.notify(f"Confirmed as still true: {item.feature}: {item.question}", markup=False)
        else:
            self.notify(f"Nothing to confirm: {item.feature}: {item.question}", markup=False)
        self.show()
        table.move_cursor(row=min(row, max(0, len(self.items) - 1)))

    def action_back(self) -> None:
        """Back to the review; from the note form (Esc is bound here before it reaches the
        form's list), back to the open items first, the note left as it was."""
        form = self.query_one(CardNoteForm)
        if form.has_focus_within:
            form.leave()
            self.query_one("#items", DataTable).focus()
            return
        self.dismiss(None)

    def action_report(self) -> None:
        self.post_message(requests.ShowReport(self))
