"""The plan for a risky answer: which option it will become, what is done, by whom, by when.

The residual ("planned") band credits a plan only when it has an owner and a due date ("no owner,
no credit", docs/questionnaire-format.md), so the form says so next to those two fields. The
suggested target is the engine's own best option (``rules.best_option``).
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from trustaudit.core.assessment.model import Plan, PlanStatus
from trustaudit.core.questionnaire.model import Question
from trustaudit.core.scoring import rules
from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Row

STATUSES: list[tuple[str, PlanStatus]] = [
    ("planned", "planned"),
    ("in progress", "in_progress"),
    ("done", "done"),
    ("accepted (risk kept, no fix)", "accepted"),
]


class PlanForm(Vertical):
    """Target option, action, owner, due date and status of one answer's plan."""

    DEFAULT_CSS = """
    PlanForm {
        height: auto;
        margin: 1 0 1 0;
        padding: 0 1;
        border-left: outer $warning 60%;
        Select {
            width: 1fr;
        }
        #plan-suggestion {
            color: $text-muted;
        }
    }
    """

    class Changed(Message):
        """The plan as the form now shows it (None when every field is empty)."""

        def __init__(self, form: PlanForm, plan: Plan | None, typing: bool) -> None:
            super().__init__()
            self.form = form
            self.plan = plan
            self.typing = typing

        @property
        def control(self) -> PlanForm:
            return self.form

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._question: Question | None = None
        self._recommend = ""
        self._started = False

    def compose(self) -> ComposeResult:
        yield Static(id="plan-title")
        yield Static(id="plan-suggestion")
        with Row():
            yield Caption("Becomes")
            yield Select[str]([], id="plan-target", allow_blank=True, compact=True, prompt="—")
        with Row():
            yield Caption("Action")
            yield Field(placeholder="What will the team change?", id="plan-action")
        with Row():
            yield Caption("Owner")
            yield Field(placeholder="Who does it (needed for credit)", id="plan-owner")
        with Row():
            yield Caption("Due")
            yield Field(placeholder="YYYY-MM-DD (needed for credit)", id="plan-due")
        with Row():
            yield Caption("Status")
            yield Select[str](
                [(label, value) for label, value in STATUSES],
                id="plan-status",
                allow_blank=False,
                compact=True,
            )
        yield ErrorLine(id="plan-error")

    # -- showing --

    def show(self, question: Question, plan: Plan | None, current: list[str]) -> None:
        """Fill the form from the stored plan, without reporting that as a change."""
        self._question = question
        self._started = plan is not None
        best = rules.best_option(question, pillar=True)
        recommend = rules.advice(o for o in question.options if o.id in current)
        self._recommend = recommend or ""
        title = "Plan: what changes before launch"
        self.query_one("#plan-title", Static).update(safe.content(title, "bold"))
        suggestion = self.query_one("#plan-suggestion", Static)
        suggestion.update(safe.join(("Suggested: ", "dim"), safe.content(recommend or "")))
        suggestion.display = bool(recommend)
        chosen = plan.targets[0] if plan is not None and plan.targets else None
        target = self.query_one("#plan-target", Select)
        with self.prevent(Select.Changed, Input.Changed):
            target.set_options([(safe.rich(o.label), o.id) for o in question.options])
            value = chosen or (best.id if best else None)
            target.value = value if value is not None else Select.NULL
            self.query_one("#plan-action", Input).value = plan.action if plan else ""
            self.query_one("#plan-action", Input).placeholder = safe.one_line(
                recommend or "What will the team change?", 200
            )
            self.query_one("#plan-owner", Input).value = (plan.owner or "") if plan else ""
            due = plan.due.isoformat() if plan and plan.due else ""
            self.query_one("#plan-due", Input).value = due
            status = plan.status if plan else "planned"
            self.query_one("#plan-status", Select).value = status
        self._error("")

    def focus_first(self) -> None:
        self.query_one("#plan-action", Input).focus()

    # -- editing --

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._report(typing=True)

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        self._report(typing=False)

    def _report(self, typing: bool) -> None:
        plan = self.read()
        if plan is not None or self._started:
            self._started = plan is not None
            self.post_message(self.Changed(self, plan, typing))

    def read(self) -> Plan | None:
        """The plan in the form; a bad date is reported and left out, never guessed."""
        action = self.query_one("#plan-action", Input).value.strip()
        owner = self.query_one("#plan-owner", Input).value.strip()
        due_text = self.query_one("#plan-due", Input).value.strip()
        status = self.query_one("#plan-status", Select).value
        target = self.query_one("#plan-target", Select).value
        due: dt.date | None = None
        if due_text:
            try:
                due = dt.date.fromisoformat(due_text)
                self._error("")
            except ValueError:
                self._error("Due date: use YYYY-MM-DD, e.g. 2027-01-15")
        else:
            self._error("")
        chosen_status = next((v for _, v in STATUSES if v == status), "planned")
        if not (action or owner or due_text or chosen_status != "planned"):
            return None  # every field empty: no plan (or the plan was cleared)
        target_id = target if isinstance(target, str) else None
        multi = self._question is not None and self._question.type == "multi"
        return Plan(
            target=[target_id] if multi and target_id else target_id,
            action=action or self._recommend,
            owner=owner or None,
            due=due,
            status=chosen_status,
        )

    def _error(self, message: str) -> None:
        self.query_one(ErrorLine).show(message)
