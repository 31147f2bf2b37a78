"""Fixtures for the TUI tests: an app in a temporary folder, review files, and screen readers.

Every app runs with explicit paths (working folder, reports folder, state folder), no cursor
blink and no animation, in UTC, so that flows and snapshots are the same on every machine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot

from trustaudit.core.assessment.edits import Details, FeatureEdit
from trustaudit.core.assessment.model import Answer
from trustaudit.core.questionnaire import loader
from trustaudit.core.review.reading import read
from trustaudit.core.review.session import Review
from trustaudit.tui.app import TrustAuditApp

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
FIXED_MTIME = 1_795_000_000  # 2026-11-18 (UTC): fixed file times for the Home snapshot


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times on screen ("saved hh:mm:ss", file dates) in UTC, whatever the machine says."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


PINNED_DAY = dt.date(2026, 11, 30)
"""The day the app judges dates on in snapshots (the day after the review files were saved)."""


@pytest.fixture
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The app's today fixed, so that screens showing "as of" draw the same on every day."""
    from trustaudit.tui import session

    monkeypatch.setattr(session, "calendar_day", lambda: PINNED_DAY)
    return PINNED_DAY


@dataclass
class Workspace:
    """A working folder with ``reports/`` and a private state folder, and helpers around it."""

    root: Path

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def state(self) -> Path:
        return self.root / "state"

    def app(self, path: Path | None = None, **options: Any) -> TrustAuditApp:
        app = TrustAuditApp(
            path,
            cwd=self.root,
            reports_dir=self.reports,
            state_dir=self.state,
            cursor_blink=False,
            **options,
        )
        app.animation_level = "none"
        return app

    def questionnaire(self, source: Path = MINI) -> Path:
        """A copy of a questionnaire in the working folder (so its ``source`` pin is relative)."""
        target = self.root / "questionnaires" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        return target

    def review(
        self,
        name: str = "shop",
        features: tuple[str, ...] = ("Recommendations", "Store locator"),
        answers: dict[str, dict[str, Answer]] | None = None,
        source: Path = MINI,
    ) -> Path:
        """A review file made through the store, with answers per feature id."""
        path = self.reports / f"{name}.trustaudit.yaml"
        loaded = loader.load(self.questionnaire(source))
        with Review.create(path, loaded, Details("Shop app", release="1.0", team="Web")) as review:
            for feature in features:
                review.add_feature(FeatureEdit(feature, f"{feature} for customers", "Dana"))
            for feature_id, given in (answers or {}).items():
                for qid, answer in given.items():
                    review.set_answer(feature_id, qid, answer)
        # Fixed dates, so the report (which takes its dates from the file) never changes.
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(created|updated): .*$", r"\1: 2026-11-29T10:00:00Z", text)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        return path

    def answers(self, path: Path, feature_id: str) -> dict[str, Answer]:
        """The answers of one feature as they are on disk now."""
        return read(path).assessment.feature(feature_id).answers


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "work"
    (root / "reports").mkdir(parents=True)
    return Workspace(root)


async def wait_until(pilot: Pilot[Any], check: Callable[[], object], timeout: float = 10) -> None:
    """Let the app run until ``check()`` is true (workers and timers included), then refresh."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(check, '__name__', check)}")
        await pilot.pause(0.02)
    await pilot.pause()


def render(app: TrustAuditApp) -> tuple[str, str]:
    """(plain text, terminal output) of the current screen, as a real terminal would get them."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return console.export_text(styles=False), output


def screen_text(app: TrustAuditApp) -> str:
    return render(app)[0]


def saved(app: TrustAuditApp) -> bool:
    """The background saver has confirmed that every change so far is on disk."""
    state = app.save_state
    return state is not None and not state.pending and state.error is None
