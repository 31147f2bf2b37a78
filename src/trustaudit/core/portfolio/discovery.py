"""What a portfolio is made of: the review and summary files that paths, globs and lists name.

Each argument is one of:

- a folder: searched (sub-folders too, hidden ones skipped) for reviews (``*.trustaudit.yaml``)
  and summaries (``trust-summary.json``, ``*.trust-summary.json``);
- a file: a review (``.yaml``/``.yml``), a summary (``.json``), or otherwise a list of paths, one
  per line (folders and globs too; blank lines and ``#`` comments skipped; relative to the
  list's folder);
- a glob (``'repos/*/reports/*.trustaudit.yaml'``, ``**`` for any depth), when no file has that
  name: each match as above, other files skipped;
- ``-``: a list read from standard input (relative to the current folder).

A name that matches nothing is a problem of its own, listed with the files that cannot be read;
it never stops the roll-up. Each file is read once however many arguments name it. Reviews come
before summaries, so a summary of a review that is also read can be recognised and skipped.
docs/portfolio.md.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trustaudit.core.assessment.naming import SUFFIX
from trustaudit.core.errors import Problem, TrustAuditError
from trustaudit.core.io.paths import shown
from trustaudit.core.io.yaml_reader import read_bytes

Kind = Literal["review", "summary"]

SUMMARY_NAME = "trust-summary.json"
"""What ``trustaudit summary`` output is called, in docs and CI: how folders find summaries."""

MAX_LIST_LINES = 1_000_000


@dataclass(frozen=True)
class Source:
    """One file of the portfolio: where it is, what it is, how it is named to people."""

    path: Path
    kind: Kind
    name: str


@dataclass
class Found:
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(arguments: Iterable[str], stdin: Iterable[str] = ()) -> Found:
    """The files the arguments name, reviews first; names that match nothing as problems."""
    finder = _Finder()
    for argument in arguments:
        if argument == "-":
            finder.listed(stdin, Path.cwd(), "standard input")
        else:
            finder.argument(argument, Path.cwd(), top=True)
    reviews = [s for s in finder.found.sources if s.kind == "review"]
    summaries = [s for s in finder.found.sources if s.kind == "summary"]
    return Found([*reviews, *summaries], finder.found.problems)


def kind_of(path: Path) -> Kind | None:
    """What a file named on its own is by its name: a review, a summary, or neither (a list)."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "review"
    if suffix == ".json":
        return "summary"
    return None


def _in_folder(name: str) -> Kind | None:
    """What a file found in a folder is: only reviews and summaries by their names count."""
    if name.endswith(SUFFIX):
        return "review"
    if name == SUMMARY_NAME or name.endswith(f".{SUMMARY_NAME}"):
        return "summary"
    return None


class _Finder:
    def __init__(self) -> None:
        self.found = Found()
        self.seen: set[Path] = set()

    def add(self, path: Path, kind: Kind) -> None:
        key = path.resolve()
        if key not in self.seen:
            self.seen.add(key)
            self.found.sources.append(Source(path, kind, shown(path)))

    def problem(self, where: str, message: str) -> None:
        self.found.problems.append(Problem(where, 0, 0, message))

    def argument(self, text: str, base: Path, *, top: bool) -> None:
        """One name: a folder, a file, or a glob. ``top``: given on the command line (a list may
        name folders, files and globs, but not another list)."""
        path = Path(text) if Path(text).is_absolute() else base / text
        if text != "-" and path.is_dir():
            self.folder(path)
        elif path.exists() or path.is_symlink():
            kind = kind_of(path)
            if kind is not None:
                self.add(path, kind)
            elif top:
                self.list_file(path)
            else:
                self.problem(shown(path), "a list names reviews, summaries, folders or globs")
        elif glob.has_magic(text):
            # Path.glob takes no absolute pattern; glob.glob takes both.
            matches = sorted(glob.glob(str(path), recursive=True))  # noqa: PTH207
            for match in matches:
                self.matched(Path(match))
            if not matches:
                self.problem(shown(path), "matches no file")
        else:
            self.problem(shown(path), "no such file or folder")

    def matched(self, path: Path) -> None:
        if path.is_dir():
            self.folder(path)
            return
        kind = kind_of(path)
        if kind is not None:
            self.add(path, kind)

    def folder(self, root: Path) -> None:
        for path in _walk(root):
            kind = _in_folder(path.name)
            if kind is not None:
                self.add(path, kind)

    def list_file(self, path: Path) -> None:
        try:
            text = read_bytes(path, shown(path)).decode("utf-8")
        except UnicodeDecodeError:
            self.problem(shown(path), "a list of paths must be UTF-8 text")
            return
        except TrustAuditError as error:  # a FIFO, a device, too large...
            self.found.problems.extend(error.problems)
            return
        self.listed(text.splitlines(), path.parent, shown(path))

    def listed(self, lines: Iterable[str], base: Path, where: str) -> None:
        for number, line in enumerate(lines, 1):
            if number > MAX_LIST_LINES:
                self.problem(where, f"more than {MAX_LIST_LINES:,} lines; the rest is not read")
                return
            entry = line.strip()
            if entry and not entry.startswith("#"):
                self.argument(entry, base, top=False)


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order, hidden folders (``.git``) skipped, links to
    folders not followed (a link loop cannot make the walk endless)."""
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            yield Path(folder) / name
