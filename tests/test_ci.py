"""docs/ci.md's pipelines and .pre-commit-hooks.yaml, run as written on the example review.

The GitHub Actions steps and the GitLab CI script are read from docs/ci.md and run with bash in a
clone of a repository holding the example (its ``origin/main`` is the base branch, the clone's
commit changes one answer), so the documented commands are the ones tested. Only what needs the
CI service itself is left out: installing trustaudit, and posting the comment (its input, the
diff file, is checked).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.portfoliokit import EXAMPLE
from trustaudit.core.portfolio import summary

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)
jsonschema = pytest.importorskip("jsonschema")

DOC = ROOT / "docs" / "ci.md"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
REVIEW = "reports/example-shop.trustaudit.yaml"
BIN = Path(sys.executable).parent
"""Where this environment's ``trustaudit`` command is (the pipelines install it first)."""

NOT_RUN = {"Install trustaudit", "Comment the diff on the pull request"}


def _yaml_block(heading: str) -> Any:
    after = DOC.read_text(encoding="utf-8").split(heading, 1)[1]
    return yaml.safe_load(after.split("```yaml\n", 1)[1].split("```", 1)[0])


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone of a repository with the example review and the bundled questionnaires on main;
    the clone's branch changes the no-bundling answer of the loyalty card to ``separate``."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in (("NAME", "Team"), ("EMAIL", "team@example.com")):
        monkeypatch.setenv(f"GIT_AUTHOR_{name}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{name}", value)
    origin = tmp_path / "origin"
    (origin / "reports").mkdir(parents=True)
    shutil.copy(EXAMPLE, origin / REVIEW)
    shutil.copytree(ROOT / "questionnaires", origin / "questionnaires")
    _git(tmp_path, "init", "-q", "-b", "main", str(origin))
    _git(origin, "add", ".")
    _git(origin, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "base")
    work = tmp_path / "work"
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    _git(work, "checkout", "-q", "-b", "change")
    text = (work / REVIEW).read_text(encoding="utf-8")
    assert text.count("      choice: bundled\n") == 1
    (work / REVIEW).write_text(text.replace("choice: bundled\n", "choice: separate\n"), "utf-8")
    _git(work, "-c", "commit.gpgsign=false", "commit", "-q", "-am", "Partner rewards unbundled")
    return work


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run as the services do: bash, stop at the first failing command, pipes included."""
    full = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _check_outputs(work: Path) -> None:
    """What both pipelines leave: a valid SARIF log and a summary per review."""
    name = REVIEW.replace("/", "_")
    log = json.loads((work / "trustaudit-sarif" / f"{name}.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    rules = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"red-flag", "feature-band"} <= rules
    made = (work / "trustaudit-sarif" / f"{name}.trust-summary.json").read_bytes()
    assert summary.loads(made, "summary").product == "Example Shop"


def _expand(value: str) -> str:
    """The two expressions the steps use, as a pull request into main has them."""
    return value.replace("${{ github.base_ref }}", "main")


def test_the_github_actions_steps_run_as_written(clone: Path, tmp_path: Path) -> None:
    workflow = _yaml_block("## GitHub Actions")
    steps = workflow["jobs"]["trust"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == "trustaudit-sarif"
    step_summary = tmp_path / "step-summary.md"
    codes = {}
    for step in steps:
        if "run" not in step or step["name"] in NOT_RUN:
            continue
        env = {**workflow["env"], **{k: _expand(v) for k, v in step.get("env", {}).items()}}
        env["GITHUB_STEP_SUMMARY"] = str(step_summary)
        done = _bash(step["run"], clone, env)
        assert "Traceback" not in done.stderr, done.stderr
        codes[step["name"]] = done.returncode
    assert codes == {
        "Validate questionnaires": 0,
        "Score every review": 1,  # the example is High now: the gate holds
        "Portfolio in the job summary": 0,
        "Diff against the base branch": 0,
    }
    _check_outputs(clone)
    dashboard = step_summary.read_text(encoding="utf-8")
    assert dashboard.startswith("# Trust portfolio")
    assert "Example Shop 2.3" in dashboard
    assert "1 product (1 review)" in dashboard  # its summary beside the SARIF is not counted twice
    diff = (clone / "trustaudit-diff.md").read_text(encoding="utf-8")
    assert "no-bundling" in diff or "No bundling" in diff
    comment = next(s for s in steps if s.get("name") == "Comment the diff on the pull request")
    assert "--body-file trustaudit-diff.md" in comment["run"]


def test_the_gitlab_job_runs_as_written(clone: Path) -> None:
    job = _yaml_block("## GitLab CI")["trustaudit"]
    env = {**job["variables"], "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    done = _bash("\n".join(job["script"]), clone, env)
    assert done.returncode == 1, done.stderr  # the gate: the example is High now
    assert "gate: headline band high is at or above --fail-on high" in done.stderr
    _check_outputs(clone)
    assert (clone / "trust-portfolio.md").read_text(encoding="utf-8").startswith("# Trust")
    diff = (clone / "trustaudit-diff.md").read_text(encoding="utf-8")
    assert "no-bundling" in diff or "No bundling" in diff
    assert set(job["artifacts"]["paths"]) == {
        "trustaudit-sarif/",
        "trust-portfolio.md",
        "trustaudit-diff.md",
    }


HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
CANDIDATES = [
    "questionnaires/trust-audit.yaml",
    "reports/example-shop.trustaudit.yaml",
    ".gitlab-ci.yml",
    "docs/ci.md",
]


def _selected(hook: dict[str, Any], names: list[str]) -> list[str]:
    """The files pre-commit passes to a hook: ``files`` matches, ``exclude`` does not."""
    files, exclude = re.compile(hook["files"]), re.compile(hook.get("exclude", "^$"))
    return [n for n in names if files.search(n) and not exclude.search(n)]


def test_the_pre_commit_hooks_pick_their_files_and_pass_on_the_example() -> None:
    by_id = {h["id"]: h for h in HOOKS}
    assert set(by_id) == {"trustaudit-validate", "trustaudit-validate-reviews"}
    picked = {hid: _selected(h, CANDIDATES) for hid, h in by_id.items()}
    assert picked == {
        "trustaudit-validate": ["questionnaires/trust-audit.yaml"],
        "trustaudit-validate-reviews": ["reports/example-shop.trustaudit.yaml"],
    }
    for hid, hook in by_id.items():
        done = _bash(f"{hook['entry']} {' '.join(picked[hid])}", ROOT, {})
        assert done.returncode == 0, done.stderr


def test_the_pre_commit_hooks_stop_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "questionnaires").mkdir()
    (tmp_path / "questionnaires" / "bad.yaml").write_text("format: [\n", encoding="utf-8")
    (tmp_path / "bad.trustaudit.yaml").write_text(
        "format: trustaudit/assessment@1\nproduct: [\n", encoding="utf-8"
    )
    files = ["questionnaires/bad.yaml", "bad.trustaudit.yaml"]
    for hook in HOOKS:
        (name,) = _selected(hook, files)
        done = _bash(f"{hook['entry']} {name}", tmp_path, {})
        assert done.returncode != 0
        assert re.search(rf"{re.escape(name)}:\d+:\d+: ", done.stdout + done.stderr)
