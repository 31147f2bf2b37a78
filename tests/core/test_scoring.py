"""Golden tests of the scoring model, every number worked out by hand.

The questionnaire below is small enough to score on paper. Each feature is a scenario; the comment
above its test shows the arithmetic, and the test checks every number to 0.01. Defaults apply
except ``bands: {high: 50}`` (a partial override: medium stays 35 and critical 75).

    profile  kinds     multi max      basic 20 (benefit .2) · location 40 (dpia 1) · health 80
                                      (dpia 1, benefit .6); unknown → 80, the highest impact
             sources   multi sum≤15   direct 0 · observed 10 (dpia 1) · bought 10; unknown → 12
             reach     choice         pilot 0 · everyone 10 (benefit .5)
             value     choice         low (benefit .1) · high (benefit .9); no impact at all
    collect  weight 2  notice    w3   in-context 0 · policy .5 · none 1 ≥high
                       named     w2   when notice none_of [none]; unknown_risk .5; all 0 · some .6
                       sensitive w3   when kinds any_of [health]; explicit 0 · bundled .8 ≥critical
                       granular  w1   allow_na; granular 0 · grouped .4
    state    weight 1  purpose   w3   plain 0 · vague .4 · none 1 ≥medium
                       tracking  w2   when sources any_of [observed]; no "don't know";
                                      listed 0 · hidden .9
                       extras    w1   multi sum (clamped to 1): a .3 · b .5 · d .4 · c 0
    deliver  weight 1  kept      w2   when any(reach = everyone, kinds any_of [location]);
                                      minimal 0 · forever .7

    G = 100·Σ(w·r)/Σw · L = .6·(Σ wp·G / Σ wp) + .4·max G · I = min(100, Σ impact) · R = √(L·I)
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from tests.conftest import WriteFile
from trustaudit.core.assessment.model import Assessment
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.conditions import AllOf, AnyOf, Condition, Leaf, Not
from trustaudit.core.questionnaire.model import Option, Questionnaire
from trustaudit.core.scoring.conditions import compile_condition
from trustaudit.core.scoring.engine import Engine, score
from trustaudit.core.scoring.scorecard import FeatureScore, Scorecard, ScoreProblem
from trustaudit.core.scoring.states import UNANSWERED, UNKNOWN, State

GOLDEN = """\
format: trustaudit/questionnaire@1
id: golden
title: Golden questionnaire
version: "1"
scoring:
  bands: { high: 50 }
  EXTRA_SCORING
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        combine: max
        prompt: Which data?
        options:
          - { id: basic, label: Basic, impact: 20, benefit: 0.2 }
          - { id: location, label: Location, impact: 40, dpia: 1, recommend: Use coarse location. }
          - { id: health, label: Health, impact: 80, dpia: 1, benefit: 0.6,
              recommend: Avoid health data. }
      - id: sources
        type: multi
        combine: sum
        cap: 15
        unknown_impact: 12
        prompt: From where?
        options:
          - { id: direct, label: Direct, impact: 0 }
          - { id: observed, label: Observed, impact: 10, dpia: 1 }
          - { id: bought, label: Bought, impact: 10 }
      - id: reach
        type: choice
        prompt: How many people?
        options:
          - { id: pilot, label: Pilot, impact: 0 }
          - { id: everyone, label: Everyone, impact: 10, benefit: 0.5 }
      - id: value
        type: choice
        prompt: What do customers gain?
        options:
          - { id: low, label: Little, benefit: 0.1 }
          - { id: high, label: A lot, benefit: 0.9 }
  - id: collect
    kind: pillar
    title: Collect clearly
    weight: 2
    questions:
      - id: notice
        type: choice
        weight: 3
        prompt: Notice?
        options:
          - { id: in-context, label: In context, risk: 0 }
          - { id: policy, label: Policy only, risk: 0.5,
              recommend: Add a notice where data is captured. }
          - { id: none, label: None, risk: 1, floor: high,
              recommend: Do not launch without a notice. }
      - id: named
        type: choice
        weight: 2
        unknown_risk: 0.5
        when: { question: notice, none_of: [none] }
        prompt: Kinds named?
        options:
          - { id: all, label: All, risk: 0 }
          - { id: some, label: Some, risk: 0.6, recommend: Name every kind. }
      - id: sensitive
        type: choice
        weight: 3
        when: { question: kinds, any_of: [health] }
        prompt: Explicit consent?
        options:
          - { id: explicit, label: Explicit, risk: 0 }
          - { id: bundled, label: Bundled, risk: 0.8, floor: critical, recommend: Ask separately. }
      - id: granular
        type: choice
        weight: 1
        allow_na: true
        prompt: Granular choices?
        options:
          - { id: granular, label: Granular, risk: 0 }
          - { id: grouped, label: Grouped, risk: 0.4, recommend: Split the groups. }
  - id: state
    kind: pillar
    title: State intentions
    questions:
      - id: purpose
        type: choice
        weight: 3
        prompt: Purpose stated?
        options:
          - { id: plain, label: Plain, risk: 0 }
          - { id: vague, label: Vague, risk: 0.4, recommend: Say it plainly. }
          - { id: none, label: None, risk: 1, floor: medium, recommend: State the purpose. }
      - id: tracking
        type: choice
        weight: 2
        allow_unknown: false
        when: { question: sources, any_of: [observed] }
        prompt: Trackers listed?
        options:
          - { id: listed, label: Listed, risk: 0 }
          - { id: hidden, label: Hidden, risk: 0.9 }
      - id: extras
        type: multi
        combine: sum
        prompt: Extra uses?
        options:
          - { id: a, label: A, risk: 0.3, recommend: Drop use a. }
          - { id: b, label: B, risk: 0.5 }
          - { id: d, label: D, risk: 0.4 }
          - { id: c, label: C, risk: 0 }
  - id: deliver
    kind: pillar
    title: Deliver purposefully
    questions:
      - id: kept
        type: choice
        weight: 2
        when:
          any:
            - { question: reach, equals: everyone }
            - { question: kinds, any_of: [location] }
        prompt: Kept how long?
        options:
          - { id: minimal, label: Minimal, risk: 0 }
          - { id: forever, label: Forever, risk: 0.7 }
