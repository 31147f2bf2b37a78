"""Re-review: a new cycle records the last one in ``history`` and carries every answer over
unconfirmed; confirming and changing answers set their marks; the report says what changed since
the last review. Nothing is ever dropped from the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.core import timekit
from tests.core.timekit import AS_OF
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import Acceptance, Schedule
from trustaudit.core.assessment.model import Answer, Assessment
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.questionnaire import loader
from trustaudit.core.report.render import render_markdown
from trustaudit.core.review import cycle
from trustaudit.core.review.session import Review
from trustaudit.core.scoring.engine import score


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the project: its questionnaires/ beside reports/
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    return timekit.save(timekit.old_review(v1), tmp_path / "reports" / "r.trustaudit.yaml", v1)


Kept = tuple[object, str | None, str | None]
"""An answer's value, its note, and its plan as JSON."""


def everything(assessment: Assessment) -> set[tuple[str, str, Kept]]:
    """Every answer's value, note and plan, by feature and question: what must never be lost."""
    return {
        (f.id, qid, (a.value, a.note, a.plan.model_dump_json() if a.plan else None))
        for f in assessment.features
        for qid, a in f.answers.items()
    }


def test_rereview_then_confirm_all_then_report(path: Path) -> None:
    before = file_form.load(path)
    with Review.open(path) as review:
        ended = review.start_cycle(AS_OF)
        assert ended.started == dt.date(2026, 11, 1) and ended.ended == AS_OF
        assert ended.answers == 9  # every answer to a question of the questionnaire
        marks = {a.carried for f in review.assessment.features for a in f.answers.values()}
        assert marks == {"unconfirmed"}
        assert review.confirm_all() == 9
        assert review.confirm_all() == 0  # nothing left waiting
        q = review.questionnaire
    after = file_form.load(path)
    assert everything(after) == everything(before)  # carried over as they were
    counts = cycle.tally(after, q)
    assert counts == cycle.Tally(carried=9, confirmed=9, changed=0, unconfirmed=0, new=0)
    text = render_markdown(q, after, score(q, after, AS_OF))
    since = text[text.index("## Since the last review") : text.index("## Who does what")]
    assert "The last review ran from 1 November 2026 to 15 March 2027." in since
    assert "- **Answers looked at again:** 9 re-confirmed and 0 changed, of 9 answers" in since
    assert "not confirmed yet" not in since
    assert (
        "- **Signed then:** Privacy lead (Sam Roe): Pending; Product owner (Dana Ortiz): "
        "Approved on 2026-11-20." in since
    )


def test_the_cycle_that_ends_keeps_its_bands_pin_and_sign_off(path: Path) -> None:
    with Review.open(path) as review:
        card = score(review.questionnaire, review.assessment, AS_OF)
        ended = review.start_cycle(AS_OF)
        pin = review.assessment.questionnaire
        signers = review.assessment.sign_off
    assert ended.band == card.headline.band
    assert [(f.id, f.band) for f in ended.features] == [(f.id, f.now.band) for f in card.features]
    assert ended.questionnaire == pin
    assert [s.decision for s in ended.sign_off] == ["pending", "approved"]
    # each signer is asked again
    assert [(s.role, s.decision, s.date) for s in signers] == [
        ("Privacy lead", "pending", None),
        ("Product owner", "pending", None),
    ]
    saved = file_form.load(path)
    assert saved.history == [ended]


def test_changing_a_carried_answer_marks_it_changed_and_a_note_keeps_the_mark(path: Path) -> None:
    with Review.open(path) as review:
        review.start_cycle(AS_OF)
        review.set_answer("app", "consent", Answer(choice="opt-out"))
        notice = review.answer("web", "consent")
        assert notice is not None
        review.set_answer("web", "consent", Answer(choice="opt-out", note="checked again"))
        review.set_answer("gone", "consent", Answer(choice="opt-in"))  # a first answer
        assert review.confirm("app", "kinds") and not review.confirm("app", "kinds")
        assessment = review.assessment
    app, web, gone = assessment.features
    assert app.answers["consent"].carried == "changed"
    assert web.answers["consent"].carried == "unconfirmed"
    assert gone.answers["consent"].carried is None
    assert cycle.badge(assessment, app.answers["consent"]) == "changed"
    assert cycle.badge(assessment, web.answers["consent"]) == "carried"
    assert cycle.badge(assessment, app.answers["kinds"]) is None  # confirmed: no badge
    assert cycle.badge(assessment, gone.answers["consent"]) == "new"
    assert cycle.badge(assessment, None) == "new"
    saved = file_form.load(path)
    assert saved.feature("app").answers["consent"].carried == "changed"
    assert "carried: unconfirmed" in path.read_text(encoding="utf-8")


