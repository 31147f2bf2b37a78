"""The ``trustaudit`` command: a thin click layer over ``trustaudit.core``.

Only the TUI commands import Textual, and only when they run, so ``validate``, ``score`` and
``report`` start fast in CI. Every user-caused error is printed as ``path:line:col: message`` and
exits 2; a traceback reaching a user is a bug.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from trustaudit import __version__
from trustaudit.commands.common import EXIT_INVALID
from trustaudit.core.errors import TrustAuditError


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


def _register() -> None:
    from trustaudit.commands import questionnaires, report, review, score

    for module in (questionnaires, score, report, review):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


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
