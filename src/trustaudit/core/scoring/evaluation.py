"""From answer states to numbers: pillar gaps, likelihood, impact, trust risk, band and floors.

The ``Tally`` keeps the sums behind one evaluation (per pillar, the weighted risks; the impact
total; the red flags and how many there are at each band), so that "what if this one answer were
different?" costs little: a question no condition reads only moves its own term, in time that does
not grow with the questionnaire (``trial``), and a question that conditions read re-evaluates just
the questions that depend on it, changed in place and put back (``apply``, ``undo``). The
explanations ask this thousands of times per feature; the formulas are in
docs/questionnaire-format.md.
"""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from trustaudit.core.bands import Band, band_rank, worst
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.conditions import Test, compile_condition
from trustaudit.core.scoring.items import Item, dependents, items, reads
from trustaudit.core.scoring.scorecard import FloorHit, Outcome
from trustaudit.core.scoring.states import State

Standing = tuple[int, int, float]
"""What ranking counterfactuals needs: (band rank, how many rules hold the band there, R)."""

FlagCounts = tuple[int, int, int, int]
"""How many red flags hold each band, by band rank (low's count is always 0)."""


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
    counts: list[int]
    """Red flags per band rank, so a standing never has to walk the flags."""

    def copy(self) -> Tally:
        return Tally(
            list(self.num),
            list(self.den),
            self.impact,
            dict(self.flags),
            dict(self.risk_of),
            dict(self.impact_of),
            dict(self.applicable),
            list(self.counts),
        )


_MISSING = object()


@dataclass
class Undo:
    """What ``Evaluator.apply`` changed, to put it back exactly (sums are restored, not
    recomputed, so a trial leaves no rounding behind)."""

    num: list[float]
    den: list[float]
    impact: float
    counts: list[int]
    entries: list[tuple[str, object, object, object, bool]]
    """Per touched question: its risk_of, impact_of and flags entries and its applicability."""


