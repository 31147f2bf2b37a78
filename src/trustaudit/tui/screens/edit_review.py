"""Edit review (ctrl+e in the walkthrough): rename, add or remove features, change the details,
the dates and who publishes the data cards.

Feature ids never change on rename, so answers stay attached. Removing a feature that has answers
is confirmed first; nothing reaches the file until the changes are saved, and nothing at all when
a date or a web address is wrong (said under its form). Dismisses with True when something was
saved, so the walkthrough rebuilds its sidebar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session, details_of, head_of
from trustaudit.tui.widgets.details_form import DetailsForm
from trustaudit.tui.widgets.feature_list import HINT, FeatureList
from trustaudit.tui.widgets.form import Caption, FormActions, Heading, Row
from trustaudit.tui.widgets.head_forms import PublisherForm, ScheduleForm, publisher_of
from trustaudit.tui.widgets.setup_form import held, leave_or_ask, read_head
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.tui.places import Places


class EditReviewScreen(Screen[bool]):
    """The open review's details and features; Escape leaves them as they were."""

    BINDINGS: ClassVar[list[BindingType]] = keys.SETUP

    def __init__(self, session: Session, places: Places) -> None:
        super().__init__()
        self.session = session
        self.places = places
        self.shown: object = None
        """What the form held once shown (``_remember``); None until then."""

    def compose(self) -> ComposeResult:
        session = self.session
        questionnaire = session.questionnaire
        yield Header()
        with VerticalScroll(id="setup"):
            yield Heading("Review details and features")
            yield DetailsForm(details_of(session.assessment))
            yield ScheduleForm(session.assessment.launch, session.assessment.review_by)
            with Row():
                yield Caption("Questionnaire")
                shown = f"{questionnaire.title} {questionnaire.version}"
                yield Static(safe.content(shown), id="questionnaire-shown")
            with Row():
                yield Caption("File")
                yield Static(safe.content(self.places.shown(session.path)), id="file-shown")
            yield FeatureList(session.drafts())
            yield PublisherForm(publisher_of(session.assessment))
            yield FormActions(f"{HINT} · ctrl+s saves", "Save changes (ctrl+s)")
        yield StatusFooter()

    def on_mount(self) -> None:
        self.query_one(DetailsForm).focus_first()
        self.call_after_refresh(self._remember)

    @on(FeatureList.RemoveAsked)
    def _confirm_removal(self, event: FeatureList.RemoveAsked) -> None:
        event.stop()
        features, index = event.features, event.index

        def decided(choice: str | None) -> None:
            if choice == "remove":
                features.drop(index)

        lines = [
            f"It has {event.draft.answers} answer(s); they leave the file when you save "
            "these changes."
        ]
        buttons = [("remove", "Remove"), ("keep", "Keep it")]
        title = f"Remove {event.draft.edit.name}?"
        self.post_message(requests.Ask(self, title, lines, buttons, decided))

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _remember(self) -> None:
        self.shown = held(self)

    def action_cancel(self) -> None:
        """Leave; when something was typed or changed since the form was shown, ask first."""
        leave_or_ask(self, self.shown, lambda: self.dismiss(False))

    def action_save(self) -> None:
        # One undo step for the whole form: details, publisher and dates go in one ``Head``.
        head = read_head(self, head_of(self.session.assessment))
        if head is None:
            return
        features = self.query_one(FeatureList)
        try:
            self.session.apply_setup(head, features.drafts, features.removed)
        except TrustAuditError as error:
            self.post_message(requests.ShowError(self, "Could not save the changes", error))
            return
        self.dismiss(True)
