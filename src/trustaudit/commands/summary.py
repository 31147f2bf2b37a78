"""``trustaudit summary``: the small, stable JSON of one review that a portfolio reads."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from trustaudit.commands.common import as_of_option, questionnaire_option, warn


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Write to OUT (in CI: trust-summary.json) instead of standard output.",
)
@as_of_option()
def summary(file: Path, questionnaire_ref: str | None, output: str | None, as_of: dt.date) -> None:
    """Write the summary of a review FILE: product, questionnaire pin, bands, review dates, late
    plans (trustaudit/summary@1, see docs/portfolio.md).

    Each repository's CI writes one; `trustaudit portfolio` reads summaries as it reads reviews,
    so an organisation rolls up thousands of repositories. Exit codes: 0 written, 2 invalid input.
    """
    from trustaudit.core.io.output import write_output
    from trustaudit.core.io.paths import shown
    from trustaudit.core.portfolio.summary import dumps, summarise
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score

    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name, or - for standard output")
    opened = read(file, questionnaire_ref)
    if opened.drift is not None:
        for line in opened.drift.lines(answers=False):
            warn(line)
    card = score(opened.questionnaire, opened.assessment, as_of)
    text = dumps(summarise(opened, card, shown(file)))
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    inputs = [file, *opened.questionnaire.chain]
    written = write_output(Path(output), text.encode("utf-8"), inputs)
    click.echo(f"wrote {shown(written)}", err=True)


COMMANDS = [summary]