"""


def approx(value: float) -> Any:
    return pytest.approx(value, abs=0.01)


def golden(write: WriteFile, extra_scoring: str = "") -> Questionnaire:
    text = GOLDEN.replace("  EXTRA_SCORING\n", f"  {extra_scoring}\n" if extra_scoring else "")
    return loader.load(write("golden.yaml", text))


def plan(target: str | list[str], status: str = "planned", owner: str | None = "Lee Chen") -> Any:
    entry: dict[str, Any] = {"target": target, "action": "Fix it", "due": "2027-01-15"}
    entry["status"] = status
    if owner is not None:
        entry["owner"] = owner
    return entry


def assessment(q: Questionnaire, **features: dict[str, Any]) -> Assessment:
    """An assessment with one feature per keyword: its id, and its answers."""
    return Assessment.model_validate(
        {
            "questionnaire": {"id": q.id, "version": q.version, "sha256": q.sha256},
            "product": "Golden shop",
            "created": "2026-11-29T10:00:00Z",
            "updated": "2026-11-29T10:00:00Z",
            "features": [
                {"id": fid.replace("_", "-"), "name": fid.title(), "answers": answers}
                for fid, answers in features.items()
            ],
        }
    )


def score_one(q: Questionnaire, answers: dict[str, Any]) -> FeatureScore:
    return score(q, assessment(q, feature=answers)).features[0]


# --- A: unknowns (default and per-question), a condition on an unknown answer ------------------

UNKNOWNS: dict[str, Any] = {
    "kinds": {"choices": ["basic", "location"]},  # max(20, 40) = 40
    "sources": {"unknown": True},  # unknown_impact 12
    "reach": {"choice": "everyone"},  # 10
    "value": {"choice": "high"},
    "notice": {"choice": "policy"},  # .5 · w3
    "named": {"unknown": True},  # its own unknown_risk .5 · w2
    # sensitive: kinds has no health → condition false → not applicable
    # granular: unanswered → default unknown_risk .75 · w1
    "purpose": {"choice": "vague"},  # .4 · w3
    # tracking: sources is unknown → condition undetermined → applies; unanswered .75 · w2
    "extras": {"choices": ["a", "b"]},  # .3 + .5 = .8 · w1
    # kept: reach = everyone → applies; unanswered .75 · w2
}


def test_unknown_and_unanswered_answers_score_at_unknown_risk(write: WriteFile) -> None:
    # collect = 100·(3·.5 + 2·.5 + 1·.75)/6 = 100·3.25/6 = 54.17
    # state   = 100·(3·.4 + 2·.75 + 1·.8)/6 = 100·3.5/6  = 58.33
    # deliver = 100·.75                                   = 75
    # mean = (2·54.17 + 58.33 + 75)/4 = 60.42 · max 75 → L = 36.25 + 30 = 66.25
    # I = 40 + 12 + 10 = 62 · R = √(66.25·62) = √4107.5 = 64.09 → high (≥ 50 here)
    f = score_one(golden(write), UNKNOWNS)
    assert f.now.pillars == {
        "collect": approx(325 / 6),
        "state": approx(350 / 6),
        "deliver": approx(75.0),
    }
    assert f.now.likelihood == approx(66.25)
    assert f.now.impact == approx(62.0)
    assert f.now.risk == approx(64.09)
    assert f.now.band == "high"
    assert f.now.floors == ()
    assert (f.likelihood_level, f.impact_level) == ("Significant", "Significant")


def test_condition_on_an_unknown_answer_is_undetermined_so_the_question_applies(
    write: WriteFile,
) -> None:
    f = score_one(golden(write), UNKNOWNS)
    applicable = {q.id: q.applicable for q in f.questions}
    assert applicable["tracking"] is True  # sources unknown: in doubt, we ask
    assert applicable["sensitive"] is False  # kinds answered without health: false
    assert f.unanswered == ("granular", "tracking", "kept")
    assert f.unknown == ("sources", "named")


def test_confidence_counts_unknown_and_unanswered_pillar_weight(write: WriteFile) -> None:
    # applicable pillar weight: notice 3 + named 2 + granular 1 + purpose 3 + tracking 2
    # + extras 1 + kept 2 = 14; not known: named 2 + granular 1 + tracking 2 + kept 2 = 7
    # confidence = 1 − 7/14 = .5 < .7 → provisional
    f = score_one(golden(write), UNKNOWNS)
    assert f.confidence == approx(0.5)
    assert f.provisional is True


def test_benefit_is_the_best_chosen_benefit_and_dpia_sums_points(write: WriteFile) -> None:
    # benefit: max(basic .2, everyone .5, high .9) = .9 · dpia: location 1 → 1 < 2
    f = score_one(golden(write), UNKNOWNS)
    assert f.benefit == approx(0.9)
    assert (f.dpia_points, f.dpia_likely) == (1, False)


def test_unknown_answers_are_contributors_of_kind_unknown(write: WriteFile) -> None:
    # named at its best option 'all' (0): collect = 100·(1.5 + 0 + .75)/6 = 37.5
    # mean = (75 + 58.33 + 75)/4 = 52.08 → L = 31.25 + 30 = 61.25 · R = √(61.25·62) = 61.62
    # ΔR = 64.09 − 61.62 = 2.47
    f = score_one(golden(write), UNKNOWNS)
    named = next(c for c in f.contributors if c.question == "named")
    assert named.kind == "unknown"
    assert named.delta == approx(math.sqrt(4107.5) - math.sqrt(3797.5))
    assert named.best == ("all",)
    assert named.recommend is None


# --- B: manual and derived N/A, a red flag raising the band, a plan without owner --------------

RED_FLAG: dict[str, Any] = {
    "kinds": {"choices": ["basic"]},  # 20
    "sources": {"choices": ["direct"]},  # 0
    "reach": {"choice": "pilot"},  # 0
    "value": {"choice": "low"},
    "notice": {"choice": "none", "plan": plan("in-context", owner=None)},  # 1 · w3, ≥ high
    "named": {"choice": "some"},  # notice is none → derived N/A: this answer drops out
    # sensitive: no health → derived N/A (unanswered, and that is fine)
    "granular": {"na": "The feature offers one single choice."},  # manual N/A
    "purpose": {"choice": "plain"},  # 0 · w3
    # tracking: sources direct → derived N/A
    "extras": {"choices": []},  # answered: none apply → 0 · w1
    # kept: reach pilot, kinds without location → derived N/A
}


def test_na_answers_drop_out_of_numerator_and_denominator(write: WriteFile) -> None:
    # collect = 100·3·1/3 = 100 (named, sensitive, granular all N/A) · state = 100·0/(3+1) = 0
    # deliver: nothing applies → n/a, left out of the mean
    # mean = (2·100 + 0)/3 = 66.67 · max 100 → L = 40 + 40 = 80 · I = 20 · R = √1600 = 40
    f = score_one(golden(write), RED_FLAG)
    assert f.now.pillars == {"collect": approx(100.0), "state": approx(0.0), "deliver": None}
    assert f.now.likelihood == approx(80.0)
    assert f.now.impact == approx(20.0)
    assert f.now.risk == approx(40.0)
    assert (f.likelihood_level, f.impact_level) == ("Maximum", "Negligible")
    states = {q.id: (q.applicable, q.state) for q in f.questions}
    assert states["named"] == (False, "answered")
    assert states["granular"] == (True, "na")
    assert f.unanswered == ()  # sensitive and kept are unanswered but do not apply


def test_red_flag_raises_the_band_and_axis_floor_is_listed_unraised(write: WriteFile) -> None:
    # R = 40 → medium; axis: L = 80 ≥ 75 → at least medium (no raise); notice none → high
    f = score_one(golden(write), RED_FLAG)
    assert f.now.risk_band == "medium"
    assert f.now.band == "high"
    assert [f.to_json() for f in f.now.floors] == [
        {"question": None, "floor": "medium", "rule": "axis", "raised": False},
        {"question": "notice", "floor": "high", "rule": "red flag", "raised": True},
    ]


def test_empty_multi_choices_count_as_answered_none(write: WriteFile) -> None:
    # extras: [] adds 0 at weight 1 and counts as known: confidence = (3+3+1)/(3+3+1) = 1
    f = score_one(golden(write), RED_FLAG)
    extras = next(q for q in f.questions if q.id == "extras")
    assert (extras.state, extras.risk) == ("answered", 0.0)
    assert f.confidence == approx(1.0)
    assert f.provisional is False


def test_plan_without_owner_gets_no_credit_and_the_red_flag_stays(write: WriteFile) -> None:
    f = score_one(golden(write), RED_FLAG)
    assert f.planned.risk == approx(40.0)
    assert f.planned.band == "high"
    assert [(h.question, h.rule) for h in f.planned.floors] == [
        (None, "axis"),
        ("notice", "red flag"),
    ]


def test_contributor_counterfactual_brings_back_dependent_questions(write: WriteFile) -> None:
    # notice at 'in-context': named applies again with 'some' (.6 · w2):
    # collect = 100·1.2/5 = 24 · mean = (48 + 0)/3 = 16 · L = 9.6 + 9.6 = 19.2
    # R = √(19.2·20) = 19.60 → ΔR = 40 − 19.60 = 20.40; low, no floor → drops two bands.
    # kinds is already at its lowest impact (basic): no contributor.
    f = score_one(golden(write), RED_FLAG)
    assert [(c.question, c.kind) for c in f.contributors] == [("notice", "risk")]
    notice = f.contributors[0]
    assert notice.delta == approx(40 - math.sqrt(384))
    assert notice.recommend == "Do not launch without a notice."
    assert [c.question for c in f.drop_band] == ["notice"]
    assert f.drop_band_to == "low"


# --- C: the axis floor raising a band, capped sums, contributors and drop_band ------------------

AXIS: dict[str, Any] = {
    "kinds": {"choices": ["health"]},  # 80
    "sources": {"choices": ["observed", "bought"]},  # 10 + 10 = 20, capped at 15
    "reach": {"choice": "pilot"},  # 0
    "value": {"choice": "low"},
    "notice": {"choice": "in-context"},
    "named": {"choice": "all"},
    "sensitive": {"choice": "explicit"},  # applies: kinds has health
    "granular": {"choice": "granular"},
    "purpose": {"choice": "plain"},
    "tracking": {"choice": "listed"},  # applies: sources has observed
    "extras": {"choices": ["a"]},  # .3 · w1
    # kept: reach pilot and no location → n/a
}


def test_axis_floor_raises_a_low_risk_to_medium(write: WriteFile) -> None:
    # collect = 0 · state = 100·.3/(3+2+1) = 5 · mean = (0 + 5)/3 = 1.67, max 5 → L = 1 + 2 = 3
    # I = 80 + min(15, 20) + 0 = 95 · R = √285 = 16.88 → low; I ≥ 75 → medium (raised)
    f = score_one(golden(write), AXIS)
    assert f.now.pillars == {"collect": approx(0.0), "state": approx(5.0), "deliver": None}
    assert f.now.likelihood == approx(3.0)
    assert f.now.impact == approx(95.0)
    assert f.now.risk == approx(math.sqrt(285))
    assert f.now.risk_band == "low"
    assert f.now.band == "medium"
    floors = f.to_json()["floors"]
    assert floors == [{"question": None, "floor": "medium", "rule": "axis", "raised": True}]
    assert (f.likelihood_level, f.impact_level) == ("Negligible", "Maximum")


def test_dpia_likely_at_the_threshold_and_benefit_from_profile_options(write: WriteFile) -> None:
    # dpia: health 1 + observed 1 = 2 ≥ 2 · benefit: max(health .6, low .1) = .6
    f = score_one(golden(write), AXIS)
    assert (f.dpia_points, f.dpia_likely) == (2, True)
    assert f.benefit == approx(0.6)
    assert f.confidence == approx(1.0)


def test_contributors_rank_by_delta_with_the_chosen_options_advice(write: WriteFile) -> None:
    # extras at c (0): L = 0 → R = 0, ΔR = 16.88 (band stays medium: I = 95)
    # kinds at basic (20): sensitive drops out (it was 0), I = 35 → R = √105 = 10.25, ΔR = 6.63
    # sources at direct (0): I = 80, but tracking (0 · w2) drops out: state = 100·.3/4 = 7.5,
    #   mean 2.5, L = 1.5 + 3 = 4.5 → R = √360 = 18.97 > 16.88, and the band stays: no contributor
    f = score_one(golden(write), AXIS)
    summary = [(c.question, c.kind, c.options, c.best, c.recommend) for c in f.contributors]
    assert summary == [
        ("extras", "risk", ("a",), ("c",), "Drop use a."),
        ("kinds", "impact", ("health",), ("basic",), "Avoid health data."),
    ]
    assert [c.delta for c in f.contributors] == [
        approx(math.sqrt(285)),
        approx(math.sqrt(285) - math.sqrt(105)),
    ]


def test_drop_band_picks_the_fix_that_lowers_the_band_not_the_largest_delta(
    write: WriteFile,
) -> None:
    # medium → low: fixing extras gives R = 0 but the axis floor keeps medium; fixing kinds
    # gives low (10.25). Greedy by (band, R) takes kinds alone.
    f = score_one(golden(write), AXIS)
    assert [c.question for c in f.drop_band] == ["kinds"]
    assert f.drop_band_to == "low"
    assert f.to_json()["drop_band"]["to"] == "low"


RUN_BETTER: dict[str, Any] = {
    "kinds": {"choices": ["location"]},  # 40
    "sources": {"choices": ["direct"]},  # 0 (tracking does not apply)
    "reach": {"choice": "pilot"},  # 0
    "value": {"choice": "high"},
    "notice": {"choice": "policy"},  # .5 · w3
    "named": {"choice": "some"},  # .6 · w2
    "granular": {"choice": "grouped"},  # .4 · w1
    "purpose": {"choice": "vague"},  # .4 · w3
    "extras": {"choices": ["a"]},  # .3 · w1
    "kept": {"choice": "forever"},  # applies (kinds has location): .7 · w2
}


def test_drop_band_prefers_running_the_feature_better_over_changing_what_it_is(
    write: WriteFile,
) -> None:
    # collect = 100·3.1/6 = 51.67 · state = 100·1.5/4 = 37.5 · deliver = 70
    # mean = (103.33 + 37.5 + 70)/4 = 52.71 · L = 31.63 + 28 = 59.63 · I = 40 → R = 48.84 medium
    # kinds → basic alone gives low (kept drops out, I = 20: R = 31.25), the largest ΔR, but
    # dropping location is changing the feature. Pillar fixes do it too: kept → minimal
    # (R = 40.9), then notice → in-context (L = 28.62, R = 33.8 < 35): low.
    f = score_one(golden(write), RUN_BETTER)
    assert f.now.risk == approx(48.84)
    assert f.contributors[0].question == "kinds"
    assert [c.question for c in f.drop_band] == ["kept", "notice"]
    assert f.drop_band_to == "low"


# --- D: plans: done, accepted, no owner, planned vs in_progress, an impact-bearing target -------

PLANS: dict[str, Any] = {
    "kinds": {"choices": ["location"], "plan": plan(["basic"], "planned")},  # 40 → 20
    "sources": {"choices": ["direct"]},  # 0
    "reach": {"choice": "everyone"},  # 10
    "value": {"choice": "high"},
    "notice": {"choice": "policy", "plan": plan("in-context", "done")},  # .5 → 0
    "named": {"choice": "some", "plan": plan("all", owner=None)},  # .6, no owner: no credit
    "granular": {"choice": "grouped", "plan": plan("granular", "accepted")},  # .4, no credit
    "purpose": {"choice": "vague", "plan": plan("plain", "planned")},  # .4 → 0
    "extras": {"choices": ["b"], "plan": plan(["c"], "in_progress")},  # .5 → 0
    "kept": {"choice": "forever"},  # applies (reach everyone): .7 · w2
}


def test_plans_now_and_custom_band_threshold(write: WriteFile) -> None:
    # collect = 100·(1.5 + 1.2 + .4)/6 = 51.67 · state = 100·(1.2 + .5)/4 = 42.5 · deliver 70
    # mean = (103.33 + 42.5 + 70)/4 = 53.96 · L = 32.375 + 28 = 60.375 · I = 40 + 0 + 10 = 50
    # R = √3018.75 = 54.94 → high with bands.high 50 (it would be medium with the default 55)
    f = score_one(golden(write), PLANS)
    assert f.now.pillars == {
        "collect": approx(310 / 6),
        "state": approx(42.5),
        "deliver": approx(70.0),
    }
    assert f.now.likelihood == approx(60.375)
    assert f.now.impact == approx(50.0)
    assert f.now.risk == approx(54.94)
    assert f.now.band == "high"
    assert (f.likelihood_level, f.impact_level) == ("Significant", "Significant")  # 50: not < 50


def test_residual_credits_done_planned_and_in_progress_not_ownerless_or_accepted(
    write: WriteFile,
) -> None:
    # planned_credit 1: kinds → basic 20, notice → 0, purpose → 0, extras → 0;
    # named .6 (no owner) and granular .4 (accepted) stay.
    # collect = 100·(0 + 1.2 + .4)/6 = 26.67 · state 0 · deliver 70
    # mean = (53.33 + 0 + 70)/4 = 30.83 · L = 18.5 + 28 = 46.5 · I = 20 + 0 + 10 = 30
    # R = √1395 = 37.35 → medium
    f = score_one(golden(write), PLANS)
    p = f.planned
    assert p.pillars == {"collect": approx(160 / 6), "state": approx(0.0), "deliver": approx(70.0)}
    assert p.likelihood == approx(46.5)
    assert p.impact == approx(30.0)
    assert p.risk == approx(math.sqrt(1395))
    assert p.band == "medium"
    assert f.confidence == approx(1.0)  # plans change neither confidence …
    assert f.benefit == approx(0.9)  # … nor benefit (basic would have .2, but now is location)


def test_planned_credit_half_moves_planned_plans_half_way_and_others_fully(
    write: WriteFile,
) -> None:
    # planned_credit .5: purpose (planned) .4 → .2; kinds (planned) 40 → 30; notice (done) and
    # extras (in_progress) get full credit.
    # collect 26.67 · state = 100·3·.2/4 = 15 · deliver 70 · mean = (53.33 + 15 + 70)/4 = 34.58
    # L = 20.75 + 28 = 48.75 · I = 30 + 10 = 40 · R = √1950 = 44.16 → medium
    f = score_one(golden(write, "planned_credit: 0.5"), PLANS)
    p = f.planned
    assert p.pillars["state"] == approx(15.0)
    assert p.likelihood == approx(48.75)
    assert p.impact == approx(40.0)
    assert p.risk == approx(math.sqrt(1950))
    assert p.band == "medium"
    assert f.now.risk == approx(math.sqrt(3018.75))  # now is not touched by credit


def test_partial_credit_does_not_blend_from_a_manual_na(write: WriteFile) -> None:
    # granular is N/A now, with a planned move to 'grouped' (.4): there is no risk to move from,
    # so the residual takes the target itself, not half of it.
    # planned collect = 100·.4/9 = 4.44 · state 5 · mean = (8.89 + 5)/3 = 4.63 · max 5
    # L = 2.78 + 2 = 4.78 · I = 95 · R = √(4.78·95) = 21.30
    answers = {**AXIS, "granular": {"na": "No choices yet.", "plan": plan("grouped", "planned")}}
    f = score_one(golden(write, "planned_credit: 0.5"), answers)
    assert f.now.risk == approx(math.sqrt(285))
    assert f.planned.pillars["collect"] == approx(40 / 9)
    assert f.planned.likelihood == approx(0.6 * (80 / 9 + 5) / 3 + 2)
    assert f.planned.risk == approx(math.sqrt((0.6 * (80 / 9 + 5) / 3 + 2) * 95))


# --- E: a residual in which a condition turns false --------------------------------------------

CONDITION_TURNS_FALSE: dict[str, Any] = {
    "kinds": {"choices": ["health"], "plan": plan(["basic"], "done")},  # 80 → 20
    "sources": {"choices": ["observed"], "plan": plan(["direct"], "in_progress")},  # 10 → 0
    "reach": {"choice": "pilot"},
    "value": {"choice": "low"},
    "notice": {"choice": "in-context"},
    "named": {"choice": "all"},
    "sensitive": {"choice": "bundled"},  # .8 · w3, ≥ critical, no plan of its own
    "granular": {"choice": "granular"},
    "purpose": {"choice": "plain"},
    "tracking": {"choice": "hidden"},  # .9 · w2, no plan of its own
    "extras": {"choices": ["c"]},
}


def test_residual_recomputes_conditions_and_drops_questions_that_no_longer_apply(
    write: WriteFile,
) -> None:
    # now: collect = 100·2.4/9 = 26.67 · state = 100·1.8/6 = 30 · mean = (53.33 + 30)/3 = 27.78
    # L = 16.67 + 12 = 28.67 · I = 80 + 10 = 90 · R = √2580 = 50.79 → high; axis medium;
    # sensitive bundled → critical.
    # planned: kinds basic → sensitive n/a; sources direct → tracking n/a; every gap is 0,
    # L = 0, I = 20, R = 0 → low, and the critical red flag is gone with its question.
    f = score_one(golden(write), CONDITION_TURNS_FALSE)
    assert f.now.likelihood == approx(28.67)
    assert f.now.impact == approx(90.0)
    assert f.now.risk == approx(math.sqrt(2580))
    assert f.now.band == "critical"
    assert [(h.question, h.floor, h.raised) for h in f.now.floors] == [
        (None, "medium", False),
        ("sensitive", "critical", True),
    ]
    assert (f.likelihood_level, f.impact_level) == ("Limited", "Maximum")
    p = f.planned
    assert p.pillars == {"collect": approx(0.0), "state": approx(0.0), "deliver": None}
    assert (p.likelihood, p.impact, p.risk) == (approx(0.0), approx(20.0), approx(0.0))
    assert p.band == "low"
    assert p.floors == ()


# --- G: invalid stored answers ------------------------------------------------------------------

INVALID: dict[str, Any] = {
    "kinds": {"choices": ["basic", "nope"]},  # unknown option → invalid → unknown_impact 80
    "sources": {"choices": ["observed"]},  # 10
    "reach": {"choice": "pilot", "plan": plan("nobody")},  # 0; the plan target is no option
    "value": {"choice": "high"},
    "notice": {"choice": "gone"},  # unknown option → invalid → .75 · w3
    # named: notice invalid → undetermined → applies; unanswered → its unknown_risk .5 · w2
    # sensitive: kinds invalid → undetermined → applies; unanswered .75 · w3
    "granular": {"choice": "granular"},  # 0 · w1
    "purpose": {"na": "Not needed."},  # N/A where allow_na is false → invalid → .75 · w3
    "tracking": {"unknown": True},  # don't know where allow_unknown is false → invalid .75 · w2
    "extras": {"choices": ["a", "b", "d"]},  # .3 + .5 + .4 = 1.2 → clamped to 1 · w1
    # kept: any(reach = everyone: false, kinds has location: undetermined) → undetermined → .75
}


def test_invalid_answers_are_problems_and_score_as_unanswered(write: WriteFile) -> None:
    # collect = 100·(2.25 + 1 + 2.25 + 0)/9 = 61.11 · state = 100·(2.25 + 1.5 + 1)/6 = 79.17
    # deliver 75 · mean = (122.22 + 79.17 + 75)/4 = 69.10 · max 79.17
    # L = 41.46 + 31.67 = 73.125 · I = 80 + 10 + 0 = 90 · R = √6581.25 = 81.12 → critical
    f = score_one(golden(write), INVALID)
    assert f.now.pillars == {
        "collect": approx(550 / 9),
        "state": approx(475 / 6),
        "deliver": approx(75.0),
    }
    assert f.now.likelihood == approx(73.125)
    assert f.now.impact == approx(90.0)
    assert f.now.risk == approx(math.sqrt(6581.25))
    assert f.now.band == "critical"
    assert f.problems == (
        ScoreProblem("kinds", "answer", "option 'nope' no longer exists in the questionnaire"),
        ScoreProblem("notice", "answer", "option 'gone' no longer exists in the questionnaire"),
        ScoreProblem("purpose", "answer", "N/A is not allowed for this question"),
        ScoreProblem("tracking", "answer", '"don\'t know" is not allowed for this question'),
        ScoreProblem(
            "reach", "plan", "plan target 'nobody' is not an option; the plan gets no credit"
        ),
    )
    assert str(f.problems[0]) == "kinds: option 'nope' no longer exists in the questionnaire"
    assert f.invalid == ("kinds", "notice", "purpose", "tracking")
    data = f.to_json()
    assert (data["unanswered"], data["unknown"], data["invalid"]) == (3, 0, 4)
    assert f.unanswered == ("named", "sensitive", "kept")
    assert f.unknown == ()
    assert f.complete is False


def test_invalid_answers_lower_confidence_and_add_nothing_to_benefit_or_dpia(
    write: WriteFile,
) -> None:
    # applicable pillar weight 3+2+3+1+3+2+1+2 = 17, known: granular 1 + extras 1 → 2/17
    # dpia: kinds is invalid (no options) → only observed 1 · benefit: high .9
    f = score_one(golden(write), INVALID)
    assert f.confidence == approx(2 / 17)
    assert f.provisional is True
    assert (f.dpia_points, f.dpia_likely) == (1, False)
    assert f.benefit == approx(0.9)
    assert f.planned.risk == approx(f.now.risk)  # the broken plan is not credited


def test_choices_list_on_a_choice_question_is_invalid(write: WriteFile) -> None:
    f = score_one(golden(write), {**AXIS, "notice": {"choices": ["in-context"]}})
    assert "notice: expects one choice (choice: ID), not a list" in [str(p) for p in f.problems]
    notice = next(q for q in f.questions if q.id == "notice")
    assert (notice.state, notice.risk) == ("invalid", 0.75)


def test_orphaned_answers_are_listed_and_not_scored(write: WriteFile) -> None:
    f = score_one(golden(write), {**AXIS, "retired-question": {"choice": "whatever"}})
    assert f.orphaned == ("retired-question",)
    assert f.now.risk == approx(math.sqrt(285))


# --- the product headline -----------------------------------------------------------------------


def test_headline_takes_the_worst_band_now_and_planned_and_the_means(write: WriteFile) -> None:
    # C: R 16.88 medium → medium (no plans) · D: R 54.94 high → 37.35 medium
    # E: R 50.79 critical → 0 low
    # mean R = (16.88 + 54.94 + 50.79)/3 = 40.87 · planned mean = (16.88 + 37.35 + 0)/3 = 18.08
    # pillar means skip n/a: collect (0 + 51.67 + 26.67)/3 = 26.11, state (5 + 42.5 + 30)/3 = 25.83,
    # deliver: only D → 70
    q = golden(write)
    card = score(q, assessment(q, axis=AXIS, plans=PLANS, turns_false=CONDITION_TURNS_FALSE))
    h = card.headline
    assert (h.band, h.planned_band) == ("critical", "medium")
    now = [math.sqrt(285), math.sqrt(3018.75), math.sqrt(2580)]
    assert h.mean_risk == approx(sum(now) / 3)
    assert h.planned_mean_risk == approx((math.sqrt(285) + math.sqrt(1395)) / 3)
    assert h.per_band == {"low": 0, "medium": 1, "high": 1, "critical": 1}
    assert h.planned_per_band == {"low": 1, "medium": 2, "high": 0, "critical": 0}
    assert h.pillars == {
        "collect": approx((0 + 310 / 6 + 240 / 9) / 3),
        "state": approx((5 + 42.5 + 30) / 3),
        "deliver": approx(70.0),
    }
    assert [f.id for f in card.features] == ["axis", "plans", "turns-false"]
    assert card.feature("plans") is card.features[1]
    with pytest.raises(KeyError):
        card.feature("missing")


def test_assessment_without_features_has_an_empty_headline(write: WriteFile) -> None:
    q = golden(write)
    card = score(q, assessment(q))
    assert card.features == ()
    h = card.headline
    assert (h.band, h.planned_band, h.mean_risk) == (None, None, 0.0)
    assert h.per_band == {"low": 0, "medium": 0, "high": 0, "critical": 0}
    assert h.pillars == {"collect": None, "state": None, "deliver": None}
    data = card.to_json()
    assert data["features"] == []
    assert data["headline"]["band"] is None
    assert card.complete is True


def test_scorecard_json_is_plain_data_with_unrounded_numbers(write: WriteFile) -> None:
    q = golden(write)
    card: Scorecard = score(q, assessment(q, plans=PLANS))
    data = json.loads(json.dumps(card.to_json()))
    feature = data["features"][0]
    assert feature["risk"] == card.features[0].now.risk  # not rounded
    assert feature["risk"] != round(feature["risk"], 2)
    assert feature["planned"]["band"] == "medium"
    assert data["questionnaire"] == {"id": "golden", "version": "1", "sha256": q.sha256}


# --- a second small questionnaire: defaults of combine, no applicable pillar ---------------------

MINI = """\
format: trustaudit/questionnaire@1
id: mini
title: Mini
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: Which data?
        options:
          - { id: email, label: Email, impact: 30 }
          - { id: health, label: Health, impact: 70 }
      - id: extras
        type: multi
        combine: sum
        cap: 25
        prompt: Extras?
        options:
          - { id: x, label: X, impact: 10 }
          - { id: y, label: Y, impact: 20 }
  - id: guard
    kind: pillar
    title: Guard
    questions:
      - id: consent
        type: choice
        when: { question: kinds, any_of: [health] }
        prompt: Consent?
        options:
          - { id: explicit, label: Explicit, risk: 0 }
          - { id: missing, label: Missing, risk: 1 }
      - id: channels
        type: multi
        allow_na: true
        prompt: Channels?
        options:
          - { id: p, label: P, risk: 0.2 }
          - { id: q, label: Q, risk: 0.6 }
