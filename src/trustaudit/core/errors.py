"""Errors a user can cause, each carrying the place it was caused at.

Every such error renders as ``path:line:col: message`` so editors and CI logs can jump to it. The
CLI prints them one per line and exits 2; the TUI shows them in a dialog. Anything else reaching a
user is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from trustaudit.core.text import one_line

E = TypeVar("E", bound="TrustAuditError")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file; line and column are 1-based, 0 when they are not known."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """One line, whatever the path or the message holds (a file name can hold anything)."""
        path, message = one_line(self.path), one_line(self.message)
        if self.line <= 0:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column}: {message}"


class TrustAuditError(Exception):
    """Base of every error a user can cause; its problems say where and what, and ``advice``
    says in one sentence what to do about it (the app shows it under the problems)."""

    advice: ClassVar[str] = (
        "Try again; if it keeps happening, report it with the steps that led here."
    )

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls: type[E], path: object, message: str, line: int = 0, column: int = 0) -> E:
        return cls(Problem(str(path), line, column, message))


class InvalidFileError(TrustAuditError):
    """A questionnaire, assessment or template that cannot be read as it is."""

    advice = (
        "Fix the file at the line shown (`trustaudit validate FILE` lists every problem), "
        "then open it again."
    )


class NotFoundError(TrustAuditError):
    """A file that was asked for and does not exist."""

    advice = "Check the path (reviews usually live in reports/)."


class QuestionnaireNotFoundError(NotFoundError):
    """A review's questionnaire cannot be found where its pin says, nor by its id."""

    advice = (
        "Put the questionnaire back where the review says, or name it with "
        "`trustaudit open FILE -q PATH`."
    )


class NotWritableError(TrustAuditError):
    """A review that cannot be edited as it is: read-only, or a link that cannot be followed."""

    advice = (
        "Make the file writable (for example `chmod u+w FILE`) to edit it; `trustaudit score` "
        "and `trustaudit report` can read it as it is."
    )


class LockedError(TrustAuditError):
    """Another live session is editing the same assessment."""

    advice = (
        "Another trustaudit session is editing this review. Finish there first (or, if it "
        "crashed, open the file again: a dead session's lock is taken over)."
    )


class ConflictError(TrustAuditError):
    """The file changed on disk since it was opened; saving would overwrite someone's work."""

    advice = (
        "Nothing was overwritten and your answers are in the copy named above. Compare it with "
        "the file, merge what you need, then open the review again."
    )


class SaveError(TrustAuditError):
    """Writing failed; the file on disk is unchanged."""

    advice = (
        "Your answers are still here. Check that the folder exists, is writable and the disk "
        "has room, then retry (ctrl+s)."
    )


class TemplateError(TrustAuditError):
    """A report template failed to compile or render."""

    advice = "Fix the report template at the line shown, then generate again."


class GitError(TrustAuditError):
    """An earlier version of a review could not be read from git."""

    advice = (
        "Run the command inside the git repository that holds the review, and name a commit, "
        "branch or tag that contains it (`git log -- FILE` lists them)."
    )
