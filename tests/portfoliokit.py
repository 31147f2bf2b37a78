"""Reviews for the portfolio tests: variants of the example review with other bands.

The example (``reports/example-shop.trustaudit.yaml``) is High now → Medium once plans are done.
Keeping only some of its features gives products with other headline bands, answered against the
same bundled questionnaire, so the tests need no questionnaire of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

EXAMPLE = ROOT / "reports" / "example-shop.trustaudit.yaml"

HIGH = ("recommendations", "store-locator", "newsletter", "loyalty-card")
"""The example's features: High now (the loyalty card), Medium once plans are done."""
MEDIUM = ("recommendations",)
"""Medium now, Medium once plans are done."""
LOW = ("store-locator", "newsletter")
"""Low now and once plans are done."""

BROKEN = "format: trustaudit/assessment@1\nproduct: [unclosed\n"
"""A review that is not YAML: its error names line 3 (where the flow sequence should close)."""


def variant(product: str, features: tuple[str, ...]) -> str:
    """The example review renamed to ``product``, with only ``features`` (in the example's
    order)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, rest = text.split("\nfeatures:\n", 1)
    body, tail = rest.split("\nsign_off:\n", 1)
    blocks = re.split(r"\n(?=- id: )", body)
    kept = [b for b in blocks if b.split("\n", 1)[0].removeprefix("- id: ") in features]
    assert len(kept) == len(features), features
    head = head.replace("product: Example Shop", f"product: {product}")
    return f"{head}\nfeatures:\n" + "\n".join(kept) + f"\nsign_off:\n{tail}"


def write_review(folder: Path, name: str, product: str, features: tuple[str, ...]) -> Path:
    path = folder / f"{name}.trustaudit.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(variant(product, features), encoding="utf-8")
    return path
