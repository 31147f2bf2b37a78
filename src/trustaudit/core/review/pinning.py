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
    pinned id through the lookup order (``locations``).

    A review comes from anyone who can open a pull request, so its ``source`` is only read when
    it names a YAML file inside the review's project (``_project``) or the current folder: a
    project's ``questionnaires/`` beside its ``reports/``, never an absolute path, never a file
    outside.
    """
    if override is not None:
        ref = str(override)
        return loader.load(locations.find(ref), ref)
    for candidate in _sources(pin.source, assessment_path.parent):
        found = loader.load(candidate, shown(candidate))
        if found.id == pin.id:
            return found
    try:
        return loader.load(locations.find(pin.id))
    except NotFoundError:
        source = f"source {pin.source}" if pin.source else "no source"
        if pin.source and not _inside(pin.source, assessment_path.parent):
            source += ", not read: it must be a .yaml file inside the project"
        raise QuestionnaireNotFoundError.at(
            shown(assessment_path),
            f"cannot find its questionnaire '{pin.id}' ({source}); pass it with -q PATH",
        ) from None


def _sources(source: str | None, folder: Path) -> list[Path]:
    """The files a pin's ``source`` may name that exist (see ``_inside``)."""
    return [c for c in _inside(source, folder) if c.is_file()]


def _inside(source: str | None, folder: Path) -> list[Path]:
    """Where a pin's ``source`` points that it may: relative, YAML, inside the review's project
    or the current folder once resolved (symbolic links and ``..`` included)."""
    if not source or Path(source).is_absolute() or not source.endswith((".yaml", ".yml")):
        return []
    roots = [_project(folder.resolve()), Path.cwd().resolve()]
    candidates = [(base / source).resolve() for base in (folder, Path.cwd())]
    return [c for c in candidates if any(c.is_relative_to(root) for root in roots)]


def _project(folder: Path) -> Path:
    """The project a review belongs to: the git work tree holding it, or else the folder above
    the review's (``reports/`` sits in the project, beside ``questionnaires/``)."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


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
