"""The DPIA screening follows WP248 rev.01: nine criteria, each counted once, two or more make a
DPIA likely, one professional's own patients or clients (recital 91) are exempt, and the report
names the criteria met (docs/questionnaire-format.md, DPIA screening criteria)."""

from __future__ import annotations

import pytest

from tests.conftest import WriteFile
from tests.core.obligationkit import answers, assessment, bundled, scored
from tests.core.reportkit import render
from trustaudit.core.assessment.model import Answer
from trustaudit.core.obligations.screening import screening
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.dpia import CRITERIA
from trustaudit.core.scoring.engine import score

ONLY: dict[str, dict[str, list[str]]] = {
    "evaluation-scoring": {"high-risk-traits": ["profiling"]},
    "automated-decision": {"high-risk-traits": ["automated-decisions"]},
    "systematic-monitoring": {"high-risk-traits": ["monitoring"]},
    "sensitive-data": {"data-kinds": ["health"]},
    "large-scale": {"reach": ["very-large"]},
    "matching-datasets": {"high-risk-traits": ["combining-datasets"]},
    "vulnerable-subjects": {"vulnerable-users": ["employees"]},
    "innovative-technology": {"high-risk-traits": ["new-technology"]},
    "prevents-rights": {"high-risk-traits": ["blocks-access"]},
}
"""For each criterion, the bundled answers that meet it and no other."""

PAIRS = [(c, list(ONLY)[(i + 1) % len(ONLY)]) for i, c in enumerate(ONLY)]


def profile(*criteria: str) -> dict[str, list[str] | None]:
    """The profile answers meeting ``criteria`` (multi answers merged); every other profile
    question keeps the plain shop's answer, which meets none."""
    merged: dict[str, list[str] | None] = {"high-risk-traits": []}
    for c in criteria:
        for qid, options in ONLY[c].items():
            merged[qid] = [*(merged.get(qid) or []), *options]
    if not merged["high-risk-traits"]:
        merged["high-risk-traits"] = ["none"]
    return merged


def test_the_nine_criteria_are_the_guidelines_and_each_is_reachable() -> None:
    assert list(ONLY) == list(CRITERIA)
    assert len(CRITERIA) == 9


@pytest.mark.parametrize("criterion", list(ONLY))
def test_one_criterion_alone_does_not_flag_a_dpia(criterion: str) -> None:
    s = scored(answers(profile(criterion)))
    assert [c.id for c in s.dpia_met] == [criterion]
    assert s.dpia_likely is False
    words = screening(bundled(), s)
    assert words.named == (CRITERIA[criterion],)
    assert words.outcome.startswith("not indicated, 1 criterion met")


@pytest.mark.parametrize(("criterion", "other"), PAIRS)
def test_a_criterion_and_one_other_flag_a_dpia_and_are_named(criterion: str, other: str) -> None:
    s = scored(answers(profile(criterion, other)))
    assert s.dpia_likely is True
    assert {c.id for c in s.dpia_met} == {criterion, other}
    words = screening(bundled(), s)
    assert set(words.named) == {CRITERIA[criterion], CRITERIA[other]}
    assert words.outcome == "likely required (2 of the WP248 rev.01 criteria met)"


def test_the_report_names_the_criteria_met_and_the_answers_behind_them() -> None:
    a = assessment(answers(profile("sensitive-data", "prevents-rights")))
    text = render(a)
    assert (
        "meets 2 criteria of the EDPB-endorsed WP248 list: sensitive or highly personal data; "
        "blocking a right, a service or a contract." in text
    )
    assert (
        "sensitive or highly personal data (“Health, fitness, medical or wellbeing data”)" in text
    )


def test_two_sensitive_kinds_of_data_are_one_criterion() -> None:
    s = scored(answers({"data-kinds": ["health", "religion-beliefs", "financial"]}))
    assert [(c.id, len(c.answers)) for c in s.dpia_met] == [("sensitive-data", 3)]
    assert s.dpia_likely is False


def test_financial_data_and_background_location_count() -> None:
    s = scored(
        answers(
            {
                "data-kinds": ["financial", "precise-location"],
                "location-precision": None,
                "location-frequency": ["background"],
            }
        )
    )
    assert [c.id for c in s.dpia_met] == ["systematic-monitoring", "sensitive-data"]
    assert s.dpia_likely is True


def test_large_scale_is_judged_by_volume_duration_and_area_too() -> None:
    s = scored(answers({"reach": ["one-market"], "scale-factors": ["high-volume", "wide-area"]}))
    assert [(c.id, len(c.answers)) for c in s.dpia_met] == [("large-scale", 2)]
    # Asked only when the headcount does not already say "large": a pilot is not.
    pilot = scored(answers({"reach": ["pilot"], "scale-factors": ["high-volume"]}))
    assert pilot.dpia_met == ()


def test_one_professionals_own_clients_are_exempt_whatever_the_criteria() -> None:
    s = scored(
        answers(
            {
                "reach": ["own-clients"],
                "data-kinds": ["health"],
                "vulnerable-users": ["vulnerable-adults"],
            }
        )
    )
    assert {c.id for c in s.dpia_met} == {"sensitive-data", "vulnerable-subjects"}
    assert s.dpia_likely is False
    assert s.dpia_exemption is not None and s.dpia_exemption.id == "recital-91"
    words = screening(bundled(), s)
    assert words.outcome.startswith("not likely required: one doctor's")
    assert "recital 91" in words.outcome and "document why" in words.outcome


OLD_FORM = """\
format: trustaudit/questionnaire@1
id: old
title: Old
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: What data?
        options:
          - { id: health, label: Health, impact: 80, dpia: 1 }
          - { id: scores, label: Credit scores, impact: 40, OPTION }
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1 }
"""


def test_an_option_with_the_older_dpia_count_is_counted_and_named_as_untagged(
    write: WriteFile,
) -> None:
    q = loader.load(
        write("old.yaml", OLD_FORM.replace("OPTION", "dpia_criteria: [evaluation-scoring]"))
    )
    a = assessment({"kinds": Answer(choices=["health", "scores"])}, q=q)
    s = score(q, a).features[0]
    assert s.dpia_likely is True
    words = screening(q, s)
    assert words.named == ("evaluation or scoring", "Health")
    assert words.untagged == ("Health",)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "dpia_criteria: [large-scales]",
            "dpia_criteria: there is no criterion 'large-scales'; did you mean 'large-scale'?",
        ),
        (
            "dpia_criteria: [large-scale, large-scale]",
            "dpia_criteria: 'large-scale' is listed twice",
        ),
        ("dpia: 1, dpia_criteria: [large-scale]", "dpia: name the criteria with dpia_criteria"),
    ],
)
def test_dpia_criteria_are_checked_with_their_place(
    write: WriteFile, option: str, message: str
) -> None:
    _, problems = loader.check(write("old.yaml", OLD_FORM.replace("OPTION", option)))
    lines = [str(p) for p in problems]
    assert len(lines) == 1 and ":15:" in lines[0] and message in lines[0], lines
