"""``trustaudit report``: the Markdown report a manager reads, or the scorecard as JSON."""

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
@as_of_option()
def report(
    file: Path,
    questionnaire_ref: str | None,
    output: str | None,
    template: Path | None,
    fmt: str,
    no_charts: bool,
    as_of: dt.date,
) -> None:
    """Write the trust review report of an assessment FILE.

    The report is reproducible: the same files and the same --as-of give the same bytes (the
    report prints the date it judges by). Exit codes: 0 written, 2 invalid input or template
    error.
    """
    from trustaudit.core.assessment.naming import ReportFormat, report_path
    from trustaudit.core.io.paths import shown
    from trustaudit.core.report.render import ANNEX_ABOVE, render_report, write, write_report
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score as compute
    from trustaudit.core.scoring.scorecard import dumps

    kind: ReportFormat = "json" if fmt.lower() == "json" else "md"
    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name, or - for standard output")
    opened = read(file, questionnaire_ref)
    if opened.drift is not None:
        for line in opened.drift.lines():
            warn(line)
    card = compute(opened.questionnaire, opened.assessment, as_of)
    path = None if output == "-" else Path(output) if output else report_path(file, kind)
    inputs = [file, *opened.questionnaire.chain]
    if path is not None and kind == "md":
        written = write_report(
            opened.questionnaire,
            opened.assessment,
            card,
            path,
            inputs=inputs,
            charts=not no_charts,
            template=template,
        )
        click.echo(f"wrote {shown(written.main)}", err=True)
        if written.annex is not None:
            click.echo(
                f"wrote {shown(written.annex)} (the annex: the whole report passes 400 KB)",
                err=True,
            )
        return
    if kind == "json":
        text = dumps(card)
    else:
        text = render_report(
            opened.questionnaire,
            opened.assessment,
            card,
            charts=not no_charts,
            template=template,
        ).main
    if path is not None:
        click.echo(f"wrote {shown(write(text, path, inputs))}", err=True)
        return
    if kind == "md" and template is None and len(text.encode("utf-8")) > ANNEX_ABOVE:
        warn(
            f"the report is {len(text.encode('utf-8')) // 1000} KB, more than GitHub shows; "
            "write it to a file with -o to move its reference part to an annex"
        )
    sys.stdout.write(text)
    sys.stdout.flush()


COMMANDS = [report]
