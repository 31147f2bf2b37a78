"""What every command shares: exit codes and how warnings are printed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

OVERRIDE_HELP = "Questionnaire path or id, instead of the one the review names."


def questionnaire_option(help: str = OVERRIDE_HELP) -> Callable[[F], F]:
    """``-q/--questionnaire Q``, passed as ``questionnaire_ref``: the same in every command."""
    return click.option("-q", "--questionnaire", "questionnaire_ref", metavar="Q", help=help)


EXIT_OK, EXIT_GATE, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3


def warn(message: str) -> None:
    """A warning on stderr, so stdout stays clean for JSON and reports."""
    click.echo(f"warning: {message}", err=True)
