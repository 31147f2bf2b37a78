"""Applicability: a question's ``when`` condition compiled into a function of the answers so far.

Three-valued (Kleene) logic: a test on a question that is unknown, unanswered, invalid or not
applicable is *undetermined*, and a question applies unless its condition is false: in doubt, we
ask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from trustaudit.core.questionnaire.conditions import AllOf, Condition, Leaf, Not

if TYPE_CHECKING:
    from trustaudit.core.scoring.states import State

Test = Callable[[Mapping[str, "State"], Mapping[str, bool]], "bool | None"]


def compile_condition(condition: Condition) -> Test:
    """A condition as a function of the states so far: Kleene logic, None is undetermined.

    A test on a question that is unknown, unanswered, invalid or not applicable is undetermined,
    and a question applies unless its condition is false: in doubt, we ask.
    """
    if isinstance(condition, Leaf):
        qid = condition.question
        if condition.equals is not None:
            wanted = condition.equals

            def check(chosen: frozenset[str]) -> bool:
                return wanted in chosen
        elif condition.any_of is not None:
            any_of = frozenset(condition.any_of)

            def check(chosen: frozenset[str]) -> bool:
                return not chosen.isdisjoint(any_of)
        else:
            none_of = frozenset(condition.none_of or ())

            def check(chosen: frozenset[str]) -> bool:
                return chosen.isdisjoint(none_of)

        def leaf(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
            state = states.get(qid)
            if state is None or state.kind != "answered" or not applicable.get(qid, False):
                return None
            return check(state.option_ids)

        return leaf
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_)

        def negate(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
            value = inner(states, applicable)
            return None if value is None else not value

        return negate
    is_all = isinstance(condition, AllOf)
    members = condition.all_ if isinstance(condition, AllOf) else condition.any_
    parts = [compile_condition(p) for p in members]
    decisive = not is_all  # all: one False decides; any: one True decides

    def combine(states: Mapping[str, State], applicable: Mapping[str, bool]) -> bool | None:
        undetermined = False
        for part in parts:
            value = part(states, applicable)
            if value is None:
                undetermined = True
            elif value is decisive:
                return decisive
        return None if undetermined else not decisive

    return combine
