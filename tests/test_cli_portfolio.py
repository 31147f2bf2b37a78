"""``trustaudit portfolio``: many reviews and summaries rolled up, one broken file never stops it.

The portfolio is three products of different bands (High, Medium, Low), one of them read from a
``trust-summary.json`` written by ``trustaudit summary``, plus one review that is not YAML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from tests.conftest import ROOT
from tests.portfoliokit import BROKEN, HIGH, LOW, MEDIUM, write_review
from trustaudit.cli import cli
from trustaudit.core.portfolio import sqlite as portfolio_sqlite
from trustaudit.core.portfolio import summary

AS_OF = "2027-06-01"
"""After the example's next review date (2027-04-15) and most of its plans' due dates."""

BROKEN_LINE = "reviews/broken.trustaudit.yaml:3:1: invalid YAML"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """reviews/ (High, Low, broken) and summaries/trust-summary.json (Medium); cwd is tmp_path."""
    monkeypatch.chdir(tmp_path)
    write_review(tmp_path / "reviews", "high", "High Shop", HIGH)
    write_review(tmp_path / "reviews", "low", "Low Shop", LOW)
    (tmp_path / "reviews" / "broken.trustaudit.yaml").write_text(BROKEN, encoding="utf-8")
    medium = write_review(tmp_path / "elsewhere", "medium", "Medium Shop", MEDIUM)
    (tmp_path / "summaries").mkdir()
    made = run("summary", str(medium), "-o", "summaries/trust-summary.json", "--as-of", AS_OF)
    assert made.exit_code == 0, made.output
    return tmp_path


def test_dashboard_over_bands_a_summary_and_an_unreadable_file(portfolio: Path) -> None:
    result = run("portfolio", "reviews", "summaries", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "3 products (2 reviews, 1 summary), as of 1 June 2027" in out
    assert "1 High, 1 Medium, 1 Low now → 2 Medium, 1 Low once plans are done" in out
    products = [line for line in out.splitlines() if line.startswith("| ") and "Shop 2.3" in line]
    assert [p.split(" | ")[0] for p in products] == ["| High Shop 2.3", "| Medium Shop 2.3",
                                                     "| Low Shop 2.3"]  # fmt: skip
    assert "`summaries/trust-summary.json` (summary)" in products[1]
    assert "**2027-04-15 (past)**" in products[0]
    # Late plans by owner: the example's fixes due 2027-01-15 are overdue on the as-of day.
    owners = out.split("## Late plans by owner", 1)[1].split("##", 1)[0]
    assert re.search(r"\| Lee Chen +\| +\d+ \|", owners)
    assert "## The weakest promise" in out
    assert "## Questions that fail most often" in out
    assert "One version of each questionnaire." in out
    unreadable = out.split("## Could not be read", 1)[1]
    assert BROKEN_LINE in unreadable
    assert f"warning: unreadable: {BROKEN_LINE}" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_file_fails_the_run_only_when_asked(portfolio: Path) -> None:
    assert run("portfolio", "reviews", "--as-of", AS_OF, "--fail-on-unreadable").exit_code == 1
    assert run("portfolio", "reviews/high.trustaudit.yaml", "--fail-on-unreadable").exit_code == 0


def test_questionnaire_drift_across_products_is_shown(portfolio: Path) -> None:
    path = portfolio / "summaries" / "trust-summary.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questionnaire"]["version"] = "1.1"
    data["questionnaire"]["sha256"] = "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")
    out = run("portfolio", "reviews", "summaries", "--as-of", AS_OF).stdout
    assert "**Drift:** products use 2 versions of trust-audit" in out
    totals = json.loads(run("portfolio", "reviews", "summaries", "--format", "json").stdout)
    assert totals["totals"]["drift"] is True
    bundled = yaml.safe_load((ROOT / "questionnaires" / "trust-audit.yaml").read_text("utf-8"))
    versions = {q["version"] for q in totals["totals"]["questionnaires"]}
    assert versions == {"1.1", bundled["version"]}


def test_jsonl_streams_one_valid_summary_per_product_then_the_unreadable(portfolio: Path) -> None:
    result = run("portfolio", "reviews", "summaries", "--format", "jsonl", "--as-of", AS_OF)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["product"] for x in lines[:3]] == ["High Shop", "Low Shop", "Medium Shop"]
    for line in lines[:3]:
        again = summary.loads(json.dumps(line).encode(), "line")
        assert again.product == line["product"]
    assert lines[3]["format"] == "trustaudit/unreadable@1"
    assert lines[3]["error"].startswith(BROKEN_LINE)
    assert len(lines) == 4


def test_json_and_csv_agree_on_bands(portfolio: Path) -> None:
    doc = json.loads(run("portfolio", "reviews", "summaries", "--format", "json").stdout)
    assert doc["format"] == "trustaudit/portfolio@1"
    bands = {p["product"]: p["headline"]["band"] for p in doc["products"]}
    assert bands == {"High Shop": "high", "Low Shop": "low", "Medium Shop": "medium"}
    assert doc["totals"]["weakest_pillar"] in {"collect-clearly", "state-intentions",
                                               "deliver-purposefully"}  # fmt: skip
    table = list(csv.DictReader(io.StringIO(run("portfolio", "reviews", "--format", "csv").stdout)))
    assert {r["product"]: r["band"] for r in table} == {"High Shop": "high", "Low Shop": "low"}


def test_globs_and_a_list_of_paths(portfolio: Path) -> None:
    (portfolio / "list.txt").write_text(
        "# our products\nreviews/h*.trustaudit.yaml\n\nsummaries\nnowhere/*.yaml\n",
        encoding="utf-8",
    )
    result = run("portfolio", "list.txt", "--format", "jsonl", "--as-of", AS_OF)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x.get("product") for x in lines] == ["High Shop", "Medium Shop", None]
    assert lines[2]["error"] == "nowhere/*.yaml: matches no file"


def test_a_summary_of_a_review_also_read_is_counted_once(portfolio: Path) -> None:
    made = run("summary", "reviews/low.trustaudit.yaml", "-o", "summaries/low.trust-summary.json")
    assert made.exit_code == 0, made.output
    result = run("portfolio", "reviews", "summaries", "--format", "json", "--as-of", AS_OF)
    doc = json.loads(result.stdout)
    assert sorted(p["product"] for p in doc["products"]) == ["High Shop", "Low Shop",
                                                             "Medium Shop"]  # fmt: skip
    assert "skipped summaries/low.trust-summary.json" in result.stderr


def test_every_core_gives_the_same_output_as_one(portfolio: Path) -> None:
    one = run("portfolio", "reviews", "summaries", "--format", "json", "-j", "1", "--as-of", AS_OF)
    two = run("portfolio", "reviews", "summaries", "--format", "json", "-j", "2", "--as-of", AS_OF)
    assert one.stdout == two.stdout


def _documented(heading: str) -> str:
    """The ```sql block under ``heading`` in docs/portfolio.md."""
    text = (ROOT / "docs" / "portfolio.md").read_text(encoding="utf-8")
    after = text.split(heading, 1)[1]
    return after.split("```sql\n", 1)[1].split("```", 1)[0]


def test_the_documented_schema_is_the_one_written() -> None:
    assert _documented("## The SQLite schema") == portfolio_sqlite.SCHEMA


def test_sqlite_answers_the_documented_example_query(portfolio: Path) -> None:
    result = run("portfolio", "reviews", "summaries", "--format", "sqlite", "-o", "pf.sqlite",
                 "--as-of", AS_OF)  # fmt: skip
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(portfolio / "pf.sqlite")
    found = db.execute(_documented("### Example query")).fetchall()
    # Who holds the most overdue fixes, in which products: the example's plan owners.
    assert found, "the example query found no overdue fix"
    owners = {row[0] for row in found}
    assert "Lee Chen" in owners
    counted = db.execute("SELECT count(*) FROM plans WHERE overdue = 1").fetchone()[0]
    assert sum(row[2] for row in found) == counted
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"plans_owner", "answers_question"} <= names
    products = db.execute("SELECT product, kind, band FROM products ORDER BY id").fetchall()
    assert products == [("High Shop", "review", "high"), ("Low Shop", "review", "low"),
                        ("Medium Shop", "summary", "medium")]  # fmt: skip
    answers = db.execute("SELECT count(DISTINCT product_id) FROM answers").fetchone()[0]
    assert answers == 2  # a summary has no answers
    assert db.execute("SELECT source, line FROM unreadable").fetchall() == [
        ("reviews/broken.trustaudit.yaml", 3)
    ]


def test_sqlite_needs_a_file_and_never_overwrites_an_input(portfolio: Path) -> None:
    result = run("portfolio", "reviews", "--format", "sqlite")
    assert result.exit_code == 2
    assert "give it with -o FILE" in result.output
    before = (portfolio / "reviews" / "high.trustaudit.yaml").read_bytes()
    clash = run("portfolio", "reviews", "--format", "csv", "-o", "reviews/high.trustaudit.yaml")
    assert clash.exit_code != 0
    assert (portfolio / "reviews" / "high.trustaudit.yaml").read_bytes() == before


def test_nothing_found_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = run("portfolio", "empty")
    assert result.exit_code == 2
    assert "no review (*.trustaudit.yaml) or summary (trust-summary.json) found" in result.output


def test_portfolio_and_summary_do_not_import_the_terminal_app(portfolio: Path) -> None:
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from trustaudit.cli import cli\n"
        "for args in (['portfolio', 'reviews', 'summaries', '-j', '1'],\n"
        "             ['summary', 'reviews/low.trustaudit.yaml']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=portfolio
    )
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    assert not loaded & {"textual", "rich", "jinja2"}


def test_jsonl_streamed_to_standard_output_is_what_a_file_gets(portfolio: Path) -> None:
    streamed = run("portfolio", "reviews", "summaries", "--format", "jsonl", "--as-of", AS_OF)
    written = run("portfolio", "reviews", "summaries", "--format", "jsonl", "--as-of", AS_OF,
                  "-o", "out.jsonl")  # fmt: skip
    assert written.exit_code == 0, written.output
    assert (portfolio / "out.jsonl").read_text(encoding="utf-8") == streamed.stdout
    streamed_csv = run("portfolio", "reviews", "--format", "csv", "--as-of", AS_OF)
    run("portfolio", "reviews", "--format", "csv", "--as-of", AS_OF, "-o", "out.csv")
    assert (portfolio / "out.csv").read_text(encoding="utf-8") == streamed_csv.stdout
    assert streamed_csv.stdout.startswith("id,source,kind,product,")


def test_a_review_that_does_not_validate_is_told_at_its_line_and_column(portfolio: Path) -> None:
    """The roll-up reads without positions; a file with a problem is read again with them, so
    its line is the one ``trustaudit score`` names for the same file."""
    path = portfolio / "reviews" / "high.trustaudit.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("release:"))
    lines[at] = "release: [not, a, string]\n"
    path.write_text("".join(lines), encoding="utf-8")
    score = run("score", "reviews/high.trustaudit.yaml", "--as-of", AS_OF)
    told = next(line for line in score.output.splitlines() if "release" in line)
    assert told.startswith(f"reviews/high.trustaudit.yaml:{at + 1}:")
    rolled = run("portfolio", "reviews", "--format", "jsonl", "--as-of", AS_OF)
    unreadable = [json.loads(line) for line in rolled.stdout.splitlines()]
    errors = [x["error"] for x in unreadable if x.get("format") == "trustaudit/unreadable@1"]
    assert told.split(" (")[0] in " ".join(errors)
