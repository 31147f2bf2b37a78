"""The report's "Obligations at risk": only the laws at risk or unknown, each with the answer
behind it and its planned fix, every string escaped; left out without catalogues."""

from __future__ import annotations

import datetime as dt

from tests.conftest import WriteFile
from tests.core.obligationkit import answers, assessment, bundled
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.questionnaire import loader
from trustaudit.core.report.render import render_markdown
from trustaudit.core.scoring.engine import score


def section(text: str) -> str:
    """The main part's overview: one line per law."""
    start = text.index("## Obligations at risk")
    return text[start : text.index("## Sign-off", start)]


def detail(text: str) -> str:
    """The provisions, in the reference part."""
    start = text.index("### Obligations at risk, in detail")
    return text[start : text.index("\n### ", start + 1)]


def rendered(*features: dict[str, Answer], name: str = "Feature") -> str:
    q = bundled()
    a = assessment(*features, name=name)
    return render_markdown(q, a, score(q, a))


def test_the_section_names_the_answer_and_the_fix_of_a_law_at_risk() -> None:
    plan = Plan(
        target="contract-checked",
        action="Sign a processing agreement",
        owner="Ravi Patel",
        due=dt.date(2027, 1, 31),
    )
    feature = answers(
        {"markets": ["eu"]},
        {"sharing-contracts": Answer(choice="no-contract", plan=plan)},
    )
    report = rendered(feature)
    text, provisions = section(report), detail(report)
    law = next(line for line in text.splitlines() if line.startswith("| GDPR |"))
    cells = [c.strip() for c in law.strip("|").split("|")]
    at_risk = {line.split("|")[1] for line in provisions.splitlines() if line.startswith("| [GDPR")}
    assert cells[1] != "0" and cells[2] == "Feature 0"
    assert int(cells[1]) >= len(at_risk) >= 1
    assert "under *Reference*" in text
    row = next(line for line in provisions.splitlines() if "GDPR 28(3)" in line)
    assert "**Feature 0**: sharing contracts (“" in row
    assert "Sign a processing agreement (Ravi Patel, due 2027-01-31, planned)" in row
    # Only the EU is chosen: no CCPA line, and nothing met or not assessed is listed.
    assert "CCPA" not in text + provisions
    assert "GDPR 13(1)(c)" not in provisions
    assert "Not legal advice" in text


def test_a_feature_answered_at_its_best_puts_no_law_at_risk() -> None:
    text = section(rendered(answers()))
    assert "No answer puts a legal obligation at risk where it applies." in text
    assert "| Obligation |" not in text


def test_user_text_in_the_section_is_escaped() -> None:
    plan = Plan(
        target="contract-checked",
        action="[click](javascript:alert(1)) | <b>now</b>",
        owner="**Ravi**",
        due=dt.date(2027, 1, 31),
    )
    feature = answers(
        {"markets": ["eu"]}, {"sharing-contracts": Answer(choice="no-contract", plan=plan)}
    )
    report = rendered(feature, name="# Evil | *feature* <script>")
    text, provisions = section(report), detail(report)
    law = next(line for line in text.splitlines() if line.startswith("| GDPR |"))
    assert "\\# Evil \\| \\*feature\\* \\<script> 0" in law
    row = next(line for line in provisions.splitlines() if "GDPR 28(3)" in line)
    assert "\\# Evil \\| \\*feature\\* \\<script> 0" in row
    assert "\\[click\\](javascript:alert(1)) \\| \\<b>now\\</b>" in row
    assert "\\*\\*Ravi\\*\\*" in row
    assert "<script>" not in (text + provisions).replace("\\<script>", "")


def test_a_questionnaire_without_obligations_has_no_section(write: WriteFile) -> None:
    q = loader.load(
        write(
            "plain.yaml",
            """
            format: trustaudit/questionnaire@1
            id: plain
            title: Plain
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
                      - { id: good, label: Good, risk: 0 }
                      - { id: bad, label: Bad, risk: 1 }
            """,
        )
    )
    a = assessment({"notice": Answer(choice="bad")}, q=q)
    assert "Obligations at risk" not in render_markdown(q, a, score(q, a))
