"""How a path is shown to a person: relative to the working folder when it is inside it.

Messages, dialogs and "wrote FILE" lines all name files the same way, so a path a user can copy
from one message works in the next command.
"""

from __future__ import annotations

from pathlib import Path


def shown(path: Path | str, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the current folder) when it lies inside it;
    otherwise as given. Symlinks are resolved only to decide, never in what is shown."""
    path = Path(path)
    folder = base if base is not None else Path.cwd()
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
