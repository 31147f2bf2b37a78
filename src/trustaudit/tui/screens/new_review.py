"""New review: the product, who reviews it, its dates, the questionnaire, the file, the features,
and who publishes its data cards.

``Create review`` writes the file through ``Review.create`` (in a worker: loading the
questionnaire parses YAML), sets the dates (``update_schedule``) and the publisher
(``update_details``), and hands the open review to the app, which walks through it. Feature ids
are slugs made by the store when a feature is added. Problems are shown inline, next to the
field, as they are found; dates and web addresses are checked before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Select

from trustaudit.core.assessment.edits import FeatureEdit
from trustaudit.core.assessment.naming import review_path
from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Head, Session
from trustaudit.tui.widgets.details_form import DetailsForm
from trustaudit.tui.widgets.feature_list import HINT, FeatureList
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import (
    Caption,
    ErrorLine,
    FormActions,
    Heading,
    Row,
)
from trustaudit.tui.widgets.head_forms import PublisherForm, ScheduleForm
from trustaudit.tui.widgets.setup_form import held, leave_or_ask, read_head
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.core.questionnaire.catalog import Entry
    from trustaudit.tui.places import Places

DEFAULT_QUESTIONNAIRE = "trust-audit"


class NewReviewScreen(Screen[None]):
    """The form for a review that does not exist yet; Escape goes back without writing."""

    BINDINGS: ClassVar[list[BindingType]] = keys.SETUP

    def __init__(
        self,
        places: Places,
        *,
        questionnaire: str | None = None,
        product: str | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__()
        self.places = places
        self.questionnaire_ref = questionnaire
        self.initial_product = product or ""
        self.initial_path = path
        self.shown: object = None
        """What the form held once shown (``_remember``); None until then."""
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup"):
            yield Heading("New review")
            yield DetailsForm(product=self.initial_product)
            yield ScheduleForm()
            with Row():
                yield Caption("Questionnaire")
                yield Select[str]([], id="questionnaire", prompt="loading…", compact=True)
            yield ErrorLine(id="questionnaire-error")
            with Row():
                yield Caption("File")
                shown = str(self.initial_path) if self.initial_path else ""
                yield Field(shown, placeholder=self._default_path_text(), id="file")
            yield ErrorLine(id="file-error")
            yield FeatureList()
            yield PublisherForm()
            yield FormActions(f"{HINT} · ctrl+s creates the review", "Create review (ctrl+s)")
        yield StatusFooter()

    def on_mount(self) -> None:
        self.query_one(DetailsForm).focus_first()
        self.app.sub_title = "new review"
        self.load_questionnaires()
        self.call_after_refresh(self._remember)

    # -- questionnaires --

    @work(thread=True, exclusive=True, group="setup-catalog")
    def load_questionnaires(self) -> None:
        from trustaudit.core.questionnaire import catalog, locations

        entries = [e for e in catalog.entries(self.places.cwd) if not e.problem]
        wanted: Path | None = None
        problem = ""
        ref = self.questionnaire_ref
        if ref:
            try:
                wanted = locations.find(ref, cwd=self.places.cwd)
            except TrustAuditError as error:
                problem = str(error)
        self.app.call_from_thread(self.show_questionnaires, entries, wanted, problem)

    def show_questionnaires(self, entries: list[Entry], wanted: Path | None, problem: str) -> None:
        from trustaudit.core.questionnaire.catalog import Entry

        if wanted is not None and all(e.path.resolve() != wanted.resolve() for e in entries):
            entries = [Entry(wanted, f"given: {wanted}", None, title=wanted.name), *entries]
        self.entries = [e for e in entries if not e.shadowed_by]
        select = self.query_one("#questionnaire", Select)
        options = [
            (safe.rich(f"{e.title} {e.version}".strip() + f"  ({e.where.split(':')[0]})"), str(i))
            for i, e in enumerate(self.entries)
        ]
        select.set_options(options)
        chosen = 0
        for index, entry in enumerate(self.entries):
            if wanted is not None and entry.path.resolve() == wanted.resolve():
                chosen = index
                break
            if wanted is None and entry.id == DEFAULT_QUESTIONNAIRE:
                chosen = index
                break
        if self.entries:
            select.value = str(chosen)
        self._error("questionnaire", problem or ("" if self.entries else "No questionnaire found."))

    # -- typing --

    @on(Input.Changed, "#product")
    def _product_changed(self) -> None:
        self.query_one("#file", Input).placeholder = self._default_path_text()

    @on(Input.Submitted, "#file")
    def _file_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- creating --

    def _remember(self) -> None:
        self.shown = held(self)

    def action_cancel(self) -> None:
        """Leave; when something was typed or changed since the form was shown, ask first."""
        leave_or_ask(self, self.shown, lambda: self.dismiss(None))

    def action_save(self) -> None:
        head = read_head(self)
        if head is None:
            return
        select = self.query_one("#questionnaire", Select)
        if not self.entries or not isinstance(select.value, str):
            error = self.query_one("#questionnaire-error", ErrorLine)
            loading = error.display is False and not self.entries
            message = "Still looking for questionnaires; try again in a moment."
            self._error("questionnaire", message if loading else "Choose a questionnaire.")
            return
        entry = self.entries[int(select.value)]
        path = self._target_path(head.details.product)
        if path.exists():
            self._error(
                "file",
                f"{self.places.shown(path)} already exists: open it from Home, "
                "or choose another file.",
            )
            self.query_one("#file", Input).focus()
            return
        self.query_one("#setup").loading = True
        edits = [d.edit for d in self.query_one(FeatureList).drafts]
        self.create_review(entry.path, path, head, edits)

    @work(thread=True, exclusive=True, group="create")
    def create_review(
        self, source: Path, path: Path, head: Head, features: list[FeatureEdit]
    ) -> None:
        from trustaudit.core.questionnaire import loader

        try:
            loaded = loader.load(source)
            session = Session.create(path, loaded, head, features)
        except TrustAuditError as error:
            self.app.call_from_thread(self._create_failed, error)
            return
        self.post_message(requests.ReviewCreated(self, session))

    def _create_failed(self, error: TrustAuditError) -> None:
        self.query_one("#setup").loading = False
        self.post_message(requests.ShowError(self, "Could not create the review", error))

    def _target_path(self, product: str) -> Path:
        typed = self.query_one("#file", Input).value.strip()
        if typed:
            return self.places.absolute(Path(typed))
        return review_path(self.places.reports_dir, product)

    def _default_path_text(self) -> str:
        product = self.query_one(DetailsForm).product if self.is_mounted else ""
        product = product or self.initial_product
        if not product:
            return "reports/<product>.trustaudit.yaml"
        return self.places.shown(review_path(self.places.reports_dir, product))

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#{field}-error", ErrorLine).show(message)
