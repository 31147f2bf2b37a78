"""Markup and escape sequences in every displayed field: shown literally, each in its own place,
and never acted on (untrusted text goes through ``tui.safe``, docs/architecture.md).

Every untrusted string starts with its own tag (``prompt:``, ``owner:``…) followed by the same
hostile payload, so each check finds *that* field in *its* widget: the text inside the widget's
region on screen must hold the field literally (markup as typed, control characters stripped).
Where a widget cuts text to its width (table cells, tree labels, one-line fields), the cut part
must be the literal start of the field, and the widget's own value must be the whole literal.
Clicking on a field shown in plain text never runs the action its markup names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, MarkdownViewer, Select, Static
from textual.widgets._header import HeaderTitle
from textual.widgets._toast import Toast

from tests.tui.conftest import Workspace, render, screen_text, wait_until
from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer, Plan
from trustaudit.core.questionnaire import loader
from trustaudit.core.review.session import Review
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.dialogs import MessageDialog
from trustaudit.tui.screens.edit_review import EditReviewScreen
from trustaudit.tui.screens.home import HomeScreen
from trustaudit.tui.screens.new_review import NewReviewScreen
from trustaudit.tui.screens.report import ReportScreen
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.screens.summary import SummaryScreen
from trustaudit.tui.session import Spot
from trustaudit.tui.widgets.feature_tree import FeatureTree

CLICK = "[@click=app.quit]x[/]"
BELL = "[ @click=app.bell]b"
SHOT = "[@click=app.screenshot()]s"
TAGS = "[bold]B [/"
OSC = "\x1b]0;pwned\x07"
SGR = "\x1b[31mred"
PAYLOAD = f"{CLICK} {TAGS} {BELL} {SHOT} {OSC} {SGR}"
SHOWN = f"{CLICK} {TAGS} {BELL} {SHOT} ]0;pwned [31mred"
"""The payload as it must appear: markup literal, control characters (ESC, BEL) stripped."""

NAME = "[@click=app.quit]x[bold]B[ @click=app.bell]b"
"""Markup that fits in a file name (no "/")."""

PREFIX = len("[@click=app.quit]x[/")
"""How much of the payload a cut field must still show: enough that parsed markup would fail."""


def evil(tag: str) -> str:
    """The untrusted text of one field."""
    return f"{tag}:{PAYLOAD}"


def literal(tag: str) -> str:
    """How that field must look on screen."""
    return f"{tag}:{SHOWN}"


def _questionnaire(folder: Path) -> Path:
    def option(oid: str, risk: float, **more: object) -> dict[str, object]:
        return {"id": oid, "label": evil(f"opt-{oid}"), "risk": risk, **more}

    data = {
        "format": "trustaudit/questionnaire@1",
        "id": "evil",
        "title": evil("title"),
        "version": "1.0",
        "description": evil("description"),
        "sections": [
            {
                "id": "profile",
                "kind": "profile",
                "title": evil("profile"),
                "summary": evil("profile-summary"),
                "questions": [
                    {
                        "id": "kinds",
                        "type": "multi",
                        "prompt": evil("kinds-prompt"),
                        "help": evil("kinds-help"),
                        "options": [{"id": "a", "label": evil("opt-a"), "impact": 60}],
                    }
                ],
            },
            {
                "id": "pillar",
                "kind": "pillar",
                "title": evil("pillar"),
                "summary": evil("promise"),
                "questions": [
                    {
                        "id": "notice",
                        "type": "choice",
                        "weight": 3,
                        "prompt": evil("prompt"),
                        "help": evil("help"),
                        "options": [
                            option("good", 0),
                            option("bad", 1, floor="high", recommend=evil("fix")),
                        ],
                    },
                    {
                        "id": "optout",
                        "type": "choice",
                        "allow_na": True,
                        "prompt": evil("optout-prompt"),
                        "options": [option("yes", 0), option("no", 1)],
                    },
                ],
            },
        ],
    }
    path = folder / "questionnaires" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


@pytest.fixture
def evil_review(ws: Workspace) -> Path:
    """A review of the hostile questionnaire in a file whose name is markup, with a hostile
    product, team, assessor, feature, answer note, evidence, N/A reason and plan."""
    loaded = loader.load(_questionnaire(ws.root))
    path = ws.reports / f"{NAME}.trustaudit.yaml"
    details = Details(evil("product"), team=evil("team"), assessors=(evil("assessor"),))
    with Review.create(path, loaded, details) as review:
        feature = review.add_feature(
            FeatureEdit(evil("feature"), evil("feature-description"), evil("owner"))
        )
        review.add_feature(FeatureEdit("Second feature"))
        plan = Plan(target="good", action=evil("action"), owner=evil("plan-owner"))
        review.set_answer(
            feature.id,
            "notice",
            Answer(choice="bad", note=evil("note"), evidence=[evil("evidence")], plan=plan),
        )
        review.set_answer(feature.id, "optout", Answer(na=evil("na")))
    return path


# -- reading the screen --------------------------------------------------------------------------


def _flat(text: str) -> str:
    """Text without its whitespace: a widget may wrap a line anywhere, even inside a word."""
    return "".join(text.split())


def visible(app: TrustAuditApp, widget: Widget) -> str:
    """The text inside the widget's content region (no border, padding or scrollbar) as the
    terminal shows it, lines joined."""
    geometry = app.screen.find_widget(widget)
    region = geometry.region.intersection(geometry.clip).shrink(widget.styles.gutter)
    region = region.shrink(widget.scrollbar_gutter)
    lines = screen_text(app).splitlines()
    rows = lines[region.y : region.bottom]
    return "\n".join(row[region.x : region.right] for row in rows)


def has(app: TrustAuditApp, widget: Widget, text: str) -> bool:
    """The widget shows ``text`` (wherever its lines wrap)."""
    return _flat(text) in _flat(visible(app, widget))


def shows(app: TrustAuditApp, widget: Widget, tag: str) -> None:
    """The whole field is in the widget, literally."""
    seen = visible(app, widget)
    assert _flat(literal(tag)) in _flat(seen), f"{tag} not shown literally in {widget!r}: {seen}"


def shows_start(app: TrustAuditApp, widget: Widget, tag: str, room: int = PREFIX) -> None:
    """The widget cuts the field to its width: what it shows is the field's literal start (at
    least ``room`` characters of the payload)."""
    start = _flat(literal(tag)[: len(tag) + 1 + room])
    seen = visible(app, widget)
    assert start in _flat(seen), f"{tag} does not start literally in {widget!r}: {seen}"


def holds(field: Input, tag: str) -> None:
    """An input holds the whole field and shows a literal part of it."""
    assert field.value == literal(tag)
    app = field.app
    assert isinstance(app, TrustAuditApp)
    seen = _flat(visible(app, field))
    assert seen and seen in _flat(literal(tag)), f"{tag}: {seen!r}"


def cell(table: DataTable[Any], row: int, column: int) -> str:
    """The plain text of a table cell (every cell of ours is a literal ``Text``)."""
    value = table.get_cell_at(Coordinate(row, column))
    assert isinstance(value, Text)
    return value.plain


def cell_is(table: DataTable[Any], row: int, column: int, tag: str) -> None:
    assert cell(table, row, column) == literal(tag)


def cut_literally(text: str, tag: str, room: int = PREFIX) -> None:
    """``text`` is the field as it is, or its literal start (``room`` characters of the payload
    at least) cut with an ellipsis to fit a column."""
    whole = literal(tag)
    if text != whole:
        assert text.endswith("…") and whole.startswith(text[:-1]), text
        assert len(text) - 1 >= min(len(whole), len(tag) + 1 + room), text


def no_escapes(app: TrustAuditApp, where: str) -> None:
    """No escape sequence or bell from the data reaches the terminal."""
    output = render(app)[1]
    assert "\x1b]0;" not in output, f"{where}: an OSC sequence reached the terminal"
    assert "\x1b[31m" not in output, f"{where}: an SGR sequence from the data reached it"
    assert "\x07" not in output, f"{where}: a bell character reached the terminal"
    assert "\x1b" not in app.export_screenshot(), f"{where}: ESC in the screenshot"


async def click_on(pilot: Pilot[Any], app: TrustAuditApp, widget: Widget, tag: str) -> None:
    """Click on the ``@click`` of the field where the widget shows it: nothing may happen."""
    geometry = app.screen.find_widget(widget)
    region = geometry.region.intersection(geometry.clip)
    needle = f"{tag}:[@click"
    screen = app.screen
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(needle, region.x, region.right)
        if region.y <= y < region.bottom and x >= 0:
            await pilot.click(offset=(x + len(tag) + 3, y))
            await pilot.pause()
            assert app.is_running and app.screen is screen, f"clicking {tag} did something"
            return
    raise AssertionError(f"{tag} not found in {widget!r} to click on")


@pytest.fixture
def harmless(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Bells rung by any app (there must be none)."""
    rung: list[str] = []
    monkeypatch.setattr(TrustAuditApp, "bell", lambda self: rung.append("bell"))
    yield rung
    assert rung == [], "a bell rang"


