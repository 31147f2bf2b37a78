"""How a path is shown to a person, and what kind of file system entry it names.

Messages, dialogs and "wrote FILE" lines all name files the same way (relative to the working
folder when inside it), so a path a user can copy from one message works in the next command.
"""

from __future__ import annotations

import stat
from pathlib import Path

from trustaudit.core.text import one_line


def shown(path: Path | str, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the current folder) when it lies inside it;
    otherwise as given. Symlinks are resolved only to decide, never in what is shown. Control
    characters and line breaks a file name may hold are cleaned (``text.one_line``)."""
    path = Path(path)
    folder = base if base is not None else Path.cwd()
    try:
        return one_line(str(path.resolve().relative_to(folder.resolve())))
    except (ValueError, OSError, RuntimeError):
        return one_line(str(path))


def file_kind(mode: int) -> str:
    """What a file system entry that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"
