"""What every command shares: exit codes and how warnings are printed."""

from __future__ import annotations

import click

EXIT_OK, EXIT_GATE, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3


def warn(message: str) -> None:
    """A warning on stderr, so stdout stays clean for JSON and reports."""
    click.echo(f"warning: {message}", err=True)
