"""The ``trustaudit`` command: a thin layer over ``trustaudit.core`` and ``trustaudit.tui``.

Plain ``trustaudit`` opens the review app at once, without building the command line first: it is
the common case and its start-up is measured against an empty Textual app. Every other command
goes through the click group in ``trustaudit.commands.group``; only the TUI commands import
Textual, and only when they run, so ``validate``, ``score`` and ``report`` start fast in CI. Every
user-caused error is printed as ``path:line:col: message`` and exits 2; a traceback reaching a
user is a bug.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import click


def __getattr__(name: str) -> Any:
    """``trustaudit.cli.cli``, the click group, built on first use."""
    if name == "cli":
        from trustaudit.commands.group import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command_line() -> click.Group:
    from trustaudit.commands.group import cli

    return cli


def main() -> NoReturn:
    """Console entry point: a crash prints no locals or answers, only where it happened."""
    try:
        if len(sys.argv) == 1:
            from trustaudit.tui.app import run_app

            run_app()
            sys.exit(0)
        _command_line().main(prog_name="trustaudit")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug: say so without leaking answers or notes
        if os.environ.get("TRUSTAUDIT_DEBUG"):
            raise
        import traceback

        frames = traceback.extract_tb(error.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        print(
            f"trustaudit: internal error ({type(error).__name__} at {where}). This is a bug; "
            "set TRUSTAUDIT_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        sys.exit(70)
    sys.exit(0)
