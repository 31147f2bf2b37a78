"""The plan for a risky answer: which option it will become, what is done, by whom, by when.

The residual ("planned") band credits a plan only when it has an owner and a due date ("no owner,
no credit", docs/questionnaire-format.md), so the form says so next to those two fields. The
suggested target is the engine's own best option (``rules.best_option``). Under the fields, one
line says how the plan stands today: overdue, due after the launch, accepted until when (or
lapsed), done. Accepting a risk needs who and until when, so choosing "accepted" asks for them
(``AcceptAsked``) instead of storing a half acceptance; a due date before the review began is
kept only once confirmed with Enter (2020-01-01 is more often a typo than a plan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from trustaudit.core.assessment.model import Plan, PlanStatus
from trustaudit.core.questionnaire.model import Question
from trustaudit.core.scoring import rules, timing
from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Row

STATUSES: list[tuple[str, PlanStatus]] = [
    ("planned", "planned"),
    ("in progress", "in_progress"),
    ("done", "done"),
    ("accepted (risk kept, no fix)", "accepted"),
]


@dataclass(frozen=True)
class Dates:
    """What the form judges a plan's dates against: today, the day the review began, the
    planned launch."""

    today: dt.date
    started: dt.date
    launch: dt.date | None = None


class _FormMessage(Message):
    def __init__(self, form: PlanForm) -> None:
        super().__init__()
        self.form = form

    @property
    def control(self) -> PlanForm:
        return self.form


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
        #plan-state {
            color: $text-warning;
        }
    }
    """

    class Changed(_FormMessage):
        """The plan as the form now shows it (None when every field is empty)."""

        def __init__(self, form: PlanForm, plan: Plan | None, typing: bool) -> None:
            super().__init__(form)
            self.plan = plan
            self.typing = typing

    class AcceptAsked(_FormMessage):
        """ "Accepted" was chosen: ask who accepts the risk and until when (then call
        ``accepted`` to show it, or ``revert_status`` if the user changed their mind)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._question: Question | None = None
        self._plan: Plan | None = None
        self._recommend = ""
        self._started = False
        self._dates = Dates(dt.date.min, dt.date.min)  # until ``show`` gives the review's
        self._early_ok: dt.date | None = None

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
        yield Static(id="plan-state")
        yield ErrorLine(id="plan-error")

    # -- showing --

    def show(self, question: Question, plan: Plan | None, current: list[str], dates: Dates) -> None:
        """Fill the form from the stored plan, without reporting that as a change."""
        self._question, self._plan, self._dates = question, plan, dates
        self._started = plan is not None
        self._early_ok = plan.due if plan is not None else None
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
            self._set_status(plan.status if plan else "planned")
        self._error("")
        self._show_state(plan)

    def focus_first(self) -> None:
        self.query_one("#plan-action", Input).focus()

    def accepted(self, plan: Plan | None) -> None:
        """The acceptance was stored: show the plan as it now is."""
        self._plan = plan
        self._started = plan is not None
        self._set_status(plan.status if plan else "planned")
        self._show_state(plan)

    def revert_status(self) -> None:
        """The acceptance was not given: the status goes back to what is stored."""
        self._set_status(self._plan.status if self._plan else "planned")

    def _set_status(self, status: PlanStatus) -> None:
        with self.prevent(Select.Changed):
            self.query_one("#plan-status", Select).value = status

    def _show_state(self, plan: Plan | None) -> None:
        """One line on how the plan stands today; hidden when there is nothing to say."""
        line = self.query_one("#plan-state", Static)
        said = state_of(plan, self._dates) if plan is not None else ""
        line.update(safe.content(said))
        line.display = bool(said)

    # -- editing --

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._report(typing=True)

    @on(Input.Submitted, "#plan-due")
    def _due_entered(self, event: Input.Submitted) -> None:
        """Enter on an early due date keeps it (the error line asked for that)."""
        event.stop()
        early = self._early(event.value.strip())
        if early is not None:
            self._early_ok = early
            self._report(typing=False)

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        if (
            event.select.id == "plan-status"
            and event.value == "accepted"
            and (self._plan is None or self._plan.status != "accepted")
        ):
            self.post_message(self.AcceptAsked(self))
            return
        self._report(typing=False)

    def _report(self, typing: bool) -> None:
        plan = self.read()
        if plan is not None or self._started:
            self._started = plan is not None
            self._plan = plan
            self._show_state(plan)
            self.post_message(self.Changed(self, plan, typing))

    def read(self) -> Plan | None:
        """The plan in the form; a bad date (or an early one not yet confirmed) is reported and
        left out, never guessed. Fields the form does not show (an acceptance, a verification)
        are kept as stored."""
        action = self.query_one("#plan-action", Input).value.strip()
        owner = self.query_one("#plan-owner", Input).value.strip()
        due_text = self.query_one("#plan-due", Input).value.strip()
        status = self.query_one("#plan-status", Select).value
        target = self.query_one("#plan-target", Select).value
        due = self._due(due_text)
        chosen_status = next((v for _, v in STATUSES if v == status), "planned")
        if not (action or owner or due_text or chosen_status != "planned"):
            return None  # every field empty: no plan (or the plan was cleared)
        target_id = target if isinstance(target, str) else None
        multi = self._question is not None and self._question.type == "multi"
        kept = self._plan.model_dump() if self._plan is not None else {}
        return Plan.model_validate(
            {
                **kept,
                "target": [target_id] if multi and target_id else target_id,
                "action": action or self._recommend,
                "owner": owner or None,
                "due": due,
                "status": chosen_status,
            }
        )

    def _due(self, text: str) -> dt.date | None:
        if not text:
            self._error("")
            return None
        try:
            due = dt.date.fromisoformat(text)
        except ValueError:
            self._error("Due date: use YYYY-MM-DD, e.g. 2027-01-15")
            return None
        if self._early(text) is not None and due != self._early_ok:
            started = self._dates.started.isoformat()
            self._error(
                f"{text} is before this review began ({started}): Enter keeps it, "
                "or type another date"
            )
            return None
        self._error("")
        return due

    def _early(self, text: str) -> dt.date | None:
        """The date typed, when it is a date before the review began."""
        try:
            due = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return due if due < self._dates.started else None

    def _error(self, message: str) -> None:
        self.query_one(ErrorLine).show(message)


def state_of(plan: Plan, dates: Dates) -> str:
    """How a plan stands on ``dates.today``, in a few words (every rule is ``scoring.timing``'s,
    the report's "due after the launch" included)."""
    if plan.status == "accepted":
        ends, who = plan.acceptance_ends, plan.accepter or "nobody named"
        if timing.lapsed(plan, dates.today) and ends is not None:
            return f"lapsed: accepted by {who} until {ends}; the risk counts again"
        if ends is None:
            return f"accepted by {who}, with no end date: say until when"
        return f"risk accepted by {who} until {ends}"
    if plan.status == "done":
        when = f" (verified {plan.verified_on})" if plan.verified_on else ""
        return f"done{when}"
    notes = []
    if timing.overdue(plan, dates.today) and plan.due is not None:
        notes.append(f"overdue: was due {plan.due}")
    if (
        plan.due is not None
        and dates.launch is not None
        and timing.after_launch(plan.due, dates.launch)
    ):
        notes.append(f"due after the launch ({dates.launch})")
    if not plan.credited:
        missing = [n for n, v in (("an owner", plan.owner), ("a due date", plan.due)) if not v]
        if plan.target is None:
            missing.append("a target")
        if missing:
            notes.append(f"no credit until it has {' and '.join(missing)}")
    return " · ".join(notes)
