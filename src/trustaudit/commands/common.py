"""What every command shares: exit codes, ``-q`` and ``--as-of``, and how warnings are printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

OVERRIDE_HELP = "Questionnaire path or id, instead of the one the review names."


def questionnaire_option(help: str = OVERRIDE_HELP) -> Callable[[F], F]:
    """``-q/--questionnaire Q``, passed as ``questionnaire_ref``: the same in every command."""
    return click.option("-q", "--questionnaire", "questionnaire_ref", metavar="Q", help=help)


AS_OF_HELP = (
    "Judge dates (overdue fixes, lapsed acceptances, review due) as of DATE (YYYY-MM-DD); "
    "default: today. The date used is printed, so pinning it makes the output reproducible."
)


def _as_of(ctx: click.Context, param: click.Parameter, value: dt.datetime | None) -> dt.date:
    """The day to judge dates on: the one given, else today (the one place a command reads the
    calendar; the core only ever receives the date)."""
    return value.date() if value is not None else dt.date.today()


def as_of_option(help: str = AS_OF_HELP) -> Callable[[F], F]:
    """``--as-of DATE``, passed as ``as_of`` (a date, today when not given)."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="DATE",
        callback=_as_of,
        help=help,
    )


EXIT_OK, EXIT_GATE, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3


def warn(message: str) -> None:
    """A warning on stderr, so stdout stays clean for JSON and reports."""
    click.echo(f"warning: {message}", err=True)
