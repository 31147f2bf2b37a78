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

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
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
from trustaudit.core.review import cycle
from trustaudit.core.scoring.scorecard import FeatureScore, OpenItem, Scorecard
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets import timeline
from trustaudit.tui.widgets.badges import badge, shift, shift_text
from trustaudit.tui.widgets.card_note import CardNoteForm
from trustaudit.tui.widgets.card_panel import CardPanel
from trustaudit.tui.widgets.form import Heading
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.core.report.card.model import Card
    from trustaudit.core.report.card.output import CardFormat

WIDE = 140
"""From this many columns the data card sits beside the open items; below, under them."""


@dataclass(frozen=True)
class Item:
    """One open item: where it is and what is open about it."""

    spot: Spot | None
    feature: str
    question: str
    what: str
    style: str = ""
    feature_id: str = ""
    carried: bool = False
    """An answer carried over from the last cycle, waiting to be confirmed (``c``)."""


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
            CardPanel {
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
                (f"   mean R {_gap(head.mean_risk, head.planned_mean_risk)}", "dim"),
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


def fill_items(table: DataTable[object], items: list[Item]) -> None:
    """The open items table, its columns fitted to its share of the screen (beside the card when
    wide) less cell padding and the scrollbar, so that it does not scroll sideways."""
    table.clear(columns=True)
    width = table.app.size.width
    region = (width - 2) * 58 // 100 if width >= WIDE else width - 2
    room = max(40, region - 8)
    longest = max((len(i.feature) for i in items), default=8)
    name = min(max(12, min(26, region // 4)), longest)
    what = min(22, max([len("What is open"), *(len(i.what) for i in items)]))
    table.add_column("Feature", width=name)
    table.add_column("What is open", width=what)
    table.add_column("Question", width=max(20, room - name - what))
    for index, item in enumerate(items):
        table.add_row(
            safe.rich(item.feature),
            safe.rich(item.what, item.style),
            safe.rich(item.question),
            key=str(index),
        )


def fill_scores(table: DataTable[object], session: Session, scores: list[FeatureScore]) -> None:
    """The score table: a row per feature, a column per pillar, the band, what is open and, in
    a re-review, the feature's badges."""
    pillars = session.questionnaire.pillars
    width = table.app.size.width
    table.clear(columns=True)
    # Fit the terminal: names and pillar titles are cut before the table scrolls sideways, and
    # below 100 columns the R column (also in the review's score panel) makes room.
    wide = width >= 100
    marks = _marks(session, scores, wide)
    marks_width = max([9, *(len(m) for m in marks.values())]) if marks else 0
    fixed = (9 if wide else 0) + 23 + 4 + 2 * (len(pillars) + 3 + wide + bool(marks))
    fixed += marks_width
    name = min(26 if wide else 16, max((len(s.name) for s in scores), default=8))
    if marks and not wide:
        name = min(name, 14)
    gap = max(7, (width - 4 - fixed - name) // max(1, len(pillars)))
    table.add_column("Feature", width=name)
    for pillar in pillars:
        table.add_column(safe.rich(pillar.title), width=min(gap, max(7, len(pillar.title))))
    if wide:
        table.add_column("R", width=9)
    table.add_column("Band now → planned", width=23)
    table.add_column("Open", width=4)
    if marks:
        table.add_column("Re-review", width=marks_width)
    for fs in scores:
        cells: list[Text] = [safe.rich(fs.name, "bold")]
        for pillar in pillars:
            cells.append(
                Text(_gap(fs.now.pillars.get(pillar.id), fs.planned.pillars.get(pillar.id)))
            )
        if wide:
            cells.append(Text(_gap(fs.now.risk, fs.planned.risk)))
        cells.append(shift_text(fs.now.band, fs.planned.band))
        open_count = len(fs.unanswered) + len(fs.unknown)
        cells.append(
            Text(str(open_count) if open_count else "✓", style="" if open_count else "green")
        )
        if marks:
            cells.append(marks[fs.id])
        table.add_row(*cells, key=fs.id)


BADGES: tuple[cycle.Badge, ...] = ("carried", "changed", "new")


def _marks(session: Session, scores: list[FeatureScore], wide: bool) -> dict[str, Text]:
    """In a re-review, each feature's questions by badge (``review.cycle.badge``); narrow, only
    what waits for a person: the answers still to confirm."""
    assessment = session.assessment
    if not assessment.history:
        return {}
    found: dict[str, Text] = {}
    for fs in scores:
        answers = session.feature(fs.id).answers
        counted = Counter(
            cycle.badge(assessment, answers.get(q.id)) for q in fs.questions if q.applicable
        )
        parts = [f"{counted[b]} {b}" for b in (BADGES if wide else BADGES[:1]) if counted[b]]
        done = not any(counted[b] for b in BADGES)
        found[fs.id] = Text(" ".join(parts) or ("✓" if done else ""), style="green" if done else "")
    return found


def open_items(session: Session, scores: list[FeatureScore]) -> list[Item]:
    """The engine's open items of every feature, one row each, then (in a re-review) the
    answers carried over and not yet confirmed."""
    found: list[Item] = []
    assessment = session.assessment
    for fs in scores:
        feature = session.feature(fs.id)
        for item in fs.open_items:
            what, style = _label(item)
            if item.kind == "orphaned":
                found.append(Item(None, feature.name, item.question, what, style, fs.id))
                continue
            prompt = safe.one_line(session.question(item.question).prompt, 70)
            shown = item.question if item.kind == "plan" else prompt
            spot = Spot(fs.id, item.question)
            found.append(Item(spot, feature.name, shown, what, style, fs.id))
        for q in fs.questions:
            if q.applicable and cycle.badge(assessment, feature.answers.get(q.id)) == "carried":
                prompt = safe.one_line(session.question(q.id).prompt, 70)
                spot = Spot(fs.id, q.id)
                found.append(
                    Item(spot, feature.name, prompt, "carried over", "cyan", fs.id, carried=True)
                )
    return found


def _label(item: OpenItem) -> tuple[str, str]:
    """What the summary says about an open item, and its style."""
    if item.kind == "invalid":
        return f"problem: {item.detail}", "red"
    if item.kind == "plan":
        return f"problem: {item.detail}", "red"
    if item.kind == "red flag":
        return f"red flag: ≥ {item.detail}", "bold red"
    if item.kind == "needs a plan":
        return "risky, no owned plan", "yellow"
    if item.kind == "orphaned":
        return "orphaned answer (kept)", "dim"
    if item.kind == "overdue":
        return f"overdue ({item.detail})", "bold red"
    if item.kind == "lapsed":
        return f"lapsed ({item.detail})", "bold red"
    return item.kind, ""


def _gap(now: float | None, planned: float | None) -> str:
    """``52 → 35`` (now → with plans done), or one number when plans do not change it."""
    if now is None:
        return "n/a"
    if planned is None or round(planned) == round(now):
        return f"{now:.0f}"
    return f"{now:.0f} → {planned:.0f}"
