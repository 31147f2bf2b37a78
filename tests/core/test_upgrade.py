"""Questionnaire upgrades that keep answers: ``renames`` is checked, inherited through
``extends`` and followed by ``trustaudit upgrade``; orphans stay; ``scoring.cadence`` is read,
merged and left out of the hash while it is the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import BUNDLED, ROOT, WriteFile
from tests.core import timekit
from trustaudit.cli import cli
from trustaudit.core.assessment import file_form
from trustaudit.core.questionnaire import loader
from trustaudit.core.review import upgrade
from trustaudit.core.review.session import Review


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A review answered against TQ_V1, whose questionnaire file now holds TQ_V2."""
    monkeypatch.chdir(tmp_path)
    path = timekit.write_questionnaire(tmp_path)
    v1 = loader.load(path)
    review = timekit.save(timekit.old_review(v1), tmp_path / "reports" / "r.trustaudit.yaml", v1)
    path.write_text(timekit.TQ_V2, encoding="utf-8")
    return review


def test_renames_carry_answers_options_and_plan_targets(project: Path) -> None:
    with Review.open(project) as review:
        done = review.upgrade()
        app = review.assessment.feature("app").answers
        web = review.assessment.feature("web").answers
    assert {(m.feature, m.old, m.new) for m in done.moved} == {
        ("app", "notice", "collection-notice"),
        ("web", "notice", "collection-notice"),
        ("gone", "notice", "collection-notice"),
    }
    assert app["collection-notice"].choice == "policy-only"  # the option moved too
    assert "notice" not in app
    assert web["collection-notice"].plan is not None  # its plan went with it
    assert app["old-q"].choice == "a" and app["old-q"].note == "kept from version 1"  # orphan
    assert done.orphans == {"app": ["old-q"]}
    assert done.unanswered == ("retention",)
    saved = file_form.load(project)
    assert saved.questionnaire.version == "2"
    assert saved.feature("app").answers["collection-notice"].choice == "policy-only"
    assert saved.feature("app").answers["old-q"].choice == "a"


def test_a_plan_target_naming_a_renamed_option_follows_it(project: Path) -> None:
    text = project.read_text(encoding="utf-8").replace("target: in-context", "target: policy")
    project.write_text(text, encoding="utf-8")
    with Review.open(project) as review:
        review.upgrade()
        plan = review.assessment.feature("app").answers["collection-notice"].plan
    assert plan is not None and plan.target == "policy-only"


def test_an_answer_that_cannot_move_stays_where_it_is(project: Path) -> None:
    text = project.read_text(encoding="utf-8").replace(
        "    consent:\n      choice: opt-in", "    collection-notice:\n      choice: none", 1
    )
    project.write_text(text, encoding="utf-8")
    with Review.open(project) as review:
        done = review.upgrade()
        app = review.assessment.feature("app").answers
    assert [(m.feature, m.old, m.new) for m in done.blocked] == [
        ("app", "notice", "collection-notice")
    ]
    assert app["notice"].choice == "policy" and app["collection-notice"].choice == "none"


