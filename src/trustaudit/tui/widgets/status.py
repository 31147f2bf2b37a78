"""The bottom line: key hints on the left, "saved hh:mm:ss" on the right.

The save time is shown only once the store has confirmed the write (after the rename and the
folder fsync), so what the line says is what a crash would keep.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from trustaudit.tui import safe
from trustaudit.tui.autosave import SaveState


class SaveStatus(Static):
    """ "saved 14:02:11", "saving…" or "NOT SAVED", following the app's ``save_state``."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto;
        min-width: 16;
        padding: 0 1;
        text-align: right;
        color: $text-success;
        background: $footer-background;
        &.-pending {
            color: $text-warning;
        }
        &.-error {
            color: $text-error;
            text-style: bold;
        }
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self.show, init=True)

    def show(self, state: SaveState | None) -> None:
        self.set_class(False, "-error", "-pending")
        if state is None:
            self.update("")
        elif state.error is not None:
            self.update(safe.content("NOT SAVED (ctrl+s retries)"))
            self.add_class("-error")
        elif state.pending:
            self.update(safe.content("saving…"))
            self.add_class("-pending")
        elif state.saved_at is not None:
            self.update(safe.content(f"saved {state.saved_at.astimezone():%H:%M:%S}"))
        else:
            self.update(safe.content("no changes yet"))


class KeyHints(Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    ``Footer`` rebuilds all its keys whenever the screen's bindings are refreshed, which happens
    on every change of focus, so once or twice for each answer: mounting a dozen widgets and a
    layout pass for keys that are the same as before. Worse, each rebuilt key leaves a watcher
    behind on the footer (Textualize/textual#6666: watchers made by ``data_bind`` are pruned
    only when the watched reactive changes), so a long review grew thousands of dead widgets
    and the garbage collector's pauses grew with them. Here a rebuild happens only when what
    the footer shows differs, and after one the dead watchers are pruned by touching
    ``compact`` (Textual drops watchers of removed widgets when a reactive is mutated).
    """

    DEFAULT_CSS = """
    KeyHints {
        dock: none;
        width: 1fr;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Hashable = None

    def _keys_shown(self) -> Hashable:
        return tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    async def recompose(self) -> None:
        if not self.is_attached:  # the screen went while the rebuild waited for a refresh
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
        self.mutate_reactive(Footer.compact)


class StatusFooter(Horizontal):
    """Footer with the save status beside it, docked at the bottom of a screen."""

    DEFAULT_CSS = """
    StatusFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def compose(self) -> ComposeResult:
        yield KeyHints()
        yield SaveStatus()