def _nothing_written(ws: Workspace) -> None:
    assert not list(ws.root.rglob("*.svg")), "a screenshot was written"


# -- the screens ---------------------------------------------------------------------------------


async def _walkthrough(pilot: Pilot[Any], app: TrustAuditApp) -> ReviewScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_home_shows_file_names_and_questionnaires_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.catalog_shown)
        recent, catalog = home.query_one("#recent"), home.query_one("#catalog")
        detail = home.query_one("#catalog-detail")
        assert has(app, recent, NAME)  # the review's file name
        shows(app, catalog, "title")
        for tag in ("title", "description", "profile", "pillar"):
            shows(app, detail, tag)
        assert has(app, detail, f"{NAME}.yaml")  # the questionnaire's file name
        no_escapes(app, "home")
        await click_on(pilot, app, detail, "description")
    _nothing_written(ws)


async def test_the_walkthrough_shows_every_field_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(evil_review)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        review = await _walkthrough(pilot, app)
        feature = app.session.features[0].id  # type: ignore[union-attr]
        q = review.query_one
        # The profile question, "why we ask" shown.
        assert review.spot == Spot(feature, "kinds")
        await pilot.press("question_mark")
        shows_start(app, app.screen.query_one(HeaderTitle), "product")
        shows(app, q("#where"), "profile")
        shows(app, q("#where"), "feature")
        shows(app, q("#promise"), "profile-summary")
        shows(app, q("#prompt"), "kinds-prompt")
        shows(app, q("#why"), "kinds-help")
        shows_start(app, q("#multi"), "opt-a")  # a tick list cuts long labels
        sidebar = q("#sidebar", FeatureTree)
        node = sidebar.root.children[0]
        labels = [str(node.label), *(str(c.label) for c in node.children)]
        for label, tag in zip(labels, ("feature", "profile", "pillar"), strict=True):
            assert literal(tag)[: len(tag) + 3] in label, label
            assert re.search(r"… \d+/\d+$", label), label  # the name is cut, never its count
        for tag in ("feature", "profile", "pillar"):
            shows_start(app, sidebar, tag, room=len("[@click"))  # beside a badge and a count
        no_escapes(app, "profile question")

        # The stored risky answer: its options, note, evidence, plan, and the live score.
        review.spot = Spot(feature, "notice")
        await pilot.pause()
        shows(app, q("#where"), "pillar")
        shows(app, q("#promise"), "promise")
        shows(app, q("#prompt"), "prompt")
        shows(app, q("#why"), "help")
        for tag in ("opt-good", "opt-bad"):
            shows(app, q("#choice"), tag)
        holds(q("#note", Input), "note")
        holds(q("#evidence", Input), "evidence")
        shows(app, q("#plan-suggestion"), "fix")
        shows_start(app, q("#plan-target", Select), "opt-good")
        holds(q("#plan-action", Input), "action")
        holds(q("#plan-owner", Input), "plan-owner")
        shows(app, q("#score"), "fix")
        no_escapes(app, "pillar question")
        for selector, tag in [
            ("#where", "pillar"),
            ("#promise", "promise"),
            ("#prompt", "prompt"),
            ("#why", "help"),
            ("#plan-suggestion", "fix"),
            ("#score", "fix"),
        ]:
            await click_on(pilot, app, q(selector), tag)

        # A reasoned N/A, then on to the next feature: the toast names this one literally.
        review.spot = Spot(feature, "optout")
        await pilot.pause()
        holds(q("#na-reason", Input), "na")
        await pilot.press("n")
        assert review.spot is not None and review.spot.feature != feature
        await wait_until(pilot, lambda: app.screen.query(Toast))
        toast = app.screen.query_one(Toast)
        shows(app, toast, "feature")
        no_escapes(app, "next feature")
        await pilot.press("ctrl+q")
    _nothing_written(ws)


