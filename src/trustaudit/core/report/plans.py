"""The plans of a review as the report shows them: every action with what it does alone, grouped
by feature for the action plan, and summed up per owner for "who does what by when".

Dates are judged on the scorecard's as-of date, never the clock: *overdue* and *lapsed* are the
rules of ``scoring.timing``; a fix is *after launch* when it is due after ``launch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from trustaudit.core.assessment.model import Feature
from trustaudit.core.bands import Band, band_rank
from trustaudit.core.report.labels import BAND_LABELS
from trustaudit.core.report.markdown import UserText, user
from trustaudit.core.report.view import ActionView, FeatureView, OwnerView, PlanGroup
from trustaudit.core.report.wording import long_date
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.engine import Engine
from trustaudit.core.scoring.scorecard import FeatureScore


class Effect(NamedTuple):
    """What one plan does alone: the feature's trust risk and band once it is done."""

    risk: float
    band: Band


def actions(
    engine: Engine,
    features: Iterable[tuple[FeatureView, Feature, FeatureScore]],
    as_of: dt.date,
    launch: dt.date | None,
) -> list[ActionView]:
    """Every plan in the review, soonest due first, with what it does on its own."""
    rows: list[ActionView] = []
    for view, feature, score in features:
        best = {c.question.id: c for c in view.contributors}
        for a in view.answers:
            plan = feature.answers[a.question.id].plan if a.plan is not None else None
            if a.plan is None or plan is None:
                continue
            c = best.get(a.question.id)
            if c is not None and plan.targets and set(plan.targets) == set(c.best_ids):
                # The plan's target is the answer's best option: scoring already knows the
                # outcome (the contributor's), so the what-if is not run again.
                effect: Effect | None = Effect(score.now.risk - c.delta, c.band_if_fixed)
            else:
                out = engine.what_if(feature, a.question.id, plan.targets) if plan.targets else None
                effect = Effect(out.risk, out.band) if out is not None else None
            to_make = plan.status in timing.TO_MAKE
            accepted, ends = plan.status == "accepted", plan.acceptance_ends
            rows.append(
                ActionView(
                    feature=view,
                    question=a.question,
                    answer=a.answer,
                    action=a.plan.action or UserText("No action written yet"),
                    target=a.plan.target,
                    risk_from=score.now.risk,
                    risk_to=effect.risk if effect else None,
                    band_from=score.now.band,
                    band_to=effect.band if effect else None,
                    band_from_label=BAND_LABELS[score.now.band],
                    band_to_label=BAND_LABELS[effect.band] if effect else None,
                    owner=a.plan.owner,
                    due=a.plan.due,
                    status=a.plan.status,
                    status_label=a.plan.status_label,
                    credited=a.plan.credited,
                    no_credit_reason=a.plan.no_credit_reason,
                    due_label=long_date(plan.due) if plan.due else None,
                    after_launch=to_make and timing.after_launch(plan.due, launch),
                    overdue=timing.overdue(plan, as_of),
                    changes_band=effect is not None and effect.band != score.now.band,
                    to_make=to_make,
                    done_unapplied=a.plan.done_unapplied,
                    accepted_by=user(plan.accepter) if accepted else None,
                    accepted_until_label=long_date(ends) if accepted and ends else None,
                    lapsed=timing.lapsed(plan, as_of),
                    verified_on=long_date(plan.verified_on) if plan.verified_on else None,
                )
            )
    rows.sort(key=lambda r: (r.due is None, r.due or "", r.feature.number, r.question.id))
    return rows


def groups(features: list[FeatureView], rows: list[ActionView]) -> list[PlanGroup]:
    """The action plan by feature, worst band first: what is still to make, done, accepted."""
    out = []
    by_feature: dict[str, list[ActionView]] = {}
    for r in rows:
        by_feature.setdefault(r.feature.id, []).append(r)
    ordered = sorted(features, key=lambda f: (-band_rank(f.band), -f.risk, f.number))
    for view in ordered:
        mine = by_feature.get(view.id, [])
        if not mine:
            continue
        out.append(
            PlanGroup(
                feature=view,
                to_make=tuple(r for r in mine if r.to_make),
                done=tuple(r for r in mine if r.status == "done"),
                accepted=tuple(r for r in mine if r.status == "accepted" and not r.lapsed),
                lapsed=tuple(r for r in mine if r.lapsed),
            )
        )
    return out


def owners(rows: list[ActionView]) -> list[OwnerView]:
    """One line per owner of fixes still to make (most fixes first), and one for nobody."""
    by_owner: dict[str | None, list[ActionView]] = {}
    for r in rows:
        if r.to_make:
            by_owner.setdefault(str(r.owner) if r.owner else None, []).append(r)
    out = []
    for owner, mine in by_owner.items():
        dues = sorted(r.due for r in mine if r.due)
        out.append(
            OwnerView(
                owner=UserText(owner) if owner else None,
                fixes=len(mine),
                next_due=long_date(dt.date.fromisoformat(dues[0])) if dues else None,
                last_due=long_date(dt.date.fromisoformat(dues[-1])) if dues else None,
                overdue=tuple(r for r in mine if r.overdue),
                after_launch=sum(r.after_launch for r in mine),
            )
        )
    out.sort(key=lambda o: (o.owner is None, -o.fixes, str(o.owner or "")))
    return out


def planned_by(rows: list[ActionView]) -> tuple[str | None, int]:
    """The last due date among the credited fixes still to make (written out), and how many."""
    credited = [r for r in rows if r.credited and r.to_make]
    dues = [r.due for r in credited if r.due]
    return (long_date(dt.date.fromisoformat(max(dues))) if dues else None), len(credited)
