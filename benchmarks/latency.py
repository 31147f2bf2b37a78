"""Key-to-screen latency of answering a question in a 200-feature review.

``python benchmarks/latency.py [--features 200] [--answers 40] [--size 120x40]`` writes a large
review (``generate.large_assessment``), opens it in the real app inside a pseudo-terminal (the
real Linux driver: frames are rendered to escape sequences and written to the terminal), and
presses Enter on a choice question, again and again, one feature after another. The app is
instrumented from outside (a subclass defined here): the clock starts when the key event reaches
the app and stops when the first frame written after the answer was stored has gone to the
terminal. That covers storing the answer, re-scoring the feature, updating the panel and the
sidebar, showing the next question, and rendering.

Two timings are printed: *paced* (the next key comes once the previous answer is saved, as when
a person reads the next question) and *back-to-back* (the next key comes at once, while the
previous save is still writing the 1 MB file in its thread). Target: median < 50 ms.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

QUESTION = "reach"
"""A choice question every feature of the generated review has (it is never conditional)."""

CHILD = """
import json, os, sys, time
from pathlib import Path
from textual import events
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.review import ReviewScreen
from trustaudit.tui.session import Session, Spot

path, report_fd, question = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if os.environ.get("SWITCH"): sys.setswitchinterval(float(os.environ["SWITCH"]))

def say(**data):
    os.write(report_fd, (json.dumps(data) + "\\n").encode())

class Timed(TrustAuditApp):
    key_at = None
    last = None
    stored = False
    feature = 0

    async def on_event(self, event):
        # The same key comes back here once more as it bubbles up from the focused widget:
        # the clock starts at its first arrival.
        if isinstance(event, events.Key) and event.key == "enter" and event is not self.last:
            self.last = event
            self.key_at = time.perf_counter()
            self.stored = False
        await super().on_event(event)

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and self.stored and self.key_at is not None:
            say(latency=(time.perf_counter() - self.key_at) * 1000)
            self.key_at = None
            self.call_later(self.next_question)

    def on_save_reported(self, message):
        # Textual also calls the app's own handler (handlers run along the MRO).
        if not message.state.pending and message.state.error is None:
            say(saved=True)

    def next_question(self):
        screen = self.screen
        if not isinstance(screen, ReviewScreen) or screen.session is None:
            return
        features = screen.session.features
        self.feature = (self.feature + 1) % len(features)
        screen.spot = Spot(features[self.feature].id, question)
        self.call_after_refresh(say, ready=True)

app = Timed(path, cwd=path.parent.parent, state_dir=path.parent.parent / "state")

def stored_hook(original):
    def set_answer(self, *args, **kwargs):
        score = original(self, *args, **kwargs)
        app.stored = True
        return score
    return set_answer

Session.set_answer = stored_hook(Session.set_answer)

def when_open():
    screen = app.screen
    if isinstance(screen, ReviewScreen) and screen.session is not None:
        say(opened=True)
        app.feature = -1
        app.next_question()
    else:
        app.set_timer(0.05, when_open)

app.call_later(when_open)
app.run()
"""


class Child:
    """The app in a pty, and the line-per-event channel it reports on."""

    def __init__(self, review: Path, size: tuple[int, int]) -> None:
        self.master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(review), str(write_end), QUESTION],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            pass_fds=(write_end,),
            env={**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"},
            start_new_session=True,
        )
        os.close(slave)
        os.close(write_end)
        self.events = read_end
        self.buffer = b""
        self.pending: set[str] = set()

    def next_event(self, timeout: float = 60) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("the app stopped reporting")
            ready, _, _ = select.select([self.events, self.master], [], [], left)
            if self.master in ready:
                try:
                    os.read(self.master, 1 << 16)  # a terminal reads what the app writes
                except OSError:
                    raise RuntimeError("the app exited") from None
            if self.events in ready:
                chunk = os.read(self.events, 4096)
                if not chunk:
                    raise RuntimeError("the app exited")
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        data: dict[str, object] = json.loads(line)
        return data

    def wait_for(self, key: str) -> dict[str, object]:
        """The next event with ``key``; "ready" and "saved" seen meanwhile are remembered."""
        if key in self.pending:
            self.pending.discard(key)
            return {key: True}
        while True:
            event = self.next_event()
            if key in event:
                return event
            self.pending.update(k for k in event if k in ("ready", "saved"))

    def press_enter(self) -> None:
        self.pending.discard("saved")  # from here on, "saved" means this answer is on disk
        os.write(self.master, b"\r")

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)
        os.close(self.events)


def measure(child: Child, answers: int, paced: bool) -> list[float]:
    timings = []
    for _ in range(answers):
        child.wait_for("ready")
        child.press_enter()
        latency = child.wait_for("latency")["latency"]
        assert isinstance(latency, float)
        timings.append(latency)
        if paced:
            child.wait_for("saved")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=200)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import large_assessment

    with tempfile.TemporaryDirectory() as folder:
        review = Path(folder) / "reports" / "large.trustaudit.yaml"
        review.parent.mkdir()
        large_assessment(review, args.features)
        print(f"{args.features}-feature review: {review.stat().st_size:,} bytes")
        child = Child(review, (size[0], size[1]))
        try:
            started = time.perf_counter()
            child.wait_for("opened")
            print(f"opened and scored in {time.perf_counter() - started:.2f} s (incl. start-up)")
            for paced in (True, False):
                timings = measure(child, args.answers, paced)
                name = "paced" if paced else "back-to-back"
                quantiles = statistics.quantiles(timings, n=10)
                print(
                    f"{name:13s} median {statistics.median(timings):6.1f} ms   "
                    f"p90 {quantiles[-1]:6.1f} ms   max {max(timings):6.1f} ms   "
                    f"({len(timings)} answers)"
                )
        finally:
            child.close()
    print("target: median < 50 ms")


if __name__ == "__main__":
    main()
