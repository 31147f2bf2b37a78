"""``trustaudit summary``: the small, stable JSON a repository's CI publishes for a portfolio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT
from trustaudit.cli import cli
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.portfolio import summary

GOLDEN = ROOT / "tests" / "data" / "summary-example-shop.json"
EXAMPLE = "reports/example-shop.trustaudit.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_example_summary_is_the_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract is stable: a change to any key or value shows here (regenerate with
    ``trustaudit summary reports/example-shop.trustaudit.yaml --as-of 2026-12-01`` from the
    repository root, and say in the change why the contract moved)."""
    monkeypatch.chdir(ROOT)
    result = run("summary", EXAMPLE, "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_file_holds_what_the_contract_promises() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["format"] == "trustaudit/summary@1"
    assert data["product"] == "Example Shop"
    assert data["questionnaire"]["id"] == "trust-audit"
    assert data["headline"]["band"] == "high"
    assert data["headline"]["planned_band"] == "medium"
    assert data["review_by"] == "2027-04-15"
    assert data["counts"] == {
        "features": 4,
        "unanswered": 1,
        "red_flags": 2,
        "overdue": 0,
        "lapsed": 0,
    }


def test_written_with_o_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "ci" / "out" / "trust-summary.json"  # folders made as needed
    result = run("summary", EXAMPLE, "--as-of", "2027-02-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    again = summary.loads(out.read_bytes(), str(out))
    assert again.as_of.isoformat() == "2027-02-01"
    assert again.counts.overdue > 0  # the fixes due 2027-01-15 are late by then
    assert all(d.due.isoformat() < "2027-02-01" for d in again.overdue)


def test_a_reader_ignores_keys_it_does_not_know_but_refuses_a_newer_format() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    data["added_later"] = {"anything": 1}
    assert summary.loads(json.dumps(data).encode(), "s.json").product == "Example Shop"
    data["format"] = "trustaudit/summary@2"
    with pytest.raises(InvalidFileError) as caught:
        summary.loads(json.dumps(data).encode(), "s.json")
    assert str(caught.value.problems[0]) == (
        "s.json:1:1: format trustaudit/summary@2 is from a newer trustaudit; upgrade to read it"
    )


def test_a_broken_summary_names_the_key(tmp_path: Path) -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    data["headline"]["band"] = "purple"
    with pytest.raises(InvalidFileError) as caught:
        summary.loads(json.dumps(data).encode(), "s.json")
    assert str(caught.value.problems[0]).startswith("s.json: headline.band: ")
