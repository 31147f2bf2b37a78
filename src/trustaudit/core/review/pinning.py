"""Which questionnaire a review belongs to: finding it again, and pinning a review to one.

The pin names the questionnaire's id, version and content hash, and for a project questionnaire
its path relative to the review; bundled and per-user questionnaires are found again by id, so a
review never records a path that exists on one machine only.
"""

from __future__ import annotations

import os
from pathlib import Path

from trustaudit.core.assessment.model import Pin
from trustaudit.core.errors import NotFoundError, QuestionnaireNotFoundError
from trustaudit.core.io.paths import shown
from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Questionnaire


def resolve_questionnaire(
    pin: Pin, assessment_path: Path, override: str | Path | None = None
) -> Questionnaire:
    """Find the questionnaire of an assessment.

    In order: ``-q`` (``override``); the pinned ``source`` relative to the assessment's folder,
    then to the current folder (a file there with another id is not it and is skipped); the
    pinned id through the lookup order of DESIGN §8.
    """
    if override is not None:
        ref = str(override)
        return loader.load(locations.find(ref), ref)
    if pin.source:
        for base in (assessment_path.parent, Path.cwd()):
            candidate = base / pin.source
            if candidate.is_file():
                found = loader.load(candidate, shown(candidate))
                if found.id == pin.id:
                    return found
    try:
        return loader.load(locations.find(pin.id))
    except NotFoundError:
        raise QuestionnaireNotFoundError.at(
            shown(assessment_path),
            f"cannot find its questionnaire '{pin.id}' (source {pin.source or 'not set'}); "
            "pass it with -q PATH",
        ) from None


def pin_for(current: Questionnaire, assessment_path: Path) -> Pin:
    """A pin naming a project questionnaire by its path relative to the assessment.

    Bundled and per-user questionnaires are found again by id, so the file does not record a path
    that only exists on one machine.
    """
    source = None
    shared = (locations.bundled_folder().resolve(), locations.user_folder().resolve())
    if current.path is not None and current.path.resolve().parent not in shared:
        try:
            source = os.path.relpath(current.path.resolve(), assessment_path.resolve().parent)
        except ValueError:
            source = str(current.path.resolve())
    return Pin(id=current.id, version=current.version, sha256=current.sha256, source=source)
