"""The semantic diff of two hand-made versions of a review (tests/core/timekit.py lists every
change between them), as data, as JSON and as the Markdown of a pull-request comment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.core import timekit
from tests.core.timekit import AS_OF
from trustaudit.core.report.changes import SHOWN, markdown
from trustaudit.core.review.diff import Diff, Side, compare, dumps


@pytest.fixture
def diff(tmp_path: Path) -> Diff:
    v1, v2 = timekit.both(tmp_path)
    old = timekit.old_review(v1)
    return compare(
        Side("v1.0", v1, old), Side("working copy", v2, timekit.new_review(v2, old)), AS_OF
    )


def test_features_by_id_added_removed_renamed_with_bands_then_and_now(diff: Diff) -> None:
    by_id = {f.id: f for f in diff.features}
    assert set(by_id) == {"app", "web", "gone", "kiosk"}
    app, web = by_id["app"], by_id["web"]
    assert app.renamed and app.old is not None and app.old.name == "App"
    assert by_id["kiosk"].old is None and by_id["gone"].new is None
    assert app.new is not None and app.old.risk < app.new.risk and app.moved > 0
    assert web.old is not None and web.new is not None and web.new.risk < web.old.risk
    assert diff.features[0].id == "app"  # worst move first


def test_answers_old_to_new_with_the_risk_effect_worst_first(diff: Diff) -> None:
    changes = [(a.feature, a.question, a.direction) for a in diff.answers]
    assert changes == [
        ("app", "consent", "worse"),  # risk 0 → 1 at weight 2
        ("app", "kinds", "worse"),  # impact 40 → 90
        ("web", "consent", "better"),
    ]
    consent = diff.answers[0]
    assert (consent.old_risk, consent.new_risk) == (0.0, 1.0)
    kinds = diff.answers[1]
    assert not kinds.pillar and (kinds.old_risk, kinds.new_risk) == (40.0, 90.0)


def test_a_renamed_question_and_option_are_not_changes(diff: Diff) -> None:
    # notice/policy became collection-notice/policy-only through the questionnaire's renames
    assert not [a for a in diff.answers if "notice" in a.question]


def test_questions_added_and_removed_by_the_questionnaire_change(diff: Diff) -> None:
    q = diff.questionnaire
    assert q is not None and q.known
    assert (q.old, q.new) == ("tq 1", "tq 2")
    assert q.added == ("retention",)
    assert q.removed == ("old-q",)  # the renamed notice is neither added nor removed
    assert q.unanswered == {"retention": 3}


def test_plans_opened_done_moved_overdue_and_lapsed(diff: Diff) -> None:
    events = sorted((p.feature, p.question, p.event) for p in diff.plans)
    assert events == [
        ("app", "collection-notice", "done"),
        ("app", "consent", "opened"),
        ("app", "consent", "overdue"),
        ("web", "collection-notice", "lapsed"),
        ("web", "kinds", "due"),
    ]
    done = next(p for p in diff.plans if p.event == "done")
    assert done.unapplied  # marked done, the answer still shows the old option


def test_sign_offs_by_role_and_name(diff: Diff) -> None:
    changes = {(s.role, s.old is None, s.new is None) for s in diff.sign_offs}
    assert changes == {
        ("Privacy lead", False, False),
        ("Product owner", False, True),
        ("Engineering lead", True, False),
    }


def test_pillar_gaps_then_and_now(diff: Diff) -> None:
    (collect,) = diff.pillars
    assert collect.id == "collect" and collect.old is not None and collect.new is not None
    assert collect.old != collect.new


def test_crossed_into_a_band_counts_new_features_and_moves_not_the_already_there(
    diff: Diff,
) -> None:
    by_id = {f.id: f for f in diff.features}
    app = by_id["app"]
    assert app.new is not None
    crossed = {f.id for f in diff.crossed_into(app.new.band)}
    assert "app" in crossed
    assert "web" not in crossed
    assert {f.id for f in diff.crossed_into("low")} == {"kiosk"}  # only the new one crosses "low"


def test_json_names_every_change_and_parses(diff: Diff) -> None:
    data = json.loads(dumps(diff))
    assert data["as_of"] == AS_OF.isoformat()
    assert data["old"] == "v1.0" and data["new"] == "working copy"
    assert [a["question"] for a in data["answers"]] == ["consent", "kinds", "consent"]
    assert data["answers"][0]["old"] == {"state": "answered", "choice": "opt-in"}
    assert data["questionnaire"]["added"] == ["retention"]
    assert {p["event"] for p in data["plans"]} == {"done", "opened", "overdue", "lapsed", "due"}
    assert data["headline"]["new"] == data["features"][0]["new"]["band"]


def test_markdown_is_short_worst_first_and_names_each_kind_of_change(diff: Diff) -> None:
    text = markdown(diff)
    assert text.startswith("### Trust review changes: Timed shop\n")
    assert "v1.0 → working copy, as of 15 March 2027." in text
    assert text.index("App (mobile) (was App)") < text.index("| Web")
    assert text.index("**Worse · App (mobile) · Consent:** Opt in → Opt out (risk 0 → 1)") < (
        text.index("**Better · Web · Consent:**")
    )
    assert "Kiosk (new)" in text and "Gone feature (removed)" in text
    assert (
        "**Overdue on 15 March 2027** (1): App (mobile): *Consent* (Lee Chen, 1 February 2027)"
        in text
    )
    lapsed = "**Acceptance lapsed on 15 March 2027** (1): Web: *Collection notice*"
    assert f"{lapsed} (Sam Roe, 14 March 2027)" in text
    assert (
        "**Done:** *Collection notice* in App (mobile) (the answer still shows the old option"
        in text
    )
    assert (
        "**Questionnaire:** tq 1 → tq 2: new questions *Retention* (to answer in 3 features)"
        in text
    )
    assert "removed *Old q* (their answers are kept)" in text
    assert "Privacy lead (Sam Roe): Pending → **Conditional** on 2027-03-10" in text
    assert "Product owner (Dana Ortiz): no longer signs" in text
    assert len(text.encode()) < 4_000


def test_nothing_changed_says_so(tmp_path: Path) -> None:
    v1, _ = timekit.both(tmp_path)
    old = timekit.old_review(v1)
    same = compare(Side("a", v1, old), Side("b", v1, old.model_copy(deep=True)), AS_OF)
    assert not same.answers and not same.sign_offs and same.questionnaire is None
    # dates are judged on the as-of day even when nothing changed: the lapse is still reported
    assert [p.event for p in same.plans] == ["lapsed"]
    before = compare(Side("a", v1, old), Side("b", v1, old), AS_OF.replace(month=1))
    assert not before.changed
    assert "Nothing the review says has changed." in markdown(before)


def test_long_lists_are_cut_and_counted(tmp_path: Path) -> None:
    v1, _ = timekit.both(tmp_path)
    old = timekit.old_review(v1)
    old.features = [
        f.model_copy(update={"id": f"f{i}", "name": f"Feature {i}"}, deep=True)
        for i in range(SHOWN + 5)
        for f in old.features[2:3]
    ]
    new = old.model_copy(deep=True)
    for f in new.features:
        f.answers["notice"].choice = "none"
    text = markdown(compare(Side("a", v1, old), Side("b", v1, new), AS_OF.replace(month=1)))
    assert text.count("**Worse ·") == SHOWN
    assert "And 5 answers more: `trustaudit diff --json` lists every change." in text


def test_text_from_the_files_stays_text_in_the_comment(tmp_path: Path) -> None:
    v1, _ = timekit.both(tmp_path)
    old = timekit.old_review(v1)
    hostile = "App | <b>bold</b> [link](javascript:alert(1))\n# heading [@click=app.quit]"
    old.features[0].name = hostile
    old.product = "Shop <script>x</script>"
    new = old.model_copy(deep=True)
    new.features[0].answers["consent"].choice = "opt-out"
    new.sign_off[0].comment = "| --- |\n> quoted"
    new.sign_off[0].decision = "rejected"
    text = markdown(compare(Side("main`; rm -rf /", v1, old), Side("b", v1, new), AS_OF))
    for raw in ("<b>", "<script>", "[link]", "](javascript:", "[@click"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw  # only escaped
    assert not any(line.startswith(("# ", "> ")) for line in text.splitlines())
    assert "\\|" in text  # the pipe in the name is escaped, so the table keeps its columns
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len({len(re.split(r"(?<!\\)\|", row)) for row in rows}) == 1
