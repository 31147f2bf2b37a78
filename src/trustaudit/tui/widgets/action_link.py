"""A clickable label that runs one of its screen's actions: the mouse's way to what a key does."""

from __future__ import annotations

from textual.widgets import Static

from trustaudit.tui import safe


class ActionLink(Static):
    """A label for the mouse, cheaper to draw than a Button; ``primary`` marks the main one."""

    DEFAULT_CSS = """
    ActionLink {
        width: auto;
        margin-right: 2;
        background: $boost;
        text-style: bold;
        &:hover {
            background: $primary;
        }
        &.-primary {
            background: $primary;
            color: $text;
        }
    }
    """

    def __init__(self, label: str, action: str, *, id: str, primary: bool = False) -> None:
        super().__init__(safe.content(label), id=id, classes="-primary" if primary else "")
        self.action = action

    async def on_click(self) -> None:
        await self.screen.run_action(self.action)
