"""The two versions a diff compares, read from files or from git, each with its questionnaire.

An old version is scored against the questionnaire it was pinned to when that can be found: for a
file, the one its pin leads to; from git, the questionnaire as it was at that commit. When it
cannot be found, the old version is scored against the current questionnaire and the diff says
so (``Side.questionnaire_known``).
"""

from __future__ import annotations

from pathlib import Path

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Pin
from trustaudit.core.errors import TrustAuditError
from trustaudit.core.io.paths import shown
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review import git
from trustaudit.core.review.diff import Side
from trustaudit.core.review.reading import read


def matches(pin: Pin, questionnaire: Questionnaire) -> bool:
    """Whether ``questionnaire`` is the one the answers were given against: the same content, or
    for a pin without a hash (written by hand), the same id and version."""
    if pin.sha256 is None:
        return pin.id == questionnaire.id and pin.version == questionnaire.version
    return pin.sha256 == questionnaire.sha256


def from_file(path: Path, override: str | Path | None = None, label: str | None = None) -> Side:
    """A version saved as a file, with the questionnaire its pin (or ``override``) leads to."""
    opened = read(path, override)
    known = override is not None or matches(opened.assessment.questionnaire, opened.questionnaire)
    return Side(label or shown(path), opened.questionnaire, opened.assessment, known)


def from_git(
    path: Path,
    commit: git.Commit,
    current: Questionnaire,
    runner: git.Runner = git.run,
    label: str | None = None,
) -> Side:
    """``path`` as it was at ``commit``, with its questionnaire as it was then when git holds it
    (else ``current``, the questionnaire of the version it is compared with)."""
    label = label or f"{commit.short} ({commit.day})"
    data = git.show(path, commit.sha, runner)
    assessment = file_form.from_bytes(data, f"{shown(path)} at {commit.short}")
    pin = assessment.questionnaire
    if matches(pin, current):
        return Side(label, current, assessment, True)
    source = git.source_at(commit.sha, runner)
    for candidate in _candidates(pin, path, current):
        try:
            then = loader.load(candidate, f"{shown(candidate)} at {commit.short}", source=source)
        except TrustAuditError:
            continue
        if matches(pin, then):
            return Side(label, then, assessment, True)
    return Side(label, current, assessment, False)


def _candidates(pin: Pin, path: Path, current: Questionnaire) -> list[Path]:
    """Where the old questionnaire may be: the pin's relative ``source`` beside the review, and
    the file the current questionnaire was read from. Both are read through git only when git
    holds them, and a file is only used when it matches the pin."""
    out = []
    if pin.source and not Path(pin.source).is_absolute() and pin.source.endswith((".yaml", ".yml")):
        out.append(path.parent / pin.source)
    if current.path is not None:
        out.append(current.path)
    return out
