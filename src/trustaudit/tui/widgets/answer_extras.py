"""What an answer carries besides its value: a note for the report, a note for customers (the
data card's ``card_note``) and evidence. Typing in any of them reports the changed fields only
(``Changed``); the question card merges them into the answer, so the value is never touched.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from trustaudit.core.assessment.model import Answer
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, Row


class AnswerExtras(Vertical):
    """The note, card note and evidence rows under an answer."""

    DEFAULT_CSS = """
    AnswerExtras {
        height: auto;
        margin-top: 1;
        Caption {
            width: 13;
        }
    }
    """

    class Changed(Message):
        """Fields of the answer typed anew (``changes``: field name → value)."""

        def __init__(self, extras: AnswerExtras, changes: dict[str, Any]) -> None:
            super().__init__()
            self.extras = extras
            self.changes = changes

        @property
        def control(self) -> AnswerExtras:
            return self.extras

    class Done(Message):
        """Enter in one of the fields: back to the answer."""

        def __init__(self, extras: AnswerExtras) -> None:
            super().__init__()
            self.extras = extras

        @property
        def control(self) -> AnswerExtras:
            return self.extras

    def compose(self) -> ComposeResult:
        with Row(id="note-row"):
            yield Caption("Note")
            yield Field(placeholder="optional: context for the report (internal)", id="note")
        with Row():
            yield Caption("Card note")
            yield Field(
                placeholder="optional: for customers, refines this answer's data card line",
                id="card-note",
            )
        with Row():
            yield Caption("Evidence")
            yield Field(placeholder="optional: links or file paths, comma-separated", id="evidence")

    def show(self, answer: Answer | None) -> None:
        """Fill the fields from the stored answer without reporting a change."""
        with self.prevent(Input.Changed):
            self.query_one("#note", Input).value = (answer.note or "") if answer else ""
            card_note = (answer.card_note or "") if answer else ""
            self.query_one("#card-note", Input).value = card_note
            evidence = ", ".join(answer.evidence) if answer else ""
            self.query_one("#evidence", Input).value = evidence

    @on(Input.Changed, "#note")
    def _note_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, {"note": event.value.strip() or None}))

    @on(Input.Changed, "#card-note")
    def _card_note_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, {"card_note": event.value.strip() or None}))

    @on(Input.Changed, "#evidence")
    def _evidence_typed(self, event: Input.Changed) -> None:
        event.stop()
        items = [item.strip() for item in event.value.split(",") if item.strip()]
        self.post_message(self.Changed(self, {"evidence": items}))

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self))
