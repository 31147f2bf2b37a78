"""docs/questionnaire-format.md is checked against the code, so the manual cannot rot.

Privacy leads copy from it: the worked example must validate and do what the text says, the
sample ``validate`` output must be what ``validate`` prints, and every field and default the
models know must be in the reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUNDLED, ROOT
from trustaudit.core.io import yaml_reader
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.conditions import Leaf
from trustaudit.core.questionnaire.model import (
    Option,
    Question,
    QuestionnaireFile,
    Scoring,
    SectionSpec,
)

DOC = ROOT / "docs" / "questionnaire-format.md"
TEXT = DOC.read_text(encoding="utf-8")


def marked_blocks(kind: str) -> dict[str, str]:
    """Code blocks right after ``<!-- example-KIND: NAME -->`` markers, by name."""
    pattern = rf"<!-- example-{kind}: (\S+) -->\n```\w+\n(.*?)```"
    return {m.group(1): m.group(2) for m in re.finditer(pattern, TEXT, re.S)}


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", TEXT, re.S)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The doc's example files written into an empty project folder, which is the cwd."""
    monkeypatch.chdir(tmp_path)
    for name, text in marked_blocks("file").items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_doc_has_its_example_files() -> None:
    assert set(marked_blocks("file")) == {"broken.yaml", "questionnaires/acme-trust-audit.yaml"}
    assert set(marked_blocks("output")) == {"broken.yaml"}


def test_the_worked_example_validates_and_does_what_the_doc_says(project: Path) -> None:
    path = project / "questionnaires" / "acme-trust-audit.yaml"
    loaded, problems = loader.check(path)
    assert problems == []
    assert loaded is not None
    bundled = loader.load(BUNDLED)
    assert loaded.chain == (BUNDLED.resolve(), path.resolve())
    # 1. stricter bands, critical kept from the parent
    assert loaded.scoring.bands.model_dump() == {"medium": 30, "high": 45, "critical": 75}
    # 2. retention-enforced replaced in place
    deliver = {s.id: s for s in loaded.sections}["deliver-purposefully"]
    before = [q.id for q in {s.id: s for s in bundled.sections}["deliver-purposefully"].questions]
    after = [q.id for q in deliver.questions]
    assert after.index("retention-enforced") == before.index("retention-enforced")
    assert "13 months" in loaded.by_id["retention-enforced"].prompt
    # 3. clarity-review removed
    assert "clarity-review" in bundled.by_id
    assert "clarity-review" not in loaded.by_id
    # 4. the new question appended, asked only when data trains models
    assert after[-1] == "model-training-choice"
    assert after[:-1] == before
    assert len(loaded.questions) == len(bundled.questions)


def test_the_worked_example_can_shadow_the_bundled_id_as_the_doc_says(project: Path) -> None:
    path = project / "questionnaires" / "acme-trust-audit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: acme-trust-audit", "id: trust-audit"),
        encoding="utf-8",
    )
    loaded = loader.load(path)
    assert loaded.id == "trust-audit"
    assert loaded.chain[0] == BUNDLED.resolve()


def test_the_sample_validate_output_is_what_validate_prints(project: Path) -> None:
    _, problems = loader.check(project / "broken.yaml", "broken.yaml")
    assert [str(p) for p in problems] == marked_blocks("output")["broken.yaml"].splitlines()


def test_the_next_problem_the_doc_promises_is_found_after_the_fix(project: Path) -> None:
    path = project / "broken.yaml"
    fixed = (
        path.read_text(encoding="utf-8")
        .replace("version: 1.0", 'version: "1.0"')
        .replace("id: yes", 'id: "yes"')
        .replace("risk: 1.5", "risk: 1")
    )
    path.write_text(fixed, encoding="utf-8")
    _, problems = loader.check(path, "broken.yaml")
    assert [p.message for p in problems] == ["when: there is no question 'data-kinds'"]
    assert "`when: there is no question 'data-kinds'`" in TEXT


def test_every_yaml_snippet_in_the_doc_is_read_without_problems() -> None:
    blocks = yaml_blocks()
    assert len(blocks) >= 5
    for block in blocks:
        assert yaml_reader.parse(block, "doc").problems == []


def test_the_first_look_example_is_a_valid_questionnaire(tmp_path: Path) -> None:
    first = next(b for b in yaml_blocks() if "id: mini-audit" in b)
    path = tmp_path / "mini.yaml"
    path.write_text(first, encoding="utf-8")
    assert loader.check(path)[1] == []


@pytest.mark.parametrize(
    "model",
    [QuestionnaireFile, SectionSpec, Question, Option, Leaf, Scoring],
    ids=lambda m: m.__name__,
)
def test_every_field_is_in_the_reference(model: type) -> None:
    names = [f.alias or name for name, f in model.model_fields.items()]  # type: ignore[attr-defined]
    missing = [name for name in names if f"`{name}`" not in TEXT]
    assert missing == []


def test_condition_combinators_are_in_the_reference() -> None:
    for form in ("{ all: [", "{ any: [", "{ not: "):
        assert form in TEXT


def test_the_scoring_defaults_in_the_reference_are_the_codes() -> None:
    section = TEXT.split("## Scoring settings")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \|", section, re.M)
    documented = {key: yaml.safe_load(value) for key, value in rows}
    defaults = Scoring().model_dump()
    defaults["levels"] = list(defaults["levels"])
    assert documented == defaults
