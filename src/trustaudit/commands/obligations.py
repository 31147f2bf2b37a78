"""``trustaudit obligations``: which laws and frameworks each feature's answers put at risk.

A thin layer over ``core.obligations.status`` (the statuses) and ``core.obligations.screening``
(the DPIA screening in words); docs/obligations.md explains both.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trustaudit.commands.common import questionnaire_option, warn
from trustaudit.commands.table import aligned

if TYPE_CHECKING:
    from trustaudit.core.obligations.screening import DpiaScreening
    from trustaudit.core.obligations.status import FeatureObligations, Standing

NOT_LEGAL_ADVICE = (
    "Not legal advice: statuses follow from the answers and the bundled mapping of questions to "
    "provisions; a lawyer decides what applies and what is met."
)

STATUS_CHOICE = click.Choice(["at-risk", "unknown", "not-assessed", "met"], case_sensitive=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@questionnaire_option()
@click.option("--json", "as_json", is_flag=True, help="Print the statuses as JSON.")
@click.option(
    "--status",
    "only",
    type=STATUS_CHOICE,
    multiple=True,
    metavar="STATUS",
    help="Show only obligations with this status (at-risk|unknown|not-assessed|met); repeatable.",
)
def obligations(
    file: Path, questionnaire_ref: str | None, as_json: bool, only: tuple[str, ...]
) -> None:
    """List every obligation that applies to each feature: at risk, unknown, not assessed, met.

    An obligation (GDPR 13(1)(c), DSA 27, NIST CM.AW-P1...) is at risk when an answer to a
    question that touches it is a red flag or reaches the Medium band alone; unknown while such
    a question is unanswered or "don't know"; not assessed when no question touches it; met
    otherwise. Laws apply by the feature's markets and profile (CCPA only in California, DSA 27
    only on online platforms). Also shows the DPIA screening. Exit codes: 0 done, 2 invalid input.
    """
    from trustaudit.core.obligations.screening import screening
    from trustaudit.core.obligations.status import review_obligations
    from trustaudit.core.review.reading import read
    from trustaudit.core.scoring.engine import score

    opened = read(file, questionnaire_ref)
    card = score(opened.questionnaire, opened.assessment)
    if opened.drift is not None:
        for line in opened.drift.lines(answers=False):
            warn(line)
    wanted = {s.replace("-", " ").lower() for s in only}
    found = review_obligations(opened.questionnaire, opened.assessment, card)
    screenings = [screening(opened.questionnaire, s) for s in card.features]
    if not opened.questionnaire.obligations.catalogues:
        warn(f"{file}: the questionnaire names no obligations; nothing to show")
    if as_json:
        click.echo(json.dumps(_json(found, screenings, wanted), indent=2, ensure_ascii=False))
        return
    for line in _table(found, wanted):
        click.echo(line)
    for feature, dpia in zip(found, screenings, strict=True):
        click.echo(_counts(feature))
        click.echo(f"  DPIA: {dpia.outcome}" + (f": {'; '.join(dpia.named)}" if dpia.named else ""))
        if dpia.untagged:
            click.echo(f"  DPIA: counted without a named criterion: {'; '.join(dpia.untagged)}")
    click.echo(NOT_LEGAL_ADVICE)
    sys.stdout.flush()


def _keep(standing: Standing, wanted: set[str]) -> bool:
    return not wanted or standing.status in wanted


def _table(found: tuple[FeatureObligations, ...], wanted: set[str]) -> list[str]:
    """One block of rows per obligation, worst status first, then catalogue order: the id and
    title on its first row, one row per feature with the questions behind its status."""
    from trustaudit.core.obligations.status import STATUSES

    rows: dict[str, list[tuple[str, Standing]]] = {}
    for feature in found:
        for standing in feature.standings:
            if _keep(standing, wanted):
                rows.setdefault(standing.obligation.id, []).append((feature.name, standing))
    if not rows:
        return ["No obligation to show."]
    rank = {status: i for i, status in enumerate(STATUSES)}

    def worst(oid: str) -> int:
        return min(rank[s.status] for _, s in rows[oid])

    ordered = sorted(rows, key=worst)  # stable: catalogue order within a status
    table = [["ID", "OBLIGATION", "TITLE", "FEATURE", "STATUS", "BECAUSE OF"]]
    for oid in ordered:
        for i, (name, s) in enumerate(sorted(rows[oid], key=lambda r: rank[r[1].status])):
            first = i == 0
            table.append(
                [
                    s.obligation.id if first else "",
                    s.obligation.name if first else "",
                    s.obligation.title if first else "",
                    name,
                    s.status + (" (if it applies)" if s.pending else ""),
                    ", ".join(s.because) or s.why,
                ]
            )
    return aligned(table)


def _counts(feature: FeatureObligations) -> str:
    from trustaudit.core.obligations.status import STATUSES

    parts = [f"{len(feature.having(status))} {status}" for status in STATUSES]
    waiting = sorted({p for s in feature.standings for p in s.pending})
    line = f"{feature.name}: " + " · ".join(parts)
    if waiting:
        line += f" · whether some apply waits on: {', '.join(waiting)}"
    return line


def _json(
    found: tuple[FeatureObligations, ...], screenings: list[DpiaScreening], wanted: set[str]
) -> dict[str, Any]:
    features = []
    for feature, dpia in zip(found, screenings, strict=True):
        data = feature.to_json()
        data["obligations"] = [s.to_json() for s in feature.standings if _keep(s, wanted)]
        data["dpia"] = dpia.to_json()
        features.append(data)
    return {"note": NOT_LEGAL_ADVICE, "features": features}


COMMANDS = [obligations]
