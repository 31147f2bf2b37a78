"""Reading a review without editing it: no lock taken, nothing written (``score``, ``report``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Assessment, Pin
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.io.paths import shown
from trustaudit.core.io.yaml_reader import YamlDocument, parse, read_bytes
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review.drift import Drift, drift
from trustaudit.core.review.pinning import resolve_questionnaire


@dataclass
class Opened:
    """An assessment read from disk, with its questionnaire and what changed since it was pinned."""

    path: Path
    assessment: Assessment
    questionnaire: Questionnaire
    drift: Drift | None
    digest: str
    text: str = ""
    """The file as read (an editing session reuses its unchanged feature blocks)."""

    @property
    def order(self) -> list[str]:
        return [q.id for q in self.questionnaire.questions]


def read(path: Path, override: str | Path | None = None) -> Opened:
    """Read an assessment and its questionnaire; no lock, nothing written."""
    return read_document(path, override)[0]


Resolver = Callable[[Pin, Path, str | Path | None], Questionnaire]
"""How a review's pin becomes its questionnaire (``pinning.resolve_questionnaire``, or a caller's
wrapper around it that remembers what it found)."""


def read_document(
    path: Path,
    override: str | Path | None = None,
    resolve: Resolver = resolve_questionnaire,
    *,
    marks: bool = True,
) -> tuple[Opened, YamlDocument]:
    """``read``, and the parsed file with the position of every key and value: for output that
    points at answers (SARIF), and for a roll-up that finds each questionnaire once (``resolve``).

    ``marks=False``: the document keeps no positions (``yaml_reader.parse``), for a roll-up of
    many files; a file that does not validate is read again with them, so its errors still say
    ``path:line:col``.
    """
    where = shown(path)
    data = read_bytes(path, where)
    document = parse(data, where, marks=marks)
    try:
        assessment = file_form.from_document(document)
    except InvalidFileError:
        if marks:
            raise
        document = parse(data, where)
        assessment = file_form.from_document(document)
    current = resolve(assessment.questionnaire, path, override)
    text = data.decode("utf-8", "replace")
    opened = Opened(path, assessment, current, drift(assessment, current), digest(data), text)
    return opened, document


def digest(data: bytes) -> str:
    """The hash a session compares to know the file is still the one it loaded."""
    return hashlib.sha256(data).hexdigest()
