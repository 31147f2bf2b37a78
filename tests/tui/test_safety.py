"""Markup and escape sequences in every displayed field: shown literally, never acted on (§10)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.widgets import Static

from tests.tui.conftest import Workspace, render, screen_text, wait_until
from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer
from trustaudit.core.questionnaire import loader
from trustaudit.core.review.session import Review
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.home import HomeScreen
from trustaudit.tui.screens.review import ReviewScreen

CLICK = "[@click=app.quit]x[/]"
BELL = "[ @click=app.bell]b"
SHOT = "[@click=app.screenshot()]s"
TAGS = "[bold]B [/"
OSC = "\x1b]0;pwned\x07"
SGR = "\x1b[31mred"
PAYLOAD = f"{CLICK} {TAGS} {BELL} {SHOT} {OSC} {SGR}"
SHOWN = f"{CLICK} {TAGS} {BELL} {SHOT} ]0;pwned [31mred"
"""The payload as it must appear: markup literal, control characters (ESC, BEL) stripped."""


def _questionnaire(folder: Path) -> Path:
    def option(oid: str, risk: float, **more: object) -> dict[str, object]:
        return {"id": oid, "label": f"{PAYLOAD} {oid}", "risk": risk, **more}

    data = {
        "format": "trustaudit/questionnaire@1",
        "id": "evil",
        "title": f"{PAYLOAD} title",
        "version": "1.0",
        "description": f"{PAYLOAD} description",
        "sections": [
            {
                "id": "profile",
                "kind": "profile",
                "title": f"{PAYLOAD} profile",
                "summary": f"{PAYLOAD} summary",
                "questions": [
                    {
                        "id": "kinds",
                        "type": "multi",
                        "prompt": f"{PAYLOAD} kinds?",
                        "help": f"{PAYLOAD} help",
                        "options": [{"id": "a", "label": f"{PAYLOAD} a", "impact": 60}],
                    }
                ],
            },
            {
                "id": "pillar",
                "kind": "pillar",
                "title": f"{PAYLOAD} pillar",
                "summary": f"{PAYLOAD} promise",
                "questions": [
                    {
                        "id": "notice",
                        "type": "choice",
                        "weight": 3,
                        "prompt": f"{PAYLOAD} notice?",
                        "help": f"{PAYLOAD} why",
                        "options": [
                            option("good", 0),
                            option("bad", 1, floor="high", recommend=f"{PAYLOAD} fix"),
                        ],
                    }
                ],
            },
        ],
    }
    path = folder / "questionnaires" / "evil.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


@pytest.fixture
def evil_review(ws: Workspace) -> Path:
    loaded = loader.load(_questionnaire(ws.root))
    path = ws.reports / "evil.trustaudit.yaml"
    with Review.create(path, loaded, Details(f"{PAYLOAD} product", team=PAYLOAD)) as review:
        feature = review.add_feature(FeatureEdit(f"{PAYLOAD} feature", PAYLOAD, PAYLOAD))
        review.add_feature(FeatureEdit("Second feature"))
        review.set_answer(
            feature.id, "notice", Answer(choice="bad", note=f"{PAYLOAD} note", evidence=[PAYLOAD])
        )
    return path


def _check_screen(app: TrustAuditApp, where: str, expect_payload: bool = True) -> None:
    """The payload shows literally, no escape sequence from it reaches the terminal."""
    text, output = render(app)
    flat = " ".join(text.split())
    if expect_payload:
        assert SHOWN[:40] in flat, f"{where}: payload not shown literally"
    assert "\x1b]0;" not in output, f"{where}: an OSC sequence reached the terminal"
    assert "\x1b[31m" not in output, f"{where}: an SGR sequence from the data reached the terminal"
    assert "\x07" not in output, f"{where}: a bell character reached the terminal"
    assert "\x1b" not in app.export_screenshot(), f"{where}: ESC in the screenshot"


async def test_markup_and_escapes_show_literally_and_never_act(
    ws: Workspace, evil_review: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ws.app()
    bells: list[str] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append("bell"))
    async with app.run_test(size=(120, 40)) as pilot:
        # Home: the questionnaire's title and description in the browser.
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home._entries)
        await pilot.pause(0.1)
        _check_screen(app, "home")
        await pilot.click("#catalog-detail")

        # Review: product, feature, section title and promise, prompt, help, options, note, plan.
        app.open_review(evil_review)
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("n")  # to the pillar question with the stored risky answer
        await pilot.press("question_mark")  # "why we ask"
        await pilot.pause()
        _check_screen(app, "review")
        flat = " ".join(screen_text(app).split())
        for part in ("promise", "notice?", "why", "fix", "note", "bad", "feature"):
            assert f"{SHOWN} {part}"[:60] in flat or part in flat, part
        for selector in ("#where", "#promise", "#prompt", "#why", "#score"):
            await pilot.click(selector)
        review.query_one("#choice").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#choice", offset=(4, 0))  # chooses an option: the label is inert
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert review.spot is not None and review.spot.question == "kinds"  # on to feature 2
        _check_screen(app, "review, next feature")  # the toast names the feature literally
        await pilot.click("#sidebar", offset=(12, 0))
        assert isinstance(app.screen, ReviewScreen)

        # Summary: feature names, pillar titles and prompts in tables.
        await pilot.press("ctrl+r")
        await pilot.pause()
        _check_screen(app, "summary")
        await pilot.click("#scores", offset=(3, 1))
        await pilot.press("escape")

        # Command palette: a search that matches the feature name.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"click")
        await pilot.pause(0.5)
        _check_screen(app, "palette")
        await pilot.press("escape")

        # Setup (edit): the features table.
        await pilot.press("ctrl+e")
        await pilot.pause()
        _check_screen(app, "setup")
        await pilot.press("escape")

        # Report: the preview of the generated Markdown.
        await pilot.press("ctrl+g")
        from trustaudit.tui.screens.report import ReportScreen

        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.written)
        await pilot.pause(0.3)
        _check_screen(app, "report", expect_payload=False)
        await pilot.click("#preview", offset=(4, 2))
        await pilot.press("escape")

        # Nothing acted: still running on the review, no bell, no screenshot written.
        assert app.is_running
        assert isinstance(app.screen, ReviewScreen)
        assert bells == []
        assert not list(ws.root.rglob("*.svg"))
        await pilot.press("ctrl+q")


async def test_error_dialog_shows_a_quoted_path_literally(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(100, 30)) as pilot:
        name = "[@click=app.quit]x[bold]B[ @click=app.bell].trustaudit.yaml"  # no "/" in a name
        app.open_review(ws.root / name)
        await wait_until(pilot, lambda: app.screen.query("#dialog-title"))
        await pilot.pause()
        title = app.screen.query_one("#dialog-title", Static)
        assert "Cannot open this review" in str(title.render())
        line = app.screen.query_one(".dialog-line", Static)
        assert name in str(line.render())
        assert "[ @click=app.bell].trustaudit.yaml" in screen_text(app)
        await pilot.click(".dialog-line")
        assert app.is_running
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
