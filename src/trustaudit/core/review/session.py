"""The editing session on one review file, so that no answer is ever lost.

A ``Review`` holds the lock, remembers the hash of the bytes it loaded, and hands every change to
its ``Saver``: by default the change is written before the method returns (``SaveNow``); the app
passes a background saver that writes after a short pause instead. Either way the write is the
same atomic, checked ``save()``: refused when someone else changed the file, and this session's
version then kept beside it.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from trustaudit.core.assessment import file_form
from trustaudit.core.assessment.edits import Details, FeatureEdit, HeadEdit
from trustaudit.core.assessment.model import Answer, Assessment, Feature, Pin, utc_now
from trustaudit.core.assessment.naming import slug
from trustaudit.core.errors import (
    InvalidFileError,
    LockedError,
    NotFoundError,
    NotWritableError,
    SaveError,
)
from trustaudit.core.io.atomic import atomic_write, remove_stale_temp_files
from trustaudit.core.io.paths import shown
from trustaudit.core.io.validation import summary
from trustaudit.core.questionnaire.model import Questionnaire
from trustaudit.core.review import cycle
from trustaudit.core.review.corrections import Corrections
from trustaudit.core.review.drift import Drift
from trustaudit.core.review.lock import Lock
from trustaudit.core.review.over_time import TimeEdits
from trustaudit.core.review.pinning import pin_for
from trustaudit.core.review.reading import digest, read
from trustaudit.core.review.saving import Blocks, check_unchanged, check_written, keep_unsaved

if TYPE_CHECKING:
    from typing_extensions import Self


class Saver(Protocol):
    """What a session does with a change: write it now, or arrange for it to be written."""

    def changed(self, review: Review) -> None: ...


class SaveNow:
    """Every change is written before the change method returns (scripts, tests, creation)."""

    def changed(self, review: Review) -> None:
        review.save()


READ_ONLY = "is open read-only here; nothing is written (open it without --readonly to edit)"


@dataclass
class Review(TimeEdits, Corrections):
    """One locked editing session; every change goes to ``saver`` (by default: saved at once).

    When a save fails, the change stays in memory (``assessment``) and the next save writes it.
    The changes a review goes through over time (acceptances, dates, re-review, upgrade) are in
    ``TimeEdits`` (``review.over_time``), resolved plans and undone setup edits in
    ``Corrections`` (``review.corrections``).
    """

    path: Path
    assessment: Assessment
    questionnaire: Questionnaire
    drift: Drift | None = None
    notices: list[str] = field(default_factory=list)
    saved_at: dt.datetime | None = None
    saver: Saver = field(default_factory=SaveNow)
    opened_pin: Pin | None = None
    """The pin as the file had it when opened (``open`` moves it to the questionnaire in use): a
    new review cycle records the questionnaire the cycle that ends was answered against."""
    read_only: bool = False
    """Opened only to look (``look``): no lock is held and nothing is ever written."""
    _digest: str | None = None
    _lock: Lock | None = None
    _blocks: Blocks = field(default_factory=Blocks, repr=False)

    # -- opening --

    @classmethod
    def open(cls, path: Path, override: str | Path | None = None) -> Self:
        """Lock and open an existing assessment.

        When the questionnaire changed since the review was pinned, ``notices`` say what that
        means for the answers, and the pin moves to the questionnaire in use with the next save:
        from then on the answers are given against it. Orphaned answers and answers naming
        vanished options are kept and still listed by ``drift`` after that.
        """
        path, notice = _editable(Path(path))
        where = shown(path)
        if not path.exists():
            raise NotFoundError.at(where, "no such file; start a review with `trustaudit new`")
        if path.is_file() and not _writable(path):
            raise NotWritableError.at(
                where, "is read-only; make it writable to edit it (score and report can read it)"
            )
        lock = Lock(path)
        lock.acquire()
        try:
            opened = read(path, override)
        except BaseException:
            lock.release()
            raise
        review = cls(
            path,
            opened.assessment,
            opened.questionnaire,
            opened.drift,
            _digest=opened.digest,
            _lock=lock,
        )
        review._opened(lock)
        review._blocks.warm(opened.text, [f.id for f in opened.assessment.features])
        if notice:
            review.notices.append(notice)
        if opened.drift is not None:
            review.notices.extend(opened.drift.lines())
        review.opened_pin = opened.assessment.questionnaire.model_copy()
        if opened.drift is not None and opened.drift.changed:
            review.assessment.questionnaire = pin_for(opened.questionnaire, path)
            if not opened.drift.unpinned:  # its one notice says it is pinned on the next save
                review.notices.append(
                    f"the review is pinned to {opened.questionnaire.id} "
                    f"{opened.questionnaire.version} from its next save"
                )
        return review

    @classmethod
    def look(cls, path: Path, override: str | Path | None = None) -> Self:
        """Open a review to read it, as a privacy lead looks while someone else answers: no lock
        is taken, no file is touched, and every change is refused before it is made
        (``_changing``)."""
        opened = read(Path(path), override)
        review = cls(
            opened.path,
            opened.assessment,
            opened.questionnaire,
            opened.drift,
            read_only=True,
            _digest=opened.digest,
        )
        if opened.drift is not None:
            review.notices.extend(opened.drift.lines())
        review.opened_pin = opened.assessment.questionnaire.model_copy()
        return review

    @classmethod
    def create(cls, path: Path, current: Questionnaire, details: Details) -> Self:
        """Start a new assessment file, written before this returns; never overwrites a file."""
        path = Path(path)
        where = shown(path)
        exists = f"already exists; open it with `trustaudit open {where}` instead"
        if path.is_symlink() and not path.exists():
            raise SaveError.at(where, "is a symbolic link to nothing; choose another file name")
        if path.exists():
            raise SaveError.at(where, exists)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SaveError.at(
                where, f"cannot create the folder {path.parent}: {error.strerror or error}"
            ) from None
        lock = Lock(path)
        lock.acquire()
        now = utc_now()
        try:
            if path.exists():  # created by someone else between the check and the lock
                raise SaveError.at(where, exists)
            fresh = Assessment(
                questionnaire=pin_for(current, path),
                created=now,
                updated=now,
                **details.fields(),
            )
        except ValidationError as error:
            lock.release()
            raise InvalidFileError.at(where, f"cannot start the review: {summary(error)}") from None
        except BaseException:
            lock.release()
            raise
        review = cls(path, fresh, current, _lock=lock)
        review._opened(lock)
        try:
            review.save()
        except BaseException:
            review.close()
            raise
        return review

    def _opened(self, lock: Lock) -> None:
        if lock.notice:
            self.notices.append(lock.notice)
        removed = remove_stale_temp_files(self.path)
        if removed:
            self.notices.append(
                f"removed {len(removed)} temporary file(s) left by an interrupted save"
            )

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- saving --

    @property
    def order(self) -> list[str]:
        return [q.id for q in self.questionnaire.questions]

    def text(self) -> str:
        return file_form.to_yaml(self.assessment, self.order)

    def save(self) -> dt.datetime:
        """Write the file atomically; refuse if someone else changed it since we read it.

        Raises ``SaveError`` (nothing written), ``ConflictError`` or ``LockedError`` (nothing
        written over; this session's version is kept in a sibling ``*.unsaved-*`` file). Safe to
        call from a worker thread while another thread edits the assessment: what is written is
        one consistent snapshot (see ``saving.Blocks``), and only what changed since the last
        save is rendered and checked again.
        """
        where = shown(self.path)
        if self.read_only:
            raise NotWritableError.at(where, READ_ONLY)
        if self._lock is None:
            raise SaveError.at(where, "this review is closed; open it again to edit")
        if self.path.exists() and not _writable(self.path):
            raise NotWritableError.at(
                where,
                "was made read-only while it was open; it was not written: make it writable "
                "and save again (ctrl+s)",
            )
        with self._blocks.mutex:
            saved = self.assessment.updated = utc_now()
        data = self._blocks.render(self.assessment, self.order, where)
        try:
            self._lock.check()
        except LockedError as error:
            reason = error.problems[0].message if error.problems else "is locked"
            raise LockedError.at(
                where, f"{reason}; not saved here: {keep_unsaved(self.path, data)}"
            ) from None
        check_unchanged(self.path, self._digest, data)
        atomic_write(self.path, data, lambda written: check_written(where, written, data))
        self._digest = digest(data)
        self.saved_at = saved
        return saved

    # -- changes, each handed to the saver --

    def _changing(self) -> AbstractContextManager[object]:
        """The lock every change holds while it changes the assessment (a save may be taking
        its snapshot from another thread). A review opened only to look refuses here, before
        anything is changed."""
        if self.read_only:
            raise NotWritableError.at(shown(self.path), READ_ONLY)
        return self._blocks.mutex

    def _changed(self) -> None:
        self.saver.changed(self)

    def answer(self, feature_id: str, question_id: str) -> Answer | None:
        return self.assessment.feature(feature_id).answers.get(question_id)

    def set_answer(self, feature_id: str, question_id: str, answer: Answer) -> None:
        """Store an answer; an empty one (no value, note, evidence or plan) removes it.

        In a re-review, an answer carried over from the last cycle keeps its mark through edits
        that leave its value, and is marked ``changed`` when its value changes
        (``review.cycle.carry_mark``)."""
        with self._changing():
            feature = self.assessment.feature(feature_id)
            if answer.is_empty:
                feature.answers.pop(question_id, None)
            else:
                before = feature.answers.get(question_id)
                feature.answers[question_id] = cycle.carry_mark(before, answer)
            self._blocks.touch(feature_id)
        self._changed()

    def clear_answer(self, feature_id: str, question_id: str) -> None:
        with self._changing():
            self.assessment.feature(feature_id).answers.pop(question_id, None)
            self._blocks.touch(feature_id)
        self._changed()

    def add_feature(self, edit: FeatureEdit) -> Feature:
        """Add a feature; its id is a slug of its name, unique in the review, and never changes."""
        taken = {f.id for f in self.assessment.features}
        feature = self._valid_feature({"id": slug(edit.name, taken), **edit.fields()})
        with self._changing():
            self.assessment.features.append(feature)
            self._blocks.touch(feature.id)  # a feature removed before may have had this id
        self._changed()
        return feature

    def update_feature(self, feature_id: str, edit: FeatureEdit) -> None:
        """Rename or re-describe a feature; its id stays so answers keep pointing at it."""
        feature = self.assessment.feature(feature_id)
        updated = self._valid_feature({**feature.model_dump(), **edit.fields()})
        with self._changing():
            self.assessment.features[self.assessment.features.index(feature)] = updated
            self._blocks.touch(feature_id)
        self._changed()

    def _valid_feature(self, data: dict[str, Any]) -> Feature:
        try:
            return Feature.model_validate(data)
        except ValidationError as error:
            raise InvalidFileError.at(
                shown(self.path), f"invalid feature: {summary(error)}"
            ) from None

    def remove_feature(self, feature_id: str) -> None:
        with self._changing():
            self.assessment.features.remove(self.assessment.feature(feature_id))
        self._changed()

    def update_details(self, details: HeadEdit) -> None:
        """Change the review's head fields an edit names (checked as the file would be):
        ``Details`` (product, release, team, assessors), ``Publisher`` (who publishes the
        data cards) or ``Tracker`` (where ticket ids link to)."""
        head = self.assessment.model_dump(exclude={"features"})
        try:
            checked = Assessment.model_validate({**head, **details.fields(), "features": []})
        except ValidationError as error:
            raise InvalidFileError.at(
                shown(self.path), f"invalid details: {summary(error)}"
            ) from None
        with self._changing():
            for name in details.fields():
                setattr(self.assessment, name, getattr(checked, name))
        self._changed()


def _writable(path: Path) -> bool:
    """Whether the file may be written: by permission, and by its mode bits (root may write a
    read-only file, but a file someone made read-only is not to be saved over)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _editable(path: Path) -> tuple[Path, str | None]:
    """The file to lock and save for ``path``, and a notice when it is not ``path`` itself.

    A symbolic link is followed to its file: the lock sits beside that file (two paths to one
    review share one lock) and saves replace that file, so the link keeps pointing at the
    review. A file with several names (hard links) is refused: an atomic save gives one name a
    new file and leaves the others on the old one, splitting the review in two.
    """
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            raise NotFoundError.at(shown(path), f"is a symbolic link to {target}, which is missing")
        return target, f"{path.name} is a link: editing {shown(target)}"
    try:
        links = path.stat().st_nlink
    except OSError:
        return path, None
    if links > 1:
        raise NotWritableError.at(
            shown(path),
            f"has {links} names (hard links); saving would split it into separate files. "
            "Copy it to a file of its own and open that",
        )
    return path, None
