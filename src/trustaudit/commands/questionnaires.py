"""Commands for privacy leads: validate questionnaires (and reviews), list them, print their
schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustaudit.commands.common import EXIT_INVALID
from trustaudit.commands.table import aligned

if TYPE_CHECKING:
    from trustaudit.core.errors import Problem


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check questionnaires and reviews and report every problem, one per line.

    Each file is checked as what its ``format:`` says: a questionnaire
    (trustaudit/questionnaire@1) or a review (trustaudit/assessment@1, checked against its
    questionnaire). Folders are searched for *.yaml files. Exits 0 when all files are valid, 2
    otherwise.
    """
    from trustaudit.commands.common import warn

    files = _expand(paths)
    count = 0
    for path in files:
        problems, warnings = _check(path)
        for problem in problems:
            click.echo(str(problem))
        for line in warnings:
            warn(f"{path}: {line}")
        count += len(problems)
    noun = "file" if len(files) == 1 else "files"
    summary = f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"
    click.echo(f"{len(files)} {noun}, {summary}", err=True)
    if count or not files:
        sys.exit(EXIT_INVALID)


QUESTIONNAIRE = "trustaudit/questionnaire@1"
ASSESSMENT = "trustaudit/assessment@1"
"""The two formats (the models' ``FORMAT``), spelled out so the command line starts without
loading the core models (a test holds them equal)."""

NEITHER = (
    "this is not a trustaudit review or questionnaire: it needs `format: "
    "trustaudit/questionnaire@1` or `format: trustaudit/assessment@1` at the top"
)


def _check(path: Path) -> tuple[list[Problem], list[str]]:
    """The problems of one file, and warnings that do not fail it.

    The file is checked as a questionnaire first (the common case, parsed once); only when that
    fails is its ``format:`` looked at, to check a review as a review and to say plainly when the
    file is neither.
    """
    from trustaudit.core.errors import Problem
    from trustaudit.core.io.yaml_reader import read_bytes
    from trustaudit.core.questionnaire import loader

    first: list[bytes] = []

    def source(where: Path, display: str) -> bytes:
        data = read_bytes(where, display)
        if not first:
            first.append(data)  # the file itself; later reads are the files it extends
        return data

    _, problems = loader.check(path, str(path), source=source)
    if not problems or not first:
        return problems, []
    kind = _format(first[0], str(path))
    if kind == ASSESSMENT:
        return _review(path)
    if kind is None or kind == QUESTIONNAIRE:
        return problems, []  # unreadable YAML, or a questionnaire with problems
    return [Problem(str(path), 1, 1, NEITHER)], []


def _format(data: bytes, where: str) -> str | None:
    """The file's ``format:`` (``""`` when it has none), or None when it is not readable YAML."""
    from trustaudit.core.errors import TrustAuditError
    from trustaudit.core.io.yaml_reader import parse

    try:
        found = parse(data, where).data
    except TrustAuditError:
        return None
    value = found.get("format") if isinstance(found, dict) else None
    return value if isinstance(value, str) else ""


def _review(path: Path) -> tuple[list[Problem], list[str]]:
    """A review checked as ``score`` reads it: the file, its questionnaire, and every answer or
    plan that scoring cannot use; what the questionnaire's changes mean is a warning."""
    from trustaudit.core.errors import Problem, TrustAuditError
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score

    try:
        opened = read(path)
    except TrustAuditError as error:
        return error.problems, []
    card = score(opened.questionnaire, opened.assessment)
    problems = [
        Problem(str(path), 0, 0, f"feature {feature.id}: {problem}")
        for feature in card.features
        for problem in feature.problems
    ]
    # Answers naming vanished options are among the problems already.
    return problems, opened.drift.lines(answers=False) if opened.drift is not None else []


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    from trustaudit.core.questionnaire.locations import SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.suffix in SUFFIXES)
        else:
            files.append(path)
    return files


@click.command(name="questionnaires")
def list_questionnaires() -> None:
    """List the questionnaires trustaudit can find, in lookup order.

    Order: ./questionnaires/, the user's config folder, then the bundled ones. When two share an
    id, the first wins and the others are marked as shadowed.
    """
    from trustaudit.core.questionnaire.catalog import entries

    rows: list[tuple[str, ...]] = [("ID", "VERSION", "QUESTIONS", "TITLE", "WHERE")]
    for entry in entries():
        note = f" (shadowed by {entry.shadowed_by})" if entry.shadowed_by else ""
        if entry.problem is not None:
            rows.append((entry.id or "?", "-", "-", f"invalid: {entry.problem}", entry.where))
        else:
            rows.append(
                (
                    entry.id or "?",
                    entry.version,
                    str(entry.questions),
                    entry.title,
                    entry.where + note,
                )
            )
    for line in aligned(rows):
        click.echo(line)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the questionnaire format (for editor autocompletion)."""
    from trustaudit.core.questionnaire.schema import questionnaire_schema

    click.echo(json.dumps(questionnaire_schema(), indent=2, ensure_ascii=False))


COMMANDS = [validate, list_questionnaires, schema]
