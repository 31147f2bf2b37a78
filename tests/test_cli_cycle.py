"""The cycle from the command line: ``rereview``, ``confirm``, ``score``'s date gates, and the
as-of date that makes a report the same bytes on any day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.core import timekit
from tests.core.timekit import AS_OF
from trustaudit.cli import cli
from trustaudit.commands import common
from trustaudit.core.assessment import file_form
from trustaudit.core.questionnaire import loader

DAY = dt.timedelta(days=1)


@pytest.fixture
def review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    v1 = loader.load(timekit.write_questionnaire(tmp_path))
    return timekit.save(timekit.old_review(v1), tmp_path / "reports" / "r.trustaudit.yaml", v1)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


class _Today:
    """Stands in for the calendar the command line reads (``commands.common``)."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def today(self) -> dt.date:
        return self.day


def on_day(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    fake = type("dt", (), {"date": _Today(day), "datetime": dt.datetime})
    monkeypatch.setattr(common, "dt", fake)


def test_an_acceptance_one_day_past_accepted_until_fails_fail_on_lapsed(review: Path) -> None:
    until = AS_OF - DAY  # web's notice is accepted until then
    standing = run("score", str(review), "--fail-on-lapsed", "--as-of", until.isoformat())
    assert standing.exit_code == 0, standing.output
    lapsed = run("score", str(review), "--fail-on-lapsed", "--as-of", (until + DAY).isoformat())
    assert lapsed.exit_code == 1
    assert lapsed.stderr.splitlines() == [
        f"warning: gate: acceptance lapsed on {until + DAY}: feature web: notice: "
        f"risk accepted by Sam Roe until {until}"
    ]
    assert f"as of {until + DAY}" in lapsed.stdout and "1 acceptance(s) lapsed" in lapsed.stdout


def test_fail_on_overdue_and_review_due_name_each_reason_on_one_line(review: Path) -> None:
    late = (dt.date(2027, 6, 2)).isoformat()  # app's notice fix is due 2027-06-01
    result = run("score", str(review), "--fail-on-overdue", "--fail-on-review-due", "--as-of", late)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"warning: gate: overdue on {late}: feature app: notice: fix due 2027-06-01 (Lee Chen)",
        f"warning: gate: overdue on {late}: feature web: kinds: fix due 2027-05-01 (Lee Chen)",
        f"warning: gate: review due on {late}: the next review was due by 2027-05-20",
    ]
    on_time = run("score", str(review), "--fail-on-overdue", "--as-of", "2027-04-01")
    assert on_time.exit_code == 0 and on_time.stderr == ""


def test_score_json_gains_the_dates_and_keeps_its_keys(review: Path) -> None:
    result = run("score", str(review), "--json", "--as-of", AS_OF.isoformat())
    data = json.loads(result.stdout)
    assert data["as_of"] == AS_OF.isoformat() and data["launch"] is None
    assert data["review_by"] == "2027-05-20"
    assert [d["question"] for d in data["lapsed"]] == ["notice"] and data["overdue"] == []
    assert {"product", "questionnaire", "headline", "complete", "features"} < set(data)


def test_with_as_of_pinned_the_report_is_the_same_bytes_on_any_day(
    review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {}
    for day in (dt.date(2027, 1, 1), dt.date(2031, 7, 9)):
        on_day(monkeypatch, day)
        pinned = run("report", str(review), "-o", "-", "--as-of", AS_OF.isoformat())
        free = run("report", str(review), "-o", "-")
        assert pinned.exit_code == 0 and free.exit_code == 0, pinned.output
        outputs[day] = (pinned.stdout, free.stdout)
        assert "**As of:** 15 March 2027" in pinned.stdout
    (a, free_a), (b, free_b) = outputs.values()
    assert a == b
    assert free_a != free_b  # without --as-of the day the report runs is the day it judges by
    assert "**As of:** 1 January 2027" in free_a and "**As of:** 9 July 2031" in free_b


def test_rereview_then_confirm_then_report(review: Path) -> None:
    started = run("rereview", str(review), "--as-of", AS_OF.isoformat())
    assert started.exit_code == 0, started.output
    lines = started.stdout.splitlines()
    assert lines[0] == f"reports/r.trustaudit.yaml: review 2 starts on {AS_OF}."
    assert lines[1].startswith("Recorded review 1 (1 November 2026 to 15 March 2027): ")
    assert "9 answer(s) carried over" in lines[2]
    confirmed = run("confirm", str(review), "app", "-Q", "kinds", "-Q", "consent")
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.strip().endswith(
        "confirmed 2 answer(s); 7 still unconfirmed in the review."
    )
    report = run("report", str(review), "-o", "-", "--as-of", AS_OF.isoformat())
    assert (
        "- **Answers looked at again:** 2 re-confirmed and 0 changed, of 9 answers carried "
        "over; **7 not confirmed yet**" in report.stdout
    )
    rest = run("confirm", str(review), "--all")
    assert rest.stdout.strip().endswith("confirmed 7 answer(s); 0 still unconfirmed in the review.")
    saved = file_form.load(review)
    assert len(saved.history) == 1 and saved.history[0].ended == AS_OF


def test_confirm_usage(review: Path) -> None:
    for args, message in [
        ([], "name the FEATURE(s) to confirm, or --all"),
        (["app", "--all"], "name the FEATURE(s) to confirm, or --all"),
        (["app", "web", "-Q", "kinds"], "--question needs exactly one FEATURE"),
        (["nope"], "no feature nope"),
    ]:
        result = run("confirm", str(review), *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr


def test_as_of_must_be_a_date(review: Path) -> None:
    result = run("score", str(review), "--as-of", "next tuesday")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and len(result.stderr.strip().splitlines()) == 1
