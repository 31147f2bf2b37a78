"""Why a feature scores what it does, and what would move it: contributors and drop-a-band fixes.

For every answer with risk, an impact contribution or a red flag, the engine asks "what if this
answer were at its best option?" (``rules.best_option``); how far R falls ranks the contributors.
The smallest greedy set of such fixes that lowers the band by one is the drop-a-band advice,
looked for first among how the feature is run (pillar answers), then among what it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from trustaudit.core.bands import BANDS, Band, band_rank
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.evaluation import Evaluator, Standing, Tally
from trustaudit.core.scoring.scorecard import Contributor, Outcome
from trustaudit.core.scoring.states import State


class Fix(NamedTuple):
    """A scored answer, its best option, and the standing with that option chosen."""

    contributor: Contributor
    best: State
    result: Standing


def fixes(ev: Evaluator, states: Mapping[str, State], tally: Tally) -> list[Fix]:
    """Every scored answer that is not at its best, with the standing if it were.

    A fix counts when the answer has risk, an impact contribution or a red flag; its ``delta`` is
    how far R falls.
    """
    found: list[Fix] = []
    risk = ev.standing(tally)[2]
    for item in ev.items:
        qid = item.question.id
        best = item.best
        if best is None:
            continue
        if qid in tally.risk_of:
            current = tally.risk_of[qid]
            kind: Literal["risk", "impact", "unknown"] = "risk"
        elif qid in tally.impact_of:
            current = tally.impact_of[qid]
            kind = "impact"
        else:
            continue
        if current <= 0 and qid not in tally.flags:
            continue
        state = states[qid]
        if state.kind != "answered":
            kind = "unknown"
        elif state.blend_from is None and state.option_ids == best.option_ids:
            continue  # already at its best option
        result = ev.trial(states, tally, qid, best)
        contributor = Contributor(
            question=qid,
            section=item.section,
            delta=risk - result[2],
            kind=kind,
            options=tuple(o.id for o in state.options),
            best=tuple(o.id for o in best.options),
            recommend=rules.advice(state.options),
            pillar=item.pillar is not None,
            band=BANDS[result[0]],
        )
        found.append(Fix(contributor, best, result))
    found.sort(key=lambda fix: (-fix.contributor.delta, fix.contributor.question))
    return found


def explaining(found: list[Fix], now: Outcome) -> list[Fix]:
    """The fixes that lower R, or alone lower the band: the feature's contributors."""
    rank = band_rank(now.band)
    return [f for f in found if f.contributor.delta > 1e-9 or f.result[0] < rank]


def drop_one_band(
    ev: Evaluator,
    states: Mapping[str, State],
    tally: Tally,
    now: Outcome,
    candidates: list[Fix],
) -> tuple[tuple[Contributor, ...], Band | None]:
    """The smallest greedy set of fixes that lowers the band by one, if answers can.

    Each round applies the fix that gives the lowest (band, rules holding the band, R), so that
    removing one of two red flags at the same band counts as progress; the first round reuses
    the standings the fixes were found with. The search stops as soon as no fix improves the
    standing: a fix that does not help is never advised.
    """
    if now.band == "low":
        return (), None
    goal = band_rank(now.band) - 1
    current = dict(states)
    standing = ev.standing(tally)
    chosen: list[Contributor] = []
    trials = list(candidates)
    while trials and standing[0] > goal:
        pick = min(trials, key=lambda t: (*t.result, t.contributor.question))
        if pick.result >= standing:
            break
        qid = pick.contributor.question
        current[qid] = pick.best
        chosen.append(pick.contributor)
        tally = ev.changed(current, tally, qid)
        standing = ev.standing(tally)
        trials = [
            t._replace(result=ev.trial(current, tally, t.contributor.question, t.best))
            for t in trials
            if t.contributor.question != qid
        ]
    if standing[0] > goal:
        return (), None
    return tuple(chosen), BANDS[standing[0]]


def what_drops_a_band(
    ev: Evaluator, states: Mapping[str, State], tally: Tally, now: Outcome, found: list[Fix]
) -> tuple[tuple[Contributor, ...], Band | None]:
    """Fixes to how the feature is run (pillar answers) first; changing what the feature is (its
    data, reach, recipients) only when running it better cannot drop the band.

    "Stop using purchase history" is rarely an option for a recommendation feature, so advice
    that starts there is advice nobody takes.
    """
    running = [f for f in found if f.contributor.pillar]
    drop, drop_to = drop_one_band(ev, states, tally, now, running)
    if drop_to is None and len(running) < len(found):
        drop, drop_to = drop_one_band(ev, states, tally, now, found)
    return drop, drop_to