async def test_the_summary_shows_every_field_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(evil_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await _walkthrough(pilot, app)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        shows(app, summary.query_one("#headline"), "product")
        scores = summary.query_one("#scores", DataTable)
        cut_literally(cell(scores, 0, 0), "feature", room=len("[@click=app.quit]"))
        heading = [c.label.plain for c in scores.ordered_columns][1]  # whole or its first word
        assert literal("pillar").startswith(heading) and "[@click=app.quit]" in heading
        shows_start(app, scores, "feature", room=len("[@click=app.quit]"))  # 26 columns, one "…"
        shows_start(app, scores, "pillar")
        items = summary.query_one("#items", DataTable)
        cut_literally(cell(items, 0, 0), "feature", room=len("[@click=app.quit]"))
        shows_start(app, items, "feature", room=len("[@click=app.quit]"))
        prompts = {cell(items, row, 2) for row in range(items.row_count)}
        assert any(p.startswith(literal("prompt")[:60]) for p in prompts), prompts
        shows_start(app, items, "prompt")
        no_escapes(app, "summary")
        await click_on(pilot, app, summary.query_one("#headline"), "product")
        await pilot.press("ctrl+q")
    _nothing_written(ws)


async def test_the_palette_lists_names_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(evil_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await _walkthrough(pilot, app)
        for search, tag in [("feature:", "feature"), ("question: prompt", "prompt")]:
            await pilot.press("ctrl+p", *search)
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            hits = app.screen.query_one(CommandList)
            await wait_until(pilot, partial(has, app, hits, f"{tag}:[@click"))
            shows_start(app, hits, tag)
            no_escapes(app, f"palette: {search}")
            await pilot.press("escape")
        await pilot.press("ctrl+q")
    _nothing_written(ws)


async def test_editing_the_review_shows_every_field_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(evil_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await _walkthrough(pilot, app)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditReviewScreen))
        edit = app.screen
        q = edit.query_one
        holds(q("#product", Input), "product")
        holds(q("#team", Input), "team")
        holds(q("#assessors", Input), "assessor")
        shows(app, q("#questionnaire-shown"), "title")
        assert has(app, q("#file-shown"), NAME)
        table = q("#features", DataTable)
        for column, tag in enumerate(("feature", "feature-description", "owner")):
            cell_is(table, 0, column, tag)
        shows_start(app, table, "feature")
        table.focus()
        await pilot.press("enter")  # the feature's fields, to edit
        holds(q("#feature-name", Input), "feature")
        holds(q("#feature-description", Input), "feature-description")
        holds(q("#feature-owner", Input), "owner")
        no_escapes(app, "edit review")
        await click_on(pilot, app, q("#questionnaire-shown"), "title")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
    _nothing_written(ws)


async def test_the_report_screen_shows_the_file_name_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(evil_review)
    async with app.run_test(size=(120, 40)) as pilot:
        await _walkthrough(pilot, app)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen.written)
        report = app.screen
        where = report.query_one("#report-where", Static)
        assert has(app, where, f"reports/{NAME}.md")
        preview = report.query_one("#preview", MarkdownViewer)
        shows(app, preview, "product")  # the report's title, escaped there and shown literally
        no_escapes(app, "report")
        await click_on(pilot, app, preview, "product")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
    _nothing_written(ws)


