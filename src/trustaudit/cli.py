"""The ``trustaudit`` command: a thin click layer over ``trustaudit.core``.

Only the TUI commands import Textual, and only when they run, so ``validate``, ``score`` and
``report`` start fast in CI. Every user-caused error is printed as ``path:line:col: message`` and
exits 2; a traceback reaching a user is a bug.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from trustaudit import __version__
from trustaudit.core.errors import TrustAuditError

EXIT_OK, EXIT_GATE, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3


class _Group(click.Group):
    """Turns ``TrustAuditError`` into one line per problem and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrustAuditError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(EXIT_INVALID)


@click.group(cls=_Group, invoke_without_command=True)
@click.version_option(__version__, prog_name="trustaudit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Pre-launch trust review of product features.

    Run without a command to open the review app. Each feature is walked through three promises
    (collect clearly, state intentions, deliver purposefully), scored for trust risk against the
    personalisation value it gives customers, and written up as a Markdown report.
    """
    if ctx.invoked_subcommand is None:
        from trustaudit.tui.app import run_app

        run_app()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files and report every problem, one per line.

    Folders are searched for *.yaml files. Exits 0 when all files are valid, 2 otherwise.
    """
    from trustaudit.core import questionnaire

    files = _expand(paths)
    count = 0
    for path in files:
        _, problems = questionnaire.check(path, _display(path))
        for problem in problems:
            click.echo(str(problem))
        count += len(problems)
    noun = "file" if len(files) == 1 else "files"
    summary = f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"
    click.echo(f"{len(files)} {noun}, {summary}", err=True)
    if count or not files:
        sys.exit(EXIT_INVALID)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    from trustaudit.core.locations import SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.iterdir())
                if p.suffix in SUFFIXES and not p.name.endswith(".trustaudit.yaml")
            )
        else:
            files.append(path)
    return files


@cli.command(name="questionnaires")
def list_questionnaires() -> None:
    """List the questionnaires trustaudit can find, in lookup order.

    Order: ./questionnaires/, the user's config folder, then the bundled ones. When two share an
    id, the first wins and the others are marked as shadowed.
    """
    from trustaudit.core.catalog import entries

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
    _table(rows)


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the questionnaire format (for editor autocompletion)."""
    from trustaudit.core.schema import questionnaire_schema

    click.echo(json.dumps(questionnaire_schema(), indent=2, ensure_ascii=False))


def _display(path: Path) -> str:
    """A path as the user typed it, so editors and CI logs can jump to it."""
    return str(path)


def main() -> NoReturn:
    """Console entry point: a crash prints no locals or answers, only where it happened."""
    try:
        cli.main(prog_name="trustaudit")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug: say so without leaking answers or notes
        if os.environ.get("TRUSTAUDIT_DEBUG"):
            raise
        import traceback

        frames = traceback.extract_tb(error.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        click.echo(
            f"trustaudit: internal error ({type(error).__name__} at {where}). This is a bug; "
            "set TRUSTAUDIT_DEBUG=1 for details and report it.",
            err=True,
        )
        sys.exit(70)
    sys.exit(0)
