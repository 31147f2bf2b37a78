"""Why a feature scores what it does, and what would move it: contributors and drop-a-band fixes.

For every answer with risk, an impact contribution or a red flag, the engine asks "what if this
answer were at its best option?" (``rules.best_option``); how far R falls ranks the contributors.
The smallest greedy set of such fixes that lowers the band by one is the drop-a-band advice,
looked for first among how the feature is run (pillar answers), then among what it is.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from typing import Literal, NamedTuple

from trustaudit.core.bands import BANDS, Band, band_rank
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.evaluation import Effect, Evaluator, Standing, Tally
from trustaudit.core.scoring.scorecard import Contributor, Outcome
from trustaudit.core.scoring.states import State

MAX_FIXES = 50
"""The drop-a-band search stops after this many fixes: a feature that needs more has broad gaps,
not a short list of fixes, and saying so is the honest advice. It also bounds the search on very
large questionnaires (docs/questionnaire-format.md, "How answers become a score")."""


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
    """The smallest greedy set of fixes that lowers the band by one, if at most ``MAX_FIXES``
    answer changes can.

    Each round applies the fix that gives the lowest (band, rules holding the band, R), so that
    removing one of two red flags at the same band counts as progress; ties go to the question
    id. The search stops as soon as no fix improves the standing: a fix that does not help is
    never advised.
    """
    if now.band == "low":
        return (), None
    goal = band_rank(now.band) - 1
    search = _Search(ev, dict(states), tally.copy(), candidates)
    chosen: list[Contributor] = []
    standing = ev.standing(search.tally)
    while standing[0] > goal and len(chosen) < MAX_FIXES:
        pick = search.best()
        if pick is None or pick[0] >= standing:
            break
        chosen.append(search.take(pick[1]))
        standing = ev.standing(search.tally)
    if standing[0] > goal:
        return (), None
    return tuple(chosen), BANDS[standing[0]]


class _Search:
    """The candidates of one drop-a-band search, organised so each round costs little.

    A fix to a question no condition reads moves one term: its pillar's risk sum (or the impact)
    by a fixed amount, and at most one red flag. Among such fixes in the same pillar with the same
    red-flag change, the standing after the fix only grows with that amount, so the fix with the
    largest reduction (then the lowest id) stands for them all: they wait in one heap per
    (pillar, flag change), and a round looks at the top of each. A fix to a question that
    conditions read can switch others on or off; its effect on the sums is worked out once, and
    again only after a fix it depends on is applied. A round then costs the number of heaps and
    of such fixes, not the number of questions.
    """

    def __init__(
        self, ev: Evaluator, states: dict[str, State], tally: Tally, candidates: list[Fix]
    ) -> None:
        self.ev, self.states, self.tally = ev, states, tally
        self.fixes = {f.contributor.question: f for f in candidates}
        self.heaps: dict[tuple[int, int, int], list[tuple[float, str]]] = {}
        self.entry: dict[str, tuple[tuple[int, int, int], float]] = {}
        self.linked: dict[str, Effect | None] = {}
        self.watch: dict[str, list[str]] = {}
        self.pending = set(self.fixes)
        for qid in self.fixes:
            if qid in ev.dependents:
                self.linked[qid] = None
                for read in {qid, *(d.question.id for d in ev.dependents[qid])}:
                    for source in {read, *ev.reads[read]}:
                        self.watch.setdefault(source, []).append(qid)
            else:
                self.place(qid)

    def place(self, qid: str) -> None:
        """File a fix of a question no condition reads under its pillar and flag change."""
        ev, tally, fix = self.ev, self.tally, self.fixes[qid]
        item = ev.by_id[qid]
        self.entry.pop(qid, None)
        if not tally.applicable[qid]:
            return  # a fix that changes nothing
        if item.pillar is not None and qid in tally.risk_of:
            amount = item.weight * (item.risk(fix.best) - tally.risk_of[qid])
            where = item.pillar
        elif item.pillar is None and qid in tally.impact_of:
            amount = item.contribution(fix.best) - tally.impact_of[qid]
            where = -1
        else:
            return
        old = tally.flags.get(qid)
        key = (
            where,
            band_rank(old) if old else 0,
            band_rank(fix.best.flag) if fix.best.flag else 0,
        )
        self.entry[qid] = (key, amount)
        heapq.heappush(self.heaps.setdefault(key, []), (amount, qid))

    def best(self) -> tuple[Standing, str] | None:
        """The standing after the best fix of this round, and its question."""
        ev, states, tally = self.ev, self.states, self.tally
        for qid in [q for q, known in self.linked.items() if known is None]:
            fresh = ev.effect(states, tally, qid, self.fixes[qid].best)
            if fresh.toggled:
                self.linked[qid] = fresh
            else:  # switches nothing now: it moves one term, like the others in the heaps
                del self.linked[qid]
                self.place(qid)
        found: list[tuple[Standing, str]] = []
        for key, heap in self.heaps.items():
            while heap and self.entry.get(heap[0][1]) != (key, heap[0][0]):
                heapq.heappop(heap)  # applied, or moved by a fix applied since
            if heap:
                qid = heap[0][1]
                found.append((ev.trial(states, tally, qid, self.fixes[qid].best), qid))
        best = min(found, default=None)
        counts = tally.counts
        for qid, effect in self.linked.items():
            assert effect is not None
            # No fix ends below its red flags: skip those whose flags alone rule them out.
            after = [a + b for a, b in zip(counts, effect.counts, strict=True)]
            flagged = 3 if after[3] else 2 if after[2] else 1 if after[1] else -1
            if best is not None and (flagged, after[flagged] if flagged > 0 else 0) > best[0][:2]:
                continue
            result = (ev.measure_effect(tally, effect), qid)
            if best is None or result < best:
                best = result
        return best

    def take(self, qid: str) -> Contributor:
        """Apply the fix of ``qid`` for good; what it switches on or off is filed again."""
        fix = self.fixes[qid]
        self.pending.discard(qid)
        self.entry.pop(qid, None)
        self.linked.pop(qid, None)
        self.states[qid] = fix.best
        undo = self.ev.apply(self.states, self.tally, qid)
        for moved, *_ in undo.entries:
            for linked in self.watch.get(moved, ()):
                if linked in self.pending:  # worked out again when next needed
                    self.entry.pop(linked, None)
                    self.linked[linked] = None
            if moved in self.pending and moved not in self.ev.dependents:
                self.place(moved)  # switched on or off: its fix moves by another amount
        return fix.contributor


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
