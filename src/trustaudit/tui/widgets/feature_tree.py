"""The sidebar: features, each with its band, and their sections with progress such as ``3/9``.

Selecting a feature or a section jumps to its first unanswered question. Labels are rebuilt only
for the feature that changed, so a 200-feature review stays quick to answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trustaudit.tui import safe
from trustaudit.tui.session import Session
from trustaudit.tui.widgets.badges import badge_text


@dataclass(frozen=True)
class Place:
    """What a tree node stands for: a feature, or one section of it."""

    feature: str
    section: str | None = None


class FeatureTree(Tree[Place]):
    """Features → sections, with progress and bands from the session's cached scores."""

    DEFAULT_CSS = """
    FeatureTree {
        width: 32;
        border-right: vkey $primary 50%;
        background: $surface;
    }
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

    def build(self, session: Session, expanded: str | None = None) -> None:
        """(Re)build every node; only ``expanded`` (the current feature) starts open."""
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

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Picked(self, event.node.data))

    @staticmethod
    def _feature_label(session: Session, feature_id: str) -> Text:
        score = session.score(feature_id)
        done = total = 0
        for section in session.questionnaire.sections:
            d, t = session.progress(feature_id, section.id)
            done, total = done + d, total + t
        name = safe.rich(session.feature(feature_id).name, "bold")
        return Text.assemble(
            badge_text(score.band), " ", name, Text(f" {done}/{total}", style="dim")
        )

    @staticmethod
    def _section_label(session: Session, place: Place) -> Text:
        assert place.section is not None
        done, total = session.progress(place.feature, place.section)
        title = next(s.title for s in session.questionnaire.sections if s.id == place.section)
        mark = "✓ " if total and done == total else "  "
        style = "dim" if total == 0 else ("green" if done == total else "")
        count = f" {done}/{total}" if total else " n/a"
        return Text.assemble(Text(mark, style="green"), safe.rich(title, style), (count, "dim"))
