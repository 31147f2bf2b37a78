"""``trustaudit diff``: what changed between two versions of a review, for a pull request or CI."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from trustaudit.commands.common import EXIT_GATE, as_of_option, questionnaire_option, warn
from trustaudit.commands.score import BAND_CHOICE, parse_band


@click.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--since",
    "since",
    metavar="GITREF",
    help="Compare FILE with its version at a commit, branch or tag (read with git show).",
)
@click.option(
    "--since-signoff",
    is_flag=True,
    help="Compare FILE with the last commit that recorded a sign-off decision.",
)
@questionnaire_option("Questionnaire path or id for the new version, instead of its pin.")
@click.option(
    "--old-questionnaire",
    "old_questionnaire",
    metavar="Q",
    help="Questionnaire path or id for OLD (two files), instead of the one its pin leads to.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option(
    "--fail-on-worse",
    type=BAND_CHOICE,
    metavar="BAND",
    help="Exit 1 when a feature crosses into BAND or worse (low|medium|high|critical).",
)
@click.option("-o", "--output", metavar="OUT", help="Write to OUT instead of standard output.")
@as_of_option()
def diff(
    old: Path,
    new: Path | None,
    since: str | None,
    since_signoff: bool,
    questionnaire_ref: str | None,
    old_questionnaire: str | None,
    as_json: bool,
    fail_on_worse: str | None,
    output: str | None,
    as_of: dt.date,
) -> None:
    """Show what changed between two versions of a review: OLD NEW, or FILE --since GITREF, or
    FILE --since-signoff.

    Semantic, not textual: features, answers (with their effect on risk), questions a
    questionnaire change added or removed, plans, sign-offs, and each feature's and pillar's score
    then and now. Markdown fit for a pull-request comment (worst change first), or --json.
    Exit codes: 0 shown, 1 a feature crossed into --fail-on-worse BAND, 2 invalid input.
    """
    from trustaudit.core.io.output import write_output
    from trustaudit.core.io.paths import shown
    from trustaudit.core.report.changes import markdown
    from trustaudit.core.review import git, versions
    from trustaudit.core.review.diff import compare, dumps

    modes = sum((new is not None, since is not None, since_signoff))
    if modes != 1:
        raise click.UsageError(
            "give OLD NEW, or FILE --since GITREF, or FILE --since-signoff (exactly one)"
        )
    if old_questionnaire is not None and new is None:
        raise click.UsageError(
            "--old-questionnaire is for OLD NEW; from git, it is read at the ref"
        )
    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name, or - for standard output")
    if new is not None:
        before = versions.from_file(old, old_questionnaire)
        after = versions.from_file(new, questionnaire_ref)
        inputs = [old, new]
    else:
        after = versions.from_file(old, questionnaire_ref, "working copy")
        commit = git.last_sign_off(old) if since_signoff else git.resolve(old, since or "")
        named = "the last sign-off" if since_signoff else since
        label = f"{named} ({commit.short}, {commit.day})"
        before = versions.from_git(old, commit, after.questionnaire, label=label)
        inputs = [old]
    if not before.questionnaire_known:
        pin = before.assessment.questionnaire
        warn(
            f"{before.label}: its questionnaire {pin.id} {pin.version} is not available; "
            f"it is scored against {after.questionnaire.id} {after.questionnaire.version}"
        )
    changes = compare(before, after, as_of)
    terminal = output in (None, "-") and sys.stdout.isatty()
    text = dumps(changes, indent=2 if terminal else None) if as_json else markdown(changes)
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        chains = [*before.questionnaire.chain, *after.questionnaire.chain]
        written = write_output(Path(output), text.encode("utf-8"), [*inputs, *chains])
        click.echo(f"wrote {shown(written)}", err=True)
    gate = parse_band(fail_on_worse)
    crossed = changes.crossed_into(gate) if gate is not None else ()
    for f in crossed:
        was = f"was {f.old.band}" if f.old is not None else "new"
        warn(f"gate: feature {f.id} is {f.new.band if f.new else ''} ({was}), at or above {gate}")
    if crossed:
        sys.exit(EXIT_GATE)


COMMANDS = [diff]
