"""Errors a user can cause appear as dialogs with what to do, and no answer is lost."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import MINI, Workspace, saved, screen_text, wait_until
from trustaudit.core.assessment.model import Answer
from trustaudit.core.review.session import Review
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.dialogs import MessageDialog
from trustaudit.tui.screens.home import HomeScreen
from trustaudit.tui.screens.new_review import NewReviewScreen
from trustaudit.tui.screens.review import ReviewScreen


def _form_ready(app: TrustAuditApp) -> bool:
    """The new-review form is up and has listed the questionnaires."""
    return isinstance(app.screen, NewReviewScreen) and bool(app.screen.entries)


def _dialog_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MessageDialog)
    return " ".join(str(s.render()) for s in screen.query(Static))


async def test_a_locked_review_says_who_holds_it(ws: Workspace) -> None:
    path = ws.review()
    with Review.open(path):  # another session holds the lock
        app = ws.app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
            text = _dialog_text(app)
            assert "Cannot open this review" in text
            assert "another trustaudit session" in text
            assert "Finish there first" in text
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)


async def test_a_file_changed_on_disk_is_not_overwritten(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        path.write_text(path.read_text(encoding="utf-8") + "# edited elsewhere\n", "utf-8")
        await pilot.press("space")  # a tick is an answer: its save meets the changed file
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        text = _dialog_text(app)
        assert "not saved" in text.lower() and "changed on disk" in text
        assert "Compare it with the file" in text
        await pilot.press("enter")  # keep working
        assert isinstance(app.screen, ReviewScreen)
        assert "NOT SAVED" in screen_text(app)
        assert app.session is not None
        assert app.session.answer("recommendations", "data-kinds") is not None  # still in memory
    assert path.read_text(encoding="utf-8").endswith("# edited elsewhere\n")  # not overwritten
    kept = list(path.parent.glob("shop.unsaved-*.trustaudit.yaml"))
    assert kept and "data-kinds" in kept[-1].read_text(encoding="utf-8")


async def test_a_failed_save_can_be_retried(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ws.review()
    real_replace = os.replace

    def disk_full(source: str | Path, target: str | Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = ws.app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        monkeypatch.setattr(os, "replace", disk_full)  # as the atomic writer calls it
        await pilot.press("space")  # a tick is an answer, saved at once
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        text = _dialog_text(app)
        assert "No space left on device" in text and "disk has room" in text
        assert "Retry" in screen_text(app)
        monkeypatch.setattr(os, "replace", real_replace)
        await pilot.press("enter")  # Retry now
        await wait_until(pilot, lambda: saved(app))
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
    assert ws.answers(path, "recommendations")["data-kinds"].choices == ["contact"]


async def test_a_bad_questionnaire_is_reported_when_creating(ws: Workspace) -> None:
    bad = ws.root / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("risk: 0.6", "risk: 6"), "utf-8")
    app = ws.app(new=True, questionnaire=str(bad), product="Shop")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _form_ready(app))
        setup = app.screen
        setup.query_one("#feature-name").focus()
        await pilot.press(*"Recs", "enter", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        text = _dialog_text(app)
        assert "Could not create the review" in text
        assert "bad.yaml:" in text and "trustaudit validate" in text
        await pilot.press("enter")
        assert app.screen is setup  # the form is still filled in
    assert not (ws.reports / "shop.trustaudit.yaml").exists()


async def test_setup_validates_inline(ws: Workspace) -> None:
    app = ws.app(new=True, questionnaire=str(MINI))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _form_ready(app))
        await pilot.press("ctrl+s")
        assert "Give the product a name" in screen_text(app)
        await pilot.press(*"Shop", "ctrl+s")
        assert "Add at least one feature" in screen_text(app)
        await pilot.press(*"Recs", "enter", "enter", "enter", *"recs", "enter", "enter", "enter")
        assert "There is already a feature called recs" in screen_text(app)
        await pilot.press("escape")  # something is typed: asked first
        await wait_until(pilot, lambda: "Discard your changes?" in screen_text(app))
        await pilot.press("shift+tab", "enter")  # Discard changes
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert not list(Path(ws.reports).glob("*.trustaudit.yaml"))


async def test_a_file_that_is_not_a_review_is_told_so(ws: Workspace) -> None:
    other = ws.reports / "notes.trustaudit.yaml"
    other.write_text("shopping:\n- milk\n", encoding="utf-8")
    app = ws.app(other)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        text = " ".join(_dialog_text(app).split())
        assert "Cannot open this review" in text
        assert "This file is not a trustaudit review" in text
        assert "retry ctrl+s" not in text  # not the save-failure advice
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_the_drift_dialog_says_what_drifted(ws: Workspace) -> None:
    path = ws.review(answers={"recommendations": {"notice": Answer(choice="none")}})
    text = path.read_text(encoding="utf-8").replace("    notice:\n", "    gone:\n")
    path.write_text(text, encoding="utf-8")  # an answer to a question the questionnaire lacks
    app = ws.app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        shown = " ".join(_dialog_text(app).split())
        assert "Some answers do not fit the questionnaire" in shown
        assert "changed since this review was pinned" not in shown  # it did not change
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    assert "gone:" in path.read_text(encoding="utf-8")  # the orphan is kept
