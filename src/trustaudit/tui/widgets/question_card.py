"""The question card: the question as asked (``QuestionHeader``) and the answer.

The card never decides anything about scores: it is told the question, the stored answer and the
engine's ``QuestionScore`` for it, and reports every edit as a new ``Answer`` for the screen to
store. The three answer widgets are created once and reused (shown or hidden), so moving to the
next question costs a list refill, not a re-mount. Besides the value, an answer carries a note
for the report, a note for customers (the data card's ``card_note``), evidence and a plan.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from trustaudit.core.assessment.model import Answer, Feature, Plan
from trustaudit.core.questionnaire.model import Question, Section
from trustaudit.core.review.cycle import Badge
from trustaudit.core.scoring.scorecard import QuestionScore
from trustaudit.tui.widgets.answer_extras import AnswerExtras
from trustaudit.tui.widgets.answer_inputs import (
    NONE_APPLY,
    NOT_APPLICABLE,
    OPTION,
    UNKNOWN,
    ChoiceList,
    MultiList,
    TextAnswer,
)
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Row
from trustaudit.tui.widgets.plan_form import Dates, PlanForm
from trustaudit.tui.widgets.question_header import QuestionHeader

_VALUE_FIELDS: dict[str, Any] = {
    "choice": None,
    "choices": None,
    "text": None,
    "unknown": False,
    "na": None,
}
"""An answer holds one value: setting a new one clears these first."""

NOTHING_TICKED = "Nothing saved: tick at least one, choose 'None of these', or press n to skip."


class QuestionCard(VerticalScroll):
    """Shows one question of one feature and turns every edit into an ``Answer``."""

    DEFAULT_CSS = """
    QuestionCard {
        padding: 0 1;
        height: 1fr;
        #na-row {
            margin-top: 1;
        }
        Caption {
            width: 13;
        }
    }
    """

    class Changed(Message):
        """A new answer for the question on the card; ``advance`` asks for the next question."""

        def __init__(self, card: QuestionCard, answer: Answer, advance: bool, typing: bool) -> None:
            super().__init__()
            self.card = card
            self.answer = answer
            self.advance = advance
            self.typing = typing

        @property
        def control(self) -> QuestionCard:
            return self.card

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self.answer: Answer | None = None
        self.dates: Dates | None = None
        self._score: QuestionScore | None = None
        self._plan_asked = False

    def compose(self) -> ComposeResult:
        yield QuestionHeader()
        yield ChoiceList(id="choice")
        yield MultiList(id="multi")
        yield TextAnswer(id="text")
        with Row(id="na-row"):
            yield Caption("N/A because")
            yield Field(placeholder="one line: why this does not apply", id="na-reason")
        yield ErrorLine(id="answer-error")
        yield AnswerExtras()
        yield PlanForm(id="plan")

    # -- showing a question --

    def show(
        self,
        feature: Feature,
        section: Section,
        position: tuple[int, int],
        question: Question,
        answer: Answer | None,
        score: QuestionScore,
        dates: Dates,
        badge: Badge | None = None,
        touches: str = "",
    ) -> None:
        self.question, self.answer, self.dates = question, answer, dates
        header = self.query_one(QuestionHeader)
        header.show(feature, section, position, question, score.applicable, badge, touches)
        self._show_input(question, answer)
        with self.prevent(Input.Changed):
            na = self.query_one("#na-reason", Input)
            na.value = answer.na if answer is not None and answer.na is not None else ""
        self.query_one(AnswerExtras).show(answer)
        self.query_one("#na-row").display = answer is not None and answer.na is not None
        self._error("")
        self.refresh_plan(score, refill=True)
        self.scroll_home(animate=False)

    def _inputs(self) -> dict[str, Widget]:
        """The answer widget for each question type."""
        return {
            "choice": self.query_one(ChoiceList),
            "multi": self.query_one(MultiList),
            "text": self.query_one(TextAnswer),
        }

    def _show_input(self, question: Question, answer: Answer | None) -> None:
        for kind, widget in self._inputs().items():
            widget.display = kind == question.type
        if question.type == "choice":
            self.query_one(ChoiceList).show(question, answer)
        elif question.type == "multi":
            self.query_one(MultiList).show(question, answer)
        else:
            with self.prevent(TextAnswer.Changed):
                self.query_one(TextAnswer).load_text(answer.text if answer and answer.text else "")

    def refresh_plan(self, score: QuestionScore, refill: bool = False) -> None:
        """Show the plan form for a risky answer (or one that already has a plan); for an answer
        about what the feature is (impact, no risk), once asked for (``a``).

        The form is filled when it appears or the question changes (``refill``), never while the
        user is typing in it.
        """
        question, answer = self.question, self.answer
        self._score = score
        if refill:
            self._plan_asked = False
        plan = self.query_one(PlanForm)
        has_plan = answer is not None and answer.plan is not None
        risky = score.risk is not None and score.risk > 0 and score.state != "unanswered"
        wanted = risky or has_plan or (self._plan_asked and plannable(score))
        visible = question is not None and bool(question.options) and wanted
        if (
            visible
            and question is not None
            and self.dates is not None
            and (refill or not plan.display)
        ):
            current = list(answer.option_ids) if answer is not None else []
            plan.show(question, answer.plan if answer else None, current, self.dates)
        plan.display = visible

    def focus_answer(self) -> None:
        """At once: a deferred ``focus()`` can land after the last input's Hide blurs it."""
        if self.question is not None:
            self.screen.set_focus(self._inputs()[self.question.type])

    def toggle_help(self) -> None:
        self.query_one(QuestionHeader).toggle_help()

    def focus_plan(self) -> bool:
        """To the plan (``a``); False when the answer has nothing a plan could improve."""
        plan = self.query_one(PlanForm)
        if not plan.display and self._score is not None and plannable(self._score):
            self._plan_asked = True
            self.refresh_plan(self._score)
        if not plan.display:
            return False
        plan.focus_first()
        return True

    # -- edits become answers --

    @on(ChoiceList.Chosen)
    def _chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if event.key == NOT_APPLICABLE:
            self._ask_reason()
        elif event.key == UNKNOWN:
            self._emit({"unknown": True}, advance=True)
        else:
            self._emit({"choice": event.key.removeprefix(OPTION)}, advance=True)

    @on(MultiList.Ticked)
    @on(MultiList.Confirmed)
    def _ticked(self, event: MultiList.Ticked | MultiList.Confirmed) -> None:
        """A tick is stored at once; Enter (``Confirmed``) also goes on to the next question."""
        event.stop()
        self._ticks(event.keys, advance=isinstance(event, MultiList.Confirmed))

    @on(MultiList.Empty)
    def _nothing_ticked(self, event: MultiList.Empty) -> None:
        event.stop()
        self._error(NOTHING_TICKED)

    def _ticks(self, keys: list[str], advance: bool) -> None:
        """Ticks become choices; "None of these" is the empty list (an answer, not a blank)."""
        if keys == [NOT_APPLICABLE]:
            self._ask_reason(focus=advance)
        elif keys == [UNKNOWN]:
            self._emit({"unknown": True}, advance=advance)
        elif keys == [NONE_APPLY]:
            self._emit({"choices": []}, advance=advance)
        elif keys:
            self._emit({"choices": [k.removeprefix(OPTION) for k in keys]}, advance=advance)
        else:
            self._emit({}, advance=False)

    @on(TextAnswer.Changed)
    def _text_typed(self, event: TextAnswer.Changed) -> None:
        event.stop()
        text = event.text_area.text.strip()
        self._emit({"text": text} if text else {}, advance=False, typing=True)

    @on(TextAnswer.Confirmed)
    def _text_confirmed(self, event: TextAnswer.Confirmed) -> None:
        event.stop()
        text = event.text_answer.text.strip()
        self._emit({"text": text} if text else {}, advance=True)

    @on(Input.Changed, "#na-reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        event.stop()
        reason = event.value.strip()
        if reason and self.answer is not None and self.answer.na is not None:
            self._emit({"na": reason}, advance=False, typing=True)

    @on(Input.Submitted, "#na-reason")
    def _reason_entered(self, event: Input.Submitted) -> None:
        event.stop()
        reason = event.value.strip()
        if not reason:
            self._error("Say in one line why this question does not apply.")
            return
        self._emit({"na": reason}, advance=True)

    @on(AnswerExtras.Changed)
    def _extra_typed(self, event: AnswerExtras.Changed) -> None:
        event.stop()
        self._emit_extra(**event.changes)

    @on(AnswerExtras.Done)
    def _extra_entered(self, event: AnswerExtras.Done) -> None:
        event.stop()
        self.focus_answer()

    @on(PlanForm.Changed)
    def _plan_changed(self, event: PlanForm.Changed) -> None:
        event.stop()
        self._emit_extra(plan=event.plan, typing=event.typing)

    def _ask_reason(self, focus: bool = True) -> None:
        self.query_one("#na-row").display = True
        if focus:
            self.query_one("#na-reason", Input).focus()
        self._error("")

    def _emit(self, value: dict[str, Any], advance: bool, typing: bool = False) -> None:
        """A new value for the answer; note, evidence and plan are kept."""
        self._store({**_VALUE_FIELDS, **value}, advance, typing)

    def _emit_extra(self, typing: bool = True, **changes: Any) -> None:
        """A new note, evidence list or plan; the value is kept."""
        self._store(changes, advance=False, typing=typing)

    def _store(self, changes: dict[str, Any], advance: bool, typing: bool) -> None:
        base = self.answer.model_dump() if self.answer is not None else {}
        if "plan" in changes and isinstance(changes["plan"], Plan):
            changes = {**changes, "plan": changes["plan"].model_dump()}
        try:
            answer = Answer.model_validate({**base, **changes})
        except ValidationError as error:
            self._error(f"Not saved: {error.errors()[0]['msg']}")
            return
        self._error("")
        self.answer = answer
        self.post_message(self.Changed(self, answer, advance, typing))

    def _error(self, message: str) -> None:
        self.query_one("#answer-error", ErrorLine).show(message)


def plannable(score: QuestionScore) -> bool:
    """An answer a plan can improve: it carries risk (a promise question) or impact (what the
    feature is: its data, its reach), and it is an answer, not a blank."""
    if score.state == "unanswered":
        return False
    return (score.risk is not None and score.risk > 0) or bool(score.impact)
