"""``trustaudit score``: the table, the ``--json`` contract (README), and the exit codes.

Reviews are built with the store API against the golden questionnaire of the scoring tests, so the
numbers on the command line are the hand-computed ones:

    axis          R 16.88 medium → medium        (complete)
    plans         R 54.94 high   → 37.35 medium  (complete)
    turns-false   R 50.79 critical → 0 low       (complete)
    unknowns      R 64.09 high   → high          (3 unanswered)
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT, WriteFile
from tests.core.test_scoring import AXIS, CONDITION_TURNS_FALSE, GOLDEN, PLANS, UNKNOWNS
from trustaudit.cli import cli
from trustaudit.core.assessment.edits import Details
from trustaudit.core.assessment.model import Answer, Feature
from trustaudit.core.questionnaire import loader
from trustaudit.core.review.session import Review

CONTRACT_FEATURE_KEYS = {
    "id",
    "name",
    "pillars",
    "likelihood",
    "impact",
    "risk",
    "band",
    "floors",
    "benefit",
    "confidence",
    "provisional",
    "dpia_likely",
    "unanswered",
    "unknown",
    "problems",
    "planned",
    "contributors",
}


@pytest.fixture
def golden_file(write: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write("questionnaires/golden.yaml", GOLDEN.replace("  EXTRA_SCORING\n", ""))


def make_review(
    golden_file: Path, name: str = "shop.trustaudit.yaml", **features: dict[str, Any]
) -> Path:
    """An assessment saved through the store, one feature per keyword."""
    path = golden_file.parent.parent / name
    q = loader.load(golden_file)
    with Review.create(path, q, Details("Golden shop")) as review:
        for fid, answers in features.items():
            # One save for the whole review: set_answer would fsync after every answer.
            review.assessment.features.append(
                Feature(
                    id=fid.replace("_", "-"),
                    name=fid.replace("_", "-"),
                    answers={qid: Answer.model_validate(a) for qid, a in answers.items()},
                )
            )
        review.save()
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["score", *map(str, args)])


@pytest.fixture
def shop(golden_file: Path) -> Path:
    return make_review(golden_file, axis=AXIS, plans=PLANS, turns_false=CONDITION_TURNS_FALSE)


# --- output --------------------------------------------------------------------------------------


def test_default_output_is_a_readable_table_with_the_headline(shop: Path) -> None:
    result = run(shop)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "FEATURE",
        "COLLECT",
        "CLEARLY",
        "STATE",
        "INTENTIONS",
        "DELIVER",
        "PURPOSEFULLY",
        "L",
        "I",
        "R",
        "BAND",
        "FLAGS",
    ]
    plans = next(line for line in lines if line.startswith("plans "))
    assert "54.9 → 37.3" in plans
    assert "high → medium" in plans
    turns = next(line for line in lines if line.startswith("turns-false "))
    assert "critical → low" in turns
    assert "red flag sensitive (≥critical)" in turns
    mean = (math.sqrt(285) + math.sqrt(3018.75) + math.sqrt(2580)) / 3
    assert lines[-2] == (
        f"Golden shop: CRITICAL → MEDIUM with plans done · mean risk {mean:.1f}"
        " · questionnaire golden 1"
    )
    assert lines[-1].startswith("as of ")  # the day dates were judged on, under the headline


def test_json_follows_the_design_contract(shop: Path, golden_file: Path) -> None:
    result = run(shop, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"product", "questionnaire", "headline", "features"} <= set(data)
    assert data["product"] == "Golden shop"
    q = loader.load(golden_file)
    assert data["questionnaire"] == {"id": "golden", "version": "1", "sha256": q.sha256}
    headline = data["headline"]
    assert {"band", "planned_band", "mean_risk"} <= set(headline)
    assert (headline["band"], headline["planned_band"]) == ("critical", "medium")
    assert [f["id"] for f in data["features"]] == ["axis", "plans", "turns-false"]
    for feature in data["features"]:
        assert set(feature) >= CONTRACT_FEATURE_KEYS, feature.keys()
        assert set(feature["pillars"]) == {"collect", "state", "deliver"}
        assert {"likelihood", "impact", "risk", "band"} <= set(feature["planned"])
        for contributor in feature["contributors"]:
            assert {"question", "delta", "recommend"} <= set(contributor)
        for floor in feature["floors"]:
            assert {"question", "floor", "rule"} <= set(floor)
        for key in ("likelihood", "impact", "risk", "benefit", "confidence"):
            assert isinstance(feature[key], float | int)
        assert isinstance(feature["unanswered"], int)
        assert isinstance(feature["unknown"], int)
        assert isinstance(feature["provisional"], bool)
        assert isinstance(feature["dpia_likely"], bool)
        assert isinstance(feature["problems"], list)
        assert feature["band"] in {"low", "medium", "high", "critical"}


def test_json_numbers_are_unrounded_and_bands_lower_case(shop: Path) -> None:
    data = json.loads(run(shop, "--json").stdout)
    axis, plans, turns = data["features"]
    assert plans["risk"] == pytest.approx(math.sqrt(3018.75), abs=1e-9)
    assert plans["planned"]["risk"] == pytest.approx(math.sqrt(1395), abs=1e-9)
    assert data["headline"]["mean_risk"] == pytest.approx(
        (math.sqrt(285) + math.sqrt(3018.75) + math.sqrt(2580)) / 3, abs=1e-9
    )
    assert axis["pillars"] == {"collect": 0.0, "state": pytest.approx(5.0), "deliver": None}
    assert axis["floors"] == [{"question": None, "floor": "medium", "rule": "axis", "raised": True}]
    assert [c["question"] for c in axis["contributors"]] == ["extras", "kinds"]
    assert axis["contributors"][0]["recommend"] == "Drop use a."
    assert turns["band"] == "critical" and turns["planned"]["band"] == "low"
    assert {"question": "sensitive", "floor": "critical", "rule": "red flag"}.items() <= (
        turns["floors"][1].items()
    )


def test_json_output_is_byte_identical_across_runs(shop: Path) -> None:
    assert run(shop, "--json").stdout == run(shop, "--json").stdout


# --- exit codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("critical", 1), ("high", 1), ("HIGH", 1), ("Medium", 1), ("low", 1)],
)
def test_fail_on_exits_1_when_the_headline_reaches_the_band(
    shop: Path, fail_on: str, code: int
) -> None:
    result = run(shop, "--json", "--fail-on", fail_on)
    assert result.exit_code == code
    assert "gate: headline band critical is at or above" in result.stderr
    json.loads(result.stdout)  # the scorecard is still printed, and valid


@pytest.mark.parametrize(("fail_on", "code"), [("high", 0), ("critical", 0), ("medium", 1)])
def test_fail_on_passes_below_the_band(golden_file: Path, fail_on: str, code: int) -> None:
    review = make_review(golden_file, axis=AXIS)  # medium (raised by the axis floor)
    assert run(review, "--fail-on", fail_on).exit_code == code


def test_fail_on_rejects_an_unknown_band_as_usage_error(shop: Path) -> None:
    result = run(shop, "--fail-on", "severe")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_require_complete_exits_3_when_an_applicable_question_is_unanswered(
    golden_file: Path,
) -> None:
    review = make_review(golden_file, unknowns=UNKNOWNS)
    result = run(review, "--json", "--require-complete")
    assert result.exit_code == 3
    assert "incomplete: 3 applicable question(s) unanswered or invalid" in result.stderr
    assert json.loads(result.stdout)["features"][0]["unanswered"] == 3


def test_require_complete_passes_when_every_applicable_question_is_answered(shop: Path) -> None:
    assert run(shop, "--require-complete").exit_code == 0


def test_incomplete_is_checked_before_the_gate(golden_file: Path) -> None:
    # Both breached: unknowns is high (gate at medium) and has unanswered questions. Exit 3 wins:
    # an incomplete review cannot be judged, so "finish the review" is the first thing to say.
    review = make_review(golden_file, unknowns=UNKNOWNS)
    result = run(review, "--require-complete", "--fail-on", "medium")
    assert result.exit_code == 3
    assert run(review, "--fail-on", "medium").exit_code == 1


def _one_line_error(result: Result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0] == expected


def test_bad_yaml_is_one_line_with_its_position(write: WriteFile, golden_file: Path) -> None:
    del golden_file  # for the working folder
    write("broken.trustaudit.yaml", "format: trustaudit/assessment@1\nproduct: [unclosed\n")
    result = run("broken.trustaudit.yaml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("broken.trustaudit.yaml:3:1: ")


def test_missing_file_exits_2(golden_file: Path) -> None:
    del golden_file
    _one_line_error(run("absent.trustaudit.yaml"), "absent.trustaudit.yaml: no such file")


def test_invalid_assessment_exits_2_naming_the_line(shop: Path) -> None:
    text = shop.read_text(encoding="utf-8")
    shop.write_text(text.replace("status: draft", "status: shipped"), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("status:"))
    result = run(shop.name)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{shop.name}:{line}:9: ")
    assert len(result.stderr.splitlines()) == 1


def test_unknown_questionnaire_given_with_q_exits_2(shop: Path) -> None:
    result = run(shop, "-q", "no-such-questionnaire")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1
    assert "no-such-questionnaire" in result.stderr


# --- questionnaire resolution and drift ----------------------------------------------------------


def test_changed_questionnaire_warns_on_stderr_and_keeps_stdout_json(
    shop: Path, golden_file: Path
) -> None:
    text = golden_file.read_text(encoding="utf-8")
    golden_file.write_text(text.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    result = run(shop, "--json")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines)
    assert "questionnaire changed" in lines[0]
    assert "1 → 2" in lines[0]
    data = json.loads(result.stdout)
    assert data["questionnaire"]["version"] == "2"


def test_removed_question_is_reported_as_orphaned_drift(shop: Path, golden_file: Path) -> None:
    text = golden_file.read_text(encoding="utf-8")
    start = text.index("      - id: granular")
    end = text.index("  - id: state")
    golden_file.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run(shop, "--json")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert all(line.startswith("warning: ") for line in lines)
    assert "questionnaire changed" in lines[0]
    orphans = [line for line in lines if line.startswith("warning: feature axis: answers kept")]
    assert len(orphans) == 1
    assert orphans[0].endswith(": granular")
    assert json.loads(result.stdout)["features"][0]["orphaned"] == ["granular"]


def test_q_overrides_the_pinned_questionnaire(shop: Path, write: WriteFile) -> None:
    # The same questions with the default bands (high at 55): plans' R 54.94 becomes medium.
    other = write(
        "stricter.yaml",
        GOLDEN.replace("  EXTRA_SCORING\n", "").replace(
            "  bands: { high: 50 }\n", "  bands: { high: 55 }\n"
        ),
    )
    data = json.loads(run(shop, "--json").stdout)
    assert data["features"][1]["band"] == "high"
    result = run(shop, "--json", "-q", other)
    assert result.exit_code == 0
    overridden = json.loads(result.stdout)
    assert overridden["features"][1]["band"] == "medium"
    assert overridden["features"][1]["risk"] == pytest.approx(math.sqrt(3018.75))
    assert "questionnaire changed" in result.stderr  # not the pinned one: say so


def test_problems_in_answers_are_warnings_not_errors(golden_file: Path) -> None:
    review = make_review(golden_file, broken={**AXIS, "notice": {"choice": "gone"}})
    result = run(review.name, "--json")
    assert result.exit_code == 0
    assert (
        f"warning: {review.name}: feature broken: notice: option 'gone' no longer exists in the "
        "questionnaire" in result.stderr
    )
    assert json.loads(result.stdout)["features"][0]["problems"] == [
        "notice: option 'gone' no longer exists in the questionnaire"
    ]


def test_review_without_features_scores_with_an_empty_headline(golden_file: Path) -> None:
    review = make_review(golden_file)
    result = run(review, "--json", "--fail-on", "low")
    assert result.exit_code == 0  # no band, so no gate to breach
    data = json.loads(result.stdout)
    assert data["features"] == []
    assert data["headline"]["band"] is None
    assert "No features yet" in run(review).stdout


def test_review_without_features_is_not_complete(golden_file: Path) -> None:
    # An empty review must not pass a CI gate that asks for a finished one.
    result = run(make_review(golden_file), "--require-complete")
    assert result.exit_code == 3
    assert "warning: incomplete: the review has no features" in result.stderr


def test_piped_json_is_one_line(shop: Path) -> None:
    # Not a terminal: compact, for the C encoder's speed; a terminal gets it indented.
    assert run(shop, "--json").stdout.count("\n") == 1


def test_table_lists_red_flags_even_when_the_risk_already_sets_the_band() -> None:
    """A broken promise is news for a privacy lead whether or not it raised the band."""
    result = CliRunner().invoke(cli, ["score", str(ROOT / "reports/example-shop.trustaudit.yaml")])
    assert result.exit_code == 0, result.output
    loyalty = next(line for line in result.stdout.splitlines() if line.startswith("Loyalty card"))
    assert "high → medium" in loyalty
    assert "red flag sharing-contracts (≥high)" in loyalty
