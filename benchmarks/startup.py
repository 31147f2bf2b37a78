"""Time from launch to the first screen: ``trustaudit`` against an empty Textual app.

``python benchmarks/startup.py [--runs 9] [--size 100x30]`` starts each program in a real
pseudo-terminal (the same Linux driver, the same escape sequences a terminal gets), alternating
the two, and stops the clock when the first screen's marker text has been written to the
terminal. It prints every run, the medians and their ratio (target: trustaudit / empty <= 1.3).

Not a test: timings depend on the machine. Run it on a quiet one.
"""

from __future__ import annotations

import argparse
import fcntl
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

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("empty app ready")

Empty().run()
"""

TRUSTAUDIT = "from trustaudit.cli import main; main()"
TUI_ONLY = "from trustaudit.tui.app import run_app; run_app()"
"""The app without the click CLI in front: shows how much of the difference is the CLI's."""


def first_paint(code: str, marker: bytes, cwd: Path, size: tuple[int, int]) -> float:
    """Seconds from spawning ``python -c code`` in a pty until ``marker`` appears on it."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "XDG_STATE_HOME": str(cwd / "state"),
        "XDG_CONFIG_HOME": str(cwd / "config"),
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 10)
            if not ready:
                raise RuntimeError(f"no {marker!r} within 10 s; the screen so far: {seen[-400:]!r}")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program exited
                raise RuntimeError(f"exited before {marker!r}: {seen[-400:]!r}") from None
            seen += chunk
            if marker in seen:
                return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="100x30")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.split("x"))
    programs = {
        "empty Textual app": (EMPTY_APP, b"empty app ready"),
        "trustaudit (Home)": (TRUSTAUDIT, b"Questionnaires"),
        "run_app() (no CLI)": (TUI_ONLY, b"Questionnaires"),
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "reports").mkdir()
        for code, marker in programs.values():  # warm the file cache once
            first_paint(code, marker, cwd, (columns, rows))
        for run in range(args.runs):
            for name, (code, marker) in programs.items():
                seconds = first_paint(code, marker, cwd, (columns, rows))
                times[name].append(seconds)
                print(f"run {run + 1:2d}  {name:20s} {seconds * 1000:7.1f} ms")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print()
    for name, value in medians.items():
        print(f"median  {name:20s} {value * 1000:7.1f} ms")
    empty, ours = medians["empty Textual app"], medians["trustaudit (Home)"]
    print(f"ratio   trustaudit / empty   {ours / empty:7.2f}  (target <= 1.30)")
    print(f"ratio   run_app() / empty    {medians['run_app() (no CLI)'] / empty:7.2f}")


if __name__ == "__main__":
    main()
