"""Where the app works: its folder, its reports folder and its recent list, handed to the screens.

Screens get a ``Places`` instead of reaching into the app, so no screen needs to import the app
(the app imports the screens, never the other way round). Nothing here loads the core models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trustaudit.core.io.paths import shown
from trustaudit.tui.recent import RecentList


@dataclass(frozen=True)
class Places:
    """The working folder (paths are shown relative to it), ``reports/`` and the recent list."""

    cwd: Path
    reports_dir: Path
    recent: RecentList

    def shown(self, path: Path) -> str:
        """A path as every message shows it (``core.io.paths.shown``, against ``cwd``)."""
        return shown(path, self.cwd)

    def absolute(self, path: Path) -> Path:
        """A path typed or given relative to the working folder, made absolute."""
        path = path.expanduser()
        return path if path.is_absolute() else self.cwd / path
