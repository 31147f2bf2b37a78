"""The three ways to answer a question: a choice list, a tick list, and a line of text.

Each is keyboard-first: arrows move, Enter chooses (or confirms) and moves on. "Don't know" and
"Not applicable" are entries in the same list, so the answer is always one keystroke away and no
extra widget has to be tabbed to. Only what the team chose is recorded: Enter on a tick list
with nothing ticked answers nothing (``MultiList.Empty``), since the highlighted entry, usually
the first and the safest, is not a choice. Marks differ by glyph as well as colour (◉/○ and a
box with or without its X), so they read without colour too (``NO_COLOR``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from trustaudit.core.assessment.model import Answer
from trustaudit.core.questionnaire.model import Question
from trustaudit.tui import safe
from trustaudit.tui.widgets.fields import Area

UNKNOWN = ":unknown"
NOT_APPLICABLE = ":na"
NONE_APPLY = ":none"
OPTION = "opt:"
"""Option-list ids: questionnaire option ids are ``[a-z0-9-]`` so these prefixes cannot collide."""

UNKNOWN_LABEL = "Don't know"
NONE_LABEL = "None of these"
NA_LABEL = "Not applicable to this feature… (give a reason)"


SPECIAL = frozenset({UNKNOWN, NOT_APPLICABLE, NONE_APPLY})
"""Multi-list entries that stand alone: ticking one unticks everything else."""


def option_key(option_id: str) -> str:
    return OPTION + option_id


class ChoiceList(OptionList):
    """One option of a ``choice`` question; ◉ marks the stored answer."""

    DEFAULT_CSS = """
    ChoiceList, ChoiceList:focus {
        height: auto;
        max-height: 40vh;
        margin: 1 0 0 0;
        border: none;
        padding: 0;
    }
    """
    """Short enough that the question above stays in view when the list has focus at 80x24."""

    class Chosen(Message):
        """The user picked an entry with Enter or a click: an option key, UNKNOWN or NA."""

        def __init__(self, choices: ChoiceList, key: str) -> None:
            super().__init__()
            self.choices = choices
            self.key = key

        @property
        def control(self) -> ChoiceList:
            return self.choices

    def show(self, question: Question, answer: Answer | None) -> None:
        chosen = _chosen_key(answer)
        entries: list[Option | None] = [
            Option(_marked(option.label, option_key(option.id) == chosen), id=option_key(option.id))
            for option in question.options
        ]
        extras = []
        if question.allow_unknown:
            extras.append(Option(_marked(UNKNOWN_LABEL, chosen == UNKNOWN, "italic"), id=UNKNOWN))
        if question.allow_na:
            extras.append(
                Option(_marked(NA_LABEL, chosen == NOT_APPLICABLE, "italic"), id=NOT_APPLICABLE)
            )
        if extras:
            entries.append(None)
            entries.extend(extras)
        self.clear_options()
        self.add_options(entries)
        ids = [e.id for e in entries if e is not None]
        self.highlighted = ids.index(chosen) if chosen in ids else 0
        # Keep the selection visible when a long list scrolls.
        self.scroll_to_highlight()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self, event.option.id))


class _Ticks(Message):
    """What is ticked in a ``MultiList`` (its ``control``)."""

    def __init__(self, ticks: MultiList, keys: list[str]) -> None:
        super().__init__()
        self.ticks = ticks
        self.keys = keys

    @property
    def control(self) -> MultiList:
        return self.ticks


class MultiList(SelectionList[str]):
    """Every option that applies to a ``multi`` question: space ticks, Enter confirms."""

    DEFAULT_CSS = """
    MultiList, MultiList:focus {
        height: auto;
        max-height: 40vh;
        margin: 1 0 0 0;
        border: none;
        padding: 0;
    }
    /* Ticks must read at a glance, in 256 colours too: an empty box, or a green box with an X. */
    MultiList > .selection-list--button,
    MultiList > .selection-list--button-highlighted {
        color: $panel-lighten-1;
        background: $panel-lighten-1;
    }
    MultiList > .selection-list--button-selected,
    MultiList > .selection-list--button-selected-highlighted {
        color: $text;
        background: $success;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Confirm and go on", show=False)
    ]

    class Ticked(_Ticks):
        """The ticks changed; ``keys`` are option keys, or just UNKNOWN or NA."""

    class Confirmed(_Ticks):
        """Enter: store what is ticked and move on."""

    class Empty(_Ticks):
        """Enter with nothing ticked: nothing is answered (the card says what to do)."""

    def show(self, question: Question, answer: Answer | None) -> None:
        ticked = set(_ticked_keys(answer))
        entries: list[Selection[str]] = [
            Selection(safe.rich(o.label), option_key(o.id), option_key(o.id) in ticked)
            for o in question.options
        ]
        if "none" not in question.option_map:
            entries.append(
                Selection(Text(NONE_LABEL, style="italic"), NONE_APPLY, NONE_APPLY in ticked)
            )
        if question.allow_unknown:
            entries.append(
                Selection(Text(UNKNOWN_LABEL, style="italic"), UNKNOWN, UNKNOWN in ticked)
            )
        if question.allow_na:
            entries.append(
                Selection(Text(NA_LABEL, style="italic"), NOT_APPLICABLE, NOT_APPLICABLE in ticked)
            )
        with self.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            self.clear_options()
            self.add_options(entries)
        self.highlighted = 0

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        """None, Don't know and N/A exclude the options (and each other): ticking one clears the
        rest, and ticking an option clears them."""
        event.stop()
        toggled = event.selection.value
        with self.prevent(SelectionList.SelectedChanged):
            if toggled in self.selected:
                special = toggled in SPECIAL
                for value in list(self.selected):
                    if value != toggled and (special or value in SPECIAL):
                        self.deselect(value)
        self.post_message(self.Ticked(self, list(self.selected)))

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()

    def action_confirm(self) -> None:
        """Enter: the ticks are the answer. With nothing ticked, nothing is: the highlighted
        entry was never chosen ("None of these" is an entry of its own)."""
        if not self.selected:
            self.post_message(self.Empty(self, []))
            return
        self.post_message(self.Confirmed(self, list(self.selected)))

    def render_line(self, y: int) -> Strip:
        """The tick box shows its X only when ticked: the mark differs without colour too."""
        line = super().render_line(y)
        segments = list(line)
        try:
            value = self.get_option_at_index(self.scroll_offset.y + y).value
        except OptionDoesNotExist:  # below the last option: nothing to mark
            return line
        if value in self.selected or len(segments) < 2:
            return line
        inner = segments[1]
        segments[1] = Segment(" " * len(inner.text), inner.style, inner.control)
        return Strip(segments, line.cell_length)


