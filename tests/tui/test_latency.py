"""How long a key takes to reach the screen, and an answer the disk, on the example review.

Printed, never asserted (timings belong to ``benchmarks/``, run with ``pytest -s`` to see them):
key-to-screen is the time around ``pilot.press`` until the next question is shown; answer-to-
disk is from the key until the file read back holds the answer (the autosaver's pause, the
write and its fsync), for an answer and for the last keystroke of a note.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.tui.conftest import Workspace, wait_until
from trustaudit.core.review.reading import read
from trustaudit.tui.screens.review import ReviewScreen

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def _on_disk(path: Path, feature: str, question: str) -> object:
    answer = read(path).assessment.feature(feature).answers.get(question)
    return answer


async def test_key_to_screen_and_answer_to_disk_on_the_example(ws: Workspace) -> None:
    path = ws.reports / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    app = ws.app(path)
    keys: list[float] = []
    disk: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        review = app.screen
        assert isinstance(review, ReviewScreen) and app.session is not None
        session = app.session
        first = session.features[0].id
        choice = next(
            s for s in session.spots(first) if session.question(s.question).type == "choice"
        )
        spot = choice  # its note gets "timed" typed at the end
        review.jump(spot)
        await pilot.pause()
        review.query_one("#note").focus()
        await pilot.press(*"timed")
        typed = time.perf_counter()
        await wait_until(
            pilot,
            lambda: (
                getattr(_on_disk(path, spot.feature, spot.question), "note", "") or ""
            ).endswith("timed"),
        )
        note_ms = (time.perf_counter() - typed) * 1000
        review.jump(choice)
        await pilot.pause()
        for turn in range(6):  # another option each time, so each is a change to write
            await pilot.press("down" if turn % 2 == 0 else "up")
            before = _mtime(path)
            started = time.perf_counter()
            await pilot.press("enter")
            given = session.answer(choice.feature, choice.question)
            while _mtime(path) == before:
                await asyncio.sleep(0.002)
            assert _on_disk(path, choice.feature, choice.question) == given
            disk.append((time.perf_counter() - started) * 1000)
            review.jump(choice)
            await pilot.pause()
        for feature in session.features:
            for spot in list(session.spots(feature.id))[:6]:
                if session.question(spot.question).type != "choice":
                    continue
                review.jump(spot)
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press("enter")  # the highlighted option: the stored answer again
                keys.append((time.perf_counter() - started) * 1000)
                assert review.spot != spot
        await pilot.press("ctrl+q")
    print(
        f"\nkey-to-screen over {len(keys)} answers: median {statistics.median(keys):.1f} ms, "
        f"max {max(keys):.1f} ms"
        f"\nanswer-to-disk: median {statistics.median(disk):.0f} ms, max {max(disk):.0f} ms"
        f"\nnote, last keystroke to disk: {note_ms:.0f} ms"
    )
