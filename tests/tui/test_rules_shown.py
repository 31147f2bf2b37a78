"""The app shows the engine's rules, never its own copy of them: the plan form's suggested target
is the engine's best option, and the live panel's axis rule names the questionnaire's threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from textual.widgets import Select

from tests.tui.conftest import Workspace, screen_text, wait_until
from trustaudit.core.assessment.model import Answer
from trustaudit.core.scoring import rules
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.session import Spot
from trustaudit.tui.widgets.score_panel import ScorePanel


def _questionnaire(folder: Path, name: str, sections: list[dict[str, Any]], **more: Any) -> Path:
    data = {
        "format": "trustaudit/questionnaire@1",
        "id": name,
        "title": name,
        "version": "1.0",
        "sections": sections,
        **more,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


async def _open(app: TrustAuditApp, pilot: Any) -> ReviewScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_the_plan_form_suggests_the_engines_best_option(
    ws: Workspace, tmp_path: Path
) -> None:
    """Two options share the lowest risk; the first of them is a red flag. The target offered is
    the other one, as the engine's best option, never the red flag."""
    notice = {
        "id": "notice",
        "type": "choice",
        "prompt": "Do customers see a notice?",
        "options": [
            {"id": "flagged", "label": "A notice nobody can find", "risk": 0, "floor": "high"},
            {"id": "clean", "label": "A notice in context", "risk": 0},
            {"id": "none", "label": "No notice", "risk": 1, "recommend": "Add a notice."},
        ],
    }
    source = _questionnaire(
        tmp_path,
        "tie",
        [{"id": "collect", "kind": "pillar", "title": "Collect", "questions": [notice]}],
    )
    path = ws.review(
        features=("Recs",), answers={"recs": {"notice": Answer(choice="none")}}, source=source
    )
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        assert review.spot == Spot("recs", "notice")
        session = app.session
        assert session is not None
        top = session.score("recs").top_fix
        assert top is not None and top.best == ("clean",)  # the engine's own answer
        best = rules.best_option(session.question("notice"), pillar=True)
        assert best is not None and best.id == "clean"
        await pilot.press("a")  # to the plan
        target = review.query_one("#plan-target", Select)
        assert target.value == "clean"
        becomes = next(line for line in screen_text(app).splitlines() if "Becomes" in line)
        assert "A notice in context" in becomes and "nobody" not in becomes
        await pilot.press("ctrl+q")


async def test_the_panel_names_the_questionnaires_axis_threshold(
    ws: Workspace, tmp_path: Path
) -> None:
    """With ``axis_threshold: 60``, an impact of 65 holds the band at medium, and the panel says
    why with the questionnaire's number."""
    profile = {
        "id": "profile",
        "kind": "profile",
        "title": "Profile",
        "questions": [
            {
                "id": "data",
                "type": "choice",
                "prompt": "Which data?",
                "options": [
                    {"id": "health", "label": "Health data", "impact": 65},
                    {"id": "none", "label": "None", "impact": 0},
                ],
            }
        ],
    }
    pillar = {
        "id": "collect",
        "kind": "pillar",
        "title": "Collect",
        "questions": [
            {
                "id": "notice",
                "type": "choice",
                "prompt": "Do customers see a notice?",
                "options": [
                    {"id": "yes", "label": "Yes", "risk": 0},
                    {"id": "no", "label": "No", "risk": 1},
                ],
            }
        ],
    }
    source = _questionnaire(
        tmp_path, "axis", [profile, pillar], scoring={"axis_threshold": 60, "axis_floor": "medium"}
    )
    answers = {"data": Answer(choice="health"), "notice": Answer(choice="yes")}
    path = ws.review(features=("Recs",), answers={"recs": answers}, source=source)
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot)
        assert app.session is not None
        score = app.session.score("recs")
        assert score.band == "medium" and score.now.impact == 65
        panel = " ".join(str(app.screen.query_one(ScorePanel).render()).split())
        assert "held at MEDIUM by the axis rule (L or I ≥ 60)" in panel, panel
        assert "axis rule (L or I ≥ 60)" in " ".join(screen_text(app).split())
        await pilot.press("ctrl+q")


async def test_the_card_names_the_laws_a_question_touches_where_they_apply(
    ws: Workspace,
) -> None:
    """The question card's "touches:" line is the core's (``ObligationMap.touches``): with the
    markets unanswered every law that may apply is named; with the EU only, CCPA and the UK code
    are left out."""
    from textual.widgets import Static

    from tests.conftest import BUNDLED
    from trustaudit.core.obligations.status import touches

    path = ws.review(features=("Recs",), source=BUNDLED)
    app = ws.app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open(app, pilot)
        session = app.session
        assert session is not None
        review.spot = Spot("recs", "collection-notice")
        await pilot.pause()
        line = str(review.query_one("#touches", Static).render())
        assert line == touches(session.questionnaire, "collection-notice")
        assert "GDPR 13(1)(c)" in line and "CCPA" in line
        session.set_answer(Spot("recs", "markets"), Answer(choices=["eu"]))
        review.spot = Spot("recs", "markets")
        await pilot.pause()
        review.spot = Spot("recs", "collection-notice")
        await pilot.pause()
        line = str(review.query_one("#touches", Static).render())
        assert "GDPR 13(1)(c)" in line
        assert "CCPA" not in line and "AADC" not in line
        await pilot.press("ctrl+q")