def test_a_first_review_has_no_badges_and_no_since_section(path: Path) -> None:
    with Review.open(path) as review:
        assessment, q = review.assessment, review.questionnaire
    assert cycle.badge(assessment, None) is None and cycle.tally(assessment, q) is None
    assert "## Since the last review" not in render_markdown(q, assessment, score(q, assessment))


def test_nothing_is_ever_dropped_across_cycles_upgrades_and_edits(path: Path) -> None:
    original = everything(file_form.load(path))
    with Review.open(path) as review:
        first = review.start_cycle(AS_OF)
        review.set_answer("web", "consent", Answer(choice="opt-in"))
        review.accept_risk("app", "consent", Acceptance("Sam Roe", dt.date(2027, 9, 30)))
    path.parent.parent.joinpath("questionnaires", "tq.yaml").write_text(
        timekit.TQ_V2, encoding="utf-8"
    )
    with Review.open(path) as review:
        second = review.start_cycle(AS_OF + dt.timedelta(days=200))
        review.upgrade()
        review.confirm_all()
    saved = file_form.load(path)
    assert saved.history == [first, second]  # history is only added to
    assert second.questionnaire.version == "1"  # the pin the cycle was answered against
    kept = everything(saved)
    # every original answer is still there (under its new id where it was renamed), with its
    # note and plan; only what was changed on purpose differs
    for fid, qid, (value, note, plan) in original:
        new_qid = "collection-notice" if qid == "notice" else qid
        (match,) = [k[2] for k in kept if k[0] == fid and k[1] == new_qid]
        assert match[1] == note, (fid, qid)
        if (fid, qid) != ("app", "consent"):  # accepted above
            assert match[2] == plan, (fid, qid)
        if (fid, qid) != ("web", "consent") and qid != "notice":  # changed; option renamed
            assert match[0] == value, (fid, qid)
    assert saved.feature("app").answers["old-q"].choice == "a"  # the orphan stayed
    assert saved.feature("app").answers["consent"].plan is not None


def test_a_cycle_cannot_start_before_the_current_one_began(path: Path) -> None:
    with Review.open(path) as review:
        review.start_cycle(AS_OF)
        with pytest.raises(InvalidFileError, match="before the current one began"):
            review.start_cycle(AS_OF - dt.timedelta(days=1))


def test_typed_edits_for_acceptance_verification_and_schedule(path: Path) -> None:
    with Review.open(path) as review:
        review.accept_risk("web", "consent", Acceptance("Sam Roe", dt.date(2027, 6, 30)))
        with pytest.raises(InvalidFileError, match="only a fix marked done can be verified"):
            review.verify_plan("app", "notice", AS_OF)
        notice = review.answer("app", "notice")
        assert notice is not None and notice.plan is not None
        review.set_answer(
            "app",
            "notice",
            notice.model_copy(update={"plan": notice.plan.model_copy(update={"status": "done"})}),
        )
        review.verify_plan("app", "notice", AS_OF)
        review.update_schedule(Schedule(launch=dt.date(2027, 4, 1), review_by=dt.date(2027, 10, 1)))
        with pytest.raises(InvalidFileError, match="has no answer yet"):
            review.accept_risk("gone", "consent", Acceptance("Sam", AS_OF))
    saved = file_form.load(path)
    plan = saved.feature("web").answers["consent"].plan
    assert plan is not None
    assert (plan.status, plan.accepted_by, plan.accepted_until) == (
        "accepted",
        "Sam Roe",
        dt.date(2027, 6, 30),
    )
    done = saved.feature("app").answers["notice"].plan
    assert done is not None and done.verified_on == AS_OF
    assert (saved.launch, saved.review_by) == (dt.date(2027, 4, 1), dt.date(2027, 10, 1))