def test_preview_changes_nothing_and_a_second_upgrade_has_nothing_to_do(project: Path) -> None:
    before = project.read_bytes()
    result = CliRunner().invoke(cli, ["upgrade", str(project), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert project.read_bytes() == before
    assert "would upgrade from tq 1 to tq 2" in result.stdout
    assert (
        "- would move 3 answer(s) along renames: notice → collection-notice (app, web, gone)"
        in (result.stdout)
    )
    result = CliRunner().invoke(cli, ["upgrade", str(project)])
    assert result.exit_code == 0, result.output
    assert "reports/r.trustaudit.yaml: upgrade from tq 1 to tq 2." in result.stdout
    assert result.stderr == ""  # no "answers kept for notice": they were moved
    assert "feature app: answers kept for questions no longer asked: old-q" in result.stdout
    assert "answered in no feature where they apply (new?): retention" in result.stdout
    assert "Pinned to tq 2" in result.stdout
    again = CliRunner().invoke(cli, ["upgrade", str(project)])
    assert again.stdout.strip().endswith("already pinned to tq 2; nothing to upgrade.")


def test_pending_offers_the_upgrade_only_when_there_is_one(project: Path) -> None:
    from trustaudit.core.review.reading import read

    opened = read(project)
    offer = upgrade.pending(opened.assessment, opened.questionnaire)
    assert offer is not None and offer.pinned == "tq 1" and offer.current == "tq 2"
    with Review.open(project) as review:  # opening moves the pin in memory, not the answers
        offer = upgrade.pending(review.assessment, review.questionnaire, review.opened_pin)
        assert offer is not None and offer.pinned == "tq 1" and len(offer.moved) == 3
        assert "notice" in review.assessment.feature("app").answers  # an offer changes nothing
        assert review.assessment.feature("app").answers["notice"].choice == "policy"
        review.upgrade()
    opened = read(project)
    assert upgrade.pending(opened.assessment, opened.questionnaire) is None


@pytest.mark.parametrize(
    ("renames", "message"),
    [
        ("notice: nowhere", "renames: there is no question 'nowhere' to rename to"),
        ("consent: collection-notice", "renames: 'consent' is still a question"),
        ("notice/x: collection-notice/nope", "question 'collection-notice' has no option 'nope'"),
        ("consent/opt-in: consent/opt-out", "'consent' still has the option 'opt-in'"),
        ("notice: collection-notice/policy-only", "must both name questions, or both options"),
        ("Notice: collection-notice", "is neither a question id nor question-id/option-id"),
    ],
)
def test_renames_that_lead_nowhere_are_reported_at_their_line(
    write: WriteFile, renames: str, message: str
) -> None:
    text = timekit.TQ_V2.replace(
        "renames:\n  notice: collection-notice\n  notice/policy: collection-notice/policy-only",
        f"renames:\n  {renames}",
    )
    _, problems = loader.check(write("q.yaml", text), "q.yaml")
    assert [p.message for p in problems if message in p.message], problems
    assert all(p.line == 6 for p in problems), problems  # the rename's own line


def test_renames_are_inherited_through_extends_and_the_childs_win(write: WriteFile) -> None:
    write("parent.yaml", timekit.TQ_V2)
    child = write(
        "child.yaml",
        """
        format: trustaudit/questionnaire@1
        id: child
        title: Child
        version: "1"
        extends: parent.yaml
        renames:
          notice/none: collection-notice/in-context
        """,
    )
    q = loader.load(child)
    assert dict(q.renames) == {
        "notice": "collection-notice",
        "notice/policy": "collection-notice/policy-only",
        "notice/none": "collection-notice/in-context",
    }


def test_cadence_is_read_merged_through_extends_and_hashed_only_when_set(
    write: WriteFile,
) -> None:
    plain = loader.load(write("plain.yaml", timekit.TQ_V1))
    quick = loader.load(
        write(
            "quick.yaml",
            timekit.TQ_V1.replace("sections:", "scoring:\n  cadence: { high: 3 }\nsections:"),
        )
    )
    assert quick.scoring.cadence.high == 3 and quick.scoring.cadence.low == 24
    assert quick.sha256 != plain.sha256
    default = loader.load(
        write(
            "default.yaml",
            timekit.TQ_V1.replace(
                "sections:",
                "scoring:\n  cadence: { low: 24, medium: 12, high: 6, critical: 6 }\nsections:",
            ),
        )
    )
    assert default.sha256 == plain.sha256  # the default cadence changes no hash
    child = write(
        "child.yaml",
        """
        format: trustaudit/questionnaire@1
        id: child
        title: Child
        version: "1"
        extends: quick.yaml
        scoring:
          cadence: { critical: 1 }
        """,
    )
    merged = loader.load(child).scoring.cadence
    assert (merged.critical, merged.high, merged.medium) == (1, 3, 12)
    _, problems = loader.check(
        write(
            "bad.yaml",
            timekit.TQ_V1.replace("sections:", "scoring:\n  cadence: { low: 0 }\nsections:"),
        )
    )
    assert problems and "cadence" in str(problems[0])


def test_the_bundled_questionnaire_keeps_its_hash() -> None:
    # cadence and renames are left out of the hash while unset: the example review, pinned to
    # the bundled questionnaire, stays pinned to it.
    example = file_form.load(ROOT / "reports" / "example-shop.trustaudit.yaml")
    assert loader.load(BUNDLED).sha256 == example.questionnaire.sha256