@dataclass(frozen=True)
class Effect:
    """How one answer change moves the sums; ``toggled`` are the questions whose applicability
    it switches."""

    num: list[float]
    den: list[float]
    impact: float
    counts: list[int]
    toggled: tuple[str, ...]


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
        self.reads = reads(self.items)
        self.dependents = dependents(self.items, self.reads)
        self._thresholds = rules.thresholds(self.scoring)
        self._blend = self.scoring.likelihood_blend
        axis = self.scoring.axis_floor
        self._axis = (self.scoring.axis_threshold, band_rank(axis))

    # -- the sums --

    def tally(self, states: Mapping[str, State]) -> Tally:
        n = len(self.pillar_ids)
        result = Tally([0.0] * n, [0.0] * n, 0.0, {}, {}, {}, {}, [0, 0, 0, 0])
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
                tally.counts[band_rank(state.flag)] += 1
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
            flag = tally.flags.pop(qid, None)
            if flag is not None:
                tally.counts[band_rank(flag)] -= 1
        elif qid in tally.impact_of:
            tally.impact -= tally.impact_of.pop(qid)

    def apply(self, states: Mapping[str, State], tally: Tally, qid: str) -> Undo:
        """Change ``tally`` in place for ``states[qid]``: that question and the questions whose
        conditions (directly or through others) read it are looked at again. Returns what
        ``undo`` needs to put the tally back."""
        undo = Undo(list(tally.num), list(tally.den), tally.impact, list(tally.counts), [])
        self._remember(undo, tally, qid)
        item = self.by_id[qid]
        self.remove(tally, item)
        if tally.applicable[qid]:
            self.add(tally, item, states[qid])
        for dependent in self.dependents.get(qid, ()):
            did = dependent.question.id
            applies = self.tests[did](states, tally.applicable) is not False
            if applies != tally.applicable[did]:
                self._remember(undo, tally, did)
                tally.applicable[did] = applies
                if applies:
                    self.add(tally, dependent, states[did])
                else:
                    self.remove(tally, dependent)
        return undo

    @staticmethod
    def _remember(undo: Undo, tally: Tally, qid: str) -> None:
        undo.entries.append(
            (
                qid,
                tally.risk_of.get(qid, _MISSING),
                tally.impact_of.get(qid, _MISSING),
                tally.flags.get(qid, _MISSING),
                tally.applicable[qid],
            )
        )

    @staticmethod
    def undo(tally: Tally, undo: Undo) -> None:
        """Put back what one ``apply`` changed."""
        tally.num[:], tally.den[:], tally.impact = undo.num, undo.den, undo.impact
        tally.counts[:] = undo.counts
        for qid, risk, impact, flag, applicable in reversed(undo.entries):
            _put(tally.risk_of, qid, risk)
            _put(tally.impact_of, qid, impact)
            _put(tally.flags, qid, flag)
            tally.applicable[qid] = applicable

    def effect(self, states: Mapping[str, State], tally: Tally, qid: str, new: State) -> Effect:
        """How the sums would move were ``states[qid]`` the state ``new`` (the tally is put
        back): what a counterfactual costs once, to be measured again and again cheaply."""
        undo = self.apply(ChainMap({qid: new}, states), tally, qid)  # type: ignore[arg-type]
        try:
            return Effect(
                [a - b for a, b in zip(tally.num, undo.num, strict=True)],
                [a - b for a, b in zip(tally.den, undo.den, strict=True)],
                tally.impact - undo.impact,
                [a - b for a, b in zip(tally.counts, undo.counts, strict=True)],
                tuple(entry[0] for entry in undo.entries[1:]),
            )
        finally:
            self.undo(tally, undo)

    def measure_effect(self, tally: Tally, effect: Effect) -> Standing:
        """The standing of ``tally`` moved by ``effect``."""
        num, den = tally.num, tally.den
        return self.measure(
            [num[i] + d for i, d in enumerate(effect.num)],
            [den[i] + d for i, d in enumerate(effect.den)],
            tally.impact + effect.impact,
            [tally.counts[i] + d for i, d in enumerate(effect.counts)],
        )

    def changed(self, states: Mapping[str, State], tally: Tally, qid: str) -> Tally:
        """A new tally for ``states[qid]`` changed (the given tally is left as it is)."""
        out = tally.copy()
        self.apply(states, out, qid)
        return out

    # -- numbers --

    def likelihood(self, num: Sequence[float], den: Sequence[float]) -> float:
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
        b = self._blend
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
        self, num: Sequence[float], den: Sequence[float], impact: float, counts: Sequence[int]
    ) -> Standing:
        """(band rank, rules holding that band, R) for some sums: the band of R, the axis rule
        and the red flags (counted per band), without building an ``Outcome``.

        The rules holding the band are those at the band reached: R's own band when it is
        that band, the axis rule when it holds there, and every red flag of that band.
        """
        likelihood = self.likelihood(num, den)
        impact = min(100.0, impact)
        risk = _trust_risk(likelihood, impact)
        own = rules.band_rank_of(risk, self._thresholds)
        threshold, axis_rank = self._axis
        axis = axis_rank if likelihood >= threshold or impact >= threshold else -1
        flagged = 3 if counts[3] else 2 if counts[2] else 1 if counts[1] else -1
        top = max(own, axis, flagged)
        holds = (own == top) + (axis == top) + (counts[top] if top > 0 else 0)
        return top, holds, risk

    def standing(self, tally: Tally) -> Standing:
        """(band rank, rules holding that band, R): what ranking counterfactuals needs."""
        return self.measure(tally.num, tally.den, tally.impact, tally.counts)

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
        """The standing with one answer changed; ``tally`` is left as it was.

        Most questions are read by no condition: then only their own term moves, in time that
        does not depend on the questionnaire's size. Otherwise the question and its dependents
        are changed in place, measured, and put back.
        """
        if qid in self.dependents:
            undo = self.apply(ChainMap({qid: new}, states), tally, qid)  # type: ignore[arg-type]
            try:
                return self.standing(tally)
            finally:
                self.undo(tally, undo)
        if not tally.applicable[qid]:
            return self.standing(tally)
        item = self.by_id[qid]
        counts = new.kind != "na" and item.scored
        if item.pillar is not None:
            p = item.pillar
            n, d = tally.num[p], tally.den[p]
            old = tally.risk_of.get(qid)
            flags = list(tally.counts)
            if old is not None:  # the same operations as remove() then add(), for equal floats
                n -= item.weight * old
                d -= item.weight
                flag = tally.flags.get(qid)
                if flag is not None:
                    flags[band_rank(flag)] -= 1
            if counts:
                n += item.weight * item.risk(new)
                d += item.weight
                if new.flag is not None:
                    flags[band_rank(new.flag)] += 1
            num, den = list(tally.num), list(tally.den)
            num[p], den[p] = n, d
            return self.measure(num, den, tally.impact, flags)
        impact = tally.impact
        if item.bears_impact:
            if qid in tally.impact_of:
                impact -= tally.impact_of[qid]
            if counts:
                impact += item.contribution(new)
        return self.measure(tally.num, tally.den, impact, tally.counts)


def _put(table: dict[str, Any], qid: str, value: object) -> None:
    """Restore one remembered entry: set it, or remove it when it was not there."""
    if value is _MISSING:
        table.pop(qid, None)
    else:
        table[qid] = value


def _trust_risk(likelihood: float, impact: float) -> float:
    """R = √(L · I): the geometric mean, so a feature must be both likely and harmful to score."""
    return math.sqrt(max(0.0, likelihood) * max(0.0, impact))
