"""The review's dates and its data-card publisher, as the setup screens ask for them.

``ScheduleForm`` holds the planned launch and the next review date (``Review.update_schedule``);
``PublisherForm`` who "we" are on the customer data cards, the privacy policy, whom to ask and
where to delete the data (``Review.update_details`` with a ``Publisher``). Each value is checked
by the review file's own model before anything is written, so the messages are the ones the file
would give (docs/architecture.md: one owner per rule), shown under the form and the field focused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from trustaudit.core.assessment.edits import Publisher, Schedule
from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Heading, Row

if TYPE_CHECKING:
    from trustaudit.core.assessment.model import Assessment


def checked(name: str, text: str) -> tuple[Any, str]:
    """``text`` as the review file's field ``name`` holds it, and "" — or None and what is wrong.

    Blank text is no value. The review model does the checking (dates refuse numbers, web
    addresses need http(s)), field by field, so a form can say which field is wrong.
    """
    from pydantic import ValidationError

    from trustaudit.core.assessment.model import Assessment
    from trustaudit.core.io.validation import summary

    value = text.strip()
    if not value:
        return None, ""
    try:
        nothing: dict[str, Any] = {}  # a blank head: only the one field is validated
        blank = Assessment.model_construct(**nothing)
        done = Assessment.__pydantic_validator__.validate_assignment(blank, name, value)
    except ValidationError as error:
        return None, summary(error).removeprefix(f"{name}: ")
    return getattr(done, name), ""


class HeadForm(Vertical):
    """Labelled fields for head values of the review file, checked by ``read_fields``."""

    FIELDS: tuple[tuple[str, str, str], ...] = ()
    """(file field, caption, placeholder) for each field, in order."""

    HINT = ""
    """How to write a value, added to a problem that does not already show its example."""

    def __init__(self, values: dict[str, object] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values = values or {}

    def compose(self) -> ComposeResult:
        for name, caption, placeholder in self.FIELDS:
            given = self._values.get(name)
            with Row():
                yield Caption(caption)
                yield Field(
                    "" if given is None else str(given),
                    placeholder=placeholder,
                    id=name.replace("_", "-"),
                    next_on_enter=True,
                )
        yield ErrorLine(classes="head-error")

    def _input(self, name: str) -> Input:
        return self.query_one(f"#{name.replace('_', '-')}", Input)

    def read_fields(self) -> dict[str, Any] | None:
        """Every field checked; None when one is wrong (said below the form, field focused)."""
        values: dict[str, Any] = {}
        for name, caption, _ in self.FIELDS:
            value, problem = checked(name, self._input(name).value)
            if problem:
                example = self.HINT.rpartition("e.g. ")[2]
                hint = self.HINT if example and example not in problem else ""
                self.query_one(ErrorLine).show(f"{caption}: {problem}{hint and f' ({hint})'}")
                self._input(name).focus()
                return None
            values[name] = value
        self.query_one(ErrorLine).show("")
        return values


class ScheduleForm(HeadForm):
    """The planned launch and the next review (blank: it follows from the band's cadence)."""

    DEFAULT_CSS = """
    ScheduleForm {
        height: auto;
    }
    """

    HINT = "write it as YYYY-MM-DD, e.g. 2027-01-15"
    FIELDS = (
        ("launch", "Launch", "planned launch, YYYY-MM-DD (fixes due after it are flagged)"),
        ("review_by", "Next review", "YYYY-MM-DD; blank: from the band (6 to 24 months)"),
    )

    def __init__(self, launch: dt.date | None = None, review_by: dt.date | None = None) -> None:
        super().__init__({"launch": launch, "review_by": review_by})

    def read(self) -> Schedule | None:
        values = self.read_fields()
        if values is None:
            return None
        return Schedule(launch=values["launch"], review_by=values["review_by"])


class PublisherForm(HeadForm):
    """Who publishes the data cards; every card shows these, and lists them when missing."""

    DEFAULT_CSS = """
    PublisherForm {
        height: auto;
    }
    """

    FIELDS = (
        ("controller", "Published by", 'who "we" are on the cards, e.g. ShopCo Ltd'),
        ("privacy_policy_url", "Policy", "the full privacy policy, https://…"),
        (
            "contact",
            "Contact",
            "whom customers ask: privacy team or DPO, e.g. privacy@shop.example",
        ),
        ("delete_url", "Delete data", "where customers delete their data, https://…"),
    )

    def __init__(self, publisher: Publisher | None = None) -> None:
        super().__init__((publisher or Publisher()).fields())

    def compose(self) -> ComposeResult:
        yield Heading("Data cards")
        yield Static(
            safe.content("Every card shows these; a missing one holds the cards back.", "dim"),
            classes="head-hint",
        )
        yield from super().compose()

    def read(self) -> Publisher | None:
        values = self.read_fields()
        return None if values is None else Publisher(**values)


def publisher_of(assessment: Assessment) -> Publisher:
    """The review's publisher fields as the form edits them."""
    return Publisher(
        controller=assessment.controller,
        privacy_policy_url=assessment.privacy_policy_url,
        contact=assessment.contact,
        delete_url=assessment.delete_url,
    )
