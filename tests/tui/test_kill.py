"""kill -9 right after an answer is confirmed saved: reopening shows that answer."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.tui.conftest import Workspace, wait_until
from trustaudit.core.review.session import Review
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.session import Spot

DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from trustaudit.tui.app import TrustAuditApp
    from trustaudit.tui.screens.review import ReviewScreen

    path, root = Path(sys.argv[1]), Path(sys.argv[2])
    app = TrustAuditApp(path, cwd=root, state_dir=root / "state", cursor_blink=False)

    def saved():
        state = app.save_state
        return state is not None and not state.pending and state.error is None

    async def answer(pilot):
        while not (isinstance(app.screen, ReviewScreen) and app.session):
            await pilot.pause(0.02)
        await pilot.press("down", "down", "space", "enter")  # data-kinds: health data
        while not saved():
            await pilot.pause(0.01)
        print("SAVED", app.save_state.saved_at.isoformat(), flush=True)
        await asyncio.sleep(120)  # the test kills us here

    app.run(headless=True, size=(100, 30), auto_pilot=answer)
    """
)


def _wait_for_line(process: subprocess.Popen[bytes], marker: bytes, timeout: float) -> bytes:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
            if marker in seen:
                return seen
    raise AssertionError(f"no {marker!r} from the app within {timeout}s: {seen!r}")


async def test_kill_9_after_a_confirmed_save_keeps_the_answer(ws: Workspace) -> None:
    path = ws.review()
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), str(ws.root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_line(process, b"SAVED", timeout=60)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    # The store can open it again (the dead session's lock is taken over) with the answer in it.
    with Review.open(path) as review:
        assert review.answer("recommendations", "data-kinds").choices == ["health"]  # type: ignore[union-attr]
        assert any("lock" in notice for notice in review.notices)

    # And so does the app: the answer is there and the walkthrough resumes after it.
    app = ws.app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.session)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and app.session is not None
        answer = app.session.answer("recommendations", "data-kinds")
        assert answer is not None and answer.choices == ["health"]
        assert screen.spot == Spot("recommendations", "purpose")
        await pilot.press("ctrl+q")
    assert Path(path).is_file()
