"""``trustaudit portfolio``: every product at once, as a dashboard or as data for a BI tool."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from trustaudit.commands.common import EXIT_GATE, EXIT_INVALID, as_of_option, warn

FORMATS = ("md", "json", "jsonl", "csv", "sqlite")


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="md",
    show_default=True,
    help="A Markdown dashboard, or the products as json, jsonl (one per line), csv or sqlite.",
)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Write to OUT instead of standard output (sqlite needs a file).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Read with N processes (default: one per core).",
)
@click.option("--fail-on-unreadable", is_flag=True, help="Exit 1 when a file could not be read.")
@click.option(
    "--check",
    is_flag=True,
    help="Read and score every file, write nothing, exit 1 when one could not be read "
    "(a pre-commit hook, a CI step).",
)
@as_of_option()
def portfolio(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    jobs: int | None,
    fail_on_unreadable: bool,
    check: bool,
    as_of: dt.date,
) -> None:
    """Roll up many reviews: PATH is a folder (searched for *.trustaudit.yaml and
    trust-summary.json), a review, a summary, a glob, a text file listing paths, or - (a list on
    standard input).

    Every review is scored on every core; a file that cannot be read is listed with its one-line
    error and the roll-up goes on. docs/portfolio.md describes each format. Exit codes: 0
    written, 1 a file could not be read (--fail-on-unreadable, --check), 2 invalid input or
    nothing found.
    """
    from trustaudit.core.io.output import write_output
    from trustaudit.core.io.paths import shown
    from trustaudit.core.portfolio.discovery import discover
    from trustaudit.core.portfolio.outputs import FORMATS as KNOWN
    from trustaudit.core.portfolio.outputs import roll_up

    kind = next(f for f in KNOWN if f == fmt.lower())
    to_stdout = output is None or output == "-"
    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name, or - for standard output")
    if check and output is not None:
        raise click.UsageError("--check writes nothing: leave out -o")
    if kind == "sqlite" and to_stdout and not check:
        raise click.UsageError("--format sqlite writes a database file: give it with -o FILE")
    if check:
        kind = "md"  # only the totals are needed: the cheapest output
    stdin = sys.stdin if "-" in paths else ()
    found = discover(paths, stdin)
    if not found.sources and not found.problems:
        warn("no review (*.trustaudit.yaml) or summary (trust-summary.json) found")
        sys.exit(EXIT_INVALID)
    # JSON Lines and CSV on standard output stream: each product as soon as it is scored.
    streams = to_stdout and not check and kind in ("jsonl", "csv")
    data, totals = roll_up(found, as_of, kind, jobs, _to_stdout if streams else None)
    for item in totals.unreadable:
        warn(f"unreadable: {item}")
    if totals.unreadable:
        warn(
            "fix each file at the line shown (`trustaudit score FILE` lists a review's problems); "
            "every other file was rolled up"
        )
    for name in totals.skipped:
        warn(f"skipped {name}: a summary of a review that was read as well")
    if check:
        click.echo(
            f"{len(totals.lines)} product(s) read, {len(totals.unreadable)} unreadable", err=True
        )
        fail_on_unreadable = True
    elif to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        written = write_output(Path(output or ""), data, [s.path for s in found.sources])
        click.echo(
            f"wrote {shown(written)}: {len(totals.lines)} product(s), "
            f"{len(totals.unreadable)} unreadable",
            err=True,
        )
    if fail_on_unreadable and totals.unreadable:
        sys.exit(EXIT_GATE)


def _to_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)


COMMANDS = [portfolio]
