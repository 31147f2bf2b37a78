"""``trustaudit score``: the numbers for a terminal, a dashboard (--json) or a CI gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trustaudit.commands.common import EXIT_GATE, EXIT_INCOMPLETE, questionnaire_option, warn
from trustaudit.core.bands import BANDS, Band, band_rank

BAND_CHOICE = click.Choice(BANDS, case_sensitive=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the scorecard as JSON (the stable contract for dashboards and CI).",
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
def score(
    file: Path,
    questionnaire_ref: str | None,
    as_json: bool,
    fail_on: str | None,
    require_complete: bool,
) -> None:
    """Score an assessment: trust risk per feature, now and once plans are done.

    Exit codes: 0 fine, 1 gate breached (--fail-on), 2 invalid input, 3 incomplete
    (--require-complete).
    """
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score as compute
    from trustaudit.core.scoring.scorecard import dumps

    opened = read(file, questionnaire_ref)
    card = compute(opened.questionnaire, opened.assessment)
    if opened.drift is not None:
        for line in opened.drift.lines(answers=False):
            warn(line)
    for feature in card.features:
        for problem in feature.problems:
            warn(f"{file}: feature {feature.id}: {problem}")
    if as_json:
        # Indented for a person at a terminal; one line for pipes and files, where the C encoder
        # (which indenting switches off) writes a large scorecard several times faster.
        click.echo(dumps(card, indent=2 if sys.stdout.isatty() else None), nl=False)
    else:
        from trustaudit.commands.score_table import render

        click.echo(render(card, opened.questionnaire))
    # Incomplete is checked before the gate: a review that is not finished cannot be judged yet,
    # and "answer the rest" is the first thing its team needs to hear.
    if require_complete and not card.features:
        warn("incomplete: the review has no features")
        sys.exit(EXIT_INCOMPLETE)
    if require_complete and not card.complete:
        missing = sum(len(f.unanswered) + len(f.invalid) for f in card.features)
        warn(f"incomplete: {missing} applicable question(s) unanswered or invalid")
        sys.exit(EXIT_INCOMPLETE)
    band = card.headline.band
    gate = _band(fail_on)
    if gate is not None and band is not None and band_rank(band) >= band_rank(gate):
        warn(f"gate: headline band {band} is at or above --fail-on {gate}")
        sys.exit(EXIT_GATE)


def _band(value: str | None) -> Band | None:
    """A ``--fail-on`` value as a band (click has already checked it is one)."""
    return next((b for b in BANDS if value is not None and b == value.lower()), None)


COMMANDS = [score]
