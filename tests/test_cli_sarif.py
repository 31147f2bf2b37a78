"""``trustaudit score --format sarif``: valid SARIF 2.1.0 whose results point at the right lines.

The log is validated against the official schema vendored in tests/data (with its licence), and
every result's line is read back from the review file: a red flag must point at its answer's key,
an overdue fix at its plan's ``due``, a feature at its ``id``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT
from tests.portfoliokit import EXAMPLE
from trustaudit.cli import cli

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
REVIEW = "reports/example-shop.trustaudit.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def sarif(review: str = REVIEW, *args: str) -> dict[str, Any]:
    result = run("score", review, "--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return found


def line_of(result: dict[str, Any], text: list[str]) -> str:
    region = result["locations"][0]["physicalLocation"]["region"]
    line: str = text[region["startLine"] - 1]
    column: int = region["startColumn"]
    # The column is where the key starts (code points, 1-based): the text from there on.
    assert line[: column - 1].strip() in ("", "-")
    return line[column - 1 :].rstrip()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("as_of", ["2026-12-01", "2027-07-15"])
def test_the_log_validates_against_the_official_schema(as_of: str) -> None:
    log = sarif(REVIEW, "--as-of", as_of, "--fail-on", "medium")
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, errors[0]
    assert results(log), "the example has red flags: the log cannot be empty"


def test_every_result_points_at_the_line_it_is_about() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    log = sarif(REVIEW, "--as-of", "2027-07-15", "--fail-on", "medium")
    seen = set()
    for result in results(log):
        rule, props = result["ruleId"], result["properties"]
        line = line_of(result, text)
        seen.add(rule)
        if rule == "red-flag":
            assert line == f"{props['question']}:"
        elif rule == "feature-band":
            assert line == f"id: {props['feature']}"
        elif rule == "overdue-fix":
            assert line == f"due: {props['due']}"
        elif rule == "lapsed-acceptance":
            assert line == f"due: {props['accepted_until']}"  # the example has no accepted_until
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri == {"uri": REVIEW, "uriBaseId": "%SRCROOT%"}
    assert seen == {"red-flag", "feature-band", "overdue-fix", "lapsed-acceptance"}


def test_red_flags_carry_the_recommendation_and_their_band() -> None:
    flags = {
        r["properties"]["question"]: r
        for r in results(sarif(REVIEW, "--as-of", "2026-12-01"))
        if r["ruleId"] == "red-flag"
    }
    assert set(flags) == {"no-bundling", "sharing-contracts"}
    assert flags["sharing-contracts"]["level"] == "error"  # at least High
    assert flags["no-bundling"]["level"] == "warning"  # at least Medium
    assert (
        "Sign a contract that limits the recipient" in flags["sharing-contracts"]["message"]["text"]
    )


def test_only_features_at_or_above_the_gate_are_results() -> None:
    def banded(*args: str) -> set[str]:
        log = sarif(REVIEW, "--as-of", "2026-12-01", *args)
        return {r["properties"]["feature"] for r in results(log) if r["ruleId"] == "feature-band"}

    assert banded() == {"loyalty-card"}  # high and above by default
    assert banded("--fail-on", "medium") == {"loyalty-card", "recommendations"}
    assert banded("--fail-on", "critical") == set()


def test_an_accepted_risk_is_a_suppression_with_its_justification() -> None:
    log = sarif(REVIEW, "--as-of", "2026-12-01")
    accepted = [r for r in results(log) if r["ruleId"] == "accepted-risk"]
    assert [r["properties"]["question"] for r in accepted] == ["granular-choices"]
    (suppression,) = accepted[0]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["status"] == "accepted"
    assert suppression["justification"].startswith("Risk accepted by Ravi Patel until 2027-06-30")
    assert "points and offers are the programme itself" in suppression["justification"]
    line = line_of(accepted[0], EXAMPLE.read_text(encoding="utf-8").splitlines())
    assert line == "status: accepted"
    # Once the acceptance has lapsed it is no longer suppressed but an error.
    later = results(sarif(REVIEW, "--as-of", "2027-07-15"))
    assert not [r for r in later if r.get("suppressions")]


def test_an_accepted_red_flag_is_suppressed_not_dropped(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    old = "        due: 2027-02-28\n        status: in_progress\n    personalisation-explained:"
    assert text.count(old) == 1
    new = (
        "        due: 2027-02-28\n        status: accepted\n        accepted_by: Sam Roe\n"
        "        accepted_until: 2027-03-31\n    personalisation-explained:"
    )
    review = tmp_path / "shop.trustaudit.yaml"
    review.write_text(text.replace(old, new), encoding="utf-8")
    log = sarif(str(review), "--as-of", "2026-12-01")
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    flag = next(r for r in results(log) if r["properties"].get("question") == "no-bundling")
    assert flag["ruleId"] == "red-flag"
    assert flag["suppressions"][0]["justification"].startswith(
        "Risk accepted by Sam Roe until 2027-03-31"
    )
    uri = flag["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == review.as_uri()  # an absolute path is a file URI


def test_sarif_to_a_file_and_the_gate_still_holds(tmp_path: Path) -> None:
    out = tmp_path / "trustaudit.sarif"
    result = run("score", REVIEW, "--format", "sarif", "--fail-on", "high", "-o", str(out))
    assert result.exit_code == 1  # the headline band is High
    assert "gate: headline band high" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_json_and_sarif_cannot_both_be_asked_for() -> None:
    result = run("score", REVIEW, "--json", "--format", "sarif")
    assert result.exit_code == 2
    assert "choose one" in result.output


def test_the_review_is_named_from_the_repository_root_percent_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my reviews"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "shop.trustaudit.yaml")
    monkeypatch.chdir(tmp_path)
    log = sarif("my reviews/shop.trustaudit.yaml", "--as-of", "2026-12-01")
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (artifact,) = log["runs"][0]["artifacts"]
    assert artifact["location"] == {"uri": "my%20reviews/shop.trustaudit.yaml",
                                    "uriBaseId": "%SRCROOT%"}  # fmt: skip
    assert log["runs"][0]["automationDetails"]["id"] == (
        "trustaudit/my%20reviews/shop.trustaudit.yaml/"
    )
