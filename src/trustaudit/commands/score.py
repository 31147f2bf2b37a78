"""``trustaudit score``: the numbers for a terminal, a dashboard (--json) or a CI gate."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustaudit.commands.common import (
    EXIT_GATE,
    EXIT_INCOMPLETE,
    as_of_option,
    questionnaire_option,
    warn,
)
from trustaudit.core.bands import BANDS, Band, band_rank

if TYPE_CHECKING:
    from trustaudit.core.scoring.scorecard import Scorecard

BAND_CHOICE = click.Choice(BANDS, case_sensitive=False)
FORMATS = ("table", "json", "sarif")


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the scorecard as JSON (the stable contract for dashboards and CI); "
    "the same as --format json.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="table",
    show_default=True,
    help="table for a terminal, json (the scorecard), or sarif (SARIF 2.1.0 for code scanning: "
    "red flags, features at or above --fail-on (default high), late plans; docs/ci.md).",
)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Write the json or sarif output to OUT instead of standard output.",
)
@click.option(
    "--fail-on",
    type=BAND_CHOICE,
    metavar="BAND",
    help="Exit 1 when the headline band is BAND or worse (low|medium|high|critical).",
)
@click.option(
    "--require-complete",
    is_flag=True,
    help="Exit 3 when an applicable question is unanswered or invalid, or there are no features.",
)
@click.option(
    "--fail-on-overdue",
    is_flag=True,
    help="Exit 1 when a fix still to make is past its due date (one line per fix).",
)
@click.option(
    "--fail-on-lapsed",
    is_flag=True,
    help="Exit 1 when an accepted risk is past its accepted_until (one line per risk).",
)
@click.option(
    "--fail-on-review-due",
    is_flag=True,
    help="Exit 1 when the review's next review date (review_by, or its cadence) has passed.",
)
@as_of_option()
def score(
    file: Path,
    questionnaire_ref: str | None,
    as_json: bool,
    fmt: str,
    output: str | None,
    fail_on: str | None,
    require_complete: bool,
    fail_on_overdue: bool,
    fail_on_lapsed: bool,
    fail_on_review_due: bool,
    as_of: dt.date,
) -> None:
    """Score an assessment: trust risk per feature, now and once plans are done.

    Exit codes: 0 fine, 1 gate breached (--fail-on, --fail-on-overdue, --fail-on-lapsed,
    --fail-on-review-due), 2 invalid input, 3 incomplete (--require-complete).
    """
    from trustaudit.core.review.reading import read_document
    from trustaudit.core.scoring.engine import score as compute

    kind = "json" if as_json else fmt.lower()
    if as_json and fmt.lower() not in ("table", "json"):
        raise click.UsageError("--json and --format sarif: choose one")
    if output is not None and (kind == "table" or not output.strip()):
        raise click.UsageError("-o needs --format json or sarif, and a file name (- for stdout)")
    opened, document = read_document(file, questionnaire_ref)
    card = compute(opened.questionnaire, opened.assessment, as_of)
    if opened.drift is not None:
        for line in opened.drift.lines(answers=False):
            warn(line)
    for feature in card.features:
        for problem in feature.problems:
            warn(f"{file}: feature {feature.id}: {problem}")
    gate = parse_band(fail_on)
    if kind == "table":
        from trustaudit.commands.score_table import render

        click.echo(render(card, opened.questionnaire))
        click.echo(dates(card))
    elif kind == "json":
        from trustaudit.core.scoring.scorecard import dumps

        # Indented for a person at a terminal; one line for pipes and files, where the C encoder
        # (which indenting switches off) writes a large scorecard several times faster.
        terminal = output in (None, "-") and sys.stdout.isatty()
        emit(dumps(card, indent=2 if terminal else None), output, [file])
    else:
        from trustaudit.core.report import sarif

        # The repository root is where the command runs, as in CI (docs/ci.md).
        q = opened.questionnaire
        log = sarif.sarif(card, opened.assessment, q, document, file, Path.cwd(), gate)
        emit(sarif.dumps(log), output, [file, *opened.questionnaire.chain])
    # Incomplete is checked before the gate: a review that is not finished cannot be judged yet,
    # and "answer the rest" is the first thing its team needs to hear.
    if require_complete and not card.features:
        warn("incomplete: the review has no features")
        sys.exit(EXIT_INCOMPLETE)
    if require_complete and not card.complete:
        missing = sum(len(f.unanswered) + len(f.invalid) for f in card.features)
        warn(f"incomplete: {missing} applicable question(s) unanswered or invalid")
        sys.exit(EXIT_INCOMPLETE)
    breached = gates(card, gate, fail_on_overdue, fail_on_lapsed, fail_on_review_due)
    for line in breached:
        warn(f"gate: {line}")
    if breached:
        sys.exit(EXIT_GATE)


def emit(text: str, output: str | None, inputs: list[Path]) -> None:
    """Standard output, or the file ``-o`` names (never over an input: ``write_output``)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from trustaudit.core.io.output import write_output
    from trustaudit.core.io.paths import shown

    written = write_output(Path(output), text.encode("utf-8"), inputs)
    click.echo(f"wrote {shown(written)}", err=True)


def gates(
    card: Scorecard, band_gate: Band | None, overdue: bool, lapsed: bool, review_due: bool
) -> list[str]:
    """Why the pipeline should stop, one line per reason (the pipeline is the reminder)."""
    out = []
    band = card.headline.band
    if band_gate is not None and band is not None and band_rank(band) >= band_rank(band_gate):
        out.append(f"headline band {band} is at or above --fail-on {band_gate}")
    on = f"on {card.as_of}"
    if overdue:
        out.extend(f"overdue {on}: {d}" for d in card.overdue)
    if lapsed:
        out.extend(f"acceptance lapsed {on}: {d}" for d in card.lapsed)
    if review_due and card.review_due:
        out.append(f"review due {on}: the next review was due by {card.review_by}")
    return out


def dates(card: Scorecard) -> str:
    """The dates under the table: the day judged on, the next review, what is late."""
    parts = [f"as of {card.as_of}"]
    if card.review_by is not None:
        how = " (from the band's cadence)" if card.review_by_derived else ""
        parts.append(
            f"review overdue (due by {card.review_by})"
            if card.review_due
            else f"next review by {card.review_by}{how}"
        )
    if card.launch is not None:
        parts.append(f"launch {card.launch}")
    if card.overdue:
        parts.append(f"{len(card.overdue)} fix(es) overdue")
    if card.lapsed:
        parts.append(f"{len(card.lapsed)} acceptance(s) lapsed")
    return " · ".join(parts)


def parse_band(value: str | None) -> Band | None:
    """A ``--fail-on`` value as a band (click has already checked it is one)."""
    return next((b for b in BANDS if value is not None and b == value.lower()), None)


COMMANDS = [score]
