"""``trustaudit rereview`` and ``trustaudit confirm``: the next review cycle, from the command line.

``rereview`` records the cycle that ends in the file's ``history`` and carries every answer over,
marked unconfirmed; ``confirm`` marks the answers of a feature as checked once the team has looked
at them (the app does the same, one answer at a time). docs/reviews-over-time.md shows the cycle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from trustaudit.commands.common import as_of_option, questionnaire_option, warn


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@as_of_option("The day the new cycle starts (YYYY-MM-DD); default: today.")
def rereview(file: Path, questionnaire_ref: str | None, as_of: dt.date) -> None:
    """Start the next review cycle of FILE.

    The cycle that ends goes into the file's history (its dates, bands, questionnaire and
    sign-off); every answer is carried over marked unconfirmed, each signer is asked again and
    the next review date follows from the band until one is set. Nothing is dropped. Exit codes:
    0 started, 2 invalid input.
    """
    from trustaudit.core.io.paths import shown
    from trustaudit.core.report.wording import long_date
    from trustaudit.core.review.session import Review

    with Review.open(file, questionnaire_ref) as review:
        for notice in review.notices:
            warn(notice)
        ended = review.start_cycle(as_of)
        cycles = len(review.assessment.history)
        signers = len(review.assessment.sign_off)
    where = shown(file)
    band = (ended.band or "not scored").upper()
    signed = [f"{s.role} ({s.name}): {s.decision}" for s in ended.sign_off]
    click.echo(f"{where}: review {cycles + 1} starts on {as_of}.")
    click.echo(
        f"Recorded review {cycles} ({long_date(ended.started)} to {long_date(ended.ended)}): "
        f"{band}, {len(ended.features)} feature(s), questionnaire "
        f"{ended.questionnaire.id} {ended.questionnaire.version}"
        + (f"; sign-off {'; '.join(signed)}" if signed else "")
        + "."
    )
    click.echo(
        f"{ended.answers} answer(s) carried over, marked `carried: unconfirmed`. Look at them "
        f"again (trustaudit open {where}: an answer you change is marked changed) and confirm "
        f"those still true: trustaudit confirm {where} FEATURE."
    )
    if signers:
        click.echo(f"Sign-off asked again: {signers} signer(s) pending.")


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("features", nargs=-1, metavar="[FEATURE]...")
@click.option("--all", "every", is_flag=True, help="Confirm the answers of every feature.")
@click.option(
    "--question",
    "-Q",
    "questions",
    multiple=True,
    metavar="ID",
    help="Confirm only this question's answer (repeat for more); needs one FEATURE.",
)
@questionnaire_option()
def confirm(
    file: Path,
    features: tuple[str, ...],
    every: bool,
    questions: tuple[str, ...],
    questionnaire_ref: str | None,
) -> None:
    """Confirm carried-over answers of FEATURE(s) of FILE as still true, after checking them.

    Answers that were changed need no confirming; answers still unconfirmed are listed by
    `trustaudit report` until they are. Exit codes: 0 done, 2 invalid input.
    """
    from trustaudit.core.errors import InvalidFileError
    from trustaudit.core.io.paths import shown
    from trustaudit.core.review import cycle
    from trustaudit.core.review.session import Review

    if every == bool(features):
        raise click.UsageError("name the FEATURE(s) to confirm, or --all (not both)")
    if questions and len(features) != 1:
        raise click.UsageError("--question needs exactly one FEATURE")
    where = shown(file)
    with Review.open(file, questionnaire_ref) as review:
        for notice in review.notices:
            warn(notice)
        ids = {f.id for f in review.assessment.features}
        unknown = [f for f in features if f not in ids]
        if unknown:
            raise InvalidFileError.at(
                where, f"no feature {', '.join(unknown)}; the features are {', '.join(sorted(ids))}"
            )
        if questions:
            count = sum(review.confirm(features[0], q) for q in questions)
        else:
            count = sum(review.confirm_all(f) for f in features) if features else 0
            count += review.confirm_all() if every else 0
        left = cycle.tally(review.assessment, review.questionnaire)
    if left is None:
        click.echo(f"{where}: a first review carries nothing over; nothing to confirm.")
        return
    still = left.unconfirmed
    click.echo(f"{where}: confirmed {count} answer(s); {still} still unconfirmed in the review.")


COMMANDS = [rereview, confirm]
