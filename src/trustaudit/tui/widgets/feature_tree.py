"""The sidebar: features, each with its band, and their sections with progress such as ``3/9``.

Selecting a feature or a section jumps to its first unanswered question. Labels are rebuilt only
for the feature that changed, so a 200-feature review stays quick to answer. A label is cut in
its name, never in its count ("Sleep tra… 1/46"), and carries marks that read without colour:
``!`` for a plan the calendar finds late (overdue, lapsed), and in a re-review ``↻3`` answers
carried over to confirm, ``+2`` new questions, ``~1`` answers changed since the last review.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trustaudit.core.review.cycle import Badge
from trustaudit.tui import safe
from trustaudit.tui.session import Session
from trustaudit.tui.widgets.badges import badge_text

WIDTH = 34
"""The sidebar's width in columns (its border included)."""

MARKS: tuple[tuple[Badge, str], ...] = (("carried", "↻"), ("new", "+"), ("changed", "~"))
"""The re-review marks, in the order they are shown."""


@dataclass(frozen=True)
class Place:
    """What a tree node stands for: a feature, or one section of it."""

    feature: str
    section: str | None = None


class FeatureTree(Tree[Place]):
    """Features → sections, with progress and bands from the session's cached scores."""

    DEFAULT_CSS = f"""
    FeatureTree {{
        width: {WIDTH};
        border-right: vkey $primary 50%;
        background: $surface;
    }}
    """

    class Picked(Message):
        """A feature or section was chosen (Enter or click)."""

        def __init__(self, tree: FeatureTree, place: Place) -> None:
            super().__init__()
            self.tree = tree
            self.place = place

        @property
        def control(self) -> FeatureTree:
            return self.tree

    def __init__(self, id: str | None = None) -> None:
        super().__init__(Text("Features"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._by_place: dict[Place, TreeNode[Place]] = {}
        self._session: Session | None = None

    def build(self, session: Session, expanded: str | None = None) -> None:
        """(Re)build every node; only ``expanded`` (the current feature) starts open."""
        self._session = session
        self.clear()
        self._by_place.clear()
        for feature in session.features:
            place = Place(feature.id)
            node = self.root.add(self._feature_label(session, feature.id), data=place)
            self._by_place[place] = node
            for section in session.questionnaire.sections:
                child = Place(feature.id, section.id)
                leaf = node.add_leaf(self._section_label(session, child), data=child)
                self._by_place[child] = leaf
            if feature.id == expanded:
                node.expand()

    def update_feature(self, session: Session, feature_id: str) -> None:
        node = self._by_place.get(Place(feature_id))
        if node is None:
            return
        node.set_label(self._feature_label(session, feature_id))
        for section in session.questionnaire.sections:
            place = Place(feature_id, section.id)
            leaf = self._by_place.get(place)
            if leaf is not None:
                leaf.set_label(self._section_label(session, place))

    def reveal(self, feature_id: str, section_id: str) -> None:
        """Open the current feature and put the cursor on the current section."""
        node = self._by_place.get(Place(feature_id))
        if node is None:
            return
        if not node.is_expanded:
            node.expand()
        leaf = self._by_place.get(Place(feature_id, section_id))
        if leaf is not None:
            # The leaf has a line number only once the expanded tree has been laid out.
            self.call_after_refresh(self.move_cursor, leaf, animate=False)

    def on_resize(self) -> None:
        """Labels are fitted to the width: fit them again when it changes."""
        session = self._session
        if session is not None:
            for feature in session.features:
                self.update_feature(session, feature.id)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Picked(self, event.node.data))

    def _room(self, depth: int) -> int:
        """Columns left for a label at ``depth`` (1: a feature, 2: a section): the sidebar's
        content width (its border is outside it) less the guides (two columns a level, the
        expand mark included)."""
        width = self.size.width or WIDTH - 1
        return max(12, width - 2 * depth)

    def _feature_label(self, session: Session, feature_id: str) -> Text:
        score = session.score(feature_id)
        done = total = 0
        for section in session.questionnaire.sections:
            d, t = session.progress(feature_id, section.id)
            done, total = done + d, total + t
        band = badge_text(score.band)
        count = f" {done}/{total}"
        late = " !" if score.dated else ""
        marks = _marks(session.badges(feature_id))
        room = self._room(1) - band.cell_len - 1 - len(count) - len(late) - len(marks)
        name = safe.rich(safe.one_line(session.feature(feature_id).name, max(4, room)), "bold")
        return Text.assemble(band, " ", name, (count, "dim"), (late, "bold red"), (marks, "bold"))

    def _section_label(self, session: Session, place: Place) -> Text:
        assert place.section is not None
        done, total = session.progress(place.feature, place.section)
        title = next(s.title for s in session.questionnaire.sections if s.id == place.section)
        mark = "✓ " if total and done == total else "  "
        style = "dim" if total == 0 else ("green" if done == total else "")
        count = f" {done}/{total}" if total else " n/a"
        marks = _marks(session.badges(place.feature, place.section))
        room = self._room(2) - len(mark) - len(count) - len(marks)
        shown = safe.rich(safe.one_line(title, max(4, room)), style)
        return Text.assemble(Text(mark, style="green"), shown, (count, "dim"), (marks, "bold"))


def _marks(counts: dict[Badge, int]) -> str:
    return "".join(f" {glyph}{counts[kind]}" for kind, glyph in MARKS if counts.get(kind))
