"""Setup asks for the review's dates and its data-card publisher: typed, checked, saved."""

from __future__ import annotations

import datetime as dt

import yaml
from textual.widgets import Input

from tests.tui.conftest import Workspace, screen_text, wait_until
from trustaudit.core.review.reading import read
from trustaudit.tui.screens.edit_review import EditReviewScreen
from trustaudit.tui.screens.new_review import NewReviewScreen
from trustaudit.tui.screens.review import ReviewScreen


def _head(path: object) -> dict[str, object]:
    """The review file's top-level keys as YAML reads them (what a person sees in the file)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert isinstance(data, dict)
    return data


async def test_new_review_writes_dates_and_publisher(ws: Workspace) -> None:
    mini = ws.questionnaire()
    app = ws.app(new=True, questionnaire=str(mini))
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        setup = app.screen
        assert isinstance(setup, NewReviewScreen)
        await wait_until(pilot, lambda: setup.entries)
        # Enter moves down the form: product, release, team, assessors, launch, next review.
        await pilot.press(*"Shop app", "enter", *"2", "enter", *"Web", "enter", *"Dana", "enter")
        await pilot.press(*"2027-03-01", "enter", *"2027-09-30", "enter")
        setup.query_one("#feature-name", Input).focus()
        await pilot.press(*"Recs", "enter", "enter", "enter")
        setup.query_one("#controller", Input).focus()
        await pilot.press(*"ShopCo Ltd", "enter", *"https://shop.example/privacy", "enter")
        await pilot.press(*"privacy@shop.example", "enter", *"https://shop.example/delete")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+q")

    path = ws.reports / "shop-app.trustaudit.yaml"
    head = _head(path)
    assert head["launch"] == dt.date(2027, 3, 1)
    assert head["review_by"] == dt.date(2027, 9, 30)
    assert head["controller"] == "ShopCo Ltd"
    assert head["privacy_policy_url"] == "https://shop.example/privacy"
    assert head["contact"] == "privacy@shop.example"
    assert head["delete_url"] == "https://shop.example/delete"
    assert read(path).assessment.launch == dt.date(2027, 3, 1)


async def test_new_review_refuses_a_bad_date_and_writes_nothing(ws: Workspace) -> None:
    mini = ws.questionnaire()
    app = ws.app(new=True, questionnaire=str(mini))
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        setup = app.screen
        assert isinstance(setup, NewReviewScreen)
        await wait_until(pilot, lambda: setup.entries)
        await pilot.press(*"Shop app", "enter", "enter", "enter", "enter")
        await pilot.press(*"20270301")  # a number, not a date
        setup.query_one("#feature-name", Input).focus()
        await pilot.press(*"Recs", "enter", "enter", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewReviewScreen)
        text = screen_text(app)
        assert "Launch: write a date such as 2027-01-15, not a number" in text
        assert app.focused is not None and app.focused.id == "launch"
        # A month that does not exist: the model's message, and how to write a date.
        await pilot.press("ctrl+u", *"2027-13-01", "ctrl+s")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Launch: input should be a valid date" in text and "YYYY-MM-DD" in text
        assert not list(ws.reports.glob("*.yaml"))
        # Fixed, it creates the review.
        setup.query_one("#launch", Input).value = "2027-03-01"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+q")
    assert _head(ws.reports / "shop-app.trustaudit.yaml")["launch"] == dt.date(2027, 3, 1)


async def test_edit_review_changes_dates_and_publisher(ws: Workspace) -> None:
    path = ws.review()
    app = ws.app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        edit = app.screen
        edit.query_one("#review-by", Input).focus()
        await pilot.press(*"2027-06-30")
        edit.query_one("#privacy-policy-url", Input).focus()
        await pilot.press(*"shop.example/privacy", "ctrl+s")  # no https://: refused
        await pilot.pause()
        assert app.screen is edit
        text = " ".join(screen_text(app).split())
        assert "Policy: must be a web address starting with https://" in text
        assert "review_by" not in _head(path)  # nothing written while a field is wrong
        edit.query_one("#privacy-policy-url", Input).value = "https://shop.example/privacy"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("ctrl+q")
    head = _head(path)
    assert head["review_by"] == dt.date(2027, 6, 30)
    assert head["privacy_policy_url"] == "https://shop.example/privacy"

    # Reopened, the form shows what the file holds; clearing a field removes it from the file.
    again = ws.app(path)
    async with again.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, ReviewScreen) and again.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(again.screen, EditReviewScreen))
        edit = again.screen
        assert edit.query_one("#review-by", Input).value == "2027-06-30"
        assert edit.query_one("#privacy-policy-url", Input).value == "https://shop.example/privacy"
        edit.query_one("#review-by", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(again.screen, ReviewScreen))
        await pilot.press("ctrl+q")
    head = _head(path)
    assert "review_by" not in head
    assert head["privacy_policy_url"] == "https://shop.example/privacy"

    # The whole form is one change: ctrl+z takes the dates and the publisher back together.
    third = ws.app(path)
    async with third.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(third.screen, ReviewScreen) and third.session)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(third.screen, EditReviewScreen))
        edit = third.screen
        edit.query_one("#review-by", Input).value = "2027-09-30"
        edit.query_one("#privacy-policy-url", Input).value = "https://shop.example/new"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(third.screen, ReviewScreen))
        assert _head(path)["privacy_policy_url"] == "https://shop.example/new"
        await pilot.press("ctrl+z")
        await wait_until(
            pilot, lambda: _head(path).get("privacy_policy_url") == "https://shop.example/privacy"
        )
        await pilot.press("ctrl+q")
    head = _head(path)
    assert "review_by" not in head
    assert head["privacy_policy_url"] == "https://shop.example/privacy"
