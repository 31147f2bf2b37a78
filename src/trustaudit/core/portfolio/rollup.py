"""Reading a portfolio: every review scored on every core, one product at a time.

The files are shared among a pool of processes (one per core). Each worker reads one file, scores
it and hands back its summary (and, for the SQLite tables, its answers and plans as rows): never
the review itself, so the parent holds no review and memory stays flat however many there are.
Results come back in the order of the files, so the same files give the same output on any
number of cores. A file that cannot be read becomes one ``Unreadable`` line and the roll-up goes
on. Each worker finds a questionnaire once and reuses it for every review that pins it the same
way (``Questionnaires``).
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.assessment.model import Pin
from trustaudit.core.errors import Problem, TrustAuditError
from trustaudit.core.io.yaml_reader import read_bytes
from trustaudit.core.portfolio import rows, summary
from trustaudit.core.portfolio.discovery import Source
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review.pinning import resolve_questionnaire
from trustaudit.core.review.reading import read_document
from trustaudit.core.scoring.engine import Engine, score


@dataclass(frozen=True)
class Product:
    """One file read: its summary, and for a full review its rows (when asked for)."""

    source: Source
    summary: summary.Summary
    detail: rows.Detail | None = None


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read (or a name that matches none), with the first problem."""

    name: str
    problem: Problem
    more: int = 0

    @property
    def message(self) -> str:
        """What is wrong, and how many other problems the file has."""
        if not self.more:
            return self.problem.message
        return f"{self.problem.message} (and {self.more} more problem{'s' * (self.more != 1)})"

    def __str__(self) -> str:
        """One line: ``path:line:col: what is wrong``."""
        p = self.problem
        return str(Problem(p.path, p.line, p.column, self.message))


Item = Product | Unreadable


class Questionnaires:
    """The questionnaires one process has found, by what finding them depends on: the pin's id
    and source, and for a source the review's folder (``pinning.resolve_questionnaire``).

    A portfolio of a thousand reviews of one questionnaire loads it once per worker instead of a
    thousand times. Failures are not remembered: their message names the review.
    """

    def __init__(self) -> None:
        self.found: dict[tuple[str, str | None, Path | None], Questionnaire] = {}

    def __call__(self, pin: Pin, path: Path, override: str | Path | None = None) -> Questionnaire:
        folder = path.parent.resolve() if pin.source else None
        key = (pin.id, pin.source, folder)
        known = self.found.get(key)
        if known is None:
            known = self.found[key] = resolve_questionnaire(pin, path, override)
        return known


_QUESTIONNAIRES = Questionnaires()
"""This process's questionnaires (each worker has its own)."""

_ENGINES: dict[tuple[int, dt.date], tuple[Questionnaire, Engine]] = {}
"""This process's engines, one per questionnaire and day: building one costs about as much as
scoring a small review. The questionnaire is kept beside it so its id is never reused."""


_FREEZING = False
"""True while ``read_all`` runs (in its workers too): what lives as long as the roll-up (the
modules, each questionnaire and engine) is then frozen out of the garbage collector's full
passes, which would otherwise walk it again every few reviews. ``read_all`` unfreezes after."""


def _engine(questionnaire: Questionnaire, as_of: dt.date) -> Engine:
    """An engine that judges ``as_of`` and skips the fix search: a roll-up shows bands, dates
    and failing answers, never what would move a feature."""
    key = (id(questionnaire), as_of)
    known = _ENGINES.get(key)
    if known is None:
        known = _ENGINES[key] = (questionnaire, Engine(questionnaire, as_of, explain=False))
        if _FREEZING:
            gc.freeze()
    return known[1]


def read_one(source: Source, as_of: dt.date, detail: bool = False) -> Item:
    """Read one file of the portfolio; whatever is wrong with it becomes an ``Unreadable``."""
    try:
        if source.kind == "summary":
            return Product(source, summary.loads(read_bytes(source.path, source.name), source.name))
        opened, _ = read_document(source.path, resolve=_QUESTIONNAIRES, marks=False)
        q = opened.questionnaire
        card = score(q, opened.assessment, as_of, engine=_engine(q, as_of))
        made = summary.summarise(opened, card, source.name)
        extra = rows.detail(opened.assessment, opened.questionnaire, card) if detail else None
        return Product(source, made, extra)
    except TrustAuditError as error:
        first, *rest = error.problems or [Problem(source.name, 0, 0, str(error))]
        return Unreadable(source.name, first, len(rest))
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, OSError) as error:
        # Not a user's mistake but a file this version cannot score: say so, and go on.
        message = f"cannot be scored ({type(error).__name__}); please report it with this file"
        return Unreadable(source.name, Problem(source.name, 0, 0, message))


def _task(task: tuple[Source, dt.date, bool]) -> Item:
    return read_one(*task)


def _start_freezing() -> None:
    """A worker's first step (where workers are spawned rather than forked)."""
    global _FREEZING
    _FREEZING = True


def cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def read_all(
    sources: Sequence[Source], as_of: dt.date, *, jobs: int | None = None, detail: bool = False
) -> Iterator[Item]:
    """Every file, in order, read by ``jobs`` processes (default: every core)."""
    global _FREEZING
    jobs = min(jobs or cores(), len(sources))
    tasks = [(s, as_of, detail) for s in sources]
    # fork where it is safe (Linux): the workers start with trustaudit already imported (and
    # frozen, see ``_FREEZING``: its pages then stay shared, too).
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    _FREEZING = True
    gc.freeze()
    try:
        if jobs <= 1:
            yield from map(_task, tasks)
            return
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_freezing
        ) as pool:
            yield from pool.map(_task, tasks, chunksize=chunk)
    finally:
        _FREEZING = False
        gc.unfreeze()
