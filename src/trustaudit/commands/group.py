"""The click group behind ``trustaudit``: every subcommand, and errors as one line each.

Kept apart from ``trustaudit.cli`` so that plain ``trustaudit`` (the review app) starts without
importing click or any command.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from trustaudit import __version__
from trustaudit.commands.common import EXIT_INVALID
from trustaudit.core.errors import TrustAuditError


class _Group(click.Group):
    """Errors for people: ``TrustAuditError`` as one line per problem, click's usage errors as
    one line naming the command and its help, exit code 2 for both."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrustAuditError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(EXIT_INVALID)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; click's own three-line usage errors become one line."""
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "trustaudit"
            message = " ".join(error.format_message().split())
            click.echo(f"{where}: {message} (see `{where} --help`)", err=True)
            sys.exit(EXIT_INVALID)
        except click.ClickException as error:
            click.echo(f"trustaudit: {' '.join(error.format_message().split())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("trustaudit: stopped", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


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
    from trustaudit.commands import (
        card,
        diff,
        obligations,
        portfolio,
        questionnaires,
        report,
        rereview,
        review,
        score,
        summary,
        upgrade,
    )

    for module in (
        questionnaires,
        score,
        obligations,
        report,
        card,
        diff,
        rereview,
        upgrade,
        review,
        summary,
        portfolio,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
