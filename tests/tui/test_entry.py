"""``trustaudit``, ``trustaudit new`` and ``trustaudit open`` go straight to the right screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.tui.conftest import Workspace
from trustaudit.cli import cli


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(
        "trustaudit.tui.app.run_app", lambda path=None, **kw: calls.append((path, kw))
    )
    return calls


def test_commands_call_the_app(ws: Workspace, runs: list[tuple[Any, dict[str, Any]]]) -> None:
    path = ws.review()
    runner = CliRunner()
    assert runner.invoke(cli, []).exit_code == 0
    assert runner.invoke(cli, ["new", "-q", "mini", "--product", "Shop"]).exit_code == 0
    assert runner.invoke(cli, ["open", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["open", "--readonly", str(path)]).exit_code == 0
    assert runs == [
        (None, {}),
        (None, {"new": True, "questionnaire": "mini", "product": "Shop"}),
        (Path(path), {"questionnaire": None, "read_only": False}),
        (Path(path), {"questionnaire": None, "read_only": True}),
    ]
