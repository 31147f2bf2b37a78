"""``trustaudit upgrade``: re-pin a review to the current questionnaire, keeping every answer."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustaudit.commands.common import questionnaire_option, warn

if TYPE_CHECKING:
    from trustaudit.core.review.upgrade import Move, Upgrade


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
def upgrade(file: Path, questionnaire_ref: str | None, dry_run: bool) -> None:
    """Re-pin FILE to the questionnaire in use, moving answers along its renames.

    Answers to renamed questions and options move to the new ids; answers to questions the
    questionnaire no longer has stay in the file (orphans); questions no feature has answered are
    listed. Exit codes: 0 done, 2 invalid input.
    """
    from trustaudit.core.io.paths import shown
    from trustaudit.core.review import upgrade as upgrading
    from trustaudit.core.review.reading import read
    from trustaudit.core.review.session import Review

    where = shown(file)
    if dry_run:
        opened = read(file, questionnaire_ref)
        done = upgrading.preview(opened.assessment, opened.questionnaire)
        sha = opened.questionnaire.sha256
    else:
        with Review.open(file, questionnaire_ref) as review:
            # What the changed questionnaire means for the answers is what this command says,
            # after moving them: the notices of opening it would list the answers it moves.
            said = set(review.drift.lines()) if review.drift is not None else set()
            for notice in review.notices:
                if notice not in said and not notice.startswith("the review is pinned to"):
                    warn(notice)
            done = review.upgrade()
            sha = review.questionnaire.sha256
    would = "would " if dry_run else ""
    if not done.changed and not (done.moved or done.renamed_options):
        click.echo(f"{where}: already pinned to {done.current}; nothing to upgrade.")
        return
    click.echo(f"{where}: {would}upgrade from {done.pinned} to {done.current}.")
    for line in _lines(done, would):
        click.echo(f"- {line}")
    click.echo(f"{'Would pin' if dry_run else 'Pinned'} to {done.current} (sha256 {sha[:12]}).")


def _lines(done: Upgrade, would: str) -> Iterable[str]:
    """What the upgrade did, one line each (a list of features after each rename)."""

    def moves(items: tuple[Move, ...]) -> str:
        by_rename: dict[tuple[str, str], list[str]] = {}
        for m in items:
            by_rename.setdefault((m.old, m.new), []).append(m.feature)
        return "; ".join(f"{old} → {new} ({', '.join(fs)})" for (old, new), fs in by_rename.items())

    if done.moved:
        yield f"{would}move {len(done.moved)} answer(s) along renames: {moves(done.moved)}"
    if done.renamed_options:
        yield f"{would}rename options in {len(done.renamed_options)} answer(s): " + moves(
            done.renamed_options
        )
    if done.blocked:
        yield (
            f"{len(done.blocked)} answer(s) kept under the old id, the new question already has "
            f"one (merge them by hand): {moves(done.blocked)}"
        )
    for feature, qids in done.orphans.items():
        yield f"feature {feature}: answers kept for questions no longer asked: {', '.join(qids)}"
    if done.unanswered:
        yield f"answered in no feature where they apply (new?): {', '.join(done.unanswered)}"


COMMANDS = [upgrade]
