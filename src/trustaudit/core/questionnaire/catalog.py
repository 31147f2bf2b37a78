"""The questionnaires trustaudit can find, for listings in the CLI and the TUI's browser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class Entry:
    """One questionnaire file in the lookup order; ``problem`` is set when it does not load."""

    path: Path
    where: str
    id: str | None
    version: str = ""
    title: str = ""
    description: str = ""
    questions: int = 0
    sections: tuple[tuple[str, int], ...] = ()
    problem: str | None = None
    shadowed_by: str | None = None


def entries(cwd: Path | None = None) -> list[Entry]:
    """Every questionnaire in every place, first-found first; later duplicates are shadowed."""
    found: list[Entry] = []
    winners: dict[str, str] = {}
    for place in locations.places(cwd):
        for path in locations.candidates(place.folder):
            where = f"{place.name}: {path}"
            loaded, problems = loader.check(path)
            if loaded is None:
                problem = str(problems[0]) if problems else "cannot be loaded"
                found.append(Entry(path, where, locations.file_id(path), problem=problem))
                continue
            entry = _entry(loaded, path, where, winners.get(loaded.id))
            winners.setdefault(loaded.id, where)
            found.append(entry)
    return found


def _entry(loaded: Questionnaire, path: Path, where: str, shadowed_by: str | None) -> Entry:
    return Entry(
        path=path,
        where=where,
        id=loaded.id,
        version=loaded.version,
        title=loaded.title,
        description=loaded.description,
        questions=len(loaded.questions),
        sections=tuple((s.title, len(s.questions)) for s in loaded.sections),
        shadowed_by=shadowed_by,
    )
