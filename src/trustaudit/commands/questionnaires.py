"""Commands for privacy leads: validate questionnaires, list them, print their schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trustaudit.commands.common import EXIT_INVALID
from trustaudit.commands.table import aligned


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files and report every problem, one per line.

    Folders are searched for *.yaml files. Exits 0 when all files are valid, 2 otherwise.
    """
    from trustaudit.core.questionnaire import loader

    files = _expand(paths)
    count = 0
    for path in files:
        _, problems = loader.check(path, str(path))
        for problem in problems:
            click.echo(str(problem))
        count += len(problems)
    noun = "file" if len(files) == 1 else "files"
    summary = f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"
    click.echo(f"{len(files)} {noun}, {summary}", err=True)
    if count or not files:
        sys.exit(EXIT_INVALID)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    from trustaudit.core.assessment.naming import SUFFIX
    from trustaudit.core.questionnaire.locations import SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.iterdir())
                if p.suffix in SUFFIXES and not p.name.endswith(SUFFIX)
            )
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
