"""The privacy lead's commands: ``validate`` (questionnaires and reviews), ``questionnaires`` and
``schema``.

``validate`` is what CI runs on every questionnaire change, so its contract is tested end to end:
every problem on its own ``path:line:col: message`` line on stdout, a summary on stderr, exit 0
or 2, and for hostile files no traceback and an answer within a second.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import BUNDLED, ROOT, WriteFile
from trustaudit.cli import cli
from trustaudit.core.questionnaire import loader

VALID = """\
format: trustaudit/questionnaire@1
id: {id}
title: A questionnaire
version: "1"
sections:
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - {{ id: good, label: Good, risk: 0 }}
          - {{ id: bad, label: Bad, risk: 1 }}
"""
"""A valid questionnaire; the two options are on lines 14 and 15."""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- validate -----------------------------------------------------------------------------------


def test_validate_accepts_the_bundled_questionnaire() -> None:
    result = invoke("validate", str(BUNDLED))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file, no problems\n"


def test_validate_prints_every_problem_of_a_bad_file_and_exits_2(
    write: WriteFile, project: Path
) -> None:
    write(
        "bad.yaml", VALID.format(id="bad").replace("risk: 0", "risk: 1.5").replace("title", "titel")
    )
    result = invoke("validate", "bad.yaml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "bad.yaml:1:1: missing required field 'title'",
        "bad.yaml:3:1: unknown field 'titel'; did you mean 'title'?",
        "bad.yaml:8:5: unknown field 'titel'; did you mean 'title'?",
        "bad.yaml:14:44: risk: input should be less than or equal to 1 (got 1.5)",
    ]
    assert result.stderr == "1 file, 4 problems\n"


def test_validate_expands_folders_to_their_yaml_files(write: WriteFile, project: Path) -> None:
    """Questionnaires and reviews alike: each is checked as what its format says."""
    write("qs/a.yaml", VALID.format(id="a"))
    write("qs/b.yml", VALID.format(id="b"))
    write("qs/notes.txt", "not a questionnaire")
    write("qs/review.trustaudit.yaml", review_text(project / "qs" / "a.yaml"))
    result = invoke("validate", "qs")
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 files, no problems\n"


# --- validate: reviews, and files that are neither ---------------------------------------------

REVIEW = """\
format: trustaudit/assessment@1
questionnaire: {{ id: {id}, version: "1", {pin} }}
product: Shop
created: 2026-11-01T10:00:00Z
updated: 2026-11-01T10:00:00Z
features:
  - id: recs
    name: Recommendations
    answers:
      notice: {{ {answer} }}
