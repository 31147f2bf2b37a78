"""Comments cite documents the repository holds: docs/architecture.md and the docs beside it,
never the section numbers of a design document that is not here."""

from __future__ import annotations

import re

from tests.conftest import ROOT

CITATION = re.compile(r"DESIGN(\.md)? ?§|DESIGN\.md")


def test_no_code_or_test_cites_a_document_the_repository_does_not_hold() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("src", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "test_citations.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CITATION.search(line)
    ]
    assert found == []
    assert not (ROOT / "DESIGN.md").exists()
