"""``trustaudit new`` and ``trustaudit open``: straight into the review app."""

from __future__ import annotations

from pathlib import Path

import click

from trustaudit.commands.common import questionnaire_option


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option("Questionnaire path or id (default: trust-audit).")
@click.option("--product", help="Product name, to skip typing it in setup.")
def new(file: Path | None, questionnaire_ref: str | None, product: str | None) -> None:
    """Start a new review in the app (FILE defaults to reports/<product>.trustaudit.yaml)."""
    from trustaudit.tui.app import run_app

    run_app(file, new=True, questionnaire=questionnaire_ref, product=product)


@click.command(name="open")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@questionnaire_option()
@click.option(
    "--readonly",
    "read_only",
    is_flag=True,
    help="Only look: take no lock and write nothing (a review someone else has open, say).",
)
def open_review(file: Path, questionnaire_ref: str | None, read_only: bool) -> None:
    """Open an existing review in the app, at its first unanswered question."""
    from trustaudit.tui.app import run_app

    run_app(file, questionnaire=questionnaire_ref, read_only=read_only)


COMMANDS = [new, open_review]
