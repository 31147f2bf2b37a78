"""The portfolio as rows: one layout for the SQLite tables and the CSV file.

Every column is named once here, with its table; ``sqlite`` makes the tables from these names and
``csv`` writes the products table's columns, so the two never disagree. docs/portfolio.md
describes each column. A product's rows come from its summary (reviews and summary files alike);
the answers and every plan of a full review come from ``detail``, made in the worker that scored
it (a summary has no answers, and of its plans only the late ones).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trustaudit.core.assessment.model import Answer, Assessment
from trustaudit.core.portfolio.summary import Summary, fails
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.scorecard import Scorecard

Row = tuple[Any, ...]

PRODUCTS = (
    "id",
    "source",
    "kind",
    "product",
    "release",
    "team",
    "status",
    "questionnaire_id",
    "questionnaire_version",
    "questionnaire_sha256",
    "pinned_version",
    "pinned_sha256",
    "questionnaire_changed",
    "band",
    "planned_band",
    "mean_risk",
    "planned_mean_risk",
    "features",
    "complete",
    "unanswered",
    "red_flags",
    "overdue",
    "lapsed",
    "as_of",
    "updated",
    "reviewed_on",
    "review_by",
    "review_by_derived",
    "review_due",
    "launch",
    "review_path",
    "review_sha256",
)
FEATURES = (
    "product_id",
    "id",
    "name",
    "owner",
    "band",
    "planned_band",
    "risk",
    "planned_risk",
    "unanswered",
    "red_flags",
)
FEATURE_PILLARS = ("product_id", "feature_id", "pillar", "title", "gap")
ANSWERS = (
    "product_id",
    "feature_id",
    "question",
    "section",
    "applicable",
    "state",
    "options",
    "text",
    "na",
    "risk",
    "impact",
    "red_flag",
    "fails",
    "carried",
)
PLANS = (
    "product_id",
    "feature_id",
    "question",
    "action",
    "owner",
    "due",
    "status",
    "accepted_by",
    "accepted_until",
    "verified_on",
    "overdue",
    "lapsed",
)
SIGN_OFFS = ("product_id", "role", "name", "decision", "date")
UNREADABLE = ("source", "line", "column", "message")


@dataclass(frozen=True)
class Detail:
    """A full review's answers and plans, as rows without their product id (the process that
    writes them numbers the products)."""

    answers: tuple[Row, ...]
    plans: tuple[Row, ...]


def product_row(pid: int, source: str, kind: str, s: Summary, as_of: dt.date) -> Row:
    """One product; ``review_due`` is judged on the portfolio's as-of date (a summary may have
    been made earlier), the counts of late plans on the summary's own (``as_of``)."""
    h = s.headline
    return (
        pid,
        source,
        kind,
        s.product,
        s.release,
        s.team,
        s.status,
        s.questionnaire.id,
        s.questionnaire.version,
        s.questionnaire.sha256,
        s.pinned.version,
        s.pinned.sha256,
        int(s.questionnaire_changed),
        h.band,
        h.planned_band,
        h.mean_risk,
        h.planned_mean_risk,
        s.counts.features,
        int(s.complete),
        s.counts.unanswered,
        s.counts.red_flags,
        s.counts.overdue,
        s.counts.lapsed,
        s.as_of.isoformat(),
        s.updated.isoformat(),
        s.reviewed_on.isoformat(),
        _iso(s.review_by),
        int(s.review_by_derived),
        int(timing.review_due(s.review_by, as_of)),
        _iso(s.launch),
        s.review.path,
        s.review.sha256,
    )


def feature_rows(pid: int, s: Summary) -> Iterator[Row]:
    for f in s.features:
        yield (
            pid,
            f.id,
            f.name,
            f.owner,
            f.band,
            f.planned_band,
            f.risk,
            f.planned_risk,
            f.unanswered,
            len(f.red_flags),
        )


def pillar_rows(pid: int, s: Summary) -> Iterator[Row]:
    titles = {p.id: p.title for p in s.pillars}
    for f in s.features:
        for pillar, gap in f.pillars.items():
            yield (pid, f.id, pillar, titles.get(pillar, pillar), gap)


def sign_off_rows(pid: int, s: Summary) -> Iterator[Row]:
    for o in s.sign_off:
        yield (pid, o.role, o.name, o.decision, _iso(o.date))


def late_plan_rows(pid: int, s: Summary) -> Iterator[Row]:
    """A summary's plans: only the late ones are in it (an overdue fix's status is not)."""
    for d in s.overdue:
        yield (pid, d.feature, d.question, None, d.owner, _iso(d.due), None, None, None, None, 1, 0)
    for a in s.lapsed:
        until = _iso(a.accepted_until)
        yield (pid, a.feature, a.question, None, None, None, "accepted", a.accepted_by, until,
               None, 0, 1)  # fmt: skip


def detail(assessment: Assessment, questionnaire: Questionnaire, card: Scorecard) -> Detail:
    """Every answer (one row per question of the questionnaire and per orphaned answer) and
    every plan of a scored review; late plans are those the scorecard found late."""
    section = questionnaire.section_of
    answers: list[Row] = []
    plans: list[Row] = []
    for feature, score in zip(assessment.features, card.features, strict=True):
        late = {(d.question, d.kind) for d in score.dated}
        for q in score.questions:
            a = feature.answers.get(q.id)
            answers.append(
                (
                    feature.id,
                    q.id,
                    section[q.id].id,
                    int(q.applicable),
                    q.state,
                    *_value(a),
                    q.risk,
                    q.impact,
                    q.floor,
                    int(q.applicable and fails(q.state, q.risk)),
                    a.carried if a is not None else None,
                )
            )
        for qid in score.orphaned:
            a = feature.answers[qid]
            answers.append(
                (feature.id, qid, None, 0, "orphaned", *_value(a), None, None, None, 0, a.carried)
            )
        for qid, a in feature.answers.items():
            p = a.plan
            if p is None:
                continue
            plans.append(
                (
                    feature.id,
                    qid,
                    p.action or None,
                    p.owner,
                    _iso(p.due),
                    p.status,
                    p.accepted_by,
                    _iso(p.accepted_until),
                    _iso(p.verified_on),
                    int((qid, "overdue") in late),
                    int((qid, "lapsed") in late),
                )
            )
    return Detail(tuple(answers), tuple(plans))


def _value(answer: Answer | None) -> tuple[str | None, str | None, str | None]:
    """An answer's options (a JSON list), text and N/A reason."""
    if answer is None:
        return None, None, None
    kind = answer.kind
    options = json.dumps(list(answer.option_ids)) if kind in ("choice", "choices") else None
    return options, answer.text, answer.na


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
