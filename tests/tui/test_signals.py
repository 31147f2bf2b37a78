"""SIGTERM and SIGHUP a moment after an answer, or in the middle of typing a note: the app writes
what is pending before it ends and releases its lock (a real app in a child process)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT
from tests.tui.conftest import Workspace
from tests.tui.test_kill import _wait_for_line
from trustaudit.core.review.reading import read

DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from trustaudit.tui.app import TrustAuditApp
    from trustaudit.tui.screens.review import ReviewScreen

    path, root, note = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "note"
    app = TrustAuditApp(path, cwd=root, state_dir=root / "state", cursor_blink=False)

    async def answer(pilot):
        while not (isinstance(app.screen, ReviewScreen) and app.session):
            await pilot.pause(0.02)
        await pilot.press("down", "down", "space")  # data-kinds: health data, stored at once
        if note:
            app.screen.query_one("#note").focus()
            await pilot.press(*"kept 30 days")  # written after a pause in typing (0.6 s)
        print("ANSWERED", flush=True)
        for _ in range(2400):  # the test sends the signal meanwhile; the app then exits
            if app.return_code is not None:
                return
            await asyncio.sleep(0.05)

    app.run(headless=True, size=(100, 30), auto_pilot=answer)
    sys.exit(app.return_code)  # as run_app does
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("what", ["answer", "note"])
def test_a_signal_right_after_an_answer_keeps_it(
    ws: Workspace, signum: signal.Signals, what: str
) -> None:
    path = ws.review()
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), str(ws.root), what],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_line(process, b"ANSWERED", timeout=60)
        time.sleep(0.1)
        process.send_signal(signum)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    answer = read(path).assessment.feature("recommendations").answers.get("data-kinds")
    assert answer is not None and answer.choices == ["health"]
    if what == "note":
        assert answer.note == "kept 30 days"
    assert not path.with_name(path.name + ".lock").exists()  # the lock went with the app
    assert process.returncode == 128 + signum  # SIGTERM: as quitting; SIGHUP: without drawing
