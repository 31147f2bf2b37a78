"""The rules of the scoring model, each at its edges: bands, levels, the axis rule, best option,
advice and plan targets (``core/scoring/rules.py``, the one owner every layer asks).

The numbers are written out from docs/questionnaire-format.md, never taken from the code.
"""

from __future__ import annotations

from typing import Any

import pytest

from trustaudit.core.questionnaire.model import Option, Question, Scoring
from trustaudit.core.scoring import rules

DEFAULT = Scoring()


def question(kind: str = "choice", **fields: Any) -> Question:
    options = fields.pop("options", [])
    return Question.model_validate(
        {"id": "q", "type": kind, "prompt": "?", "options": options, **fields}
    )


def option(oid: str, **fields: Any) -> dict[str, Any]:
    return {"id": oid, "label": oid.title(), **fields}


@pytest.mark.parametrize(
    ("risk", "band"),
    [
        (0.0, "low"),
        (34.999, "low"),
        (35.0, "medium"),  # R at a threshold is in the higher band
        (54.999, "medium"),
        (55.0, "high"),
        (74.999, "high"),
        (75.0, "critical"),
        (100.0, "critical"),
    ],
)
def test_bands_by_the_default_thresholds(risk: float, band: str) -> None:
    assert rules.band_of(risk, DEFAULT) == band


def test_bands_follow_the_questionnaires_thresholds() -> None:
    scoring = Scoring.model_validate({"bands": {"medium": 10, "high": 20, "critical": 30}})
    assert [rules.band_of(r, scoring) for r in (9.9, 10, 19.9, 20, 29.9, 30)] == [
        "low", "medium", "medium", "high", "high", "critical",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0.0, "Negligible"),
        (24.9, "Negligible"),
        (25.0, "Limited"),
        (49.9, "Limited"),
        (50.0, "Significant"),
        (74.9, "Significant"),
        (75.0, "Maximum"),
        (100.0, "Maximum"),
    ],
)
def test_levels_by_the_default_limits(value: float, level: str) -> None:
    assert rules.level_of(value, DEFAULT) == level


def test_levels_follow_the_questionnaires_limits() -> None:
    scoring = Scoring.model_validate({"levels": [10, 20, 30]})
    assert [rules.level_of(v, scoring) for v in (9, 10, 20, 30)] == [
        "Negligible", "Limited", "Significant", "Maximum",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("likelihood", "impact", "floor"),
    [
        (74.9, 74.9, None),
        (75.0, 0.0, "medium"),
        (0.0, 75.0, "medium"),
        (100.0, 100.0, "medium"),
    ],
)
def test_the_axis_rule_holds_from_the_threshold_on_either_axis(
    likelihood: float, impact: float, floor: str | None
) -> None:
    assert rules.axis_floor(likelihood, impact, DEFAULT) == floor


def test_the_axis_rule_follows_the_questionnaires_threshold_and_floor() -> None:
    scoring = Scoring.model_validate({"axis_threshold": 60, "axis_floor": "high"})
    assert rules.axis_floor(59.9, 59.9, scoring) is None
    assert rules.axis_floor(60, 0, scoring) == "high"
    assert rules.axis_floor(0, 60, scoring) == "high"


def best(q: Question, pillar: bool = True) -> str | None:
    found = rules.best_option(q, pillar)
    return None if found is None else found.id


def test_the_best_pillar_option_has_the_lowest_risk() -> None:
    q = question(options=[option("b", risk=0.5), option("a", risk=0.2), option("c", risk=1)])
    assert best(q) == "a"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([option("flagged", risk=0, floor="medium"), option("clean", risk=0)], "clean"),
        ([option("clean", risk=0), option("flagged", risk=0, floor="medium")], "clean"),
        ([option("hi", risk=0.2, floor="high"), option("med", risk=0.2, floor="medium")], "med"),
        ([option("low", risk=0.1, floor="critical"), option("clean", risk=0.2)], "low"),
    ],
)  # fmt: skip
def test_among_equal_risks_the_best_option_has_no_red_flag_or_the_lowest(
    options: list[dict[str, Any]], expected: str
) -> None:
    assert best(question(options=options)) == expected


def test_the_best_profile_option_has_the_lowest_impact() -> None:
    q = question("multi", options=[option("b", impact=40), option("a", impact=10)])
    assert best(q, pillar=False) == "a"
    zero = question(options=[option("some", impact=0.5), option("none", impact=0)])
    assert best(zero, pillar=False) == "none"
    unset = question(options=[option("some", impact=0.5), option("none")])
    assert best(unset, pillar=False) == "none"  # no impact counts as 0


def test_profile_questions_without_impact_and_text_questions_have_no_best_option() -> None:
    assert best(question(options=[option("a", benefit=0.5), option("b")]), pillar=False) is None
    assert best(question("text"), pillar=False) is None
    assert best(question("text")) is None


def test_unknown_impact_alone_makes_a_profile_question_bear_impact() -> None:
    q = question(options=[option("a"), option("b")], unknown_impact=30)
    assert rules.bears_impact(q)
    assert not rules.bears_impact(question(options=[option("a"), option("b")]))
    assert best(q, pillar=False) == "a"  # no option has impact: the first (0) is best


def test_advice_is_the_riskiest_chosen_options_recommendation() -> None:
    chosen = [
        Option(id="a", label="A", risk=0.2, recommend="Minor."),
        Option(id="b", label="B", risk=0.9, recommend="Major."),
        Option(id="c", label="C", risk=1.0),  # riskier, but nothing to recommend
    ]
    assert rules.advice(chosen) == "Major."
    assert rules.advice(chosen[2:]) is None
    assert rules.advice([]) is None


def test_advice_goes_by_risk_even_from_zero() -> None:
    chosen = [
        Option(id="a", label="A", risk=0, recommend="Keep it up."),
        Option(id="b", label="B", risk=0.3, recommend="Fix it."),
    ]
    assert rules.advice(chosen) == "Fix it."


def test_advice_for_profile_options_goes_by_impact() -> None:
    chosen = [
        Option(id="b", label="B", impact=20, recommend="Fine."),
        Option(id="a", label="A", impact=60, recommend="Use less."),
    ]
    assert rules.advice(chosen) == "Use less."
    assert rules.advice(reversed(chosen)) == "Use less."
    from_zero = [
        Option(id="a", label="A", impact=0, recommend="Nothing to do."),
        Option(id="b", label="B", impact=0.5, recommend="Use a little less."),
    ]
    assert rules.advice(from_zero) == "Use a little less."


@pytest.mark.parametrize(
    ("kind", "targets", "problem"),
    [
        ("choice", ["a"], None),
        ("choice", [], "the target does not fit"),
        ("choice", ["a", "b"], "the target does not fit"),
        ("choice", ["zz"], "'zz' is not an option"),
        ("multi", [], None),  # the plan to collect none of them
        ("multi", ["a", "b"], None),
        ("multi", ["b", "zz", "yy"], "'zz' is not an option"),
        ("text", [], "the target does not fit"),
        ("text", ["a"], "'a' is not an option"),
    ],
)
def test_a_plan_target_must_be_a_possible_answer(
    kind: str, targets: list[str], problem: str | None
) -> None:
    options = [] if kind == "text" else [option("a", risk=0), option("b", risk=1)]
    assert rules.target_problem(question(kind, options=options), targets) == problem
