"""The report a manager acts on: decisions that name the fix, charts that agree with the bands,
a main file GitHub shows whole, and the files the format allows."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import large_assessment
from tests.conftest import ROOT
from tests.core import reportkit
from trustaudit.cli import cli
from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin, Plan, SignOff
from trustaudit.core.bands import BANDS
from trustaudit.core.questionnaire import loader
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.report import build, chart_data, context, render
from trustaudit.core.report.labels import QUADRANTS
from trustaudit.core.scoring import rules
from trustaudit.core.scoring.engine import score

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"
CHECK_MERMAID = ROOT.parent / "shared" / "tools" / "check-mermaid.py"
MERMAID_JS = Path("/tmp/mmd/node_modules/mermaid/dist/mermaid.min.js")
CREATED = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)


def best_answers(q: Questionnaire) -> dict[str, Answer]:
    """Every question at its best: pillar answers at their lowest risk, profile at least impact."""
    answers = {}
    for section in q.sections:
        for question in section.questions:
            if question.type == "text":
                answers[question.id] = Answer(text="We use it to show you what you asked for.")
                continue
            best = rules.best_option(question, section.kind == "pillar") or question.options[0]
            if question.type == "multi":
                answers[question.id] = Answer(choices=[best.id])
            else:
                answers[question.id] = Answer(choice=best.id)
    return answers


def assessment(q: Questionnaire, features: list[Feature], **fields: object) -> Assessment:
    return Assessment(
        questionnaire=Pin(id=q.id, version=q.version, sha256=q.sha256),
        product="Shop",
        created=CREATED,
        updated=CREATED,
        features=features,
        **fields,
    )


def critical_by_red_flag(q: Questionnaire) -> Feature:
    """Low trust risk, high value, Critical only because of a red flag."""
    answers = best_answers(q)
    answers["stated-use-only"] = Answer(choice="unrelated-unstated")
    answers["personalisation-value"] = Answer(choice="core-value")
    return Feature(id="sold", name="Sold data", answers=answers)


# --- advice and charts agree with the bands --------------------------------------------------


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize("benefit", [0.0, 0.49, 0.5, 1.0])
def test_high_and_critical_are_never_told_to_launch_or_keep_it_simple(
    band: str, benefit: float
) -> None:
    advice = build.quadrant(benefit, band)  # type: ignore[arg-type]
    serious = band in ("high", "critical")
    assert (advice in (QUADRANTS[(True, False)], QUADRANTS[(False, False)])) is not serious


def test_a_critical_feature_with_a_low_trust_risk_sits_in_the_upper_half_and_is_not_launched() -> (
    None
):
    q = reportkit.bundled()
    a = assessment(q, [critical_by_red_flag(q)])
    card = score(q, a)
    f = card.features[0]
    assert f.band == "critical" and f.risk < 50 and f.benefit >= 0.5
    view = context.context(q, a, card)
    assert view.features[0].quadrant == "Earn trust before launch"
    (point,) = view.charts.value_vs_risk
    assert 0.75 < point.y < 1.0  # the Critical strip, whatever R says
    text = render.render_markdown(q, a, card)
    row = next(
        line for line in text.splitlines() if line.startswith("| 1 ") and "Sold data" in line
    )
    assert "Launch and show the value" not in row and "Earn trust before launch" in row
    assert "**Sold data** (Critical)" in text.split("**Decisions**")[1]


def test_charts_choose_features_by_band_before_trust_risk() -> None:
    q = reportkit.bundled()
    unsure = {**best_answers(q), **{x.id: Answer(unknown=True) for x in q.pillars[0].questions}}
    risky = [
        Feature(id=f"u{n}", name=f"Unsure {n}", answers=unsure)
        for n in range(chart_data.CHART_POINTS + 4)
    ]
    a = assessment(q, [*risky, critical_by_red_flag(q)])
    card = score(q, a)
    assert min(f.risk for f in card.features[:-1]) > card.features[-1].risk
    assert {f.band for f in card.features[:-1]} <= {"low", "medium", "high"}
    view = context.context(q, a, score(q, a))
    names = [p.name for p in view.charts.value_vs_risk]
    assert len(names) == chart_data.CHART_POINTS
    assert "Sold data" in names  # lowest R of all, but the only Critical feature


# --- edge fixtures: every chart block renders in Mermaid --------------------------------------

EDGE_QUESTIONNAIRE = """\
format: trustaudit/questionnaire@1
id: edge
title: Edge values
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kind
        type: choice
        prompt: What?
        options:
          - { id: all, label: Everything, impact: 100, benefit: 1 }
          - { id: nothing, label: Nothing, impact: 0, benefit: 0 }
  - id: promise
    kind: pillar
    title: Keep the promise
    questions:
      - id: kept
        type: choice
        prompt: Kept?
        options:
          - { id: "yes", label: "Yes", risk: 0 }
          - { id: "no", label: "No", risk: 1 }
