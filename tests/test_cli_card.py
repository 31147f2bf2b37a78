"""``trustaudit card``: where it writes, each format, the CI gate, one-line errors with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT
from tests.core import cardkit
from trustaudit.cli import cli
from trustaudit.commands.card import FORMAT_CHOICES
from trustaudit.core.report.card.output import FORMATS


def example(tmp_path: Path) -> Path:
    path = tmp_path / "shop.trustaudit.yaml"
    shutil.copy(cardkit.EXAMPLE, path)
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["card", *map(str, args)])


def test_the_command_line_offers_every_format_the_core_writes() -> None:
    assert FORMAT_CHOICES == FORMATS


def test_default_output_is_markdown_beside_the_review(tmp_path: Path) -> None:
    result = run(example(tmp_path))
    assert result.exit_code == 0, result.output
    out = tmp_path / "shop.cards.md"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Example Shop: customer data cards\n")
    assert text.count("**Not ready to publish:**") == 3
    stderr = result.stderr.splitlines()
    assert stderr[0] == f"wrote {out}"
    assert stderr[1].startswith("3 of 4 cards not ready to publish: Personalised recommendations")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("md", "shop.store-locator.cards.md"),
        ("json", "shop.store-locator.cards.json"),
        ("html", "shop.store-locator.cards.html"),
        ("apple-privacy", "shop.store-locator.app_privacy_details.json"),
    ],
)
def test_one_feature_in_each_format(tmp_path: Path, fmt: str, name: str) -> None:
    result = run(example(tmp_path), "--feature", "store-locator", "--format", fmt)
    assert result.exit_code == 0, result.output
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert "Newsletter" not in text
    if fmt == "json":
        assert [c["feature"]["id"] for c in json.loads(text)["cards"]] == ["store-locator"]
    if fmt == "apple-privacy":
        assert json.loads(text)[0]["category"] == "COARSE_LOCATION"


def test_standard_output_with_dash_and_the_example_matches_the_core(tmp_path: Path) -> None:
    result = run(example(tmp_path), "--format", "json", "-o", "-")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "trustaudit/data-cards@1"
    assert list(tmp_path.iterdir()) == [tmp_path / "shop.trustaudit.yaml"]


def test_the_apple_draft_lists_what_to_check_apart_from_the_json(tmp_path: Path) -> None:
    result = run(example(tmp_path), "--format", "apple-privacy", "-o", "-")
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout stays pure JSON
    checks = [x for x in result.stderr.splitlines() if x.startswith("to check: ")]
    assert len(checks) >= 5
    assert "point(s) to check before you upload it" in result.stderr


def test_require_ready_gates_ci(tmp_path: Path) -> None:
    path = example(tmp_path)
    assert run(path, "--require-ready", "-o", "-").exit_code == 1
    ready = run(path, "--feature", "store-locator", "--require-ready", "-o", "-")
    assert ready.exit_code == 0
    apple = run(path, "--format", "apple-privacy", "--require-ready", "-o", "-")
    assert apple.exit_code == 1


def test_an_unknown_feature_is_one_line_naming_the_features(tmp_path: Path) -> None:
    result = run(example(tmp_path), "--feature", "nope\x1b[31m")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "has no feature 'nope" in line and "\x1b" not in line
    assert "recommendations, store-locator, newsletter, loyalty-card" in line


def test_never_writes_over_the_review_or_another_trustaudit_file(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_bytes()
    result = run(path, "-o", path)
    assert result.exit_code == 2
    assert path.read_bytes() == before
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(ROOT / "questionnaires" / "trust-audit.yaml", questionnaire)
    assert run(path, "-o", questionnaire).exit_code == 2


def test_an_empty_output_name_and_a_missing_file_are_one_line_errors(tmp_path: Path) -> None:
    empty = run(example(tmp_path), "-o", " ")
    assert empty.exit_code == 2 and len(empty.stderr.strip().splitlines()) == 1
    missing = run(tmp_path / "nope.trustaudit.yaml")
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1
