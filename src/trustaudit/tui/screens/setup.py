"""Setup: the product, who reviews it, the questionnaire, and the features to walk through.

Used twice: before a review exists (``Create review`` writes the file through ``Review.create``)
and from the walkthrough (``ctrl+e``) to rename, add or remove features of an open review. Feature
ids are slugs made by the store when a feature is added and never change on rename, so answers
stay attached. Problems are shown inline, next to the field, as they are found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static

from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.naming import review_path
from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import safe
from trustaudit.tui.screens import app_of
from trustaudit.tui.session import FeatureDraft, Session, edit_of
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.core.questionnaire.catalog import Entry
    from trustaudit.tui.app import TrustAuditApp

DEFAULT_QUESTIONNAIRE = "trust-audit"


class SetupScreen(Screen[bool]):
    """New review details and features, or edits to an open review's (dismisses True if saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Create / save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("delete", "remove_feature", "Remove feature", show=False),
    ]

    def __init__(
        self,
        *,
        questionnaire: str | None = None,
        product: str | None = None,
        path: Path | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.questionnaire_ref = questionnaire
        self.initial_product = product or ""
        self.initial_path = path
        self.drafts: list[FeatureDraft] = []
        self.removed: list[str] = []
        self.editing: int | None = None
        self.entries: list[Entry] = []
        if session is not None:
            self.drafts = [FeatureDraft(edit_of(f), f.id) for f in session.features]

    @property
    def ta(self) -> TrustAuditApp:
        return app_of(self)

    # -- layout --

    def compose(self) -> ComposeResult:
        a = self.session.assessment if self.session is not None else None
        yield Header()
        with VerticalScroll(id="setup"):
            title = "Review details and features" if a else "New review"
            yield Static(safe.content(title, "bold"), classes="heading")
            with Horizontal(classes="row"):
                yield Label("Product", classes="caption")
                yield Field(
                    a.product if a else self.initial_product,
                    placeholder="e.g. ShopCo app (required)",
                    id="product",
                    next_on_enter=True,
                )
            yield Static(id="product-error", classes="error")
            with Horizontal(classes="row"):
                yield Label("Release", classes="caption")
                yield Field(
                    a.release if a else "", placeholder="e.g. 2.3", id="release", next_on_enter=True
                )
                yield Label("Team", classes="caption")
                yield Field(
                    a.team if a else "", placeholder="e.g. Growth", id="team", next_on_enter=True
                )
            with Horizontal(classes="row"):
                yield Label("Assessors", classes="caption")
                yield Field(
                    ", ".join(a.assessors) if a else "",
                    placeholder="names, comma-separated",
                    id="assessors",
                    next_on_enter=True,
                )
            with Horizontal(classes="row"):
                yield Label("Questionnaire", classes="caption")
                if self.session is None:
                    yield Select[str]([], id="questionnaire", prompt="loading…", compact=True)
                else:
                    q = self.session.questionnaire
                    yield Static(safe.content(f"{q.title} {q.version}"), id="questionnaire-shown")
            yield Static(id="questionnaire-error", classes="error")
            with Horizontal(classes="row"):
                yield Label("File", classes="caption")
                if self.session is None:
                    shown = str(self.initial_path) if self.initial_path else ""
                    yield Field(shown, placeholder=self._default_path_text(), id="file")
                else:
                    yield Static(
                        safe.content(self.ta.shown_path(self.session.path)), id="file-shown"
                    )
            yield Static(id="file-error", classes="error")
            yield Static(safe.content("Features", "bold"), classes="heading")
            table: DataTable[object] = DataTable(
                id="features", cursor_type="row", zebra_stripes=True
            )
            yield table
            with Horizontal(classes="row", id="feature-entry"):
                yield Label("Feature", classes="caption")
                yield Field(placeholder="name (Enter: next field)", id="feature-name")
            with Horizontal(classes="row"):
                yield Label("Description", classes="caption")
                yield Field(
                    placeholder="one line: what it does for customers", id="feature-description"
                )
            with Horizontal(classes="row"):
                yield Label("Owner", classes="caption")
                yield Field(placeholder="who answers for it (Enter: add)", id="feature-owner")
            yield Static(id="feature-error", classes="error")
            yield Static(
                safe.content(
                    "Enter on Owner adds the feature (or saves the one being edited) · in the "
                    "list: Enter edits, Delete removes · ctrl+s "
                    + ("saves" if self.session else "creates the review"),
                    "dim italic",
                ),
                id="setup-hint",
            )
            with Horizontal(id="setup-buttons"):
                label = "Save changes (ctrl+s)" if self.session else "Create review (ctrl+s)"
                yield Button(label, id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield StatusFooter()

    def on_mount(self) -> None:
        table = self.query_one("#features", DataTable)
        table.add_columns("Feature", "Description", "Owner")
        self.show_features()
        for error in self.query(".error"):
            error.display = False
        product = self.query_one("#product", Input)
        # With the product already given (trustaudit new --product), start at the next field.
        (self.query_one("#release", Input) if product.value else product).focus()
        if self.session is None:
            self.ta.sub_title = "new review"
            self.load_questionnaires()

    # -- questionnaires --

    @work(thread=True, exclusive=True, group="setup-catalog")
    def load_questionnaires(self) -> None:
        from trustaudit.core.questionnaire import catalog, locations

        entries = [e for e in catalog.entries(self.ta.cwd) if not e.problem]
        wanted: Path | None = None
        problem = ""
        ref = self.questionnaire_ref
        if ref:
            try:
                wanted = locations.find(ref, cwd=self.ta.cwd)
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

    # -- the feature list --

    def show_features(self) -> None:
        table = self.query_one("#features", DataTable)
        table.clear()
        for index, draft in enumerate(self.drafts):
            table.add_row(
                safe.rich(draft.edit.name),
                safe.rich(draft.edit.description),
                safe.rich(draft.edit.owner or ""),
                key=str(index),
            )
        table.display = bool(self.drafts)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "feature-name" and not event.value.strip():
            self.add_or_update_feature()  # says the feature needs a name
        elif event.input.id in ("feature-name", "feature-description"):
            # A new user types the name, presses Enter and goes on to the description: adding
            # the feature at the name's Enter turned the description into a second feature.
            self.focus_next()
        elif event.input.id == "feature-owner":
            self.add_or_update_feature()
        elif event.input.id == "file":
            self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "product":
            self._error("product", "")
            if self.session is None:
                self.query_one("#file", Input).placeholder = self._default_path_text()
        elif event.input.id == "feature-name":
            self._error("feature", "")

    def add_or_update_feature(self) -> None:
        name_field = self.query_one("#feature-name", Input)
        name = name_field.value.strip()
        description = self.query_one("#feature-description", Input).value.strip()
        owner = self.query_one("#feature-owner", Input).value.strip()
        if not name:
            self._error("feature", "A feature needs a name.")
            name_field.focus()
            return
        clash = [
            i
            for i, d in enumerate(self.drafts)
            if d.edit.name.casefold() == name.casefold() and i != self.editing
        ]
        if clash:
            self._error("feature", f"There is already a feature called {name}.")
            name_field.focus()
            return
        if self.editing is not None:
            old = self.drafts[self.editing]
            self.drafts[self.editing] = FeatureDraft(FeatureEdit(name, description, owner), old.id)
        else:
            self.drafts.append(FeatureDraft(FeatureEdit(name, description, owner)))
        self.editing = None
        for field in ("#feature-name", "#feature-description", "#feature-owner"):
            self.query_one(field, Input).value = ""
        self._error("feature", "")
        self.show_features()
        name_field.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a feature: load it into the fields below to rename or re-describe it."""
        event.stop()
        index = int(str(event.row_key.value))
        draft = self.drafts[index]
        self.editing = index
        self.query_one("#feature-name", Input).value = draft.edit.name
        self.query_one("#feature-description", Input).value = draft.edit.description
        self.query_one("#feature-owner", Input).value = draft.edit.owner or ""
        self.query_one("#feature-name", Input).focus()

    def action_remove_feature(self) -> None:
        table = self.query_one("#features", DataTable)
        if not table.has_focus or not self.drafts:
            return
        index = table.cursor_row
        draft = self.drafts[index]
        answers = 0
        if self.session is not None and draft.id is not None:
            answers = len(self.session.feature(draft.id).answers)
        if not answers:
            self._remove(index)
            return
        from trustaudit.tui.screens.dialogs import MessageDialog

        def decided(choice: str | None) -> None:
            if choice == "remove":
                self._remove(index)

        self.app.push_screen(
            MessageDialog(
                f"Remove {draft.edit.name}?",
                [f"It has {answers} answer(s); they leave the file when you save these changes."],
                buttons=[("remove", "Remove"), ("keep", "Keep it")],
            ),
            decided,
        )

    def _remove(self, index: int) -> None:
        draft = self.drafts.pop(index)
        if draft.id is not None:
            self.removed.append(draft.id)
        self.editing = None
        self.show_features()

    # -- saving --

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        product = self.query_one("#product", Input).value.strip()
        if not product:
            self._error("product", "Give the product a name: it heads the report.")
            self.query_one("#product", Input).focus()
            return
        pending = self.query_one("#feature-name", Input).value.strip()
        if pending:
            self.add_or_update_feature()
            if self.query_one("#feature-name", Input).value.strip():
                return  # the pending feature was refused; its error is showing
        if not self.drafts:
            self._error("feature", "Add at least one feature: type its name and press Enter.")
            self.query_one("#feature-name", Input).focus()
            return
        assessors = self.query_one("#assessors", Input).value.split(",")
        details = Details(
            product=product,
            release=self.query_one("#release", Input).value.strip(),
            team=self.query_one("#team", Input).value.strip(),
            assessors=tuple(a.strip() for a in assessors if a.strip()),
        )
        if self.session is not None:
            self._apply(details)
        else:
            self._create(details)

    def _apply(self, details: Details) -> None:
        assert self.session is not None
        try:
            self.session.apply_setup(details, self.drafts, self.removed)
        except TrustAuditError as error:
            from trustaudit.tui.screens.dialogs import error_dialog

            self.app.push_screen(error_dialog("Could not save the changes", error))
            return
        self.dismiss(True)

    def _create(self, details: Details) -> None:
        select = self.query_one("#questionnaire", Select)
        if not self.entries or not isinstance(select.value, str):
            loading = self.query_one("#questionnaire-error").display is False and not self.entries
            message = "Still looking for questionnaires; try again in a moment."
            self._error("questionnaire", message if loading else "Choose a questionnaire.")
            return
        entry = self.entries[int(select.value)]
        path = self._target_path(details.product)
        if path.exists():
            self._error(
                "file",
                f"{self.ta.shown_path(path)} already exists: open it from Home, "
                "or choose another file.",
            )
            self.query_one("#file", Input).focus()
            return
        self.query_one("#setup").loading = True
        self.create_review(entry.path, path, details, [d.edit for d in self.drafts])

    @work(thread=True, exclusive=True, group="create")
    def create_review(
        self, source: Path, path: Path, details: Details, features: list[FeatureEdit]
    ) -> None:
        from trustaudit.core.questionnaire import loader

        try:
            loaded = loader.load(source)
            session = Session.create(path, loaded, details, features)
        except TrustAuditError as error:
            self.app.call_from_thread(self._create_failed, error)
            return
        self.app.call_from_thread(self.ta.start_review, session)

    def _create_failed(self, error: TrustAuditError) -> None:
        from trustaudit.tui.screens.dialogs import error_dialog

        self.query_one("#setup").loading = False
        self.app.push_screen(error_dialog("Could not create the review", error))

    def _target_path(self, product: str) -> Path:
        typed = self.query_one("#file", Input).value.strip()
        if typed:
            path = Path(typed).expanduser()
            return path if path.is_absolute() else self.ta.cwd / path
        return review_path(self.ta.reports_dir, product)

    def _default_path_text(self) -> str:
        product = ""
        if self.is_mounted:
            product = self.query_one("#product", Input).value.strip()
        product = product or self.initial_product
        if not product:
            return "reports/<product>.trustaudit.yaml"
        return self.ta.shown_path(review_path(self.ta.reports_dir, product))

    def _error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(safe.content(message))
        error.display = bool(message)
