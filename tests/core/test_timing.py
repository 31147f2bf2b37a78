"""Dates that mean something: overdue, lapsed and review due, each judged on an explicit day.

An acceptance one day past ``accepted_until`` counts as risk again: it is an open item (where an
acceptance that stands is not), it is in the scorecard's ``lapsed`` and its JSON, and the report
lists it apart from the accepted risks.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.core import timekit
from tests.core.timekit import AS_OF
from trustaudit.core.assessment.model import Answer, Assessment, Plan, SignOff
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Cadence, Questionnaire
from trustaudit.core.report.render import render_markdown
from trustaudit.core.scoring import timing
from trustaudit.core.scoring.engine import score
from trustaudit.core.scoring.scorecard import FeatureScore, dumps

DAY = dt.timedelta(days=1)


def accepted(until: dt.date | None, **more: object) -> Plan:
    return Plan.model_validate(
        {"status": "accepted", "accepted_by": "Sam Roe", "accepted_until": until, **more}
    )


def test_overdue_is_a_fix_to_make_past_its_due_day() -> None:
    due = dt.date(2027, 1, 15)
    for status, late in (("planned", True), ("in_progress", True), ("done", False)):
        plan = Plan.model_validate({"target": "x", "owner": "Lee", "due": due, "status": status})
        assert timing.overdue(plan, due + DAY) is late
        assert not timing.overdue(plan, due)  # due today is not late yet
    assert not timing.overdue(Plan(target="x", owner="Lee"), dt.date.max)  # no date: never late


def test_an_acceptance_stands_through_its_last_day_and_lapses_the_day_after() -> None:
    until = dt.date(2027, 6, 30)
    assert not timing.lapsed(accepted(until), until)
    assert timing.lapsed(accepted(until), until + DAY)
    assert not timing.lapsed(accepted(None), dt.date.max)  # flagged instead: no end
    # files written before accepted_until said until when in `due`
    legacy = Plan(status="accepted", owner="Ravi Patel", due=until)
    assert legacy.acceptance_ends == until and legacy.accepter == "Ravi Patel"
    assert timing.lapsed(legacy, until + DAY)


def test_an_acceptance_without_who_or_until_when_is_a_problem() -> None:
    assert timing.acceptance_problem(accepted(dt.date(2027, 1, 1))) is None
    assert timing.acceptance_problem(Plan(status="accepted")) == (
        "an accepted risk needs accepted_by and accepted_until: who accepts it, and until when"
    )
    assert timing.acceptance_problem(Plan(status="planned")) is None


def test_review_by_from_the_file_or_from_the_cadence_after_the_decision(tmp_path: Path) -> None:
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    review = timekit.old_review(v1)
    cadence = v1.scoring.cadence
    assert cadence == Cadence(low=24, medium=12, high=6, critical=6)
    # decided on the product owner's sign-off, 2026-11-20; a high review is due 6 months on
    assert timing.review_by(review, "high", v1.scoring) == (dt.date(2027, 5, 20), True)
    assert timing.review_by(review, "low", v1.scoring) == (dt.date(2028, 11, 20), True)
    assert timing.review_by(review, None, v1.scoring) == (None, False)
    review.review_by = dt.date(2027, 2, 1)
    assert timing.review_by(review, "high", v1.scoring) == (dt.date(2027, 2, 1), False)
    assert timing.review_due(dt.date(2027, 2, 1), dt.date(2027, 2, 2))
    assert not timing.review_due(dt.date(2027, 2, 1), dt.date(2027, 2, 1))


def test_months_are_added_as_a_calendar_does() -> None:
    assert timing.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert timing.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert timing.add_months(dt.date(2026, 11, 15), 12) == dt.date(2027, 11, 15)
    assert timing.add_months(dt.date(9999, 6, 1), 24) == dt.date.max


def test_the_old_next_review_key_is_read_as_review_by(tmp_path: Path) -> None:
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    path = timekit.save(timekit.old_review(v1), tmp_path / "r.trustaudit.yaml", v1)
    text = path.read_text(encoding="utf-8").replace(
        "features:", "next_review: 2027-04-15\nfeatures:"
    )
    from trustaudit.core.assessment import file_form

    loaded = file_form.from_bytes(text.encode(), "r")
    assert loaded.review_by == dt.date(2027, 4, 15)
    assert "review_by: 2027-04-15" in file_form.to_yaml(loaded)


def lapsing(tmp_path: Path) -> tuple[Questionnaire, Assessment, dt.date]:
    """A review whose one accepted risk stands until ``until``."""
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    review = timekit.old_review(v1)
    until = AS_OF - DAY  # web's notice is accepted until then (tests/core/timekit.py)
    return v1, review, until


def test_one_day_past_accepted_until_the_risk_counts_again(tmp_path: Path) -> None:
    v1, review, until = lapsing(tmp_path)
    standing = score(v1, review, until).feature("web")
    lapsed = score(v1, review, until + DAY).feature("web")

    def kinds(f: FeatureScore) -> set[tuple[str, str]]:
        return {(i.question, i.kind) for i in f.open_items}

    # while it stands, the accepted risk is a decision, not a gap to plan for
    assert ("notice", "needs a plan") not in kinds(standing)
    assert not [i for i in standing.open_items if i.kind == "lapsed"]
    # a day later it is open again, flagged with the day the acceptance ended
    assert ("notice", "lapsed") in kinds(lapsed)
    item = next(i for i in lapsed.open_items if i.kind == "lapsed")
    assert item.detail == until.isoformat()
    card = score(v1, review, until + DAY)
    assert [(d.feature, d.question, d.who, d.date) for d in card.lapsed] == [
        ("web", "notice", "Sam Roe", until)
    ]
    data = json.loads(dumps(card))
    assert data["lapsed"] == [
        {
            "feature": "web",
            "question": "notice",
            "accepted_by": "Sam Roe",
            "accepted_until": until.isoformat(),
        }
    ]
    assert json.loads(dumps(score(v1, review, until)))["lapsed"] == []


def test_the_report_moves_a_lapsed_acceptance_out_of_the_accepted_risks(tmp_path: Path) -> None:
    v1, review, until = lapsing(tmp_path)
    before = render_markdown(v1, review, score(v1, review, until))
    after = render_markdown(v1, review, score(v1, review, until + DAY))
    assert "**Risks accepted**" in before and "**Acceptances lapsed" not in before
    assert "**Acceptances lapsed: the risk is back**" in after
    assert "**Risks accepted**" not in after
    assert "was accepted by Sam Roe until 14 March 2027: fix it, or accept it again" in after
    assert "**Acceptance lapsed, the risk is back:** *Notice*" in after


def test_json_keys_are_added_and_none_renamed(tmp_path: Path) -> None:
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    review = timekit.old_review(v1)
    review.launch = dt.date(2027, 2, 1)
    review.features[0].answers["notice"].plan = Plan(
        target="in-context", owner="Lee Chen", due=dt.date(2027, 1, 15)
    )
    data = json.loads(dumps(score(v1, review, AS_OF)))
    assert {"product", "questionnaire", "headline", "complete", "features"} < set(data)
    assert data["as_of"] == "2027-03-15"
    assert data["launch"] == "2027-02-01"
    assert data["review_by"] == "2027-05-20" and data["review_by_derived"] is True
    assert data["review_due"] is False
    assert data["overdue"] == [
        {"feature": "app", "question": "notice", "owner": "Lee Chen", "due": "2027-01-15"}
    ]


def test_without_a_day_dates_are_judged_on_the_day_the_review_was_saved(tmp_path: Path) -> None:
    v1, review, until = lapsing(tmp_path)
    review.updated = dt.datetime.combine(until + DAY, dt.time(), dt.timezone.utc)
    card = score(v1, review)
    assert card.as_of == until + DAY and card.lapsed


@pytest.mark.parametrize("status", ["planned", "in_progress"])
def test_overdue_fixes_are_open_items(tmp_path: Path, status: str) -> None:
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    review = timekit.old_review(v1)
    answer = review.features[0].answers["notice"]
    assert answer.plan is not None
    answer.plan.status = status  # type: ignore[assignment]
    answer.plan.due = AS_OF - DAY
    items = score(v1, review, AS_OF).feature("app").open_items
    assert ("notice", "overdue", (AS_OF - DAY).isoformat()) in {
        (i.question, i.kind, i.detail) for i in items
    }


def test_a_signed_decision_moves_the_derived_review_date(tmp_path: Path) -> None:
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    review = timekit.old_review(v1)
    review.sign_off.append(
        SignOff(role="Privacy lead", name="Sam Roe", decision="approved", date=dt.date(2027, 1, 10))
    )
    assert timing.reviewed_on(review) == dt.date(2027, 1, 10)
    review.features[0].answers["x"] = Answer(choice="a")  # an orphan changes nothing here
    assert timing.review_by(review, "medium", v1.scoring) == (dt.date(2028, 1, 10), True)
