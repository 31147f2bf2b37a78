"""The command palette (ctrl+p) in a review: jump to a feature or a question, or act.

Textual's ``Matcher.highlight`` parses its candidate as markup, so hits are highlighted here on
literal ``Content`` instead: a feature named ``[@click=app.quit]`` is listed, not run. Help lines
are rendered as markup by the palette, so they are fixed text, never a name from the file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from trustaudit.tui import safe
from trustaudit.tui.session import Spot

Command = tuple[str, Content, Callable[[], object], str]
"""(searchable text, display, action, help)."""


class ReviewCommands(Provider):
    """Features, the current feature's questions, and the review's actions."""

    _listed: tuple[Command, ...] = ()

    async def startup(self) -> None:
        """Build the list once per palette opening, not on every keystroke."""
        self._listed = tuple(self._commands())

    def _commands(self) -> list[Command]:
        """(searchable text, display, action, help) for everything the palette offers here."""
        from trustaudit.tui.screens.review import ReviewScreen

        screen = self.screen
        if not isinstance(screen, ReviewScreen) or screen.session is None:
            return []
        session = screen.session
        found: list[Command] = [
            (
                "Generate report",
                safe.content("Generate report"),
                screen.action_report,
                "Write the Markdown report and preview it (ctrl+g)",
            ),
            (
                "Summary",
                safe.content("Summary"),
                screen.action_summary,
                "Scores and open items of every feature (ctrl+r)",
            ),
            (
                "Edit features",
                safe.content("Edit features and review details"),
                screen.action_setup,
                "Add, rename or remove features (ctrl+e)",
            ),
            (
                "Toggle sidebar",
                safe.content("Toggle sidebar"),
                screen.action_sidebar,
                "Show or hide the features tree (ctrl+b)",
            ),
        ]
        for feature in session.features:
            text = f"Feature: {feature.name}"
            spot = session.first_spot(feature.id)
            if spot is not None:
                found.append(
                    (text, safe.content(text), partial(screen.jump, spot), "Jump to this feature")
                )
        if screen.spot is not None:
            current = screen.spot.feature
            for q in session.score(current).questions:
                prompt = session.question(q.id).prompt
                text = f"Question: {safe.one_line(prompt, 100)}"
                state = "" if q.applicable else " (does not apply)"
                found.append(
                    (
                        text,
                        safe.content(text + state),
                        partial(screen.jump, Spot(current, q.id)),
                        "Jump to this question of the current feature",
                    )
                )
        return found

    async def discover(self) -> Hits:
        for text, shown, action, help_text in self._listed[:4]:
            yield DiscoveryHit(shown, action, text=text, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for text, shown, action, help_text in self._listed:
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                for offset in offsets:
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, action, text=text, help=help_text)
