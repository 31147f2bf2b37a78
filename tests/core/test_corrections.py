"""The session's corrections and its undo log: a plan resolved by its target, features put back
as they were, steps undone and redone through the file, and a review opened only to look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.reviewkit import start_review
from trustaudit.core.assessment.edits import Details, FeatureEdit, Schedule
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.errors import NotWritableError
from trustaudit.core.review.corrections import reached
from trustaudit.core.review.reading import read
from trustaudit.core.review.session import Review
from trustaudit.core.review.undo import AnswerStep, Setup, SetupStep, UndoLog

DAY = dt.date(2026, 12, 1)
PLAN = Plan(target="in-context", action="Add a notice", owner="Lee", due=dt.date(2027, 1, 1))


def test_a_plan_is_reached_only_by_its_target() -> None:
    assert reached(Answer(choice="in-context", plan=PLAN))
    assert not reached(Answer(choice="none", plan=PLAN))
    assert not reached(Answer(choice="in-context", plan=PLAN.model_copy(update={"status": "done"})))
    assert not reached(Answer(choice="in-context"))
    multi = Plan(target=[], action="Collect none", owner="Lee", due=DAY)
    assert reached(Answer(choices=[], plan=multi))  # "none of these" reaches an empty target


def test_resolving_a_plan_keeps_it_done_with_its_date(tmp_path: Path) -> None:
    with start_review(tmp_path) as review:
        review.set_answer("recommendations", "notice", Answer(choice="none", plan=PLAN))
        assert not review.resolve_plan("recommendations", "notice", DAY)
        review.set_answer("recommendations", "notice", Answer(choice="in-context", plan=PLAN))
        assert review.resolve_plan("recommendations", "notice", DAY)
        path = review.path
    plan = read(path).assessment.feature("recommendations").answers["notice"].plan
    assert plan is not None and plan.status == "done" and plan.verified_on == DAY
    assert plan.owner == "Lee" and plan.action == "Add a notice"


def test_undo_and_redo_of_an_answer_are_saved(tmp_path: Path) -> None:
    log = UndoLog()
    with start_review(tmp_path) as review:
        path = review.path
        given = Answer(choice="policy-only")
        review.set_answer("recommendations", "notice", given)
        log.record(AnswerStep("recommendations", "notice", None, given))
        assert log.undo(review) is not None
        assert "notice" not in read(path).assessment.feature("recommendations").answers
        assert log.can_redo and not log.can_undo
        assert log.redo(review) is not None
        assert read(path).assessment.feature("recommendations").answers["notice"] == given
        assert log.redo(review) is None


def test_typing_makes_one_step_and_a_new_step_drops_the_redo(tmp_path: Path) -> None:
    log = UndoLog()
    with start_review(tmp_path) as review:
        notes = [Answer(choice="none", note=text) for text in ("a", "ab", "abc")]
        before: Answer | None = None
        for answer in notes:
            review.set_answer("recommendations", "notice", answer)
            log.record(AnswerStep("recommendations", "notice", before, answer), merge=True)
            before = answer
        log.undo(review)
        assert review.answer("recommendations", "notice") is None  # all three letters at once
        assert not log.can_undo
        log.redo(review)
        log.undo(review)
        log.record(AnswerStep("recommendations", "notice", None, notes[0]))
        assert not log.can_redo


def test_setup_steps_put_features_back_with_their_answers(tmp_path: Path) -> None:
    log = UndoLog()
    with start_review(tmp_path) as review:
        path = review.path
        review.set_answer("recommendations", "notice", Answer(choice="none"))
        before = Setup.of(review.assessment)
        review.remove_feature("recommendations")
        review.add_feature(FeatureEdit("Search"))
        review.update_details(Details("ShopCo web", release="2.4"))
        log.record(SetupStep(before, Setup.of(review.assessment)))
        log.undo(review)
        saved = read(path).assessment
        assert [f.id for f in saved.features] == ["recommendations"]
        assert saved.features[0].answers["notice"].choice == "none"
        assert saved.product == "ShopCo app"
        log.redo(review)
        assert [f.id for f in read(path).assessment.features] == ["search"]


def test_a_review_opened_to_look_takes_no_lock_and_refuses_changes(tmp_path: Path) -> None:
    with start_review(tmp_path) as review:
        path = review.path
    before = path.read_bytes()
    with Review.open(path):  # someone else is answering
        looking = Review.look(path)
        assert looking.read_only
        shown = looking.assessment.model_dump()
        changes: list[Callable[[], object]] = [
            lambda: looking.set_answer("recommendations", "notice", Answer(choice="none")),
            lambda: looking.clear_answer("recommendations", "notice"),
            lambda: looking.remove_feature("recommendations"),
            lambda: looking.update_schedule(Schedule(review_by=dt.date(2030, 1, 1))),
            lambda: looking.confirm_all(),
            lambda: looking.start_cycle(dt.date(2030, 1, 1)),
        ]
        for change in changes:  # refused before anything changes, not after
            with pytest.raises(NotWritableError, match="read-only"):
                change()
            assert looking.assessment.model_dump() == shown
        with pytest.raises(NotWritableError):
            looking.save()
        looking.close()
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".lock").exists()
