"""Opening, locking and saving assessment files so that no answer is ever lost.

A ``Review`` is one editing session on one file: it holds the lock, remembers the hash of the bytes
it loaded, and saves atomically after every change. Reading without editing (``read``) takes no
lock, for ``score`` and ``report``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import ValidationError

from trustaudit.core import assessment as assessment_io
from trustaudit.core import locations, questionnaire
from trustaudit.core.assessment import Answer, Assessment, Feature, Pin, utc_now
from trustaudit.core.errors import (
    ConflictError,
    InvalidFileError,
    LockedError,
    NotFoundError,
    SaveError,
    TrustAuditError,
)
from trustaudit.core.questionnaire import Questionnaire
from trustaudit.core.validation import summary
from trustaudit.core.yamlio import atomic_write, parse, read_bytes, remove_stale_temp_files

try:  # POSIX; elsewhere the sidecar file alone guards the review
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


# --- questionnaire resolution and drift ----------------------------------------------------------


def resolve_questionnaire(
    pin: Pin, assessment_path: Path, override: str | Path | None = None
) -> Questionnaire:
    """Find the questionnaire of an assessment: ``-q``, then ``source``, then the pinned id."""
    if override is not None:
        ref = str(override)
        return questionnaire.load(locations.find(ref), ref)
    if pin.source:
        for base in (assessment_path.parent, Path.cwd()):
            candidate = base / pin.source
            if candidate.is_file():
                return questionnaire.load(candidate, _shown(candidate))
    try:
        return questionnaire.load(locations.find(pin.id))
    except NotFoundError:
        raise NotFoundError.at(
            assessment_path,
            f"cannot find questionnaire '{pin.id}' (source {pin.source or 'not set'}); "
            "pass it with -q PATH",
        ) from None


@dataclass(frozen=True)
class Drift:
    """How the questionnaire differs from the one the answers were given against."""

    pinned_version: str
    current_version: str
    orphaned: dict[str, list[str]]
    vanished: dict[str, list[tuple[str, str]]]

    def lines(self) -> list[str]:
        out = [
            f"the questionnaire changed since this review was pinned "
            f"(version {self.pinned_version} → {self.current_version})"
        ]
        for fid, qids in self.orphaned.items():
            out.append(
                f"feature {fid}: answers kept for questions that no longer exist: "
                + ", ".join(qids)
            )
        for fid, pairs in self.vanished.items():
            shown = ", ".join(f"{qid} → {opt}" for qid, opt in pairs)
            out.append(f"feature {fid}: answers name options that no longer exist: {shown}")
        return out


def drift(assessment: Assessment, current: Questionnaire) -> Drift | None:
    """None when the pinned hash still matches; otherwise what the change means for the answers."""
    if assessment.questionnaire.sha256 == current.sha256:
        return None
    orphaned: dict[str, list[str]] = {}
    vanished: dict[str, list[tuple[str, str]]] = {}
    for feature in assessment.features:
        for qid, answer in feature.answers.items():
            question = current.by_id.get(qid)
            if question is None:
                orphaned.setdefault(feature.id, []).append(qid)
                continue
            chosen = [answer.choice] if answer.choice else list(answer.choices or [])
            for option in chosen:
                if option not in question.option_map:
                    vanished.setdefault(feature.id, []).append((qid, option))
    return Drift(assessment.questionnaire.version, current.version, orphaned, vanished)


def pin_for(current: Questionnaire, assessment_path: Path) -> Pin:
    """A pin naming a project questionnaire by its path relative to the assessment.

    Bundled and per-user questionnaires are found again by id, so the file does not record a path
    that only exists on one machine.
    """
    source = None
    shared = (locations.bundled_folder().resolve(), locations.user_folder().resolve())
    if current.path is not None and current.path.resolve().parent not in shared:
        try:
            source = os.path.relpath(current.path.resolve(), assessment_path.resolve().parent)
        except ValueError:
            source = str(current.path.resolve())
    return Pin(id=current.id, version=current.version, sha256=current.sha256, source=source)


# --- reading without a lock ----------------------------------------------------------------------


@dataclass
class Opened:
    """An assessment read from disk, with its questionnaire and what changed since it was pinned."""

    path: Path
    assessment: Assessment
    questionnaire: Questionnaire
    drift: Drift | None
    digest: str

    @property
    def order(self) -> list[str]:
        return [q.id for q in self.questionnaire.questions]


def read(path: Path, override: str | Path | None = None) -> Opened:
    """Read an assessment and its questionnaire; no lock, nothing written."""
    data = read_bytes(path, _shown(path))
    assessment = assessment_io.from_document(parse(data, _shown(path)))
    current = resolve_questionnaire(assessment.questionnaire, path, override)
    return Opened(path, assessment, current, drift(assessment, current), _digest(data))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- locking -------------------------------------------------------------------------------------


@dataclass
class Lock:
    """``<file>.lock``: an flock held for the session, plus who holds it, for messages.

    The flock is released by the kernel when its holder dies, so a lock left by a crashed or
    killed session is simply taken over, with a notice naming the previous holder.
    """

    target: Path
    fd: int | None = None
    notice: str | None = None

    @property
    def path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    def acquire(self) -> None:
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                self._flock(fd)
            except LockedError:
                os.close(fd)
                raise
            try:
                same = os.fstat(fd).st_ino == self.path.stat().st_ino
            except FileNotFoundError:
                same = False
            if same:
                self.fd = fd
                self._claim(fd)
                return
            os.close(fd)  # the file was replaced while we waited; lock the new one
        raise LockedError.at(self.target, "cannot take the lock; try again")

    def _flock(self, fd: int) -> None:
        if fcntl is None:  # pragma: no cover
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(_read_holder(fd))
            raise LockedError.at(
                self.target,
                f"is open in another trustaudit session ({holder}); close that session first",
            ) from None
        except OSError:  # pragma: no cover - file systems without flock
            info = _read_holder(fd)
            if info and info.get("host") == socket.gethostname() and _alive(info.get("pid")):
                raise LockedError.at(
                    self.target, f"is open in another session ({_describe(info)})"
                ) from None

    def _claim(self, fd: int) -> None:
        previous = _read_holder(fd)
        if previous and previous.get("pid") != os.getpid():
            self.notice = (
                f"took over a stale lock on {self.target.name} left by {_describe(previous)}"
            )
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "started": utc_now().isoformat().replace("+00:00", "Z"),
        }
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, (json.dumps(info) + "\n").encode())
        os.fsync(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self.fd)
        self.fd = None


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode() or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _describe(info: dict[str, Any]) -> str:
    if not info:
        return "holder unknown"
    return (
        f"pid {info.get('pid', '?')} on {info.get('host', '?')}, user {info.get('user', '?')}, "
        f"since {info.get('started', '?')}"
    )


def _alive(pid: object) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# --- editing sessions ----------------------------------------------------------------------------


@dataclass
class Review:
    """One locked editing session; every change is saved before the method returns."""

    path: Path
    assessment: Assessment
    questionnaire: Questionnaire
    drift: Drift | None = None
    notices: list[str] = field(default_factory=list)
    saved_at: dt.datetime | None = None
    _digest: str | None = None
    _lock: Lock | None = None

    # -- opening --

    @classmethod
    def open(cls, path: Path, override: str | Path | None = None) -> Review:
        """Lock and open an existing assessment."""
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
        if opened.drift is not None:
            review.notices.extend(opened.drift.lines())
            review.assessment.questionnaire = pin_for(opened.questionnaire, path)
            review.notices.append(
                f"the review is pinned to version {opened.questionnaire.version} from its next save"
            )
        return review

    @classmethod
    def create(
        cls,
        path: Path,
        current: Questionnaire,
        product: str,
        *,
        release: str = "",
        team: str = "",
        assessors: list[str] | None = None,
    ) -> Review:
        """Start a new assessment file; refuses to overwrite an existing one."""
        if path.exists():
            raise SaveError.at(path, "already exists; open it with `trustaudit open` instead")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = Lock(path)
        lock.acquire()
        now = utc_now()
        try:
            fresh = Assessment(
                questionnaire=pin_for(current, path),
                product=product,
                release=release,
                team=team,
                assessors=assessors or [],
                created=now,
                updated=now,
            )
        except ValidationError as error:
            lock.release()
            raise InvalidFileError.at(path, f"cannot start the review: {summary(error)}") from None
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

    def __enter__(self) -> Review:
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
        return assessment_io.to_yaml(self.assessment, self.order)

    def save(self) -> dt.datetime:
        """Write the file atomically; refuse if someone else changed it since we read it."""
        if self._lock is None:
            raise SaveError.at(self.path, "this review is closed; open it again to edit")
        self.assessment.updated = utc_now()
        data = self.text().encode("utf-8")
        self._check_unchanged(data)
        shown = _shown(self.path)
        atomic_write(self.path, data, lambda written: assessment_io.from_bytes(written, shown))
        self._digest = _digest(data)
        self.saved_at = self.assessment.updated
        return self.saved_at

    def _check_unchanged(self, data: bytes) -> None:
        try:
            on_disk = _digest(self.path.read_bytes())
        except FileNotFoundError:
            on_disk = None
        if on_disk == self._digest:
            return
        if self._digest is None and on_disk is None:
            return
        keep = self.path.with_name(
            f"{self.path.name.removesuffix('.trustaudit.yaml')}.unsaved-"
            f"{utc_now().strftime('%Y%m%dT%H%M%S')}.trustaudit.yaml"
        )
        try:
            atomic_write(keep, data)
            kept = f"your version is in {keep.name}"
        except TrustAuditError:
            kept = "your answers are still open here; copy them before closing"
        raise ConflictError.at(
            self.path,
            f"changed on disk since it was opened (by another program?); it was not "
            f"overwritten: {kept}. Compare the two and merge",
        )

    # -- changes, each saved at once --

    def answer(self, feature_id: str, question_id: str) -> Answer | None:
        return self.assessment.feature(feature_id).answers.get(question_id)

    def set_answer(self, feature_id: str, question_id: str, answer: Answer) -> dt.datetime:
        feature = self.assessment.feature(feature_id)
        if answer.is_empty:
            feature.answers.pop(question_id, None)
        else:
            feature.answers[question_id] = answer
        return self.save()

    def clear_answer(self, feature_id: str, question_id: str) -> dt.datetime:
        self.assessment.feature(feature_id).answers.pop(question_id, None)
        return self.save()

    def add_feature(self, name: str, description: str = "", owner: str | None = None) -> Feature:
        taken = {f.id for f in self.assessment.features}
        feature = self._valid_feature(
            {
                "id": assessment_io.slug(name, taken),
                "name": name,
                "description": description,
                "owner": owner,
            }
        )
        self.assessment.features.append(feature)
        self.save()
        return feature

    def update_feature(self, feature_id: str, **changes: Any) -> None:
        """Rename or re-describe a feature; its id stays so answers keep pointing at it."""
        feature = self.assessment.feature(feature_id)
        changes.pop("id", None)
        updated = self._valid_feature({**feature.model_dump(), **changes})
        self.assessment.features[self.assessment.features.index(feature)] = updated
        self.save()

    def _valid_feature(self, data: dict[str, Any]) -> Feature:
        try:
            return Feature.model_validate(data)
        except ValidationError as error:
            raise InvalidFileError.at(self.path, f"invalid feature: {summary(error)}") from None

    def remove_feature(self, feature_id: str) -> None:
        feature = self.assessment.feature(feature_id)
        self.assessment.features.remove(feature)
        self.save()

    def update_details(self, **changes: Any) -> None:
        """Change product, release, team, assessors, status, next review or sign-off."""
        data = {**self.assessment.model_dump(), **changes}
        try:
            self.assessment = Assessment.model_validate(data)
        except ValidationError as error:
            raise InvalidFileError.at(self.path, f"invalid details: {summary(error)}") from None
        self.save()
