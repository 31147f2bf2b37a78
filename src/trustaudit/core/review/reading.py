"""Reading a review without editing it: no lock taken, nothing written (``score``, ``report``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Assessment
from trustaudit.core.io.paths import shown
from trustaudit.core.io.yaml_reader import parse, read_bytes
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
    data = read_bytes(path, shown(path))
    assessment = file_form.from_document(parse(data, shown(path)))
    current = resolve_questionnaire(assessment.questionnaire, path, override)
    text = data.decode("utf-8", "replace")
    return Opened(path, assessment, current, drift(assessment, current), digest(data), text)


def digest(data: bytes) -> str:
    """The hash a session compares to know the file is still the one it loaded."""
    return hashlib.sha256(data).hexdigest()
