"""Earlier versions of a review from git: ``git show`` and ``git log``, through one small function.

Reviews live in git, so "what changed since the last sign-off" needs no server: the old version
is read with ``git show``. Every call goes through a ``Runner`` (by default ``run``, which runs
the ``git`` program), so tests can use a real repository in a temporary folder or a stand-in.
References come from a command line or a CI script: one that could be read as an option is
refused, and each is resolved to a commit id before it is used.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.errors import GitError, TrustAuditError
from trustaudit.core.io.paths import shown
from trustaudit.core.io.yaml_reader import parse, read_bytes

Runner = Callable[[Path, list[str]], bytes]
"""Runs git with arguments in a folder and returns its standard output; raises ``GitError``."""

TIMEOUT = 60


def run(folder: Path, args: list[str]) -> bytes:
    """Run ``git -C folder ARGS``; its first line of errors becomes a ``GitError``."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError.at(shown(folder), "git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError.at(shown(folder), f"git took more than {TIMEOUT} s; try again") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0].removeprefix("fatal: ") if lines else f"git exited {done.returncode}"
        raise GitError.at(shown(folder), reason)
    return done.stdout


@dataclass(frozen=True)
class Commit:
    sha: str
    day: dt.date
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:12]


def resolve(path: Path, ref: str, runner: Runner = run) -> Commit:
    """The commit ``ref`` names (a branch, tag, ``HEAD~2``, an id), seen from ``path``'s folder."""
    if not ref.strip() or ref.startswith("-"):
        raise GitError.at(shown(path), f"'{ref}' is not a git reference")
    try:
        out = runner(
            path.parent, ["log", "-1", "--format=%H%x09%cs%x09%s", f"{ref}^{{commit}}", "--"]
        )
    except GitError as error:
        reason = error.problems[0].message if error.problems else "unknown"
        raise GitError.at(shown(path), f"'{ref}' names no commit (git: {reason})") from None
    commits = _commits(out)
    if not commits:
        raise GitError.at(shown(path), f"'{ref}' names no commit")
    return commits[0]


def show(path: Path, commit: str, runner: Runner = run) -> bytes:
    """The bytes of ``path`` as they were at ``commit`` (an id from ``resolve`` or ``log``)."""
    try:
        return runner(path.parent, ["show", f"{commit}:./{path.name}"])
    except GitError as error:
        reason = error.problems[0].message if error.problems else "unknown"
        raise GitError.at(shown(path), f"not readable at {commit[:12]} (git: {reason})") from None


def source_at(commit: str, runner: Runner = run) -> Callable[[Path, str], bytes]:
    """A questionnaire reader (``loader.Source``) that reads each file as it was at ``commit``,
    and a file git does not hold there (a bundled questionnaire) as it is now: the caller checks
    the result against the review's pin, so a wrong guess is never used."""

    def read(path: Path, display: str) -> bytes:
        try:
            return show(path, commit, runner)
        except GitError:
            return read_bytes(path, display)

    return read


def log(path: Path, runner: Runner = run) -> list[Commit]:
    """The commits that changed ``path``, newest first."""
    return _commits(runner(path.parent, ["log", "--format=%H%x09%cs%x09%s", "--", path.name]))


def last_sign_off(path: Path, runner: Runner = run) -> Commit:
    """The last commit that recorded a sign-off decision in ``path``: the newest commit whose
    decided sign-offs (every one not pending) differ from the version before it and are not
    none (a re-review, which asks every signer again, records none)."""
    commits = log(path, runner)
    decided = [_decided(show(path, c.sha, runner), path) for c in commits]
    for i, commit in enumerate(commits):
        before = decided[i + 1] if i + 1 < len(decided) else ()
        if decided[i] and decided[i] != before:
            return commit
    raise GitError.at(
        shown(path),
        "no commit records a sign-off decision; compare with a commit or tag: --since GITREF",
    )


def _decided(data: bytes, path: Path) -> tuple[tuple[str, ...], ...]:
    """The sign-off decisions a version of the file records, as plain text (a version that does
    not read counts as none)."""
    try:
        doc = parse(data, shown(path))
    except TrustAuditError:
        return ()
    entries = doc.data.get("sign_off") if isinstance(doc.data, dict) else None
    out = []
    for s in entries if isinstance(entries, list) else []:
        if isinstance(s, dict) and s.get("decision", "pending") != "pending":
            out.append(tuple(str(s.get(k, "")) for k in ("role", "name", "decision", "date")))
    return tuple(out)


def _commits(out: bytes) -> list[Commit]:
    found = []
    for line in _lines(out):
        sha, day, subject = [*line.split("\t", 2), "", ""][:3]
        found.append(Commit(sha, dt.date.fromisoformat(day), subject))
    return found


def _lines(out: bytes) -> Iterable[str]:
    return (line for line in out.decode("utf-8", "replace").splitlines() if line.strip())
