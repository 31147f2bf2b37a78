"""``trustaudit card``: the customer data cards of a review, to publish outside the report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trustaudit.commands.common import EXIT_GATE, questionnaire_option, warn

FORMAT_CHOICES = ("md", "json", "html", "apple-privacy")
"""``report.card.output.FORMATS``, spelled out so that the command line starts without loading
the core (a test holds the two equal)."""


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option("--feature", "feature_id", metavar="ID", help="Only this feature (its id in FILE).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
    default="md",
    show_default=True,
    help="md: Markdown; json: for a product's own UI (docs/data-cards.md); html: a "
    "self-contained snippet; apple-privacy: a draft App Store label (fastlane's "
    "app_privacy_details.json).",
)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Where to write; '-' for standard output. Default: beside FILE, NAME.cards.md "
    "(.json, .html) or NAME.app_privacy_details.json.",
)
@click.option(
    "--require-ready",
    is_flag=True,
    help="Exit 1 when a card is not ready to publish (a gap is open), or when the App Store "
    "draft has points to check, for CI.",
)
def card(
    file: Path,
    questionnaire_ref: str | None,
    feature_id: str | None,
    fmt: str,
    output: str | None,
    require_ready: bool,
) -> None:
    """Write the customer data cards of an assessment FILE.

    Each card says only what the answers support; what they do not is listed under "Before you
    publish", and such a card is not ready to publish. Exit codes: 0 written, 1 a card is not
    ready (with --require-ready), 2 invalid input.
    """
    from trustaudit.core.io.output import write_output
    from trustaudit.core.io.paths import shown
    from trustaudit.core.report.card.output import card_format, card_path, render_cards
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score
    from trustaudit.core.text import one_line

    kind = card_format(fmt)
    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name, or - for standard output")
    opened = read(file, questionnaire_ref)
    if opened.drift is not None:
        for line in opened.drift.lines():
            warn(line)
    ids = [f.id for f in opened.assessment.features]
    if feature_id is not None and feature_id not in ids:
        listed = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
        raise click.UsageError(
            f"--feature: {shown(file)} has no feature '{one_line(feature_id)}'"
            + (f"; its features are {listed}" if ids else "; it has no features yet")
        )
    scorecard = score(opened.questionnaire, opened.assessment)
    made = render_cards(kind, opened.questionnaire, opened.assessment, scorecard, feature_id)
    if output == "-":
        sys.stdout.write(made.text)
        sys.stdout.flush()
    else:
        path = Path(output) if output else card_path(file, kind, feature_id)
        inputs = [file, *opened.questionnaire.chain]
        written = write_output(path, made.text.encode("utf-8"), inputs)
        click.echo(f"wrote {shown(written)}", err=True)
    for line in made.to_check:
        click.echo(f"to check: {one_line(line)}", err=True)
    if kind == "apple-privacy":
        if made.to_check:
            click.echo(
                f"the draft label has {len(made.to_check)} point(s) to check before you upload it",
                err=True,
            )
            if require_ready:
                sys.exit(EXIT_GATE)
        return
    waiting = [c for c in made.cards if not c.ready]
    if waiting:
        names = ", ".join(one_line(str(c.feature)) for c in waiting[:5])
        more = f" and {len(waiting) - 5} more" if len(waiting) > 5 else ""
        click.echo(
            f"{len(waiting)} of {len(made.cards)} cards not ready to publish: {names}{more} "
            "(see “Before you publish” on each)",
            err=True,
        )
        if require_ready:
            sys.exit(EXIT_GATE)


COMMANDS = [card]