"""


@pytest.fixture
def mini(write: WriteFile) -> Questionnaire:
    return loader.load(write("mini.yaml", MINI))


def test_no_applicable_pillar_gives_zero_likelihood_and_full_confidence(
    mini: Questionnaire,
) -> None:
    # consent: no health → n/a · channels: manual N/A → guard is n/a → L = 0 · I = 30 → R = 0
    answers = {"kinds": {"choices": ["email"]}, "extras": {"choices": []}}
    f = score_one(mini, {**answers, "channels": {"na": "No channels."}})
    assert f.now.pillars == {"guard": None}
    assert (f.now.likelihood, f.now.impact, f.now.risk) == (0.0, approx(30.0), 0.0)
    assert f.now.band == "low"
    assert f.confidence == 1.0
    assert f.provisional is False


def test_multi_defaults_to_max_and_sum_is_capped(mini: Questionnaire) -> None:
    # kinds (no combine) = max(30, 70) = 70 · extras = min(25, 10 + 20) = 25 · I = 95
    # guard = 100·(0 + max(.2, .6))/2 = 30 · L = .6·30 + .4·30 = 30 · R = √2850 = 53.39 → medium
    f = score_one(
        mini,
        {
            "kinds": {"choices": ["email", "health"]},
            "extras": {"choices": ["x", "y"]},
            "consent": {"choice": "explicit"},
            "channels": {"choices": ["p", "q"]},
        },
    )
    assert f.now.pillars == {"guard": approx(30.0)}
    assert f.now.impact == approx(95.0)
    assert f.now.risk == approx(math.sqrt(2850))
    assert f.now.band == "medium"
    assert [h.rule for h in f.now.floors] == ["axis"]


def test_empty_profile_multi_contributes_nothing_and_unknown_takes_the_highest_impact(
    mini: Questionnaire,
) -> None:
    empty = score_one(mini, {"kinds": {"choices": []}, "extras": {"choices": []}})
    assert empty.now.impact == 0.0
    # kinds unknown → 70 (highest option), extras unanswered → 20 (highest option, not the cap)
    unknown = score_one(mini, {"kinds": {"unknown": True}})
    assert unknown.now.impact == approx(90.0)


def test_duplicate_choices_count_once(mini: Questionnaire) -> None:
    f = score_one(mini, {"kinds": {"choices": ["email"]}, "extras": {"choices": ["y", "y"]}})
    assert f.now.impact == approx(30.0 + 20.0)


# --- three-valued conditions --------------------------------------------------------------------

CHOSEN = State("answered", (Option(id="yes-opt", label="Yes"),))
IS_YES = Leaf(question="src", equals="yes-opt")
IS_OTHER = Leaf(question="src", equals="other-opt")
UNKNOWN_IS_YES = Leaf(question="unk", equals="yes-opt")


def _run(condition: Condition, src: State, src_applies: bool = True) -> bool | None:
    states = {"src": src, "unk": UNKNOWN}
    return compile_condition(condition)(states, {"src": src_applies, "unk": True})


@pytest.mark.parametrize(
    ("state", "applies"),
    [
        (UNKNOWN, True),
        (UNANSWERED, True),
        (State("na"), True),
        (State("invalid"), True),
        (CHOSEN, False),  # answered, but the question itself does not apply (derived N/A)
    ],
    ids=["unknown", "unanswered", "na", "invalid", "not-applicable"],
)
@pytest.mark.parametrize("test", ["equals", "any_of", "none_of"])
def test_leaf_on_a_question_without_a_usable_answer_is_undetermined(
    state: State, applies: bool, test: str
) -> None:
    value: Any = "yes-opt" if test == "equals" else ["yes-opt"]
    assert _run(Leaf.model_validate({"question": "src", test: value}), state, applies) is None


def test_leaf_tests_on_answered_questions() -> None:
    assert _run(IS_YES, CHOSEN) is True
    assert _run(IS_OTHER, CHOSEN) is False
    assert _run(Leaf(question="src", any_of=["x", "yes-opt"]), CHOSEN) is True
    assert _run(Leaf(question="src", none_of=["yes-opt"]), CHOSEN) is False
    assert _run(Leaf(question="src", none_of=["yes-opt"]), State("answered")) is True  # []


def _all(*parts: Condition) -> AllOf:
    return AllOf.model_validate({"all": list(parts)})


def _any(*parts: Condition) -> AnyOf:
    return AnyOf.model_validate({"any": list(parts)})


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Not.model_validate({"not": IS_YES}), False),
        (Not.model_validate({"not": UNKNOWN_IS_YES}), None),  # not U = U
        (_all(IS_YES, IS_YES), True),
        (_all(IS_YES, IS_OTHER), False),
        (_all(IS_OTHER, UNKNOWN_IS_YES), False),  # all with an F = F
        (_all(IS_YES, UNKNOWN_IS_YES), None),  # else U if any U
        (_any(IS_OTHER, IS_OTHER), False),
        (_any(IS_OTHER, IS_YES), True),
        (_any(UNKNOWN_IS_YES, IS_YES), True),  # any with a T = T
        (_any(IS_OTHER, UNKNOWN_IS_YES), None),  # else U if any U
        (Not.model_validate({"not": _any(IS_OTHER, UNKNOWN_IS_YES)}), None),
    ],
)
def test_conditions_combine_in_kleene_logic(condition: Condition, expected: bool | None) -> None:
    assert _run(condition, CHOSEN) is expected


def test_engine_applies_questions_whose_condition_is_undetermined(mini: Questionnaire) -> None:
    engine = Engine(mini)
    states = {"kinds": UNKNOWN, "extras": UNANSWERED, "consent": UNANSWERED, "channels": UNKNOWN}
    assert engine.evaluator.tally(states).applicable["consent"] is True
    answered = {**states, "kinds": State("answered", (mini.by_id["kinds"].option_map["email"],))}
    assert engine.evaluator.tally(answered).applicable["consent"] is False


# --- drop_band when fixes do not move R ----------------------------------------------------------

TWO_FLAGS = """\
format: trustaudit/questionnaire@1
id: two-flags
title: Two flags
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: Which data?
        options:
          - { id: email, label: Email, impact: 30 }
  - id: guard
    kind: pillar
    title: Guard
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - { id: shown, label: Shown, risk: 0 }
          - { id: none, label: None, risk: 1, floor: high, recommend: Show a notice. }
      - id: opt-out
        type: choice
        prompt: Opt out?
        options:
          - { id: easy, label: Easy, risk: 0 }
          - { id: none, label: None, risk: 1, floor: high, recommend: Let people opt out. }
      - id: extra
        type: choice
        prompt: Extra uses?
        options:
          - { id: none, label: None, risk: 0 }
          - { id: many, label: Many, risk: 1, recommend: Drop the extra uses. }
