"""The checks around every save of a review: unchanged on disk, read back exactly, nothing lost.

A save is refused when the file changed on disk since it was loaded (someone else's work would be
overwritten), and the text on its way to disk must read back as exactly what was meant (checked
block by block, ``Blocks``). When a save is refused, this session's version is written beside the
file, so nothing typed is lost.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.model import Assessment, Feature, utc_now
from trustaudit.core.assessment.naming import SUFFIX
from trustaudit.core.errors import ConflictError, InvalidFileError, SaveError, TrustAuditError
from trustaudit.core.io.atomic import atomic_write
from trustaudit.core.io.paths import shown
from trustaudit.core.io.yaml_reader import parse
from trustaudit.core.review.reading import digest


class Blocks:
    """The review file as it will be written: its head and one block of text per feature.

    Rendering and checking the whole file takes seconds on a review of a thousand features, so
    a save renders only the features changed since the last save (``touch``) and reuses the
    other blocks as they were, which were checked when they were made or read from the file
    the session opened (``warm``). ``mutex`` is held by every change to the assessment and while
    a save takes its snapshot, so what is written is one consistent state even when the app
    saves from a worker thread while its UI thread edits.
    """

    def __init__(self) -> None:
        self.mutex = threading.RLock()
        self.texts: dict[str, str] = {}
        self.dirty: set[str] = set()

    def warm(self, text: str, ids: list[str]) -> None:
        """Take the blocks of the file the session opened, when it is laid out as we write it
        (each block then reads back as its feature: the review was just read from them)."""
        found = file_form.split_blocks(text, ids)
        if found is not None:
            self.texts = dict(zip(ids, found, strict=True))

    def touch(self, feature_id: str) -> None:
        """Mark a feature changed (call holding ``mutex``)."""
        self.dirty.add(feature_id)

    def render(self, assessment: Assessment, order: list[str], where: str) -> bytes:
        """The file's bytes now: the head and the changed features rendered and checked."""
        with self.mutex:
            head = assessment.model_dump(mode="python", by_alias=True, exclude={"features"})
            ids = [f.id for f in assessment.features]
            fresh = {
                f.id: f.model_dump(mode="python", by_alias=True)
                for f in assessment.features
                if f.id in self.dirty or f.id not in self.texts
            }
            self.dirty.clear()
        try:
            for fid, data in fresh.items():
                block = file_form.render_feature(data, order)
                _check(where, block, Feature, data, lambda parsed: parsed[0])
                self.texts[fid] = block
        except BaseException:
            with self.mutex:  # not rendered: the next save must try these again
                self.dirty.update(fresh)
            raise
        for gone in set(self.texts) - set(ids):
            del self.texts[gone]
        _check(where, file_form.compose(head, []), Assessment, head, lambda parsed: parsed)
        try:
            return file_form.compose(head, [self.texts[fid] for fid in ids]).encode("utf-8")
        except UnicodeEncodeError:
            raise SaveError.at(
                where, "cannot save: some text holds characters that cannot be stored as UTF-8"
            ) from None


def _check(
    where: str,
    text: str,
    model: type[Feature] | type[Assessment],
    data: dict[str, Any],
    pick: Callable[[Any], Any],
) -> None:
    """The text on its way to disk must read back as exactly the data it was made from."""
    try:
        parsed = pick(parse(text, where).data)
        if model is Assessment:
            parsed = {**parsed, "features": []}
        again = model.model_validate(parsed).model_dump(mode="python", by_alias=True)
    except (InvalidFileError, ValidationError, LookupError, TypeError) as error:
        first = (
            error.problems[0].message
            if isinstance(error, InvalidFileError) and error.problems
            else "unreadable"
        )
        raise SaveError.at(
            where,
            f"cannot save: the file would not read back ({first}); the file on disk is unchanged",
        ) from None
    if model is Assessment:
        again.pop("features", None)
    if again != data:
        raise SaveError.at(
            where,
            "cannot save: the file would not read back as the review in memory; "
            "the file on disk is unchanged",
        )


def check_written(where: str, written: bytes, meant: bytes) -> None:
    """The bytes on their way to disk must be exactly the checked text: a disk, a file system
    or a filter that mangles them is caught before they replace the file."""
    if written == meant:
        return
    try:
        file_form.from_bytes(written, where)
    except InvalidFileError as error:
        first = error.problems[0].message if error.problems else "unreadable"
        raise SaveError.at(
            where,
            f"cannot save: the written file does not read back ({first}); "
            "the file on disk is unchanged",
        ) from None
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
