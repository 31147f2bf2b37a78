"""The console entry point: crashes say where without leaking answers."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from trustaudit import cli


def test_a_crash_prints_one_line_without_the_exception_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from trustaudit.core.scoring import engine

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a confidential note from an answer")

    monkeypatch.setattr(engine, "score", crash)
    monkeypatch.setattr(
        "sys.argv", ["trustaudit", "score", str(ROOT / "reports/example-shop.trustaudit.yaml")]
    )
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("trustaudit: internal error (RuntimeError at test_cli_main.py:")
    assert "confidential" not in err
    assert "Traceback" not in err


def test_user_errors_exit_2_with_the_located_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setattr("sys.argv", ["trustaudit", "score", "missing.trustaudit.yaml"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 2
    assert capsys.readouterr().err == "missing.trustaudit.yaml: no such file\n"


def test_plain_trustaudit_starts_the_app_without_building_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trustaudit.tui.app

    started: list[bool] = []
    monkeypatch.setattr(trustaudit.tui.app, "run_app", lambda: started.append(True))
    monkeypatch.setattr("sys.argv", ["trustaudit"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 0
    assert started == [True]
