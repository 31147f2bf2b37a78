"""``trustaudit obligations``, and obligations in questionnaires a privacy lead writes: a custom
catalogue beside the questionnaire or in a lookup folder, unknown ids with line, column and a
did-you-mean."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT, WriteFile
from trustaudit.cli import cli
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin
from trustaudit.core.questionnaire import loader, locations

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"
NOTE = "Not legal advice"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, list(map(str, args)))


def example(tmp_path: Path) -> Path:
    path = tmp_path / "shop.trustaudit.yaml"
    shutil.copy(EXAMPLE, path)
    return path


# --- the command on the example review ---------------------------------------------------------


def test_the_table_lists_obligations_with_their_features_and_questions(tmp_path: Path) -> None:
    result = run("obligations", example(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "OBLIGATION", "TITLE", "FEATURE", "STATUS", "BECAUSE", "OF"]
    # The loyalty card's red-flagged sharing contracts put GDPR 28(3) at risk.
    row = next(line for line in lines if line.startswith("gdpr:28-3 "))
    assert "GDPR 28(3)" in row
    assert "Loyalty card" in row and "at risk" in row and "sharing-contracts" in row
    assert lines[-1].startswith(NOTE)
    assert any(
        line.startswith("  DPIA: likely required")
        and "large scale" in line
        and "matching or combining datasets" in line
        for line in lines
    )


def test_json_lists_each_feature_with_only_the_laws_of_its_markets(tmp_path: Path) -> None:
    result = run("obligations", example(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["note"].startswith(NOTE)
    features = {f["id"]: f for f in data["features"]}
    assert set(features) == {"recommendations", "store-locator", "newsletter", "loyalty-card"}

    def listed(fid: str) -> set[str]:
        return {o["id"] for o in features[fid]["obligations"]}

    # The store locator is used in the EU and the UK only; recommendations also in California.
    assert not any(i.startswith("ccpa:") for i in listed("store-locator"))
    assert "ccpa:1798.100-a" in listed("recommendations")
    statuses = {o["status"] for f in data["features"] for o in f["obligations"]}
    assert statuses <= {"at risk", "unknown", "not assessed", "met"}
    loyalty = features["loyalty-card"]
    assert loyalty["dpia"]["likely"] is True
    assert [c["id"] for c in loyalty["dpia"]["criteria"]] == [
        "evaluation-scoring",
        "large-scale",
        "matching-datasets",
    ]
    assert loyalty["counts"]["at risk"] == sum(
        o["status"] == "at risk" for o in loyalty["obligations"]
    )


def test_status_filters_the_rows(tmp_path: Path) -> None:
    result = run("obligations", example(tmp_path), "--json", "--status", "unknown")
    assert result.exit_code == 0, result.output
    found = [o for f in json.loads(result.stdout)["features"] for o in f["obligations"]]
    assert found and {o["status"] for o in found} == {"unknown"}


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("obligations", tmp_path / "nope.trustaudit.yaml")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "nope.trustaudit.yaml" in result.stderr


# --- obligations in a custom questionnaire -----------------------------------------------------

HOUSE = """\
format: trustaudit/obligations@1
id: house
title: House privacy rules
short: House
kind: code
applies_in: [any]
link: https://example.org/rules
licence: Our own text.
version: "2026"
entries:
  - id: notice
    ref: "R1"
    title: Tell people first
    summary: Say what you collect before you collect it.
    link: https://example.org/rules#r1
"""

QUESTIONNAIRE = """\
format: trustaudit/questionnaire@1
id: house-audit
title: House audit
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: markets
        type: multi
        prompt: Where?
        options:
          - { id: eu, label: EU, facts: [eu] }
          - { id: elsewhere, label: Elsewhere }
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        obligations: [OBLIGATIONS]
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1 }
"""


def questionnaire(write: WriteFile, obligations: str, name: str = "house.yaml") -> Path:
    return write(name, QUESTIONNAIRE.replace("OBLIGATIONS", obligations))


def review(tmp_path: Path, q: Path, choice: str) -> Path:
    loaded = loader.load(q)
    created = dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)
    assessment = Assessment(
        questionnaire=Pin(id=loaded.id, version=loaded.version, sha256=loaded.sha256),
        product="House",
        created=created,
        updated=created,
        features=[
            Feature(
                id="f",
                name="Feature",
                answers={"markets": Answer(choices=["eu"]), "notice": Answer(choice=choice)},
            )
        ],
    )
    path = tmp_path / "house.trustaudit.yaml"
    path.write_text(file_form.to_yaml(assessment), encoding="utf-8")
    return path


def test_a_custom_questionnaire_with_its_own_catalogue_works(
    write: WriteFile, tmp_path: Path
) -> None:
    write("obligations/house.yaml", HOUSE)
    q = questionnaire(write, "house:notice, gdpr:13-1-c, nist-pf:CM.AW-P1")
    assert run("validate", q).exit_code == 0
    result = run("obligations", review(tmp_path, q, "bad"), "-q", q, "--json")
    assert result.exit_code == 0, result.output
    (feature,) = json.loads(result.stdout)["features"]
    at_risk = {o["id"]: o for o in feature["obligations"] if o["status"] == "at risk"}
    assert {"house:notice", "gdpr:13-1-c", "nist-pf:cm.aw-p1"} <= set(at_risk)
    assert at_risk["house:notice"]["name"] == "House R1"
    assert at_risk["house:notice"]["because"] == ["notice"]


def test_a_catalogue_in_a_lookup_folder_is_found(write: WriteFile, tmp_path: Path) -> None:
    user = locations.user_folder() / "obligations"
    user.mkdir(parents=True)
    (user / "house.yaml").write_text(HOUSE, encoding="utf-8")
    q = questionnaire(write, "house:notice", name="elsewhere/house.yaml")
    result = run("obligations", review(tmp_path, q, "good"), "-q", q, "--json")
    assert result.exit_code == 0, result.output
    (feature,) = json.loads(result.stdout)["features"]
    assert {o["id"]: o["status"] for o in feature["obligations"]}["house:notice"] == "met"


@pytest.mark.parametrize(
    ("ids", "column", "message"),
    [
        ("gdpr:art-13-1-c", 23, "gdpr has no entry 'art-13-1-c'; did you mean 'gdpr:13-1-c'?"),
        ("gpdr:13-1-c", 23, "there is no catalogue 'gpdr'"),
        ("gdpr:5-1-a, nist-pf:CM.AW-P9", 35, "nist-pf has no entry 'cm.aw-p9'; did you mean"),
    ],
)
def test_unknown_obligation_ids_are_reported_with_line_column_and_a_guess(
    write: WriteFile, ids: str, column: int, message: str
) -> None:
    q = questionnaire(write, ids)
    result = run("validate", q)
    assert result.exit_code == 2
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{q}:23:{column}: obligations: {message}"), line


def test_nist_ids_match_whatever_their_case(write: WriteFile) -> None:
    q = questionnaire(write, "nist-pf:CM.AW-P1, nist-pf:ct.po-p1, SP800-53:PT-5")
    assert run("validate", q).exit_code == 0
    assert loader.load(q).by_id["notice"].obligations == [
        "nist-pf:cm.aw-p1",
        "nist-pf:ct.po-p1",
        "sp800-53:pt-5",
    ]