"""


def test_drop_band_finds_fixes_that_only_remove_red_flags(write: WriteFile) -> None:
    # kinds: [] → I = 0 → R = 0 whatever the pillar says. Two red flags at high: fixing one
    # leaves the other, so neither fix lowers R or the band alone. Both together → low.
    q = loader.load(write("two-flags.yaml", TWO_FLAGS))
    answers = {
        "kinds": {"choices": []},
        "notice": {"choice": "none"},
        "opt-out": {"choice": "none"},
        "extra": {"choice": "none"},
    }
    f = score_one(q, answers)
    assert (f.now.risk, f.now.band) == (0.0, "high")
    assert f.contributors == ()  # no answer moves R: nothing to rank by ΔR
    assert [c.question for c in f.drop_band] == ["notice", "opt-out"]
    assert f.drop_band_to == "low"
    assert [c.recommend for c in f.drop_band] == ["Show a notice.", "Let people opt out."]


def test_drop_band_removes_the_rules_holding_the_band_before_chasing_r(write: WriteFile) -> None:
    # kinds email 30 · guard = 100·(1 + 1 + 1)/3 = 100 → L = 100 · R = √3000 = 54.77 → medium
    # (default bands: high at 55); axis medium; two red flags → high, held by two rules.
    # Each single fix gives R = √(66.67·30) = 44.72; fixing 'extra' leaves both flags, fixing a
    # flag leaves one. Taking the flags first: notice, then opt-out → R = √1000 = 31.62 → low.
    # Chasing R alone would fix 'extra' first and need all three.
    q = loader.load(write("two-flags.yaml", TWO_FLAGS))
    answers = {
        "kinds": {"choices": ["email"]},
        "notice": {"choice": "none"},
        "opt-out": {"choice": "none"},
        "extra": {"choice": "many"},
    }
    f = score_one(q, answers)
    assert f.now.risk == approx(math.sqrt(3000))
    assert (f.now.risk_band, f.now.band) == ("medium", "high")
    assert [c.delta for c in f.contributors] == [approx(math.sqrt(3000) - math.sqrt(2000))] * 3
    assert [c.question for c in f.drop_band] == ["notice", "opt-out"]
    assert f.drop_band_to == "low"


def test_axis_floor_applies_at_exactly_the_threshold(mini: Questionnaire) -> None:
    # consent n/a (no health) · channels unknown → guard 75 → L = .6·75 + .4·75 = 75 exactly
    # I = 0 → R = 0 → low; L ≥ 75 → medium, raised by the axis rule
    f = score_one(
        mini,
        {"kinds": {"choices": []}, "extras": {"choices": []}, "channels": {"unknown": True}},
    )
    assert f.now.likelihood == approx(75.0)
    assert f.likelihood_level == "Maximum"  # 75 is not < 75
    assert f.now.band == "medium"
    assert [(h.rule, h.raised) for h in f.now.floors] == [("axis", True)]
    assert [c.question for c in f.drop_band] == ["channels"]


WORST_ONLY = """\
format: trustaudit/questionnaire@1
id: worst-only
title: Worst pillar only
version: "1"
scoring:
  likelihood_blend: 0
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: Which data?
        options:
          - { id: health, label: Health, impact: 100 }
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - { id: shown, label: Shown, risk: 0 }
          - { id: none, label: None, risk: 1, recommend: Show a notice. }
  - id: deliver
    kind: pillar
    title: Deliver
    questions:
      - id: retention
        type: choice
        prompt: Retention?
        options:
          - { id: short, label: Short, risk: 0 }
          - { id: forever, label: Forever, risk: 1, recommend: Delete old data. }
