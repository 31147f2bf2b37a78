"""Shared fixtures (the repository's folders, a helper to write questionnaire files) and the
suite's two rules: slow tests are not measured (app tests are marked, for CI to run them
unmeasured), and the whole suite keeps the core covered."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questionnaires" / "trust-audit.yaml"

COVERAGE_FLOOR = 90.0
"""Branch coverage of ``trustaudit.core`` that a run of the whole suite must keep."""


APP_TESTS = Path(__file__).resolve().parent / "tui"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests (fuzzing, 500 kills) are not measured: tracing would triple their time, and
    the random paths they take would make the coverage figure change from run to run. Tests of
    the app are marked ``app``: CI measures the core with the core's and the command line's own
    tests (``-m "not slow and not app"``) and runs ``-m "slow or app"`` unmeasured, because the
    tracer slows every Textual call of an app test while adding little the core's tests miss."""
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.no_cover)
        if item.path.is_relative_to(APP_TESTS):
            item.add_marker(pytest.mark.app)


def pytest_configure(config: pytest.Config) -> None:
    """Hold coverage at ``COVERAGE_FLOOR`` when the whole suite is measured (`pytest --cov` with
    no paths); a run of some files measures only what they reach, so it is reported, not judged."""
    plugin = config.pluginmanager.get_plugin("_cov")
    options = getattr(plugin, "options", None)
    whole = (
        config.args_source is pytest.Config.ArgsSource.TESTPATHS
        and not config.getoption("keyword")
        # the runs that measure the core: all, all but the slow ones, all but slow and app tests
        and config.getoption("markexpr") in ("", "not slow", "not slow and not app")
    )
    if options is not None and whole and not getattr(options, "cov_fail_under", None):
        options.cov_fail_under = COVERAGE_FLOOR


@pytest.fixture(autouse=True)
def _isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the user's real config folder out of every test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


WriteFile = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
