"""The checks around every save of a review: unchanged on disk, read back exactly, nothing lost.

A save is refused when the file changed on disk since it was loaded (someone else's work would be
overwritten), and the bytes on their way to disk must read back as exactly what was meant. When a
save is refused, this session's version is written beside the file, so nothing typed is lost.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import utc_now
from trustaudit.core.assessment.naming import SUFFIX
from trustaudit.core.errors import ConflictError, InvalidFileError, SaveError, TrustAuditError
from trustaudit.core.io.atomic import atomic_write
from trustaudit.core.io.paths import shown
from trustaudit.core.review.reading import digest


def verify(path: Path, written: bytes, state: dict[str, Any]) -> None:
    """The bytes on their way to disk must read back as exactly the snapshot written."""
    where = shown(path)
    try:
        again = file_form.from_bytes(written, where)
    except InvalidFileError as error:
        first = error.problems[0].message if error.problems else "unreadable"
        raise SaveError.at(
            where,
            f"cannot save: the written file does not read back ({first}); "
            "the file on disk is unchanged",
        ) from None
    if file_form.snapshot(again) != state:
        raise SaveError.at(
            where,
            "cannot save: the written file does not read back as the review in memory; "
            "the file on disk is unchanged",
        )


def check_unchanged(path: Path, loaded: str | None, data: bytes) -> None:
    """Refuse to save over a file whose bytes are no longer those loaded (hash ``loaded``);
    this session's version (``data``) is then kept beside it."""
    where = shown(path)
    try:
        on_disk: str | None = digest(path.read_bytes())
    except FileNotFoundError:
        on_disk = None
    except OSError as error:
        raise SaveError.at(
            where,
            f"cannot save: cannot read the file to check it is unchanged "
            f"({error.strerror or error}); nothing was written",
        ) from None
    if on_disk == loaded:
        return
    what = (
        "was deleted or moved since it was opened; it was not written again"
        if on_disk is None
        else "changed on disk since it was opened (by another program?); it was not overwritten"
    )
    raise ConflictError.at(where, f"{what}: {keep_unsaved(path, data)}. Compare and merge")


def keep_unsaved(path: Path, data: bytes) -> str:
    """Write this session's version beside the file so nothing typed is lost; say where."""
    base = path.name.removesuffix(SUFFIX)
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    keep = path.with_name(f"{base}.unsaved-{stamp}{SUFFIX}")
    for n in itertools.count(2):  # a copy that differs, or cannot be read, is never written over
        try:
            if not keep.exists() or keep.read_bytes() == data:
                break
        except OSError:
            pass
        keep = path.with_name(f"{base}.unsaved-{stamp}-{n}{SUFFIX}")
    try:
        atomic_write(keep, data)
    except TrustAuditError:
        return "your answers are still open here; copy them before closing"
    return f"your version is in {keep.name}"
