"""Finding and reading obligation catalogues: ``obligations/`` beside a questionnaire, and in
each folder of the lookup order (the bundled catalogues last).

A catalogue is read once per process while its file is unchanged: every questionnaire load asks
for them, and the bundled ones do not change under a running program. Each entry is validated on
its own, so one broken entry does not hide the problems of the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trustaudit.core.errors import InvalidFileError, Problem
from trustaudit.core.io.paths import shown
from trustaudit.core.io.validation import validate
from trustaudit.core.io.yaml_reader import YamlDocument, parse, read_bytes
from trustaudit.core.obligations.catalogue import (
    ANYWHERE,
    FORMAT,
    VOCABULARY,
    Catalogue,
    CatalogueFile,
    Catalogues,
    EntrySpec,
    Obligation,
)

FOLDER = "obligations"
"""The sub-folder, beside a questionnaire or in a lookup folder, that holds catalogues."""

SUFFIXES = (".yaml", ".yml")

_Read = tuple[Catalogue | None, tuple[Problem, ...]]
_cache: dict[tuple[str, int, int, str], _Read] = {}


def catalogue_folders(places: Iterable[Path]) -> tuple[Path, ...]:
    """The ``obligations/`` folders of ``places`` (questionnaire folders, in lookup order),
    each once, the first place first."""
    found: list[Path] = []
    seen: set[Path] = set()
    for place in places:
        folder = place / FOLDER
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            found.append(folder)
    return tuple(found)


def load(folders: Iterable[Path]) -> tuple[Catalogues, list[Problem]]:
    """Every catalogue in ``folders``, and every problem found in any of them.

    The first catalogue with an id wins, as with questionnaires: a project's ``gdpr.yaml``
    shadows the bundled one. Two with the same id in one folder are a problem.
    """
    kept: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    searched = tuple(folders)
    for folder in searched:
        here: dict[str, Path] = {}
        for path in _files(folder):
            catalogue, found = _read(path)
            problems.extend(found)
            if catalogue is None:
                continue
            if catalogue.id in here:
                problems.append(
                    Problem(
                        shown(path),
                        1,
                        1,
                        f"catalogue id '{catalogue.id}' is also used by {shown(here[catalogue.id])}"
                        "; each catalogue in a folder needs its own id",
                    )
                )
                continue
            here[catalogue.id] = path
            kept.setdefault(catalogue.id, catalogue)
    return Catalogues(tuple(kept.values()), searched), problems


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def _read(path: Path) -> _Read:
    display = shown(path)
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size, display)
    except OSError:
        key = None
    if key is not None and key in _cache:
        return _cache[key]
    try:
        doc = parse(read_bytes(path, display), display)
        read: _Read = _Reader(doc, path).catalogue()
    except InvalidFileError as error:
        read = (None, tuple(error.problems))
    if key is not None:
        _cache[key] = read
    return read


class _Reader:
    """One catalogue file: the top level, then entry by entry."""

    def __init__(self, doc: YamlDocument, path: Path) -> None:
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = list(doc.problems)

    def catalogue(self) -> _Read:
        data = self.doc.data
        if not isinstance(data, dict):
            return None, (self.doc.problem((), "a catalogue file must be a mapping"),)
        if data.get("format") != FORMAT:
            message = (
                f"not a trustaudit obligations catalogue: it needs `format: {FORMAT}` at the top"
                if "format" not in data
                else f"format: expected {FORMAT} in a catalogue"
            )
            return None, (self.doc.problem(("format",), message),)
        entries = self.entries(data.get("entries"))
        spec = validate(
            CatalogueFile, {**data, "entries": []}, self.doc, (), self.problems,
            vocabulary=VOCABULARY,
        )  # fmt: skip
        if spec is not None:
            self.markets(spec)
        if spec is None or self.problems:
            return None, tuple(self.problems)
        obligations = tuple(
            Obligation(
                id=f"{spec.id}:{e.id}",
                catalogue=spec.id,
                short=spec.short,
                ref=e.ref,
                title=e.title,
                summary=e.summary,
                link=e.link,
                kind=spec.kind,
                applies_in=tuple(spec.applies_in),
                only_when=tuple(e.only_when),
            )
            for e in entries
        )
        return (
            Catalogue(
                id=spec.id,
                title=spec.title,
                short=spec.short,
                kind=spec.kind,
                applies_in=tuple(spec.applies_in),
                link=spec.link,
                licence=spec.licence,
                version=spec.version,
                path=self.path,
                entries=obligations,
            ),
            (),
        )

    def entries(self, raw: Any) -> list[EntrySpec]:
        if not isinstance(raw, list):
            if raw is not None:
                self.problems.append(self.doc.problem(("entries",), "entries: must be a list"))
            return []
        found: list[EntrySpec] = []
        first: dict[str, int] = {}
        for i, item in enumerate(raw):
            entry = validate(
                EntrySpec, item, self.doc, ("entries", i), self.problems, vocabulary=VOCABULARY
            )
            if entry is None:
                continue
            if entry.id in first:
                self.problems.append(
                    self.doc.problem(
                        ("entries", i, "id"),
                        f"entry id '{entry.id}' is used twice "
                        f"(first as entry {first[entry.id] + 1})",
                    )
                )
                continue
            first[entry.id] = i
            found.append(entry)
        return found

    def markets(self, spec: CatalogueFile) -> None:
        if ANYWHERE in spec.applies_in and len(spec.applies_in) > 1:
            self.problems.append(
                self.doc.problem(
                    ("applies_in",),
                    f"applies_in: '{ANYWHERE}' already means every market; list markets or "
                    f"write [{ANYWHERE}] alone",
                )
            )
