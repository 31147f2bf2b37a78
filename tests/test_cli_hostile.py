"""Hostile input at the command line: every message is one true line, nothing blocks, nothing
from a confidential file reaches the log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ROOT
from trustaudit.cli import cli

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"


def run(
    *args: str, cwd: Path | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """The real program in a fresh process (a hang fails the test instead of the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "trustaudit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def test_usage_errors_are_one_line_naming_the_help() -> None:
    for args, expected in (
        (
            ["score", "--jsn", "x"],
            "trustaudit score: No such option '--jsn'. Did you mean '--json'?",
        ),
        (["bogus"], "trustaudit: No such command 'bogus'."),
        (["score"], "trustaudit score: Missing argument 'FILE'."),
    ):
        result = CliRunner().invoke(cli, args, prog_name="trustaudit")
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_score_on_a_fifo_refuses_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "shop.trustaudit.yaml"
    os.mkfifo(fifo)
    result = run("score", str(fifo), timeout=20)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"{fifo}: is a FIFO (named pipe), not a file; give the path of a file"
    )


def test_validate_a_folder_holding_a_fifo_refuses_it_and_checks_the_rest(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good.yaml").write_text((ROOT / "questionnaires" / "trust-audit.yaml").read_text())
    result = run("validate", str(tmp_path), timeout=20)
    assert result.returncode == 2
    assert result.stdout.strip() == (
        f"{tmp_path / 'pipe.yaml'}: is a FIFO (named pipe), not a file; give the path of a file"
    )
    assert "2 files, 1 problem" in result.stderr


def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    evil = folder / "a\x1b]0;owned\x07\nfake.yaml"
    evil.write_text("format: trustaudit/questionnaire@1\nid: [\n")
    listed = run("questionnaires", cwd=tmp_path)
    checked = run("validate", str(folder))
    for out in (listed.stdout + listed.stderr, checked.stdout + checked.stderr):
        assert "\x1b" not in out and "\x07" not in out
        assert "a]0;owned\\nfake.yaml" in out
    assert len(checked.stdout.strip().splitlines()) == 1


def test_a_file_that_is_not_a_questionnaire_is_named_so_without_quoting_it(tmp_path: Path) -> None:
    secret = tmp_path / "settings.yaml"
    secret.write_text("password: hunter2\nlabels: [x]\n")
    result = run("validate", str(secret))
    assert result.returncode == 2
    assert result.stdout.strip() == (
        f"{secret}:1:1: this is not a trustaudit review or questionnaire: it needs "
        "`format: trustaudit/questionnaire@1` or `format: trustaudit/assessment@1` at the top"
    )
    assert "hunter2" not in result.stdout + result.stderr


def test_a_malformed_review_never_echoes_its_answers(tmp_path: Path) -> None:
    text = EXAMPLE.read_text()
    # A confidential note that is not text, and a date written as a number.
    broken = tmp_path / "shop.trustaudit.yaml"
    broken.write_text(
        text.replace("updated: ", "updated: 20261124\nold_updated: ", 1).replace(
            "product: Example Shop", "product: [Confidential launch codename]", 1
        )
    )
    result = run("score", str(broken))
    assert result.returncode == 2
    assert "Confidential" not in result.stderr and "20261124" not in result.stderr
    assert len(result.stderr.strip().splitlines()) >= 2


def test_a_report_never_overwrites_its_input(tmp_path: Path) -> None:
    review = tmp_path / "review.md"  # a review whose default report name is its own name
    review.write_bytes(EXAMPLE.read_bytes())
    before = review.read_bytes()
    for args in (["report", str(review)], ["report", str(review), "-o", str(review)]):
        result = run(*args, cwd=ROOT)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines()[-1] == (
            f"{review}: is the input {review}; write the report to another file (-o)"
        )
    json_review = tmp_path / "a.json"
    json_review.write_bytes(before)
    result = run("report", str(json_review), "--format", "json", cwd=ROOT)
    assert result.returncode == 2 and "is the input" in result.stderr
    assert review.read_bytes() == before == json_review.read_bytes()


def test_an_empty_output_name_is_refused_not_replaced_by_the_default(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", ""], prog_name="trustaudit")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "trustaudit report: -o needs a file name, or - for standard output "
        "(see `trustaudit report --help`)"
    )
