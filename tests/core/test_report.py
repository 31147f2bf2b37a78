"""The built-in report: every section in order, reproducible, charts that Mermaid can read."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.core import reportkit
from trustaudit.core.assessment.model import Answer
from trustaudit.core.report import chart_data, render
from trustaudit.core.scoring import scorecard
from trustaudit.core.scoring.engine import score

SECTIONS = [
    "## Executive summary", "## Who does what by when", "### Action plan", "## Top risks",
    "## At a glance", "## Evidence gaps and open questions", "## Sign-off",
    "## Customer data cards", "## Reference", "### Findings by pillar", "### Feature details",
    "### Method and thresholds",
]  # fmt: skip


def test_sections_come_in_the_designed_order() -> None:
    text = reportkit.render(reportkit.review())
    assert text.startswith("# Trust review: Harmless Shop 2.3\n")
    positions = [text.index(s + "\n") for s in SECTIONS]
    assert positions == sorted(positions)


def test_same_input_gives_the_same_bytes() -> None:
    a = reportkit.review(extra_features=3)
    assert reportkit.render(a) == reportkit.render(reportkit.review(extra_features=3))


def test_no_charts_drops_the_mermaid_blocks_but_keeps_their_tables() -> None:
    a = reportkit.review()
    with_charts = reportkit.render(a)
    without = reportkit.render(a, charts=False)
    assert with_charts.count("```mermaid") == 1
    assert "```mermaid" not in without
    for header in ["| # | Feature | Band now", "| Impact ↓ · Likelihood →"]:
        assert header in without


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", text, re.S)


def test_chart_labels_are_ascii_safe_and_coordinates_in_range() -> None:
    a = reportkit.review(name='Café "Größe": [x]; %% `y` 日本 ' * 3, extra_features=25)
    text = reportkit.render(a)
    blocks = mermaid_blocks(text)
    assert len(blocks) == 1
    for block in blocks:
        assert block.isascii()
    points = re.findall(r'^    "([^"]*)": \[([^\]]*)\]$', "\n".join(blocks), re.M)
    assert points
    for label, coords in points:
        assert not set(label) & set('"[]:;%{}`#<>|\\')
        x, y = (float(v) for v in coords.split(", "))
        assert 0.0 < x < 1.0 and 0.0 < y < 1.0
    assert len(re.findall(r"^    \"", blocks[0], re.M)) == chart_data.CHART_POINTS
    assert f"The chart shows {chart_data.CHART_POINTS} of the {26} features" in text


def test_json_format_is_the_scorecard() -> None:
    q = reportkit.bundled()
    a = reportkit.review()
    card = score(q, a)
    assert json.loads(scorecard.dumps(card)) == card.to_json()


def test_orphaned_answers_and_problems_are_in_the_appendix() -> None:
    a = reportkit.review()
    a.features[0].answers["security"] = (
        a.features[0].answers["security"].model_copy(update={"choice": "no-such-option"})
    )
    appendix = reportkit.render(a).split("## Reference")[1]
    orphans = appendix.split("### Orphaned answers")[1].split("### Problems")[0]
    assert re.search(
        r"\| Harmless feature +\| `gone-question` +\| choice: whatever +"
        r"\| kept from an old version +\|",
        orphans,
    )
    problems = appendix.split("### Problems")[1]
    assert "no-such-option" in problems


def test_plans_without_an_owner_get_no_credit_and_say_so() -> None:
    a = reportkit.review()
    plan = a.features[0].answers["collection-notice"].plan
    assert plan is not None
    a.features[0].answers["collection-notice"].plan = plan.model_copy(update={"owner": None})
    text = reportkit.render(a)
    actions = text.split("### Action plan")[1].split("## Top risks")[0]
    assert "**no owner: no credit**" in actions
    assert "Name an owner for *collection notice* in **Harmless feature**" in text


def test_data_card_is_a_draft_in_customer_words() -> None:
    text = reportkit.render(reportkit.review())
    cards = text.split("## Customer data cards")[1].split("## Evidence gaps")[0]
    assert "Draft for the team to edit." in cards
    assert "- **Why:** We use your orders to suggest products." in cards
    assert "- **How long we keep it:** Up to one year." in cards
    assert "what you buy from us" in cards  # the option's card: phrase, not its label
    assert "Withdrawal" in cards  # unknown: the card asks the team to confirm it


def test_empty_review_renders() -> None:
    a = reportkit.review()
    a.features.clear()
    text = reportkit.render(a)
    assert "No features have been reviewed yet" in text


def test_write_is_atomic_and_exact(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    render.write("é\n", target)
    assert target.read_bytes() == "é\n".encode()
    assert not [p for p in tmp_path.iterdir() if p != target]


def test_orphaned_answers_of_every_kind_are_shown_as_they_are_stored() -> None:
    a = reportkit.review()
    answers = a.features[0].answers
    answers["old-text"] = Answer(text="Old words.")
    answers["old-multi"] = Answer(choices=["a", "b"])
    answers["old-empty"] = Answer(choices=[])
    answers["old-unknown"] = Answer(unknown=True)
    answers["old-na"] = Answer(na="Never applied.")
    answers["old-note"] = Answer(note="Only a note.")
    orphans = reportkit.render(a).split("### Orphaned answers")[1].split("### Problems")[0]
    rows = [
        " ".join(line.split())  # tables are padded to line up; compare the cells
        for line in orphans.splitlines()
        if line.startswith("| Harmless feature ")
    ]
    assert rows == [
        "| Harmless feature | `gone-question` | choice: whatever | kept from an old version |",
        "| Harmless feature | `old-empty` | choices: none | — |",
        "| Harmless feature | `old-multi` | choices: a, b | — |",
        "| Harmless feature | `old-na` | n/a: Never applied. | — |",
        "| Harmless feature | `old-note` | no answer (note or plan only) | Only a note. |",
        "| Harmless feature | `old-text` | text: Old words. | — |",
        "| Harmless feature | `old-unknown` | don't know | — |",
    ]


def test_the_profile_table_says_none_of_these_for_an_empty_multi_answer() -> None:
    a = reportkit.review()
    a.features[0].answers["recipients"] = Answer(choices=[])
    details = reportkit.render(a).split("## Feature details")[1].split("## Action plan")[0]
    assert "| Recipients | None of these |" in details
