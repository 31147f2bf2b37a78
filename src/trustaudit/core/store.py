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
    """Find the questionnaire of an assessment.

    In order: ``-q`` (``override``); the pinned ``source`` relative to the assessment's folder,
    then to the current folder (a file there with another id is not it and is skipped); the
    pinned id through the lookup order of DESIGN §8.
    """
    if override is not None:
        ref = str(override)
        return questionnaire.load(locations.find(ref), ref)
    if pin.source:
        for base in (assessment_path.parent, Path.cwd()):
            candidate = base / pin.source
            if candidate.is_file():
                found = questionnaire.load(candidate, _shown(candidate))
                if found.id == pin.id:
                    return found
    try:
        return questionnaire.load(locations.find(pin.id))
    except NotFoundError:
        raise NotFoundError.at(
            _shown(assessment_path),
            f"cannot find its questionnaire '{pin.id}' (source {pin.source or 'not set'}); "
            "pass it with -q PATH",
        ) from None


@dataclass(frozen=True)
class Drift:
    """How the answers stand against the questionnaire they are opened with.

    ``changed``: the questionnaire is not the pinned one (other content hash). ``orphaned``:
    per feature, answered questions the questionnaire does not have (kept in the file).
    ``vanished``: per feature, (question, option) pairs of answers naming options it does not
    have; ``vanished_targets`` the same for plan targets. Orphans and vanished options are
    listed even when the hash matches (after a re-pin, or a hand edit).
    """

    pinned_version: str
    current_version: str
    orphaned: dict[str, list[str]]
    vanished: dict[str, list[tuple[str, str]]]
    changed: bool = True
    pinned_id: str = ""
    current_id: str = ""
    vanished_targets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def lines(self, *, answers: bool = True) -> list[str]:
        """What changed, for people. ``answers=False`` leaves out the answers and plans that name
        vanished options, for callers that report those through scoring's problems already."""
        out = []
        if self.changed and self.pinned_id and self.pinned_id != self.current_id:
            out.append(
                f"the review was pinned to questionnaire '{self.pinned_id}' "
                f"{self.pinned_version} but is opened with '{self.current_id}' "
                f"{self.current_version}"
            )
        elif self.changed and self.pinned_version != self.current_version:
            out.append(
                f"the questionnaire changed since this review was pinned "
                f"(version {self.pinned_version} → {self.current_version})"
            )
        elif self.changed:
            out.append(
                f"the questionnaire changed since this review was pinned "
                f"(still version {self.current_version}, but its content differs)"
            )
        for fid, qids in self.orphaned.items():
            out.append(
                f"feature {fid}: answers kept for questions the questionnaire no longer has: "
                + ", ".join(qids)
            )
        if not answers:
            return out
        for fid, pairs in self.vanished.items():
            shown = ", ".join(f"{qid} → {opt}" for qid, opt in pairs)
            out.append(f"feature {fid}: answers name options that no longer exist: {shown}")
        for fid, pairs in self.vanished_targets.items():
            shown = ", ".join(f"{qid} → {opt}" for qid, opt in pairs)
            out.append(f"feature {fid}: plans target options that no longer exist: {shown}")
        return out


