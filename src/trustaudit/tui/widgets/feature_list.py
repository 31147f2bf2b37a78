"""The features of a review as a table, with name, description and owner fields to add or edit one.

Shared by the new-review and edit-review screens. Enter on Owner adds the feature (or saves the
one being edited); Enter in the table loads a feature into the fields; Delete removes it. The
list is a draft: nothing reaches the file until the screen saves it. Removing a feature that has
answers is only asked for (``RemoveAsked``): the screen confirms it, then calls ``drop``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from trustaudit.core.assessment.edits import FeatureEdit
from trustaudit.tui import keys, safe
from trustaudit.tui.session import FeatureDraft
from trustaudit.tui.widgets.fields import Field
from trustaudit.tui.widgets.form import Caption, ErrorLine, Heading, Row

HINT = (
    "Enter on Owner adds the feature (or saves the one being edited) · in the list: Enter edits, "
    "Delete removes"
)
"""The keys of the list, for the form's hint line."""


class FeatureList(Vertical):
    """Drafts of the features (``drafts``) and the ids of those removed (``removed``)."""

    DEFAULT_CSS = """
    FeatureList {
        height: auto;
        #features {
            height: auto;
            max-height: 10;
        }
        #feature-entry {
            margin-top: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = keys.FEATURE_LIST

    class RemoveAsked(Message):
        """The user wants to remove a feature that has answers: confirm, then ``drop``."""

        def __init__(self, features: FeatureList, index: int, draft: FeatureDraft) -> None:
            super().__init__()
            self.features = features
            self.index = index
            self.draft = draft

        @property
        def control(self) -> FeatureList:
            return self.features

    def __init__(self, drafts: list[FeatureDraft] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drafts = list(drafts or [])
        self.removed: list[str] = []
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        yield Heading("Features")
        table: DataTable[object] = DataTable(id="features", cursor_type="row", zebra_stripes=True)
        yield table
        with Row(id="feature-entry"):
            yield Caption("Feature")
            yield Field(placeholder="name (Enter: next field)", id="feature-name")
        with Row():
            yield Caption("Description")
            yield Field(
                placeholder="one line: what it does for customers", id="feature-description"
            )
        with Row():
            yield Caption("Owner")
            yield Field(placeholder="who answers for it (Enter: add)", id="feature-owner")
        yield ErrorLine(id="feature-error")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Feature", "Description", "Owner")
        self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for index, draft in enumerate(self.drafts):
            table.add_row(
                safe.rich(draft.edit.name),
                safe.rich(draft.edit.description),
                safe.rich(draft.edit.owner or ""),
                key=str(index),
            )
        table.display = bool(self.drafts)

    def _field(self, name: str) -> Input:
        return self.query_one(f"#feature-{name}", Input)

    def _error(self, message: str) -> None:
        self.query_one(ErrorLine).show(message)

    # -- typing a feature --

    @on(Input.Submitted, "#feature-name")
    def _name_entered(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.add_or_update()  # says the feature needs a name
        else:
            # A new user types the name, presses Enter and goes on to the description: adding
            # the feature at the name's Enter turned the description into a second feature.
            self.screen.focus_next()

    @on(Input.Submitted, "#feature-description")
    def _description_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @on(Input.Submitted, "#feature-owner")
    def _owner_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.add_or_update()

    @on(Input.Changed, "#feature-name")
    def _name_changed(self) -> None:
        self._error("")

    def add_or_update(self) -> bool:
        """Add the typed feature (or save the one being edited); False if refused (and said)."""
        name = self._field("name").value.strip()
        if not name:
            self._error("A feature needs a name.")
            self._field("name").focus()
            return False
        clash = [
            i
            for i, d in enumerate(self.drafts)
            if d.edit.name.casefold() == name.casefold() and i != self.editing
        ]
        if clash:
            self._error(f"There is already a feature called {name}.")
            self._field("name").focus()
            return False
        edit = FeatureEdit(
            name, self._field("description").value.strip(), self._field("owner").value.strip()
        )
        if self.editing is not None:
            old = self.drafts[self.editing]
            self.drafts[self.editing] = FeatureDraft(edit, old.id, old.answers)
        else:
            self.drafts.append(FeatureDraft(edit))
        self.editing = None
        for name in ("name", "description", "owner"):
            self._field(name).value = ""
        self._error("")
        self._show()
        self._field("name").focus()
        return True

    def held(self) -> object:
        """What the list holds for "would leaving lose anything": the features, those removed,
        and what is typed in the fields unless it is only the feature loaded there to edit."""
        typed = tuple(self._field(f).value.strip() for f in ("name", "description", "owner"))
        edit = self.drafts[self.editing].edit if self.editing is not None else None
        loaded = (edit.name, edit.description, edit.owner or "") if edit else ("", "", "")
        return tuple(self.drafts), tuple(self.removed), None if typed == loaded else typed

    def complete(self) -> bool:
        """Before saving: add a feature still being typed, and insist on at least one."""
        if self._field("name").value.strip() and not self.add_or_update():
            return False  # the pending feature was refused; its error is showing
        if not self.drafts:
            self._error("Add at least one feature: type its name and press Enter.")
            self._field("name").focus()
            return False
        return True

    # -- the table --

    @on(DataTable.RowSelected, "#features")
    def _edit(self, event: DataTable.RowSelected) -> None:
        """Enter on a feature: load it into the fields below to rename or re-describe it."""
        event.stop()
        index = int(str(event.row_key.value))
        draft = self.drafts[index]
        self.editing = index
        self._field("name").value = draft.edit.name
        self._field("description").value = draft.edit.description
        self._field("owner").value = draft.edit.owner or ""
        self._field("name").focus()

    def action_remove_feature(self) -> None:
        table = self.query_one(DataTable)
        if not table.has_focus or not self.drafts:
            return
        index = table.cursor_row
        draft = self.drafts[index]
        if draft.answers:
            self.post_message(self.RemoveAsked(self, index, draft))
        else:
            self.drop(index)

    def drop(self, index: int) -> None:
        draft = self.drafts.pop(index)
        if draft.id is not None:
            self.removed.append(draft.id)
        self.editing = None
        self._show()
