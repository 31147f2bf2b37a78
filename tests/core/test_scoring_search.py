"""The drop-a-band search and the counterfactual shortcuts give what the plain algorithm gives.

The engine answers "what if this answer were at its best?" thousands of times per feature, so it
takes shortcuts (red flags counted per band, single terms moved, changes made in place and put
back, fixes kept in heaps). These properties compare every shortcut with the plain computation on
random questionnaires, conditions and red flags included.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.test_scoring_properties import engines_and_states
from trustaudit.core.bands import band_rank
from trustaudit.core.scoring import explanations
from trustaudit.core.scoring.engine import Engine
from trustaudit.core.scoring.evaluation import Standing
from trustaudit.core.scoring.states import State

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def close(a: Standing, b: Standing) -> bool:
    return a[:2] == b[:2] and a[2] == pytest.approx(b[2], abs=1e-9)


@SETTINGS
@given(pair=engines_and_states())
def test_each_drop_a_band_pick_is_the_lowest_standing_a_full_recount_finds(
    pair: tuple[Engine, dict[str, State]],
) -> None:
    engine, states = pair
    ev = engine.evaluator
    now, tally = ev.evaluate(states)
    fixes = explanations.fixes(ev, states, tally)
    drop, drop_to = explanations.drop_one_band(ev, states, tally, now, fixes)
    current = dict(states)
    remaining = {f.contributor.question: f for f in fixes}
    for contributor in drop:
        standing = ev.standing(ev.tally(current))
        # The plain greedy: try every remaining fix on a fresh full evaluation.
        trials = {
            qid: ev.standing(ev.tally({**current, qid: fix.best})) for qid, fix in remaining.items()
        }
        lowest = min(trials.values())
        picked = trials[contributor.question]
        assert close(picked, lowest), (contributor.question, picked, lowest)
        assert picked < standing  # a fix that does not help is never advised
        current[contributor.question] = remaining.pop(contributor.question).best
    final = ev.standing(ev.tally(current))
    if drop_to is not None:
        assert band_rank(drop_to) == final[0] <= band_rank(now.band) - 1
    else:
        assert drop == ()


@SETTINGS
@given(pair=engines_and_states(), data=st.data())
def test_apply_then_undo_puts_the_tally_back_exactly(
    pair: tuple[Engine, dict[str, State]], data: st.DataObject
) -> None:
    engine, states = pair
    ev = engine.evaluator
    tally = ev.tally(states)
    before = tally.copy()
    item = data.draw(st.sampled_from([i for i in ev.items if i.question.options]))
    other = data.draw(st.sampled_from([s for s in (item.best, *_choices(item)) if s is not None]))
    undo = ev.apply({**states, item.question.id: other}, tally, item.question.id)
    assert tally.counts == _counts(tally)
    ev.undo(tally, undo)
    assert tally == before


@SETTINGS
@given(pair=engines_and_states(), data=st.data())
def test_an_effect_measured_later_is_the_trial_of_now(
    pair: tuple[Engine, dict[str, State]], data: st.DataObject
) -> None:
    engine, states = pair
    ev = engine.evaluator
    tally = ev.tally(states)
    item = data.draw(st.sampled_from([i for i in ev.items if i.question.options]))
    new = data.draw(st.sampled_from([s for s in (item.best, *_choices(item)) if s is not None]))
    qid = item.question.id
    effect = ev.effect(states, tally, qid, new)
    assert close(ev.measure_effect(tally, effect), ev.trial(states, tally, qid, new))
    assert close(ev.trial(states, tally, qid, new), ev.standing(ev.tally({**states, qid: new})))


def _choices(item: object) -> list[State]:
    from trustaudit.core.scoring.items import Item

    assert isinstance(item, Item)
    return [State("answered", (o,)) for o in item.question.options]


def _counts(tally: object) -> list[int]:
    from trustaudit.core.scoring.evaluation import Tally

    assert isinstance(tally, Tally)
    counts = [0, 0, 0, 0]
    for flag in tally.flags.values():
        counts[band_rank(flag)] += 1
    return counts