"""


def test_drop_band_search_stops_at_fixes_that_do_not_help(write: WriteFile) -> None:
    # likelihood_blend 0: L is the worst pillar alone. Both pillars at 100 → L = 100, I = 100,
    # R = 100 → critical. Fixing either answer leaves the other pillar at 100: R, band and the
    # rules holding it stay as they are, so no single fix helps and none is advised, although
    # fixing both would reach medium (R = 0; I = 100 holds the axis rule). kinds is at its only
    # option: nothing to fix there.
    q = loader.load(write("worst-only.yaml", WORST_ONLY))
    answers = {
        "kinds": {"choices": ["health"]},
        "notice": {"choice": "none"},
        "retention": {"choice": "forever"},
    }
    f = score_one(q, answers)
    assert (f.now.risk, f.now.band) == (approx(100), "critical")
    assert f.contributors == ()
    assert (f.drop_band, f.drop_band_to) == ((), None)
    both = score_one(
        q, {**answers, "notice": {"choice": "shown"}, "retention": {"choice": "short"}}
    )
    assert both.now.band == "medium"  # the pair would help; the greedy search takes no step
    one = score_one(q, {**answers, "notice": {"choice": "shown"}})
    assert (one.now.risk, one.now.band) == (approx(100), "critical")
    assert [c.question for c in one.drop_band] == ["retention"]  # now one fix does help
    assert one.drop_band_to == "medium"


TIED = """\
format: trustaudit/questionnaire@1
id: tied
title: Tied risks
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: Which data?
        options:
          - { id: email, label: Email, impact: 60 }
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - { id: banner, label: A banner nobody reads, risk: 0, floor: medium }
          - { id: in-context, label: In context, risk: 0 }
          - { id: none, label: None, risk: 1, recommend: Show a notice. }
