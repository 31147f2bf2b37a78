"""The assessor's words for customers on one answer (its ``card_note``), typed beside the card.

A card note refines the card line its answer backs, and only that line (docs/data-cards.md);
internal notes never reach a card. The form offers the answers the card's lines rest on, shows
the note one already has, and says ``Saved`` on Enter; the screen stores it through the session.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Select

from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Field


class CardNoteForm(Vertical):
    """A choice of answer and its note for customers; Enter in the note posts ``Saved``."""

    DEFAULT_CSS = """
    CardNoteForm {
        height: auto;
        margin: 1 0;
        #note-question {
            width: 1fr;
        }
    }
    """

    class Saved(Message):
        """The note typed for ``question`` (blank: no note)."""

        def __init__(self, form: CardNoteForm, question: str, text: str) -> None:
            super().__init__()
            self.form = form
            self.question = question
            self.text = text

        @property
        def control(self) -> CardNoteForm:
            return self.form

    def __init__(self) -> None:
        super().__init__()
        self._notes: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Select[str](
            [], id="note-question", prompt="n: a note for customers on…", compact=True
        )
        yield Field(placeholder="words for customers under that line (Enter saves)", id="card-note")

    def offer(self, answers: list[tuple[str, str, str]]) -> None:
        """(question id, prompt, its card note) for each answer the card rests on."""
        select = self.query_one(Select)
        chosen = select.value if isinstance(select.value, str) else None
        self._notes = {qid: note for qid, _, note in answers}
        select.set_options([(safe.rich(safe.one_line(p, 60)), qid) for qid, p, _ in answers])
        if chosen in self._notes:
            select.value = chosen
        self.display = bool(answers)

    def start(self) -> None:
        """Focus the choice of answer (or the note, once one is chosen)."""
        select = self.query_one(Select)
        (self.query_one(Field) if isinstance(select.value, str) else select).focus()

    def leave(self) -> None:
        """Close the list of answers, if open; the note typed but not saved is dropped."""
        select = self.query_one(Select)
        select.expanded = False
        if isinstance(select.value, str):
            self.query_one(Field).value = self._notes.get(select.value, "")

    @on(Select.Changed, "#note-question")
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            field = self.query_one(Field)
            field.value = self._notes.get(event.value, "")
            field.focus()

    @on(Input.Submitted, "#card-note")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        question = self.query_one(Select).value
        if isinstance(question, str):
            self.post_message(self.Saved(self, question, event.value.strip()))
