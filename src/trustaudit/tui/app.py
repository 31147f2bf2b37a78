"""The trustaudit review app."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class TrustAuditApp(App[None]):
    TITLE = "trustaudit"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("trustaudit: pre-launch trust review")
        yield Footer()


def run_app(
    path: Path | None = None,
    *,
    new: bool = False,
    questionnaire: str | None = None,
    product: str | None = None,
) -> None:
    TrustAuditApp().run()
