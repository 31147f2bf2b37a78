"""Replacing a file so that a crash at any moment leaves the old bytes or the new, never half.

Temp file in the same folder, fsync, an optional re-check of the bytes as written, rename over the
old file, fsync the folder. Temp files a crashed save left behind are recognised by an exact name
pattern and removed by the next session that holds the file's lock.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from trustaudit.core.errors import SaveError


def temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files a crashed save left next to ``path``; call only while holding its lock."""
    # An exact pattern, not a glob: a name with [ ] * ? (or one that starts like another file's
    # temp name) must never match the temp file of a different file, which may be mid-save.
    pattern = re.compile(re.escape(temp_prefix(path)) + r"[0-9]+-[0-9a-f]+")
    removed = []
    try:
        with os.scandir(path.parent) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return []
    for name in names:
        if pattern.fullmatch(name):
            stale = path.with_name(name)
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(stale)
    return removed


def atomic_write(
    path: Path,
    data: bytes,
    verify: Callable[[bytes], object] | None = None,
    *,
    mode: int = 0o600,
) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves old or new, never half.

    Temp file in the same folder, fsync, optional re-check of the bytes as written, rename over
    the old file, fsync the folder. A new file gets ``mode`` (private, 0600, unless the caller
    says otherwise); an existing file keeps its own. On failure the old file is untouched and a
    ``SaveError`` says why.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    except OSError as error:
        raise SaveError.at(path, f"cannot save: {error.strerror or error}") from None
    temp = path.with_name(f"{temp_prefix(path)}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if verify is not None:
            verify(temp.read_bytes())
        os.replace(temp, path)  # noqa: PTH105 (os.replace is what fault-injection tests patch)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            raise SaveError.at(
                path, f"cannot save: {reason}; the file on disk is unchanged"
            ) from None
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
