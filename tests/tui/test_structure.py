"""The shape the app keeps: screens that do not know each other, a start-up as cheap as an empty
app's, widgets that carry their own CSS, messages that say who sent them, and small modules."""

from __future__ import annotations

import ast
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.message import Message
from textual.widget import Widget

import trustaudit.tui
import trustaudit.tui.screens
import trustaudit.tui.widgets
from tests.conftest import ROOT

TUI = Path(trustaudit.tui.__file__).parent


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [m.name for m in pkgutil.walk_packages(path, prefix)]


def _imported(module: str) -> set[str]:
    """Every module ``module`` imports, at the top or inside a function."""
    source = Path(str(__import__(module, fromlist=["_"]).__file__))
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


SCREENS = _modules(trustaudit.tui.screens)


@pytest.mark.parametrize("module", SCREENS)
def test_a_screen_imports_no_other_screen_and_not_the_app(module: str) -> None:
    others = [s for s in SCREENS if s != module]
    bad = {m for m in _imported(module) if m in others or m.startswith("trustaudit.tui.app")}
    assert not bad, f"{module} imports {sorted(bad)}: post a tui.requests message instead"


@pytest.mark.parametrize("module", _modules(trustaudit.tui.widgets))
def test_a_widget_imports_no_screen_and_not_the_app(module: str) -> None:
    bad = {
        m
        for m in _imported(module)
        if m.startswith(("trustaudit.tui.screens", "trustaudit.tui.app"))
    }
    assert not bad, f"{module} imports {sorted(bad)}"


def test_home_starts_without_the_core_models() -> None:
    """Up to Home's first frame the app loads no pydantic, YAML or core model (the catalog comes
    later, in a worker, which is switched off here)."""
    script = """
import asyncio, json, sys
from trustaudit.tui.app import TrustAuditApp
from trustaudit.tui.screens.home import HomeScreen

HomeScreen._load_catalog_if_shown = lambda self: None

async def main():
    app = TrustAuditApp(state_dir=__import__("pathlib").Path(sys.argv[1]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        print(json.dumps(sorted(sys.modules)))
        await pilot.press("ctrl+q")

asyncio.run(main())
"""
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / ".no-state")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    heavy = {"pydantic", "yaml", "jinja2", "click"} & {name.split(".")[0] for name in loaded}
    assert not heavy, f"Home loads {sorted(heavy)}"
    core = {m for m in loaded if m.startswith("trustaudit.core.")}
    assert core <= {"trustaudit.core.text", "trustaudit.core.io", "trustaudit.core.io.paths"}, core


def _classes(package: object, base: type) -> list[type]:
    found = []
    for name in [package.__name__, *_modules(package)]:  # type: ignore[attr-defined]
        module = __import__(name, fromlist=["_"])
        for _, cls in inspect.getmembers(module, inspect.isclass):
            nested = [c for _, c in inspect.getmembers(cls, inspect.isclass)]
            for candidate in (cls, *nested):
                if issubclass(candidate, base) and candidate.__module__ == name:
                    found.append(candidate)
    return sorted(set(found), key=lambda c: c.__qualname__)


@pytest.mark.parametrize("cls", _classes(trustaudit.tui, Message), ids=lambda c: c.__qualname__)
def test_every_message_names_its_sender(cls: type[Message]) -> None:
    """So that handlers can match on it: ``@on(Message, "#selector")``."""
    owner = next(c for c in cls.__mro__ if "control" in vars(c))
    assert owner is not Message, f"{cls.__qualname__} has no control"


WIDGETS = _classes(trustaudit.tui.widgets, Widget)
LEAVES = [w for w in WIDGETS if not any(o is not w and issubclass(o, w) for o in WIDGETS)]
"""Widgets no other widget of ours builds on (a base such as ``Area`` leaves sizes to them)."""


@pytest.mark.parametrize("cls", LEAVES, ids=lambda c: c.__qualname__)
def test_every_widget_carries_its_css(cls: type[Widget]) -> None:
    assert vars(cls).get("DEFAULT_CSS", "").strip(), f"{cls.__qualname__} has no DEFAULT_CSS"


@pytest.mark.parametrize("path", sorted(TUI.rglob("*.py")), ids=lambda p: str(p.relative_to(TUI)))
def test_modules_and_classes_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= 500, f"{path.name} has {source.count(chr(10))} lines"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            assert size <= 250, f"{node.name} in {path.name} has {size} lines"
