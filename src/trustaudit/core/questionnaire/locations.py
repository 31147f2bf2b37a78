"""Where questionnaires are found: a path, ``./questionnaires/``, the user's config dir, bundled.

The first match wins, so a team can shadow the bundled questionnaire with its own copy of the same
id in the project folder without touching the installed package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.errors import InvalidFileError, QuestionnaireNotFoundError
from trustaudit.core.io.yaml_reader import parse, read_bytes

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Place:
    """One folder in the lookup order, with a name people recognise."""

    name: str
    folder: Path


def bundled_folder() -> Path:
    """The questionnaires shipped with the package (or with the source checkout)."""
    here = Path(__file__).resolve().parents[2]  # the trustaudit package
    installed = here / "questionnaires"
    if installed.is_dir():
        return installed
    return here.parent.parent / "questionnaires"


def user_folder() -> Path:
    from platformdirs import user_config_path

    return user_config_path("trustaudit") / "questionnaires"


def places(cwd: Path | None = None) -> list[Place]:
    """The lookup order (docs/questionnaire-format.md, "Where questionnaires are found";
    docs/architecture.md), without duplicates."""
    found: list[Place] = []
    for place in (
        Place("project", (cwd or Path.cwd()) / "questionnaires"),
        Place("user", user_folder()),
        Place("bundled", bundled_folder()),
    ):
        if all(place.folder.resolve() != p.folder.resolve() for p in found):
            found.append(place)
    return found


def looks_like_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith(SUFFIXES) or ref.startswith(".")


def candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def file_id(path: Path) -> str | None:
    """The ``id:`` of a questionnaire file, or None if it cannot be read as one."""
    try:
        data = parse(read_bytes(path), str(path)).data
    except InvalidFileError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def find(
    ref: str, *, base: Path | None = None, exclude: Path | None = None, cwd: Path | None = None
) -> Path:
    """Resolve a questionnaire reference: a path (relative to ``base``) or an id to look up.

    ``exclude`` is the file asking, which is never its own answer. When it has the id it asks for
    (a project ``trust-audit.yaml`` that extends ``trust-audit``) and stands in the lookup order
    itself, only the files after it count: it extends the *next* questionnaire with that id, so a
    project copy on top of a user copy on top of the bundled one resolves as a chain, not a loop.
    """
    if looks_like_path(ref):
        path = Path(ref).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        if path.is_file():
            return path
        raise QuestionnaireNotFoundError.at(ref, f"no questionnaire file at {path}")
    ordered: list[Path] = []
    for place in places(cwd):
        named = [place.folder / f"{ref}{suffix}" for suffix in SUFFIXES]
        others = [p for p in candidates(place.folder) if p not in named]
        ordered.extend([p for p in named if p.is_file()] + others)
    skip = exclude.resolve() if exclude is not None else None
    resolved = [p.resolve() for p in ordered]
    if skip is not None and skip in resolved and file_id(skip) == ref:
        ordered = ordered[resolved.index(skip) + 1 :]
    for path in ordered:
        if skip is not None and path.resolve() == skip:
            continue
        if file_id(path) == ref:
            return path
    searched = ", ".join(str(p.folder) for p in places(cwd))
    raise QuestionnaireNotFoundError.at(
        ref, f"no questionnaire with id '{ref}' (looked in {searched})"
    )
