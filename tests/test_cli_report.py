"""``trustaudit report``: where it writes, what it says, and one-line errors with exit 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.core import reportkit
from trustaudit.cli import cli
from trustaudit.core.assessment import file_form


def saved(tmp_path: Path) -> Path:
    path = tmp_path / "shop.trustaudit.yaml"
    q = reportkit.bundled()
    path.write_text(file_form.to_yaml(reportkit.review(), [x.id for x in q.questions]))
    return path


def test_default_output_next_to_the_assessment(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(saved(tmp_path))])
    assert result.exit_code == 0, result.output
    out = tmp_path / "shop.md"
    assert out.read_text().startswith("# Trust review: Harmless Shop 2.3")
    assert result.stderr.strip().splitlines()[-1] == f"wrote {out}"
    assert result.stdout == ""


def test_stdout_and_json(tmp_path: Path) -> None:
    path = saved(tmp_path)
    runner = CliRunner()
    md = runner.invoke(cli, ["report", str(path), "-o", "-", "--no-charts"])
    assert md.exit_code == 0
    assert md.stdout.startswith("# Trust review") and "```mermaid" not in md.stdout
    js = runner.invoke(cli, ["report", str(path), "-o", "-", "--format", "json"])
    score = runner.invoke(cli, ["score", str(path), "--json"])
    assert js.exit_code == 0 and js.stdout == score.stdout


def test_template_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text("ok\n{{ ''.__class__ }}\n")
    result = CliRunner().invoke(cli, ["report", str(saved(tmp_path)), "--template", str(template)])
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if not x.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith(f"{template}:2: ")


def test_custom_template_output(tmp_path: Path) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text("# {{ review.product|inline }}\n")
    out = tmp_path / "out.md"
    result = CliRunner().invoke(
        cli, ["report", str(saved(tmp_path)), "--template", str(template), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text() == "# Harmless Shop\n"


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "nope.trustaudit.yaml")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