"""

HOSTILE = [
    'Café "Größe": [x]; %% `y` 日本',
    "quadrant-1 x --> y",
    "a: [0.5, 0.5]",
    "%%{init: {}}%%",
    "```",
    "<script>alert(1)</script>",
    "",
]


def edge_feature(fid: str, kind: str, kept: str) -> Feature:
    """A feature of the edge questionnaire: ``all`` + ``no`` is 100 everywhere, value 1."""
    answers = {"kind": Answer(choice=kind), "kept": Answer(choice=kept)}
    return Feature(id=fid, name=fid.capitalize(), answers=answers)


def edge_reports(tmp_path: Path) -> list[str]:
    """Reports of the edge fixtures: values exactly 0 and 1 and impact 100, hostile names,
    30 features, and the 200-feature benchmark review."""
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_QUESTIONNAIRE, encoding="utf-8")
    edge = loader.load(path)
    extremes = [edge_feature("top", "all", "no"), edge_feature("zero", "nothing", "yes")]
    texts = [render.render_markdown(edge, a := assessment(edge, extremes), score(edge, a))]
    q = reportkit.bundled()
    hostile = reportkit.review(extra_features=1)
    for n, name in enumerate(HOSTILE):
        hostile.features.append(
            hostile.features[0].model_copy(update={"id": f"h{n}", "name": name or "x"})
        )
    texts.append(reportkit.render(hostile))
    thirty = reportkit.review(extra_features=29)
    texts.append(reportkit.render(thirty))
    big = large_assessment(tmp_path / "big.trustaudit.yaml", 200)
    big_review = file_form.load(big)
    texts.append(render.render_markdown(q, big_review, score(q, big_review)))
    return texts


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```", text, re.S | re.M)


def test_edge_chart_coordinates_stay_strictly_inside_the_chart(tmp_path: Path) -> None:
    texts = edge_reports(tmp_path)
    points = [
        line
        for text in texts
        for block in mermaid_blocks(text)
        for line in block.splitlines()
        if line.startswith('    "')
    ]
    assert points
    for line in points:
        match = re.fullmatch(r'    "([A-Za-z0-9 .()-]+)": \[(0\.\d\d), (0\.\d\d)\]', line)
        assert match, line
        assert 0 < float(match.group(2)) < 1 and 0 < float(match.group(3)) < 1


@pytest.mark.skipif(
    not (shutil.which("chromium") and MERMAID_JS.is_file() and CHECK_MERMAID.is_file()),
    reason="needs chromium, mermaid.js and shared/tools/check-mermaid.py",
)
def test_every_chart_block_renders_in_mermaid(tmp_path: Path) -> None:
    texts = [(ROOT / "reports" / "example-shop.md").read_text(encoding="utf-8")]
    texts += edge_reports(tmp_path)
    blocks = [b for text in texts for b in mermaid_blocks(text)]
    assert len(blocks) == len(texts)  # one chart per report
    joined = tmp_path / "charts.md"
    joined.write_text("".join(f"```mermaid\n{b}```\n\n" for b in blocks), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(CHECK_MERMAID), str(joined)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(blocks)} blocks, 0 fail" in run.stdout


# --- the risk grid -----------------------------------------------------------------------------


def test_the_risk_grid_places_every_feature_and_where_plans_move_it() -> None:
    q = reportkit.bundled()
    a = reportkit.review(extra_features=2)
    view = context.context(q, a, score(q, a))
    grid = view.risk_grid
    assert grid.levels == rules.LEVELS
    assert [row.level for row in grid.rows] == list(reversed(rules.LEVELS))
    cells = {
        (row.level, likely): cell
        for row in grid.rows
        for likely, cell in zip(grid.levels, row.cells, strict=True)
    }
    for f in view.features:
        assert str(f.number) in cells[(f.impact_level, f.likelihood_level)].split(", ")
        planned = (f.planned_impact_level, f.planned_likelihood_level)
        if planned != (f.impact_level, f.likelihood_level):
            assert f"\u2192{f.number}" in cells[planned].split(", ")


# --- the main file and the annex ---------------------------------------------------------------


def test_a_200_feature_report_keeps_its_main_file_under_400_kb_with_the_annex_linked(
    tmp_path: Path,
) -> None:
    review = large_assessment(tmp_path / "big.trustaudit.yaml", 200)
    result = CliRunner().invoke(cli, ["report", str(review)])
    assert result.exit_code == 0, result.output
    main, annex = tmp_path / "big.md", tmp_path / "big.annex.md"
    size = len(main.read_bytes())
    assert size < render.ANNEX_ABOVE
    text = main.read_text(encoding="utf-8")
    assert "[big.annex.md](big.annex.md)" in text
    for kept in ("## Executive summary", "## Who does what by when", "## Sign-off"):
        assert kept in text
    assert "## Reference" not in text
    rest = annex.read_text(encoding="utf-8")
    assert rest.startswith("# Trust review: Benchmark Shop 9.9, annex\n")
    assert "[big.md](big.md)" in rest and "## Reference" in rest
    assert "#### 200. " in rest  # every feature's details are in the annex


def test_a_small_report_is_one_file(tmp_path: Path) -> None:
    review = tmp_path / "shop.trustaudit.yaml"
    q = reportkit.bundled()
    review.write_text(file_form.to_yaml(reportkit.review(), [x.id for x in q.questions]))
    assert CliRunner().invoke(cli, ["report", str(review)]).exit_code == 0
    assert "## Reference" in (tmp_path / "shop.md").read_text(encoding="utf-8")
    assert not (tmp_path / "shop.annex.md").exists()


def test_a_new_report_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        render.write("x\n", tmp_path / "shared.md")
        os.umask(0o077)
        render.write("x\n", tmp_path / "private.md")
    finally:
        os.umask(old)
    assert (tmp_path / "shared.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.md").stat().st_mode & 0o777 == 0o600


# --- the example: the five-minute test ---------------------------------------------------------


def test_the_example_summary_is_short_and_the_main_part_comes_first() -> None:
    text = (ROOT / "reports" / "example-shop.md").read_text(encoding="utf-8")
    summary = text.split("## Executive summary")[1].split("\n## ")[0]
    assert len(re.findall(r"[A-Za-z0-9][\w'’-]*", summary)) <= 400
    order = [
        "## Executive summary", "**Decisions**", "**Asked of you**", "**Top risks**",
        "## Who does what by when", "### Action plan", "## Top risks", "## At a glance",
        "## Sign-off", "## Customer data cards", "## Reference", "### Feature details",
    ]  # fmt: skip
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    # The partner agreement alone brings the loyalty card to Medium, and the decision says so.
    assert (
        "**Loyalty card** (High); one fix brings it to Medium: *sharing contracts* "
        "(Ravi Patel, due 31 January 2027)"
    ) in summary
    assert "Name an owner for *retention enforced* in **Loyalty card**" in summary
    assert "accepted by Ravi Patel until 30 June 2027" in summary
    assert "“Approved on conditions: the loyalty partner feed stays off" in summary
    assert "**Engineering lead (Lee Chen):**" in summary.split("**Asked of you**")[1]
    assert "[SHOP-412](SHOP-412)" not in text and "SHOP-412" in text
    assert "**" * 2 not in text.replace("****", "")  # no empty emphasis
    assert "||" not in text.replace("\\|", "")  # no empty cells


# --- done means done ---------------------------------------------------------------------------


def test_a_plan_marked_done_with_the_old_answer_asks_for_the_answer_not_the_fix() -> None:
    a = reportkit.review()
    plan = Plan(target="in-context", action="Add a notice.", owner="Lee", due=dt.date(2027, 1, 1))
    a.features[0].answers["collection-notice"] = Answer(
        choice="policy-only", plan=plan.model_copy(update={"status": "done"})
    )
    q = reportkit.bundled()
    card = score(q, a)
    assert "collection-notice" not in [c.question for c in card.features[0].drop_band]
    text = reportkit.render(a)
    assert "**Marked done, answer unchanged: update the answer.** *Collection notice*" in text
    plan_part = text.split("### Action plan")[1].split("## Top risks")[0]
    assert "| Collection notice |" not in plan_part  # not a fix still to make
    risks = text.split("## Top risks")[1].split("## At a glance")[0]
    assert "Collection notice" not in risks


# --- top risks ---------------------------------------------------------------------------------


def test_one_question_failing_in_several_features_is_one_risk_led_by_its_harm() -> None:
    q = reportkit.bundled()
    features = []
    for n in range(3):
        answers = best_answers(q)
        answers["security"] = Answer(choice="none")
        features.append(Feature(id=f"f{n}", name=f"Feature {n}", answers=answers))
    a = assessment(q, features)
    view = context.context(q, a, score(q, a))
    security = [r for r in view.top_risks if r.question.id == "security"]
    assert len(security) == 1
    assert [c.feature.name for c in security[0].cases] == ["Feature 0", "Feature 1", "Feature 2"]
    assert security[0].harm == q.by_id["security"].harm
    text = render.render_markdown(q, a, score(q, a))
    assert "### 1. Security falls short in 3 features" in text


def test_without_harm_a_risk_names_the_broken_promise_never_the_prompt_or_help(
    tmp_path: Path,
) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_QUESTIONNAIRE, encoding="utf-8")
    edge = loader.load(path)
    a = assessment(edge, [edge_feature("f", "all", "no")])
    view = context.context(edge, a, score(edge, a))
    (risk,) = view.top_risks
    assert risk.harm == "*Keep the promise* is not kept: \u201cNo\u201d."


# --- launch date and evidence links ------------------------------------------------------------


def test_fixes_due_after_launch_are_flagged_in_the_summary_and_the_plan() -> None:
    a = reportkit.review()
    a.launch = dt.date(2027, 1, 1)  # the notice is due 15 January 2027
    text = reportkit.render(a)
    summary = text.split("## Executive summary")[1].split("## Who does what")[0]
    assert "**Launch 1 January 2027:** **1 fix is due after it**: 1 in Harmless feature" in summary
    plan = text.split("### Action plan")[1].split("## Top risks")[0]
    assert "2027-01-15 **after launch**" in plan
    a.launch = dt.date(2027, 2, 1)
    assert "every fix still to make is due before it" in reportkit.render(a)


def test_ticket_ids_are_plain_text_unless_the_review_gives_a_link_pattern() -> None:
    a = reportkit.review(evidence=("SHOP-412", "docs/x.md", "#12"))
    text = reportkit.render(a)
    assert "SHOP-412" in text and "(SHOP-412)" not in text and "[#12]" not in text
    assert "[docs/x.md](docs/x.md)" in text
    a.evidence_url = "https://tracker.example/browse/{id}"
    text = reportkit.render(a)
    assert "[SHOP-412](https://tracker.example/browse/SHOP-412)" in text
    assert "[\\#12](https://tracker.example/browse/12)" in text


def test_evidence_url_must_be_a_web_address_with_the_id_in_it() -> None:
    with pytest.raises(ValueError, match="evidence_url"):
        assessment(reportkit.bundled(), [], evidence_url="tracker/{id}")
    with pytest.raises(ValueError, match="evidence_url"):
        assessment(reportkit.bundled(), [], evidence_url="https://tracker.example/")


# --- a pin without sha256 ----------------------------------------------------------------------


def unpinned(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"\n  sha256: [0-9a-f]{64}", "", text)
    path = tmp_path / "shop.trustaudit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_review_without_sha256_scores_and_reports_with_one_warning(tmp_path: Path) -> None:
    path = unpinned(tmp_path)
    runner = CliRunner()
    for args in (["score", str(path)], ["report", str(path), "-o", str(tmp_path / "r.md")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        warnings = [x for x in result.stderr.splitlines() if x.startswith("warning: ")]
        assert warnings == [
            "warning: not pinned to a questionnaire version; pinned on the next save"
        ]
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "not pinned to a questionnaire version yet; it is pinned on its next save" in report


def test_a_review_without_sha256_is_pinned_on_the_next_save(tmp_path: Path) -> None:
    from trustaudit.core.review.session import Review

    path = unpinned(tmp_path)
    with Review.open(path) as review:
        review.assessment.sign_off.append(SignOff(role="Legal", name="Kim"))
        review.save()
    saved = file_form.load(path)
    assert saved.questionnaire.sha256 == reportkit.bundled().sha256


# --- roles and harm in questionnaires ----------------------------------------------------------


def test_a_pillar_retention_role_validates_and_tells_the_card_deletion_is_automatic() -> None:
    q = reportkit.bundled()
    pillar = q.with_role("retention", pillar=True)
    assert pillar is not None and pillar.id == "retention-enforced"
    assert q.with_role("retention") is not None and q.with_role("retention").id == "retention"  # type: ignore[union-attr]
    a = reportkit.review()
    answers = a.features[0].answers
    answers["retention-enforced"] = Answer(choice="automatic")
    card = context.context(q, a, score(q, a)).features[0].card
    assert [line.text for line in card.section("retention").lines] == [
        "Up to one year.",
        "It is deleted automatically when that time is up, backups included.",
    ]
    answers["retention-enforced"] = Answer(choice="manual")
    card = context.context(q, a, score(q, a)).features[0].card
    assert [line.text for line in card.section("retention").lines] == ["Up to one year."]
    assert "retention-unenforced" in [g.check for g in card.gaps]


ROLES = """\
format: trustaudit/questionnaire@1
id: roles
title: Roles
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kept-for
        type: choice
        role: retention
        harm: Not a promise.
        prompt: How long?
        options: [{ id: day, label: A day }, { id: year, label: A year }]
  - id: deliver
    kind: pillar
    title: Deliver
    questions:
      - id: deleted
        type: choice
        role: retention
        prompt: Deleted?
        options: [{ id: auto, label: Auto, risk: 0 }, { id: never, label: Never, risk: 1 }]
      - id: deleted-again
        type: choice
        role: retention
        prompt: Deleted again?
        options: [{ id: auto, label: Auto, risk: 0 }, { id: never, label: Never, risk: 1 }]
"""


def test_one_role_per_kind_of_section_and_harm_only_on_pillar_questions(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(ROLES, encoding="utf-8")
    _, problems = loader.check(path)
    messages = [p.message for p in problems]
    assert messages == [
        "harm: only pillar questions break a promise; profile questions have none",
        "role: only one pillar question may have the role retention",
    ]