class TextAnswer(Area):
    """A free-text answer (one or two plain sentences); Enter confirms and moves on."""

    DEFAULT_CSS = """
    TextAnswer {
        height: 4;
        margin: 1 0 0 0;
    }
    """

    class Confirmed(Message):
        """Enter was pressed in the text."""

        def __init__(self, text_answer: TextAnswer) -> None:
            super().__init__()
            self.text_answer = text_answer

        @property
        def control(self) -> TextAnswer:
            return self.text_answer

    def __init__(self, id: str | None = None) -> None:
        super().__init__(soft_wrap=True, id=id, show_line_numbers=False, tab_behavior="focus")

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Confirmed(self))
            return
        await super()._on_key(event)


def _marked(label: str, chosen: bool, style: str = "") -> Text:
    mark = Text("◉ " if chosen else "○ ", style="bold" if chosen else "dim")
    return Text.assemble(mark, safe.rich(label, style + (" bold" if chosen else "")))


def _chosen_key(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    if answer.choice is not None:
        return option_key(answer.choice)
    if answer.unknown:
        return UNKNOWN
    if answer.na is not None:
        return NOT_APPLICABLE
    return None


def _ticked_keys(answer: Answer | None) -> list[str]:
    if answer is None:
        return []
    if answer.choices is not None:
        return [option_key(c) for c in answer.choices] or [NONE_APPLY]
    if answer.choice is not None:
        return [option_key(answer.choice)]
    if answer.unknown:
        return [UNKNOWN]
    if answer.na is not None:
        return [NOT_APPLICABLE]
    return []
