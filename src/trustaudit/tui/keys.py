"""Every key binding of the app, by screen, and the groups the help screen (F1) lists.

The screens take their ``BINDINGS`` from here and the app hands ``HELP`` to the help screen, so
the help cannot drift from the keys and showing it does not import every screen. Only
``textual.binding`` is imported: this module is loaded at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

APP: list[BindingType] = [
    Binding("f1", "help", "Keys", priority=True),
    Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    Binding("ctrl+q", "quit", "Quit", priority=True),
]

HOME: list[BindingType] = [
    Binding("n", "new", "New review"),
    Binding("o", "open_path", "Open file…"),
    Binding("f5", "reload", "Reload", show=False),
]

SETUP: list[BindingType] = [
    Binding("ctrl+s", "save", "Create / save", priority=True),
    Binding("escape", "cancel", "Cancel"),
]
"""The new-review and edit-review screens."""

FEATURE_LIST: list[BindingType] = [
    Binding("delete", "remove_feature", "Remove feature", show=False),
]

REVIEW: list[BindingType] = [
    Binding("n", "next", "Next"),
    Binding("p", "previous", "Prev"),
    Binding("pagedown", "next", "Next question", show=False, priority=True),
    Binding("pageup", "previous", "Previous question", show=False, priority=True),
    Binding("question_mark", "why", "Why", tooltip="Why we ask this question"),
    Binding("a", "plan", "Plan"),
    Binding("slash", "find", "Find", show=False),
    Binding("c", "confirm", "Confirm a carried-over answer (re-review)", show=False),
    Binding("C", "confirm_all", "Confirm every carried-over answer of the feature", show=False),
    Binding("ctrl+z", "undo", "Undo", show=False, priority=True),
    Binding("ctrl+y", "redo", "Redo", show=False, priority=True),
    Binding("ctrl+r", "summary", "Summary", priority=True),
    Binding("ctrl+g", "report", "Report", priority=True),
    Binding("ctrl+s", "save", "Save now", show=False, priority=True),
    Binding("ctrl+e", "setup", "Edit features", show=False, priority=True),
    Binding("ctrl+b", "sidebar", "Sidebar", show=False, priority=True),
    Binding("escape", "focus_answer", "Back to the answer", show=False),
]

SUMMARY: list[BindingType] = [
    Binding("escape,ctrl+r", "back", "Back to the review", priority=True),
    Binding("ctrl+g", "report", "Report", priority=True),
    Binding("c", "confirm", "Confirm answer"),
    Binding("w", "write_card", "Write card"),
    Binding("f", "card_format", "Card format"),
    Binding("n", "card_note", "Note for customers"),
]

REPORT: list[BindingType] = [
    Binding("escape", "back", "Back"),
    Binding("ctrl+g", "generate", "Generate again", priority=True),
    Binding("ctrl+o", "contents", "Contents", show=False),
]

HELP_SCREEN: list[BindingType] = [Binding("escape,f1,q", "close", "Close", priority=True)]

DIALOG: list[BindingType] = [Binding("escape", "dismiss_default", "Close")]

PATH_DIALOG: list[BindingType] = [Binding("escape", "cancel", "Cancel")]

ANSWERING: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "move between options"),
    ("enter", "choose the option (or confirm the ticks / the text) and go to the next question"),
    ("space", "tick or untick an option (questions with several answers)"),
    ("tab / shift+tab", "move to the note, evidence and plan fields, and back"),
    ("esc", "back to the answer list"),
    ("mouse", "click an option, a feature or a section; scroll with the wheel"),
)
"""Keys of the answer widgets themselves (Textual's lists and text areas), described by hand."""


@dataclass(frozen=True)
class Group:
    """One heading of the help screen: bindings (described by their own text), then extra rows."""

    title: str
    bindings: tuple[BindingType, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every binding with a description, then the extra rows; the
        tooltip where there is one (the footer's word is short, so that every key fits at 80)."""
        found = []
        for binding in self.bindings:
            if isinstance(binding, Binding) and binding.description:
                keys = ", ".join(
                    k.strip().replace("question_mark", "?").replace("slash", "/")
                    for k in binding.key.split(",")
                )
                found.append((keys, binding.tooltip or binding.description))
        return [*found, *self.extra]


HELP: tuple[Group, ...] = (
    Group(
        "Everywhere",
        tuple(APP),
        (("ctrl+p", "command palette: jump to a feature or question, generate the report, theme"),),
    ),
    Group("Home", tuple(HOME), (("enter", "open the review / questionnaire"),)),
    Group("Setup", (*SETUP, *FEATURE_LIST)),
    Group("Review", tuple(REVIEW)),
    Group("Answering a question", extra=ANSWERING),
    Group("Summary", tuple(SUMMARY), (("enter", "go to that question"),)),
    Group("Report", tuple(REPORT)),
)
"""What F1 lists, in this order."""