"""


def test_the_best_option_is_the_one_without_a_red_flag_when_risks_tie(write: WriteFile) -> None:
    q = loader.load(write("tied.yaml", TIED))
    f = score_one(q, {"kinds": {"choices": ["email"]}, "notice": {"choice": "none"}})
    assert [(c.question, c.section, c.best) for c in f.contributors] == [
        ("notice", "collect", ("in-context",))
    ]
    assert [c.best for c in f.drop_band] == [("in-context",)]
    assert f.drop_band_to == "low"  # 'banner' would have held the band at medium
    banner = score_one(q, {"kinds": {"choices": ["email"]}, "notice": {"choice": "banner"}})
    assert banner.now.band == "medium"
    assert [(c.question, c.best, c.delta) for c in banner.contributors] == [
        ("notice", ("in-context",), 0.0)  # R stays 0, but the red flag goes: it lowers the band
    ]


SMALL_GAIN = TIED.replace(
    "          - { id: none, label: None, risk: 1, recommend: Show a notice. }\n",
    "          - { id: none, label: None, risk: 1, recommend: Show a notice. }\n"
    "          - { id: late, label: Late, risk: 0.8 }\n"
    "      - id: named\n"
    "        type: choice\n"
    "        prompt: Kinds named?\n"
    "        options:\n"
    "          - { id: all, label: All, risk: 0 }\n"
    "          - { id: most, label: Most, risk: 0.02 }\n",
)


def test_a_fix_that_lowers_r_by_less_than_one_point_is_still_a_contributor(
    write: WriteFile,
) -> None:
    # collect = 100·(0.8 + 0.02)/2 = 41 → L = 41, I = 60 → R = √2460 = 49.60 (medium).
    # named → all: gap 40 → R = √2400 = 48.99: ΔR = 0.61, and the band stays medium.
    q = loader.load(write("small-gain.yaml", SMALL_GAIN))
    answers = {
        "kinds": {"choices": ["email"]},
        "notice": {"choice": "late"},
        "named": {"choice": "most"},
    }
    f = score_one(q, answers)
    assert (f.now.risk, f.now.band) == (approx(math.sqrt(2460)), "medium")
    deltas = {c.question: c.delta for c in f.contributors}
    assert deltas["named"] == approx(math.sqrt(2460) - math.sqrt(2400))
    assert deltas["named"] < 1


def test_an_engine_that_does_not_explain_scores_the_same_numbers_bands_and_dates() -> None:
    """The roll-up's engine skips only the fix search: everything else a scorecard says holds."""
    import dataclasses
    import datetime as dt

    from tests.conftest import ROOT
    from trustaudit.core.review.reading import read

    opened = read(ROOT / "reports" / "example-shop.trustaudit.yaml")
    q, a = opened.questionnaire, opened.assessment
    day = dt.date(2027, 6, 1)
    full = score(q, a, day)
    quick = score(q, a, day, engine=Engine(q, day, explain=False))
    assert any(f.contributors for f in full.features)
    unexplained = tuple(
        dataclasses.replace(f, contributors=(), drop_band=(), drop_band_to=None)
        for f in full.features
    )
    assert quick == dataclasses.replace(full, features=unexplained)
    with pytest.raises(ValueError, match="another day"):
        score(q, a, dt.date(2027, 6, 2), engine=Engine(q, day))
