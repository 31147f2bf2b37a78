"""The command palette (ctrl+p, or ``/``) in a review: jump to a feature or a question, or act.

Questions of every feature are found by the words of their prompt, help and option labels.

Textual's ``Matcher.highlight`` parses its candidate as markup, so hits are highlighted here on
literal ``Content`` instead: a feature named ``[@click=app.quit]`` is listed, not run. Help lines
are rendered as markup by the palette, so they are fixed text, never a name from the file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from trustaudit.tui import safe
from trustaudit.tui.session import Spot
from trustaudit.tui.walkthrough import Walkthrough

if TYPE_CHECKING:
    from trustaudit.tui.session import Session

Command = tuple[str, Content, Callable[[], object], str]
"""(searchable text, display, action, help)."""


class ReviewCommands(Provider):
    """Features, every feature's questions, and the review's actions."""

    _listed: tuple[Command, ...] = ()
    _questions: tuple[QuestionEntry, ...] = ()

    async def startup(self) -> None:
        """Build the list once per palette opening, not on every keystroke."""
        self._listed = tuple(self._commands())

    def _commands(self) -> list[Command]:
        """(searchable text, display, action, help) for everything the palette offers here."""
        screen = self.screen
        if not isinstance(screen, Walkthrough) or screen.session is None:
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
        self._questions = tuple(_questions(session, screen.jump))
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
        words = query.casefold().split()
        spot = self.screen.spot if isinstance(self.screen, Walkthrough) else None
        current = spot.feature if spot is not None else None
        hits = 0
        for entry in self._questions:
            score = entry.match(words)
            if score > 0:
                score += 0.05 if entry.feature == current else 0.0
                shown = entry.shown
                for word in words:
                    at = entry.text.casefold().find(word)
                    if at >= 0:
                        shown = shown.stylize(matcher.match_style, at, at + len(word))
                yield Hit(score, shown, entry.action, text=entry.text, help=entry.help)
                hits += 1
                if hits == MAX_QUESTION_HITS:
                    return


MAX_QUESTION_HITS = 60
"""Questions listed for one query; the palette shows a screenful anyway."""


@dataclass(frozen=True)
class QuestionEntry:
    """One question of one feature, found by the words of its prompt, help and options."""

    feature: str
    text: str
    """What is shown: ``Question: <prompt> · <feature>``."""
    action: Callable[[], object]
    help: str
    rest: str
    """Help and option labels, case-folded: "retent" finds "How long is the data kept?" through
    its options."""

    @property
    def shown(self) -> Content:
        return safe.content(self.text)

    def match(self, words: list[str]) -> float:
        """Every word must appear (as part of a word) in what is shown or in the rest; a question
        whose prompt holds them all ranks above one found through its help or options."""
        if not words:
            return 0.0
        text = self.text.casefold()
        if all(w in text for w in words):
            return 0.9
        return 0.6 if all(w in text or w in self.rest for w in words) else 0.0


def _questions(session: Session, jump: Callable[[Spot], None]) -> list[QuestionEntry]:
    """Every applicable question of every feature, shown with the feature's name."""
    entries: list[QuestionEntry] = []
    for feature in session.features:
        name = safe.one_line(feature.name, 30)
        for q in session.score(feature.id).questions:
            if not q.applicable:
                continue
            question = session.question(q.id)
            rest = " ".join([question.help or "", *(o.label for o in question.options)])
            entries.append(
                QuestionEntry(
                    feature.id,
                    f"Question: {safe.one_line(question.prompt, 90)} · {name}",
                    partial(jump, Spot(feature.id, q.id)),
                    "Jump to this question",
                    rest.casefold(),
                )
            )
    return entries
