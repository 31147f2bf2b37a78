"""The core stays terminal-free and the non-TUI commands stay fast (docs/architecture.md)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import trustaudit.core
from tests.conftest import ROOT


def _loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {name.split(".")[0] for name in json.loads(out.stdout.splitlines()[-1])}


def test_every_core_module_imports_without_textual_or_rich() -> None:
    names = [m.name for m in pkgutil.walk_packages(trustaudit.core.__path__, "trustaudit.core.")]
    assert names, "no core modules found"
    loaded = _loaded_after("\n".join(f"import {name}" for name in names))
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_cli_commands_other_than_the_tui_do_not_import_textual(tmp_path: object) -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from trustaudit.cli import cli\n"
        "r = CliRunner().invoke(cli, ['validate', 'questionnaires'])\n"
        "assert r.exit_code == 0, r.output\n"
        "r = CliRunner().invoke(cli, ['questionnaires'])\n"
        "assert r.exit_code == 0, r.output\n"
    )
    loaded = _loaded_after(code)
    assert "textual" not in loaded
    assert "rich" not in loaded
    assert "jinja2" not in loaded