"""


def review_text(questionnaire: Path, pin: str = "", answer: str = "choice: good") -> str:
    """A review of one feature pinned (by hash) to ``questionnaire``, beside it."""
    loaded = loader.load(questionnaire)
    pin = f"sha256: {loaded.sha256}, {pin or f'source: {questionnaire.name}'}"
    return REVIEW.format(id=loaded.id, pin=pin, answer=answer)


def test_validate_checks_a_review_against_its_questionnaire(
    write: WriteFile, project: Path
) -> None:
    """A valid review has no problems (not 13 false ones from reading it as a questionnaire)."""
    questionnaire = write("shop.yaml", VALID.format(id="shop"))
    write("shop.trustaudit.yaml", review_text(questionnaire))
    result = invoke("validate", "shop.trustaudit.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "1 file, no problems\n"


def test_validate_lists_answers_a_review_holds_that_scoring_cannot_use(
    write: WriteFile, project: Path
) -> None:
    questionnaire = write("shop.yaml", VALID.format(id="shop"))
    write("shop.trustaudit.yaml", review_text(questionnaire, answer="choice: gone"))
    result = invoke("validate", "shop.trustaudit.yaml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "shop.trustaudit.yaml: feature recs: notice: option 'gone' no longer exists in the "
        "questionnaire"
    ]
    assert result.stderr == "1 file, 1 problem\n"


def test_validate_names_the_line_of_a_broken_review(write: WriteFile, project: Path) -> None:
    questionnaire = write("shop.yaml", VALID.format(id="shop"))
    text = review_text(questionnaire).replace("product: Shop", "product: Shop\nstatus: done")
    write("shop.trustaudit.yaml", text)
    result = invoke("validate", "shop.trustaudit.yaml")
    assert result.exit_code == 2
    [line] = result.stdout.splitlines()
    assert line.startswith("shop.trustaudit.yaml:4:9: status:"), line
    assert "questionnaire" not in line  # not read as a questionnaire


def test_validate_warns_about_an_unpinned_review_without_failing_it(
    write: WriteFile, project: Path
) -> None:
    write("shop.yaml", VALID.format(id="shop"))
    unpinned = REVIEW.format(id="shop", pin="source: shop.yaml", answer="choice: bad")
    write("shop.trustaudit.yaml", unpinned)
    result = invoke("validate", "shop.trustaudit.yaml")
    assert result.exit_code == 0, result.output
    assert "warning: shop.trustaudit.yaml: not pinned to a questionnaire version" in result.stderr


def test_validate_knows_the_formats_of_the_models() -> None:
    from trustaudit.commands import questionnaires
    from trustaudit.core.assessment.model import FORMAT as ASSESSMENT
    from trustaudit.core.questionnaire.model import FORMAT as QUESTIONNAIRE

    assert (questionnaires.QUESTIONNAIRE, questionnaires.ASSESSMENT) == (QUESTIONNAIRE, ASSESSMENT)


@pytest.mark.parametrize("text", ["a: 1\n", "- a list\n", "format: something/else@1\n"])
def test_a_file_that_is_neither_says_so(text: str, write: WriteFile, project: Path) -> None:
    write("other.yaml", text)
    result = invoke("validate", "other.yaml")
    assert result.exit_code == 2
    assert result.stdout == (
        "other.yaml:1:1: this is not a trustaudit review or questionnaire: it needs "
        "`format: trustaudit/questionnaire@1` or `format: trustaudit/assessment@1` at the top\n"
    )


def test_validate_sums_problems_over_several_files(write: WriteFile, project: Path) -> None:
    write("one.yaml", VALID.format(id="one").replace("id: notice", "id: Notice"))
    write(
        "two.yaml",
        VALID.format(id="two")
        .replace("risk: 0 ", "risk: 7 ")
        .replace("prompt:", "promt:")
        .replace("title: A questionnaire\n", ""),
    )
    result = invoke("validate", "one.yaml", "two.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["one.yaml"] + ["two.yaml"] * 4
    assert result.stderr == "2 files, 5 problems\n"


def test_validate_names_a_missing_path(project: Path) -> None:
    result = invoke("validate", "missing.yaml")
    assert result.exit_code == 2
    assert result.stdout == "missing.yaml: no such file\n"
    assert result.stderr == "1 file, 1 problem\n"


def test_validate_of_an_empty_folder_fails(tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == "0 files, no problems\n"


def test_validate_needs_a_path() -> None:
    assert invoke("validate").exit_code == 2


# --- questionnaires -----------------------------------------------------------------------------


def rows(result: Result) -> list[list[str]]:
    """The listing's rows after the header, split on the two-space column gap."""
    return [
        [cell.strip() for cell in line.split("  ") if cell.strip()]
        for line in result.stdout.splitlines()[1:]
    ]


def test_questionnaires_lists_the_bundled_one(project: Path) -> None:
    result = invoke("questionnaires")
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:5] == ["ID", "VERSION", "QUESTIONS", "TITLE", "WHERE"]
    [row] = rows(result)
    bundled = loader.load(BUNDLED)
    assert row[:3] == ["trust-audit", bundled.version, str(len(bundled.questions))]
    assert row[-1] == f"bundled: {BUNDLED}"


def test_a_project_questionnaire_shadows_the_bundled_one_with_the_same_id(
    write: WriteFile, project: Path
) -> None:
    mine = write("questionnaires/trust-audit.yaml", VALID.format(id="trust-audit"))
    result = invoke("questionnaires")
    assert result.exit_code == 0, result.output
    project_row, bundled_row = rows(result)
    assert project_row[0] == "trust-audit"
    assert project_row[-1] == f"project: {mine}"
    assert bundled_row[0] == "trust-audit"
    assert bundled_row[-1] == f"bundled: {BUNDLED} (shadowed by project: {mine})"


