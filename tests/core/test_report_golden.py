"""reports/example-shop.md is exactly what the report command makes of the example review."""

from __future__ import annotations

import datetime as dt
import difflib

from tests.conftest import ROOT
from trustaudit.core.report import render
from trustaudit.core.review import reading
from trustaudit.core.scoring.engine import score

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"
GOLDEN = ROOT / "reports" / "example-shop.md"
AS_OF = dt.date(2026, 11, 24)
"""The day the example is judged on (the day it was last saved), so it never goes stale."""
REGENERATE = (
    "trustaudit report reports/example-shop.trustaudit.yaml -o reports/example-shop.md "
    f"--as-of {AS_OF}"
)


def test_example_report_is_up_to_date() -> None:
    opened = reading.read(EXAMPLE)
    card = score(opened.questionnaire, opened.assessment, AS_OF)
    fresh = render.render_markdown(opened.questionnaire, opened.assessment, card)
    kept = GOLDEN.read_text(encoding="utf-8")
    if fresh != kept:
        diff = "".join(
            list(
                difflib.unified_diff(
                    kept.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    "reports/example-shop.md",
                    "regenerated",
                )
            )[:40]
        )
        raise AssertionError(
            f"reports/example-shop.md is out of date; regenerate it with\n    {REGENERATE}\n{diff}"
        )
    assert GOLDEN.read_bytes() == fresh.encode("utf-8")
