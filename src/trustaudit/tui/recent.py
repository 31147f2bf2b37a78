"""Reviews to offer on Home: the ones opened lately, plus every review in ``./reports/``.

Home must paint fast, so nothing here parses YAML or imports the core models: the recent list is a
small JSON file in the user's state folder, and ``reports/`` is only globbed. The list is written
with the store's atomic writer, so a crash never leaves a half-written list behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".trustaudit.yaml"
KEEP = 12


def default_state_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("trustaudit")


@dataclass(frozen=True)
class RecentFile:
    """A review file Home can open, with when it last changed on disk."""

    path: Path
    modified: dt.datetime


class RecentList:
    """The recent-files list kept in ``<state dir>/recent.json``."""

    def __init__(self, state_dir: Path | None = None) -> None:
        self.state_dir = state_dir if state_dir is not None else default_state_dir()

    @property
    def file(self) -> Path:
        return self.state_dir / "recent.json"

    def paths(self) -> list[Path]:
        """Recently opened files, newest first; a missing or damaged list is just empty."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        items = data.get("files", []) if isinstance(data, dict) else []
        return [Path(p) for p in items if isinstance(p, str)]

    def add(self, path: Path) -> None:
        """Put ``path`` first; failures to write are ignored (the list is a convenience)."""
        resolved = path.resolve()
        kept = [resolved, *(p for p in self.paths() if p != resolved)][:KEEP]
        body = json.dumps({"files": [str(p) for p in kept]}, indent=1).encode("utf-8")
        # Only called once a review is open, so the core (and its atomic writer) is loaded anyway.
        from trustaudit.core.errors import TrustAuditError
        from trustaudit.core.io.atomic import atomic_write

        with contextlib.suppress(OSError, TrustAuditError):
            self.state_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, body)

    def offers(self, reports_dir: Path) -> list[RecentFile]:
        """Recent files that still exist, then the other reviews in ``reports_dir``."""
        seen: set[Path] = set()
        found: list[RecentFile] = []
        candidates = list(self.paths())
        if reports_dir.is_dir():
            local = sorted(reports_dir.glob(f"*{SUFFIX}"), key=_mtime, reverse=True)
            candidates.extend(p.resolve() for p in local)
        for path in candidates:
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            found.append(RecentFile(path, dt.datetime.fromtimestamp(_mtime(path))))
        return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