TYPED = f"{CLICK} {TAGS} {BELL} {SHOT}"
"""What a user can type (no control characters)."""


async def test_a_new_review_shows_what_is_typed_literally(
    ws: Workspace, evil_review: Path, harmless: list[str]
) -> None:
    app = ws.app(new=True, questionnaire="evil")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        form = app.screen
        assert isinstance(form, NewReviewScreen)
        await wait_until(pilot, lambda: form.entries)
        shows_start(app, form.query_one("#questionnaire", Select), "title")
        await pilot.press(*f"product:{TYPED}")
        form.query_one("#feature-name").focus()
        await pilot.press(*f"feature:{TYPED}", "enter", "enter", *f"owner:{TYPED}", "enter")
        table = form.query_one("#features", DataTable)
        assert (cell(table, 0, 0), cell(table, 0, 2)) == (f"feature:{TYPED}", f"owner:{TYPED}")
        assert has(app, table, f"feature:{TYPED[:PREFIX]}")
        await pilot.press("ctrl+s")
        review = await _walkthrough(pilot, app)
        assert has(app, review.query_one("#where"), f"feature:{TYPED}")
        assert has(app, app.screen.query_one(HeaderTitle), f"product:{TYPED}")
        await pilot.press("ctrl+q")
    _nothing_written(ws)


async def test_an_error_dialog_shows_a_quoted_file_name_literally(
    ws: Workspace, harmless: list[str]
) -> None:
    app = ws.app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_review(ws.root / f"{NAME}.trustaudit.yaml")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        dialog = app.screen
        assert has(app, dialog.query_one("#dialog-title"), "Cannot open this review")
        line = dialog.query_one(".dialog-line")
        assert has(app, line, f"{NAME}.trustaudit.yaml")
        no_escapes(app, "error dialog")
        for y in range(app.screen.find_widget(line).region.y, 30):
            if "[@click=app.quit]" in screen_text(app).splitlines()[y]:
                x = screen_text(app).splitlines()[y].index("[@click=app.quit]") + 3
                await pilot.click(offset=(x, y))
                break
        await pilot.pause()
        assert app.is_running and app.screen is dialog
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    _nothing_written(ws)
