"""The lock on a review: an ``flock`` held for the session, and a sidecar naming who holds it.

The flock is released by the kernel when its holder dies, so a lock left by a crashed or killed
session is simply taken over, with a notice naming the previous holder.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustaudit.core.assessment.model import utc_now
from trustaudit.core.errors import LockedError, NotFoundError, SaveError, TrustAuditError
from trustaudit.core.io.paths import file_kind, shown
from trustaudit.core.text import clean_text

try:  # POSIX; elsewhere the sidecar file alone guards the review
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


@dataclass
class Lock:
    """``<file>.lock``: an flock held for the session, plus who holds it, for messages.

    The flock is released by the kernel when its holder dies, so a lock left by a crashed or
    killed session is simply taken over, with a notice naming the previous holder. The lock file
    is only ours while the file at its path is the one we hold (same device and inode): a lock
    file deleted or replaced behind our back is taken again before the next save, and never
    deleted on release when it now belongs to someone else.

    The lock file comes from a folder others may write to (a pull request can add a symbolic
    link), so it is never followed: it is created exclusively when missing, opened without
    following links, and refused unless it is a regular file with a single name. A symbolic
    link there would otherwise have the lock's JSON written over whatever it points at.
    """

    target: Path
    fd: int | None = None
    notice: str | None = None

    @property
    def path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    def acquire(self) -> None:
        for _ in range(5):
            fd = self._open()
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
            shown(self.target), "cannot take the lock (it keeps changing); try again"
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

    def _open(self) -> int:
        """The lock file, opened for reading and writing, never through a link."""
        flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        try:
            try:
                fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                self._refuse_strange(os.lstat(self.path))
                fd = os.open(self.path, flags)
        except OSError as error:
            if error.errno == errno.ELOOP:  # a symbolic link appeared after the check
                self._refuse_strange(os.lstat(self.path))
            raise self._cannot(error) from None
        try:
            self._refuse_strange(os.fstat(fd))
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _refuse_strange(self, info: os.stat_result) -> None:
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
            return
        what = (
            "a symbolic link"
            if stat.S_ISLNK(info.st_mode)
            else "a file with other names (hard links)"
            if stat.S_ISREG(info.st_mode)
            else file_kind(info.st_mode)
        )
        raise LockedError.at(
            shown(self.target),
            f"cannot open for editing: the lock file {self.path.name} is {what}, not a lock "
            "trustaudit made; remove it and open the review again",
        )

    def _holds(self, fd: int) -> bool:
        try:
            here = os.lstat(self.path)
        except OSError:
            return False
        mine = os.fstat(fd)
        return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)

    def _cannot(self, error: OSError) -> TrustAuditError:
        folder = self.target.parent
        if isinstance(error, FileNotFoundError):
            return NotFoundError.at(
                shown(self.target), f"cannot open for editing: the folder {folder} does not exist"
            )
        reason = error.strerror or str(error)
        return SaveError.at(
            shown(self.target),
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
                shown(self.target),
                f"is open in another trustaudit session ({holder}); close that session first",
            ) from None
        except OSError:  # pragma: no cover - file systems without flock
            info = _read_holder(fd)
            if info and info.get("host") == socket.gethostname() and _alive(info.get("pid")):
                raise LockedError.at(
                    shown(self.target), f"is open in another session ({_describe(info)})"
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
    """Who holds a lock, from its sidecar: each field cleaned and cut short, as anyone can write
    the sidecar and its text ends up in one-line messages and dialogs."""
    if not info:
        return "holder unknown"

    def field(name: str) -> str:
        text = " ".join(clean_text(str(info.get(name, "?"))).split())
        return text if len(text) <= 40 else text[:39] + "…"

    return f"pid {field('pid')} on {field('host')}, user {field('user')}, since {field('started')}"


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
