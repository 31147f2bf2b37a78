"""Summary: every feature against every promise, and every open item, one Enter from its question.

The top table is the product at a glance (pillar gaps and bands, now → planned). The bottom table
lists what still needs attention: unanswered and "don't know" questions, red flags, risky answers
without a credited plan, problems the engine found, and answers kept for questions that no longer
exist. Enter on a row goes back to the walkthrough at that question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trustaudit.core.scoring.scorecard import FeatureScore, OpenItem
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, Spot
from trustaudit.tui.widgets.badges import badge, shift, shift_text
from trustaudit.tui.widgets.form import Heading
from trustaudit.tui.widgets.status import StatusFooter


@dataclass(frozen=True)
class Item:
    """One open item: where it is and what is open about it."""

    spot: Spot | None
    feature: str
    question: str
    what: str
    style: str = ""


class SummaryScreen(Screen[Spot | None]):
    """Scores and open items; dismisses with the question to jump to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = keys.SUMMARY

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.items: list[Item] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(id="headline")
            yield DataTable(id="scores", cursor_type="row", zebra_stripes=True)
            yield Heading(id="items-title")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield StatusFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#items", DataTable).focus()

    def show(self) -> None:
        session = self.session
        scores = [session.score(f.id) for f in session.features]
        head = session.headline()
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
        self._fill_scores(scores)
        self.items = list(self._open_items(scores))
        count = len(self.items)
        self.query_one("#items-title", Heading).show(
            f"Open items ({count}) · Enter: go to the question · Esc: back"
            if count
            else "Nothing open: every applicable question has an answer."
        )
        table = self.query_one("#items", DataTable)
        table.clear(columns=True)
        room = max(40, self.app.size.width - 10)
        name = min(self._name_width(), max((len(i.feature) for i in self.items), default=8))
        what = min(22, max([len("What is open"), *(len(i.what) for i in self.items)]))
        table.add_column("Feature", width=name)
        table.add_column("What is open", width=what)
        table.add_column("Question", width=max(20, room - name - what))
        for index, item in enumerate(self.items):
            table.add_row(
                safe.rich(item.feature),
                safe.rich(item.what, item.style),
                safe.rich(item.question),
                key=str(index),
            )

    def _fill_scores(self, scores: list[FeatureScore]) -> None:
        pillars = self.session.questionnaire.pillars
        table = self.query_one("#scores", DataTable)
        table.clear(columns=True)
        # Fit the terminal: names and pillar titles are cut before the table scrolls sideways, and
        # below 100 columns the R column (also in the review's score panel) makes room.
        wide = self.app.size.width >= 100
        fixed = (9 if wide else 0) + 23 + 4 + 2 * (len(pillars) + 3 + wide)
        name = min(self._name_width(), max((len(s.name) for s in scores), default=8))
        gap = max(7, (self.app.size.width - 4 - fixed - name) // max(1, len(pillars)))
        table.add_column("Feature", width=name)
        for pillar in pillars:
            table.add_column(safe.rich(pillar.title), width=min(gap, max(7, len(pillar.title))))
        if wide:
            table.add_column("R", width=9)
        table.add_column("Band now → planned", width=23)
        table.add_column("Open", width=4)
        for score in scores:
            cells: list[Text] = [safe.rich(score.name, "bold")]
            for pillar in pillars:
                now = score.now.pillars.get(pillar.id)
                planned = score.planned.pillars.get(pillar.id)
                cells.append(Text(_gap(now, planned)))
            if wide:
                cells.append(Text(_gap(score.now.risk, score.planned.risk)))
            cells.append(shift_text(score.now.band, score.planned.band))
            open_count = len(score.unanswered) + len(score.unknown)
            cells.append(
                Text(str(open_count) if open_count else "✓", style="" if open_count else "green")
            )
            table.add_row(*cells, key=score.id)

    def _name_width(self) -> int:
        return 26 if self.app.size.width >= 100 else 16

    def _open_items(self, scores: list[FeatureScore]) -> list[Item]:
        """The engine's open items of every feature, one row each."""
        session = self.session
        found: list[Item] = []
        for score in scores:
            feature = session.feature(score.id)
            for item in score.open_items:
                what, style = _label(item)
                if item.kind == "orphaned":
                    found.append(Item(None, feature.name, item.question, what, style))
                    continue
                prompt = safe.one_line(session.question(item.question).prompt, 70)
                shown = item.question if item.kind == "plan" else prompt
                found.append(Item(Spot(score.id, item.question), feature.name, shown, what, style))
        return found

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

    def action_back(self) -> None:
        self.dismiss(None)

    def action_report(self) -> None:
        self.post_message(requests.ShowReport(self))


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
    return item.kind, ""


def _gap(now: float | None, planned: float | None) -> str:
    """``52 → 35`` (now → with plans done), or one number when plans do not change it."""
    if now is None:
        return "n/a"
    if planned is None or round(planned) == round(now):
        return f"{now:.0f}"
    return f"{now:.0f} → {planned:.0f}"
