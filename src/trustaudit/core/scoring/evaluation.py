"""From answer states to numbers: pillar gaps, likelihood, impact, trust risk, band and floors.

The ``Tally`` keeps the sums behind one evaluation (per pillar, the weighted risks; the impact
total; the red flags), so that a change to one answer re-scores cheaply: a question no condition
reads only moves its own term (``trial``), and a question that conditions read re-evaluates just
the questions that depend on it (``changed``). The formulas are in docs/questionnaire-format.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from trustaudit.core.bands import Band, band_rank, worst
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.conditions import Test, compile_condition
from trustaudit.core.scoring.items import Item, dependents, items
from trustaudit.core.scoring.scorecard import FloorHit, Outcome
from trustaudit.core.scoring.states import State

Standing = tuple[int, int, float]
"""What ranking counterfactuals needs: (band rank, how many rules hold the band there, R)."""


@dataclass
class Tally:
    """Sums behind one evaluation, kept so that single-answer changes re-score cheaply."""

    num: list[float]
    den: list[float]
    impact: float
    flags: dict[str, Band]
    risk_of: dict[str, float]
    impact_of: dict[str, float]
    applicable: dict[str, bool]

    def copy(self) -> Tally:
        return Tally(
            list(self.num),
            list(self.den),
            self.impact,
            dict(self.flags),
            dict(self.risk_of),
            dict(self.impact_of),
            dict(self.applicable),
        )


class Evaluator:
    """Evaluates answer states against one questionnaire (build once, reuse for every feature)."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.scoring = questionnaire.scoring
        self.pillar_ids = [s.id for s in questionnaire.pillars]
        self.pillar_weights = [s.weight for s in questionnaire.pillars]
        self.items = items(questionnaire)
        self.by_id = {item.question.id: item for item in self.items}
        self.tests: dict[str, Test] = {
            item.question.id: compile_condition(item.question.when)
            for item in self.items
            if item.question.when is not None
        }
        self.dependents = dependents(self.items)
        self._thresholds = rules.thresholds(self.scoring)

    # -- the sums --

    def tally(self, states: Mapping[str, State]) -> Tally:
        n = len(self.pillar_ids)
        result = Tally([0.0] * n, [0.0] * n, 0.0, {}, {}, {}, {})
        applicable = result.applicable
        tests = self.tests
        for item in self.items:
            qid = item.question.id
            test = tests.get(qid)
            applies = test is None or test(states, applicable) is not False
            applicable[qid] = applies
            if applies:
                self.add(result, item, states[qid])
        return result

    def add(self, tally: Tally, item: Item, state: State) -> None:
        """Add an applicable question's term to the sums (N/A and text add nothing)."""
        if state.kind == "na" or not item.scored:
            return
        qid = item.question.id
        if item.pillar is not None:
            r = item.risk(state)
            tally.risk_of[qid] = r
            tally.num[item.pillar] += item.weight * r
            tally.den[item.pillar] += item.weight
            if state.flag is not None:
                tally.flags[qid] = state.flag
        elif item.bears_impact:
            c = item.contribution(state)
            tally.impact_of[qid] = c
            tally.impact += c

    def remove(self, tally: Tally, item: Item) -> None:
        """Take a question's term back out of the sums, if it had one."""
        qid = item.question.id
        if qid in tally.risk_of:
            assert item.pillar is not None
            tally.num[item.pillar] -= item.weight * tally.risk_of.pop(qid)
            tally.den[item.pillar] -= item.weight
            tally.flags.pop(qid, None)
        elif qid in tally.impact_of:
            tally.impact -= tally.impact_of.pop(qid)

    def changed(self, states: Mapping[str, State], tally: Tally, qid: str) -> Tally:
        """The tally after ``states[qid]`` changed: only that question and the questions whose
        conditions (directly or through others) read it are looked at again."""
        out = tally.copy()
        item = self.by_id[qid]
        self.remove(out, item)
        if out.applicable[qid]:
            self.add(out, item, states[qid])
        for dependent in self.dependents.get(qid, ()):
            did = dependent.question.id
            applies = self.tests[did](states, out.applicable) is not False
            if applies != out.applicable[did]:
                out.applicable[did] = applies
                if applies:
                    self.add(out, dependent, states[did])
                else:
                    self.remove(out, dependent)
        return out

    # -- numbers --

    def likelihood(self, num: list[float], den: list[float]) -> float:
        weighted = total = top = 0.0
        for weight, n, d in zip(self.pillar_weights, num, den, strict=True):
            if d > 0:
                gap = 100.0 * n / d
                weighted += weight * gap
                total += weight
                if gap > top:
                    top = gap
        if total <= 0:
            return 0.0
        b = self.scoring.likelihood_blend
        return b * weighted / total + (1 - b) * top

    def numbers(self, tally: Tally) -> tuple[list[float | None], float, float, float]:
        """Pillar gaps, likelihood, impact and trust risk from a tally."""
        gaps: list[float | None] = [
            100.0 * n / d if d > 0 else None for n, d in zip(tally.num, tally.den, strict=True)
        ]
        likelihood = self.likelihood(tally.num, tally.den)
        impact = min(100.0, tally.impact)
        return gaps, likelihood, impact, _trust_risk(likelihood, impact)

    def measure(
        self, num: list[float], den: list[float], impact: float, flags: Iterable[Band]
    ) -> Standing:
        """(band rank, rules holding that band, R) for some sums: the band rule, the axis rule
        and the red flags, without building an ``Outcome``."""
        likelihood = self.likelihood(num, den)
        impact = min(100.0, impact)
        risk = _trust_risk(likelihood, impact)
        top, holds = rules.band_rank_of(risk, self._thresholds), 1
        axis = rules.axis_floor(likelihood, impact, self.scoring)
        floors = [band_rank(axis)] if axis is not None else []
        floors.extend(band_rank(f) for f in flags)
        for rank in floors:
            if rank > top:
                top, holds = rank, 1
            elif rank == top:
                holds += 1
        return top, holds, risk

    def standing(self, tally: Tally) -> Standing:
        """(band rank, rules holding that band, R): what ranking counterfactuals needs."""
        return self.measure(tally.num, tally.den, tally.impact, tally.flags.values())

    def outcome(self, tally: Tally) -> Outcome:
        scoring = self.scoring
        gaps, likelihood, impact, risk = self.numbers(tally)
        risk_band = rules.band_of(risk, scoring)
        floors: list[tuple[str | None, Band, Literal["red flag", "axis"]]] = []
        axis = rules.axis_floor(likelihood, impact, scoring)
        if axis is not None:
            floors.append((None, axis, "axis"))
        floors.extend((qid, floor, "red flag") for qid, floor in tally.flags.items())
        band = worst([risk_band, *(f[1] for f in floors)]) or risk_band
        hits = tuple(
            FloorHit(
                qid,
                floor,
                rule,
                band_rank(floor) > band_rank(risk_band),
                scoring.axis_threshold if rule == "axis" else None,
            )
            for qid, floor, rule in floors
        )
        pillars = dict(zip(self.pillar_ids, gaps, strict=True))
        return Outcome(pillars, likelihood, impact, risk, band, hits, risk_band)

    def evaluate(self, states: Mapping[str, State]) -> tuple[Outcome, Tally]:
        tally = self.tally(states)
        return self.outcome(tally), tally

    def trial(self, states: Mapping[str, State], tally: Tally, qid: str, new: State) -> Standing:
        """The standing with one answer changed.

        Most questions are read by no condition: then only their own term moves, and the sums
        are adjusted in place of a copy. Otherwise the dependents are re-evaluated (``changed``).
        """
        if qid in self.dependents:
            return self.standing(self.changed({**states, qid: new}, tally, qid))
        if not tally.applicable[qid]:
            return self.standing(tally)
        item = self.by_id[qid]
        counts = new.kind != "na" and item.scored
        if item.pillar is not None:
            p = item.pillar
            n, d = tally.num[p], tally.den[p]
            old = tally.risk_of.get(qid)
            if old is not None:  # the same operations as remove() then add(), for equal floats
                n -= item.weight * old
                d -= item.weight
            flags = [f for k, f in tally.flags.items() if k != qid]
            if counts:
                n += item.weight * item.risk(new)
                d += item.weight
                if new.flag is not None:
                    flags.append(new.flag)
            num, den = list(tally.num), list(tally.den)
            num[p], den[p] = n, d
            return self.measure(num, den, tally.impact, flags)
        impact = tally.impact
        if item.bears_impact:
            if qid in tally.impact_of:
                impact -= tally.impact_of[qid]
            if counts:
                impact += item.contribution(new)
        return self.measure(tally.num, tally.den, impact, tally.flags.values())


def _trust_risk(likelihood: float, impact: float) -> float:
    """R = √(L · I): the geometric mean, so a feature must be both likely and harmful to score."""
    return math.sqrt(max(0.0, likelihood) * max(0.0, impact))
