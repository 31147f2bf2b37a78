"""Writing a file a person named (a report, a data card): never over what must not be replaced.

An output path comes from a command line, a config file or a pull request, so whatever it names
is checked before anything is written:

- a new name or a regular file is replaced atomically (readers see the old file or the new one);
  the folders a new name needs are made, as ``mkdir -p`` would (``-o reports/2027/card.md``);
- a symbolic link is written through to the file it points at, which is checked the same way;
- a FIFO or a character device (``/dev/null``, a terminal) is written to directly, never replaced
  by a regular file: as root an atomic replace would turn ``/dev/null`` into the report;
- anything else (a folder, a block device, a socket) is refused;
- the input files, and any file that is a trustaudit review or questionnaire, are never the
  output: a report must not overwrite what it was made from.

New files follow the umask, as files made by other tools do (a report is meant to be shared);
replaced files keep their mode.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from trustaudit.core.errors import SaveError
from trustaudit.core.io.atomic import atomic_write
from trustaudit.core.io.paths import file_kind, shown

_FORMAT = re.compile(rb"^format:\s*[\"']?trustaudit/(assessment|questionnaire)@", re.MULTILINE)
_SNIFF = 65_536


def write_output(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` by the rules above; returns the file written (a link's target).

    Raises ``SaveError`` with one line when the path may not be written.
    """
    target = path.resolve() if path.is_symlink() else path
    where = shown(path)
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise _under_a_file(target, where) from None
    except OSError as error:
        raise SaveError.at(where, f"cannot write: {error.strerror or error}") from None
    for source in inputs:
        if info is not None and _same(info, source):
            raise SaveError.at(
                where, f"is the input {shown(source)}; write the report to another file (-o)"
            )
    if info is None:
        _make_folder(target, where)
        atomic_write(target, data, mode=0o666 & ~_umask())
        return target
    if stat.S_ISREG(info.st_mode):
        if _is_trustaudit_file(target):
            raise SaveError.at(
                where,
                "is a trustaudit review or questionnaire; a report never overwrites one. "
                "Write the report to another file (-o)",
            )
        atomic_write(target, data)
        return target
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _write_directly(target, data, where)
        return target
    raise SaveError.at(
        where, f"is {file_kind(info.st_mode)}; give a file name, or -o - for standard output"
    )


def _make_folder(target: Path, where: str) -> None:
    """The folders a new output needs, as ``mkdir -p`` would make them."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _under_a_file(target, where) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise SaveError.at(
            where, f"cannot make the folder {shown(target.parent)}: {reason}"
        ) from None


def _under_a_file(path: Path, where: str) -> SaveError:
    """The output would go under something that is not a folder: name it."""
    blocking = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), None)
    what = (
        f"{shown(blocking)} is a file, not a folder"
        if blocking
        else "a part of the path is not a folder"
    )
    return SaveError.at(where, f"cannot write: {what}; give another path")


def _same(info: os.stat_result, other: Path) -> bool:
    try:
        theirs = other.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def _is_trustaudit_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return False
    return _FORMAT.search(head) is not None


def _write_directly(path: Path, data: bytes, where: str) -> None:
    """A FIFO or a device: written in place. A FIFO nobody reads is refused at once instead of
    blocking forever."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        reason = (
            "nothing reads from this FIFO"
            if error.errno == errno.ENXIO  # a FIFO opened for writing with no reader
            else error.strerror or str(error)
        )
        raise SaveError.at(where, f"cannot write: {reason}") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:
        raise SaveError.at(where, f"cannot write: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows (setting it to read it
    back would race with other threads creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current
