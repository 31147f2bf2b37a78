"""``trustaudit report``: the Markdown report a manager reads, or the scorecard as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trustaudit.commands.common import questionnaire_option, warn


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Where to write; '-' for standard output. Default: FILE's name with .md (or .json).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="T",
    help="Your own Jinja2 template, rendered in a sandbox (see docs/report-templates.md).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"], case_sensitive=False),
    default="md",
    show_default=True,
    help="Markdown report, or the scorecard as JSON (the same as score --json).",
)
@click.option("--no-charts", is_flag=True, help="Leave out the Mermaid charts; keep their tables.")
def report(
    file: Path,
    questionnaire_ref: str | None,
    output: str | None,
    template: Path | None,
    fmt: str,
    no_charts: bool,
) -> None:
    """Write the trust review report of an assessment FILE.

    The report is reproducible: the same files give the same bytes. Exit codes: 0 written,
    2 invalid input or template error.
    """
    from trustaudit.core.assessment.naming import ReportFormat, report_path
    from trustaudit.core.report.render import render_markdown, write
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score as compute
    from trustaudit.core.scoring.scorecard import dumps

    kind: ReportFormat = "json" if fmt.lower() == "json" else "md"
    opened = read(file, questionnaire_ref)
    if opened.drift is not None:
        for line in opened.drift.lines():
            warn(line)
    card = compute(opened.questionnaire, opened.assessment)
    if kind == "json":
        text = dumps(card)
    else:
        text = render_markdown(
            opened.questionnaire,
            opened.assessment,
            card,
            charts=not no_charts,
            template=template,
        )
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output) if output else report_path(file, kind)
    write(text, path)
    click.echo(f"wrote {path}", err=True)


COMMANDS = [report]
