"""``trustaudit diff`` against a real git repository made in the test: two files, ``--since``,
``--since-signoff``, the old questionnaire read at the ref, the gate and the usage errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.core import timekit
from tests.core.timekit import AS_OF
from trustaudit.cli import cli
from trustaudit.core.assessment.model import SignOff
from trustaudit.core.questionnaire import loader

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["diff", *args, "--as-of", AS_OF.isoformat()])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project in git: questionnaire v1 and the old review committed, then (uncommitted) the
    questionnaire at v2 and the review changed as tests/core/timekit.py says."""
    monkeypatch.chdir(tmp_path)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "team@example.com")
    git(tmp_path, "config", "user.name", "Team")
    git(tmp_path, "config", "commit.gpgsign", "false")
    path = timekit.write_questionnaire(tmp_path)
    v1 = loader.load(path)
    review = tmp_path / "reports" / "shop.trustaudit.yaml"
    old = timekit.old_review(v1)
    timekit.save(old, review, v1)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "First review")
    path.write_text(timekit.TQ_V2, encoding="utf-8")
    v2 = loader.load(path)
    timekit.save(timekit.new_review(v2, old), review, v2)
    return review


def test_since_a_ref_reads_the_old_version_and_its_questionnaire_with_git_show(
    repo: Path,
) -> None:
    result = run(str(repo), "--since", "HEAD", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"].startswith("HEAD (") and data["new"] == "working copy"
    # the questionnaire as it was at HEAD (v1) was read from git: questions added and removed
    assert data["questionnaire"]["known"] is True
    assert data["questionnaire"]["added"] == ["retention"]
    assert data["questionnaire"]["removed"] == ["old-q"]
    assert [a["question"] for a in data["answers"]] == ["consent", "kinds", "consent"]
    assert result.stderr == ""


def test_the_markdown_is_a_pull_request_comment(repo: Path, tmp_path: Path) -> None:
    result = run(str(repo), "--since", "HEAD", "-o", "comment.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert text.startswith("### Trust review changes: Timed shop")
    assert "**Worse · App (mobile) · Consent:** Opt in → Opt out" in text
    assert result.stderr.strip() == "wrote comment.md"


def test_two_files(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.trustaudit.yaml"
    old.write_bytes(
        subprocess.run(
            ["git", "-C", str(tmp_path), "show", "HEAD:reports/shop.trustaudit.yaml"],
            capture_output=True,
            check=True,
        ).stdout
    )
    # the old file's pin leads to the questionnaire on disk, which is v2 now: it is scored
    # against that, and the diff says so; -Q names the right one
    result = run(str(old), str(repo))
    assert result.exit_code == 0, result.output
    assert "its questionnaire tq 1 is not available" in result.stderr
    (tmp_path / "v1.yaml").write_text(timekit.TQ_V1, encoding="utf-8")
    result = run(str(old), str(repo), "--old-questionnaire", "v1.yaml", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["questionnaire"]["removed"] == ["old-q"]


def test_since_signoff_finds_the_last_commit_that_recorded_a_decision(repo: Path) -> None:
    root = repo.parent.parent
    git(root, "stash", "-q")
    v1 = loader.load(root / "questionnaires" / "tq.yaml")
    review = timekit.old_review(v1)
    review.features[0].answers["consent"].note = "a note: not a sign-off change"
    timekit.save(review, repo, v1)
    git(root, "commit", "-qam", "A note")
    review.sign_off[0] = SignOff(
        role="Privacy lead", name="Sam Roe", decision="approved", date=dt.date(2027, 1, 5)
    )
    timekit.save(review, repo, v1)
    git(root, "commit", "-qam", "Privacy lead approves")
    signed = git(root, "rev-parse", "HEAD")
    review.features[1].answers["consent"].choice = "opt-in"
    timekit.save(review, repo, v1)
    git(root, "commit", "-qam", "Consent fixed")
    review.features[0].answers["consent"].choice = "opt-out"
    timekit.save(review, repo, v1)  # and one change not committed yet
    result = run(str(repo), "--since-signoff", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"] == f"the last sign-off ({signed[:12]}, {dt.date.today()})"
    changes = [(a["feature"], a["question"], a["direction"]) for a in data["answers"]]
    assert changes == [("app", "consent", "worse"), ("web", "consent", "better")]
    assert data["sign_offs"] == []  # nothing changed in the sign-off since it was given


def test_since_signoff_with_no_decision_anywhere(repo: Path) -> None:
    root = repo.parent.parent
    git(root, "stash", "-q")
    text = repo.read_text(encoding="utf-8").replace("decision: approved", "decision: pending")
    repo.write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "No decision")
    # the first commit recorded one (approved), the second undid it: the first is the last
    result = run(str(repo), "--since-signoff", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sign_offs"][0]["new"]["decision"] == "pending"
    fresh = repo.parent / "fresh.trustaudit.yaml"
    fresh.write_text(text, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "A review never signed")
    result = run(str(fresh), "--since-signoff")
    assert result.exit_code == 2
    assert "no commit records a sign-off decision" in result.stderr


def test_fail_on_worse_exits_1_naming_each_feature_that_crossed(repo: Path) -> None:
    result = run(str(repo), "--since", "HEAD", "--fail-on-worse", "high")
    assert result.exit_code == 1, result.output
    gates = [line for line in result.stderr.splitlines() if "gate:" in line]
    assert gates == [
        "warning: gate: feature app is critical (was low), at or above high",
        "warning: gate: feature kiosk is high (new), at or above high",
    ]
    assert run(str(repo), "--since", "HEAD", "--fail-on-worse", "critical").exit_code == 1
    assert (
        run(str(repo), "--since", "HEAD", "--fail-on-worse", "critical", "-o", "-").exit_code == 1
    )


def test_bad_refs_and_usage_are_one_line_and_exit_2(repo: Path, tmp_path: Path) -> None:
    for args, message in [
        (["--since", "no-such-branch"], "'no-such-branch' names no commit"),
        (["--since", "--output=/tmp/x"], "is not a git reference"),
        (["--since", "HEAD", "--since-signoff"], "exactly one"),
        ([], "exactly one"),
    ]:
        result = run(str(repo), *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    lone = outside / "shop.trustaudit.yaml"
    shutil.copy(repo, lone)
    shutil.copytree(repo.parent.parent / "questionnaires", outside / "questionnaires")
    result = CliRunner().invoke(cli, ["diff", str(lone), "--since", "HEAD"])
    assert result.exit_code == 2
    assert "names no commit" in result.stderr or "not a git repository" in result.stderr


def test_the_output_never_replaces_an_input(repo: Path) -> None:
    before = repo.read_bytes()
    result = run(str(repo), "--since", "HEAD", "-o", str(repo))
    assert result.exit_code == 2
    assert repo.read_bytes() == before
