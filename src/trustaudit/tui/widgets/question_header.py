"""The question as asked: where we are, the promise at stake, the prompt, why we ask, the laws
it touches, how to answer.

The top of the question card. "Why we ask" (the question's ``help``) is shown on demand (``?``)
and stays shown from one question to the next until it is toggled off.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trustaudit.core.assessment.model import Feature
from trustaudit.core.questionnaire.model import Question, Section
from trustaudit.core.review.cycle import Badge
from trustaudit.tui import safe

HOW = {
    "choice": "↑↓ Enter: answer, next · ? why we ask",
    "multi": "Space: tick all that apply · Enter: done, next (nothing ticked: nothing is saved)",
    "text": "Type the answer · Enter: done, next · PgUp/PgDn: previous/next",
}
"""One line under the question on how to answer it, by question type."""

BADGES: dict[Badge, str] = {
    "new": "NEW in this review: not answered in the last one",
    "changed": "CHANGED since the last review",
    "carried": "CARRIED OVER from the last review: still true? c confirms it, or change it",
}
"""The re-review badge of a question (``review.cycle.badge``), in words."""

DOES_NOT_APPLY = (
    "This question does not apply to this feature (an earlier answer rules it out); "
    "an answer here is kept but not scored."
)


class QuestionHeader(Vertical):
    """Section and position, feature, promise, prompt, help, applicability and how to answer."""

    DEFAULT_CSS = """
    QuestionHeader {
        height: auto;
        #where {
            color: $text-accent;
        }
        #promise {
            color: $text-muted;
        }
        #prompt {
            margin: 1 0 0 0;
        }
        #why {
            color: $text-muted;
            padding: 0 0 0 2;
            border-left: outer $accent 50%;
        }
        #applies {
            color: $text-warning;
        }
        #badge {
            color: $text-accent;
            text-style: bold;
        }
        #touches {
            color: $text-muted;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.show_help = False

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        yield Static(id="promise")
        yield Static(id="prompt")
        yield Static(id="why")
        yield Static(safe.content(DOES_NOT_APPLY, "italic"), id="applies")
        yield Static(id="badge")
        yield Static(id="touches")
        yield Static(id="how")

    def show(
        self,
        feature: Feature,
        section: Section,
        position: tuple[int, int],
        question: Question,
        applies: bool,
        badge: Badge | None = None,
        touches: str = "",
    ) -> None:
        index, count = position
        where = f"{section.title} · question {index} of {count}" if index else section.title
        self.query_one("#where", Static).update(
            safe.join(safe.content(where, "bold"), ("  ·  ", "dim"), safe.content(feature.name))
        )
        promise = self.query_one("#promise", Static)
        promise.update(safe.content(section.summary, "italic"))
        promise.display = bool(section.summary)
        self.query_one("#prompt", Static).update(safe.content(question.prompt, "bold"))
        why = self.query_one("#why", Static)
        why.update(
            safe.join(("Why we ask: ", "bold"), safe.content(question.help or "No reason given."))
        )
        why.display = self.show_help
        self.query_one("#applies").display = not applies
        mark = self.query_one("#badge", Static)
        mark.update(safe.content(BADGES[badge] if badge else ""))
        mark.display = badge is not None
        laws = self.query_one("#touches", Static)
        laws.update(safe.content(touches))
        laws.display = bool(touches)
        self.query_one("#how", Static).update(safe.content(HOW[question.type], "dim"))

    def toggle_help(self) -> None:
        self.show_help = not self.show_help
        self.query_one("#why").display = self.show_help