def test_an_invalid_questionnaire_is_listed_as_invalid(write: WriteFile, project: Path) -> None:
    broken = write(
        "questionnaires/broken.yaml", VALID.format(id="broken").replace("risk: 1", "risk: x")
    )
    result = invoke("questionnaires")
    assert result.exit_code == 0, result.output
    listed = {row[-1]: row for row in rows(result)}
    row = listed[f"project: {broken}"]
    assert row[0] == "broken"
    assert row[3].startswith(f"invalid: {broken}:15:")
    assert f"bundled: {BUNDLED}" in listed


# --- schema -------------------------------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) >= {"format", "id", "title", "version"}
    assert result.stdout == (ROOT / "questionnaires" / "questionnaire.schema.json").read_text(
        encoding="utf-8"
    )


# --- hostile files, end to end ------------------------------------------------------------------

CHILD = 'format: trustaudit/questionnaire@1\nid: {id}\ntitle: T\nversion: "1"\nextends: {extends}\n'
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)

HOSTILE: dict[str, tuple[str | bytes, str]] = {
    # name: (file content, "file:line:" that must be named)
    "duplicate-keys": (VALID.format(id="x").replace("title: A", "title: A\ntitle: B"), ":4:"),
    "unquoted-yes-id": (VALID.format(id="x").replace("id: good", "id: yes"), ":14:"),
    "unknown-field": (VALID.format(id="x").replace("prompt:", "promt:"), ":12:"),
    "wrong-type": (VALID.format(id="x").replace("risk: 1 ", "risk: [1] "), ":15:"),
    "dangling-when": (
        VALID.format(id="x").replace(
            "prompt:", "when: { question: ghost, equals: a }\n        prompt:"
        ),
        ":12:",
    ),
    "forward-when": (
        VALID.format(id="x").replace(
            "prompt:", "when: { question: notice2, equals: good }\n        prompt:"
        )
        + VALID.format(id="x").split("questions:\n")[1].replace("id: notice", "id: notice2"),
        ":12:",
    ),
    "pillar-option-without-risk": (VALID.format(id="x").replace(", risk: 1 }", " }"), ":15:"),
    "out-of-range": (VALID.format(id="x").replace("risk: 1 ", "risk: 1.5 "), ":15:"),
    "duplicate-ids": (VALID.format(id="x").replace("id: bad", "id: good"), ":15:"),
    "tab": (VALID.format(id="x").replace("        prompt:", "\tprompt:"), ":12:"),
    "unclosed-bracket": (
        VALID.format(id="x").replace("prompt: Notice?", "prompt: [Notice?"),
        ":13:",
    ),
    "empty": ("", ":1:"),
    "binary": (bytes(range(256)) * 4, ":1:"),
    "extends-loop": (CHILD.format(id="a", extends="extends-loop-b.yaml"), "extends-loop-b.yaml:5:"),
    "python-tag": ("!!python/object/apply:os.system ['echo pwned']\n", ":1:"),
    "alias-bomb": (BILLION_LAUGHS, ":1:"),
    "deep-nesting": ("[" * 1_000_000 + "]" * 1_000_000, ":1:"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_exit_2_naming_file_and_line_fast(name: str, tmp_path: Path) -> None:
    """A real process, so a segfault or a traceback in the C loader fails here, not silently."""
    content, where = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    if name == "extends-loop":
        (tmp_path / "extends-loop-b.yaml").write_text(
            CHILD.format(id="b", extends=path.name), encoding="utf-8"
        )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    cpu_before = _children_cpu()
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "trustaudit", "validate", path.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=30,
    )
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    output = run.stdout + run.stderr
    assert run.returncode == 2, output
    named = where if not where.startswith(":") else f"{path.name}{where}"
    assert named in run.stdout, output
    assert "Traceback" not in output
    assert "pwned" not in output
    assert run.stderr.endswith("problem\n") or run.stderr.endswith("problems\n"), output
    # The second is the tool's own cost (interpreter start included): CPU time, so that a CI
    # machine busy with other jobs cannot fail the test. Wall time only has to show no hang.
    assert cpu < 1.0, f"{name} used {cpu:.2f}s of CPU"
    assert elapsed < 10.0, f"{name} took {elapsed:.2f}s"


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
