"""Report: write the Markdown assessment through ``core.report`` and preview it.

Rendering scores every feature and runs the template, so it happens in a worker on a snapshot of
the assessment (the walkthrough keeps editing the live one). Dates are judged as of the
session's day (``session.calendar_day``), as ``trustaudit report`` does without ``--as-of``; the
report says which day that was. The preview is a Markdown widget with
``open_links=False``: a link in the report never opens anything from here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, MarkdownViewer, Static

from trustaudit.core.errors import TrustAuditError
from trustaudit.tui import keys, requests, safe
from trustaudit.tui.session import Session
from trustaudit.tui.widgets.status import StatusFooter

if TYPE_CHECKING:
    from trustaudit.core.assessment.model import Assessment
    from trustaudit.core.questionnaire.model import Questionnaire
    from trustaudit.tui.places import Places

PREVIEW_LIMIT = 20_000
"""Characters previewed. The Markdown widget needs about a second for 20,000 and ten for 120,000,
and a 200-feature report has millions; the preview ends at a section break and the file holds
everything."""


class ReportScreen(Screen[None]):
    """Generates the report on arrival (and again with ctrl+g) and shows it."""

    BINDINGS: ClassVar[list[BindingType]] = keys.REPORT

    def __init__(self, session: Session, places: Places) -> None:
        super().__init__()
        self.session = session
        self.places = places
        self.written: Path | None = None
        """The report file, set once it is written and its preview is on screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="report"):
            yield Static(id="report-where")
            yield MarkdownViewer("", id="preview", open_links=False, show_table_of_contents=False)
        yield StatusFooter()

    def on_mount(self) -> None:
        self.action_generate()

    def action_generate(self) -> None:
        self.written = None
        self.query_one("#report").loading = True
        # Copy on the UI thread: the worker must not read answers that are being edited.
        snapshot = self.session.assessment.model_copy(deep=True)
        self.generate(self.session.questionnaire, snapshot, self.session.path, self.session.today)

    @work(thread=True, exclusive=True, group="report")
    def generate(
        self, questionnaire: Questionnaire, assessment: Assessment, source: Path, as_of: dt.date
    ) -> None:
        from trustaudit.core.assessment.naming import report_path
        from trustaudit.core.report.render import write_report
        from trustaudit.core.scoring.engine import score

        try:
            scorecard = score(questionnaire, assessment, as_of)
            inputs = [source, *questionnaire.chain]
            written = write_report(
                questionnaire, assessment, scorecard, report_path(source), inputs=inputs
            )
        except TrustAuditError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self.call_later, self._show, written.text, written.main)

    def _failed(self, error: TrustAuditError) -> None:
        self.query_one("#report").loading = False
        self.post_message(requests.ShowError(self, "The report was not written", error))

    async def _show(self, text: str, path: Path) -> None:
        preview = _preview(text)
        cut = len(preview) < len(text)
        self.query_one("#report-where", Static).update(
            safe.join(
                ("Written to ", "bold"),
                safe.content(self.places.shown(path), "bold"),
                (f"  ({len(text):,} characters", "dim"),
                ("; the preview shows the first sections)" if cut else ")", "dim"),
                ("  ·  ctrl+g: generate again · Esc: back", "dim"),
            )
        )
        viewer = self.query_one("#preview", MarkdownViewer)
        await viewer.document.update(preview)
        self.query_one("#report").loading = False
        viewer.focus()
        self.notify(f"Report written to {self.places.shown(path)}", markup=False)
        self.call_after_refresh(self._drawn, path)

    def _drawn(self, path: Path) -> None:
        """The preview is on screen: from now on ``written`` names the file."""
        self.written = path

    def action_back(self) -> None:
        self.dismiss(None)

    def action_contents(self) -> None:
        viewer = self.query_one("#preview", MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents


def _preview(text: str) -> str:
    """The report, or its first sections when it is long (cut at a ``## `` heading)."""
    if len(text) <= PREVIEW_LIMIT:
        return text
    cut = text.rfind("\n## ", 0, PREVIEW_LIMIT)
    if cut < PREVIEW_LIMIT // 4:
        cut = text.rfind("\n", 0, PREVIEW_LIMIT)
    return text[:cut] + "\n\n---\n\n*The preview ends here; the file holds the whole report.*\n"