def drift(assessment: Assessment, current: Questionnaire) -> Drift | None:
    """What the questionnaire in use means for the answers; None when there is nothing to say."""
    changed = assessment.questionnaire.sha256 != current.sha256
    orphaned: dict[str, list[str]] = {}
    vanished: dict[str, list[tuple[str, str]]] = {}
    targets: dict[str, list[tuple[str, str]]] = {}
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
            for option in answer.plan.targets if answer.plan else []:
                if option not in question.option_map:
                    targets.setdefault(feature.id, []).append((qid, option))
    if not (changed or orphaned or vanished or targets):
        return None
    return Drift(
        assessment.questionnaire.version,
        current.version,
        orphaned,
        vanished,
        changed=changed,
        pinned_id=assessment.questionnaire.id,
        current_id=current.id,
        vanished_targets=targets,
    )


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
    killed session is simply taken over, with a notice naming the previous holder. The lock file
    is only ours while the file at its path is the one we hold (same device and inode): a lock
    file deleted or replaced behind our back is taken again before the next save, and never
    deleted on release when it now belongs to someone else.
    """

    target: Path
    fd: int | None = None
    notice: str | None = None

    @property
    def path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    def acquire(self) -> None:
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                raise self._cannot(error) from None
            try:
                self._flock(fd)
            except BaseException:
                os.close(fd)
                raise
            if self._holds(fd):
                self.fd = fd
                try:
                    self._claim(fd)
                except OSError as error:
                    self.release()
                    raise self._cannot(error) from None
                return
            os.close(fd)  # the file was removed or replaced while we locked it; lock the new one
        raise LockedError.at(
            _shown(self.target), "cannot take the lock (it keeps changing); try again"
        )

    def check(self) -> None:
        """Make sure the lock file at our path is still the one we hold; take it again if not.

        Raises ``LockedError`` when, meanwhile, another session took the lock at that path.
        """
        if self.fd is None or self._holds(self.fd):
            return
        fresh = Lock(self.target)
        fresh.acquire()
        os.close(self.fd)
        self.fd = fresh.fd

    def _holds(self, fd: int) -> bool:
        try:
            here = self.path.stat()
        except OSError:
            return False
        mine = os.fstat(fd)
        return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)

    def _cannot(self, error: OSError) -> TrustAuditError:
        folder = self.target.parent
        if isinstance(error, FileNotFoundError):
            return NotFoundError.at(
                _shown(self.target), f"cannot open for editing: the folder {folder} does not exist"
            )
        reason = error.strerror or str(error)
        return SaveError.at(
            _shown(self.target),
            f"cannot open for editing: cannot write the lock file {self.path.name} ({reason}); "
            "the folder must be writable",
        )

    def _flock(self, fd: int) -> None:
        if fcntl is None:  # pragma: no cover
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(_read_holder(fd))
            raise LockedError.at(
                _shown(self.target),
                f"is open in another trustaudit session ({holder}); close that session first",
            ) from None
        except OSError:  # pragma: no cover - file systems without flock
            info = _read_holder(fd)
            if info and info.get("host") == socket.gethostname() and _alive(info.get("pid")):
                raise LockedError.at(
                    _shown(self.target), f"is open in another session ({_describe(info)})"
                ) from None

    def _claim(self, fd: int) -> None:
        previous = _read_holder(fd)
        if previous and previous.get("pid") != os.getpid():
            gone = ""
            if previous.get("host") == socket.gethostname() and not _alive(previous.get("pid")):
                gone = "; that process is gone"
            self.notice = (
                f"took over the lock on {self.target.name} left by an editing session that did "
                f"not close ({_describe(previous)}{gone})"
            )
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "started": utc_now().isoformat().replace("+00:00", "Z"),
        }
        data = (json.dumps(info) + "\n").encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)  # no fsync: the flock is the lock, this is only who holds it

    def release(self) -> None:
        if self.fd is None:
            return
        if self._holds(self.fd):  # never delete a lock file someone else now holds
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
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
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
    """One locked editing session; every change is saved before the method returns.

    When a save fails, the change stays in memory (``assessment``) and the next save writes it.
    """

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
        """Lock and open an existing assessment.

        When the questionnaire changed since the review was pinned, ``notices`` say what that
        means for the answers, and the pin moves to the questionnaire in use with the next save:
        from then on the answers are given against it. Orphaned answers and answers naming
        vanished options are kept and still listed by ``drift`` after that.
        """
        path = Path(path)
        shown = _shown(path)
        if not path.exists():
            raise NotFoundError.at(shown, "no such file; start a review with `trustaudit new`")
        if path.is_file() and not os.access(path, os.W_OK):
            raise SaveError.at(
                shown,
                "is read-only; make it writable to edit it (score and report can read it as is)",
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
        if opened.drift is not None:
            review.notices.extend(opened.drift.lines())
        if opened.drift is not None and opened.drift.changed:
            review.assessment.questionnaire = pin_for(opened.questionnaire, path)
            review.notices.append(
                f"the review is pinned to {opened.questionnaire.id} "
                f"{opened.questionnaire.version} from its next save"
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
        path = Path(path)
        shown = _shown(path)
        exists = f"already exists; open it with `trustaudit open {shown}` instead"
        if path.exists():
            raise SaveError.at(shown, exists)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SaveError.at(
                shown, f"cannot create the folder {path.parent}: {error.strerror or error}"
            ) from None
        lock = Lock(path)
        lock.acquire()
        now = utc_now()
        try:
            if path.exists():  # created by someone else between the check and the lock
                raise SaveError.at(shown, exists)
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
            raise InvalidFileError.at(shown, f"cannot start the review: {summary(error)}") from None
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
        """Write the file atomically; refuse if someone else changed it since we read it.

        Raises ``SaveError`` (nothing written), ``ConflictError`` or ``LockedError`` (nothing
        written over; this session's version is kept in a sibling ``*.unsaved-*`` file). Safe to
        call from a worker thread while another thread edits the assessment: what is written is
        one consistent snapshot (see ``assessment.snapshot``).
        """
        shown = _shown(self.path)
        if self._lock is None:
            raise SaveError.at(shown, "this review is closed; open it again to edit")
        self.assessment.updated = utc_now()
        state = assessment_io.snapshot(self.assessment)
        try:
            data = assessment_io.render(state, self.order).encode("utf-8")
        except UnicodeEncodeError:
            raise SaveError.at(
                shown, "cannot save: some text holds characters that cannot be stored as UTF-8"
            ) from None
        try:
            self._lock.check()
        except LockedError as error:
            reason = error.problems[0].message if error.problems else "is locked"
            raise LockedError.at(
                shown, f"{reason}; not saved here: {self._keep_unsaved(data)}"
            ) from None
        self._check_unchanged(data)
        atomic_write(self.path, data, lambda written: self._verify(written, state))
        self._digest = _digest(data)
        saved: dt.datetime = state["updated"]
        self.saved_at = saved
        return saved

    def _verify(self, written: bytes, state: dict[str, Any]) -> None:
        """The bytes on their way to disk must read back as exactly the snapshot written."""
        shown = _shown(self.path)
        try:
            again = assessment_io.from_bytes(written, shown)
        except InvalidFileError as error:
            first = error.problems[0].message if error.problems else "unreadable"
            raise SaveError.at(
                shown,
                f"cannot save: the written file does not read back ({first}); "
                "the file on disk is unchanged",
            ) from None
        if assessment_io.snapshot(again) != state:
            raise SaveError.at(
                shown,
                "cannot save: the written file does not read back as the review in memory; "
                "the file on disk is unchanged",
            )

    def _check_unchanged(self, data: bytes) -> None:
        shown = _shown(self.path)
        try:
            on_disk: str | None = _digest(self.path.read_bytes())
        except FileNotFoundError:
            on_disk = None
        except OSError as error:
            raise SaveError.at(
                shown,
                f"cannot save: cannot read the file to check it is unchanged "
                f"({error.strerror or error}); nothing was written",
            ) from None
        if on_disk == self._digest:
            return
        what = (
            "was deleted or moved since it was opened; it was not written again"
            if on_disk is None
            else "changed on disk since it was opened (by another program?); it was not overwritten"
        )
        raise ConflictError.at(shown, f"{what}: {self._keep_unsaved(data)}. Compare and merge")

    def _keep_unsaved(self, data: bytes) -> str:
        """Write this session's version beside the file so nothing typed is lost."""
        suffix = assessment_io.SUFFIX
        base = self.path.name.removesuffix(suffix)
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        keep = self.path.with_name(f"{base}.unsaved-{stamp}{suffix}")
        for n in range(2, 100):
            try:
                if not keep.exists() or keep.read_bytes() == data:
                    break
            except OSError:
                break
            keep = self.path.with_name(f"{base}.unsaved-{stamp}-{n}{suffix}")
        try:
            atomic_write(keep, data)
        except TrustAuditError:
            return "your answers are still open here; copy them before closing"
        return f"your version is in {keep.name}"

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
            raise InvalidFileError.at(
                _shown(self.path), f"invalid feature: {summary(error)}"
            ) from None

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
            raise InvalidFileError.at(
                _shown(self.path), f"invalid details: {summary(error)}"
            ) from None
        self.save()
