"""Names made from what people type: feature ids, review file names, and the report beside a review.

One slug rule for all of them, so product "Café Crème App" is reviewed in
``cafe-creme-app.trustaudit.yaml`` and reported in ``cafe-creme-app.md`` beside it. The report is
named after the review *file*, not the product, so two reviews of one product in one folder (or
two products that slug alike) never share a report.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

SUFFIX = ".trustaudit.yaml"
"""Every review file ends with this; folders are searched for it."""

SLUG_LENGTH = 40

ReportFormat = Literal["md", "json"]


def slug(
    name: str, taken: set[str] | frozenset[str] = frozenset(), fallback: str = "feature"
) -> str:
    """Lower-case words joined by hyphens, at most 40 characters, unique among ``taken``.

    Accents are folded (``Café`` → ``cafe``); a name with no letters or digits left becomes
    ``fallback``; a clash gets ``-2``, ``-3`` …
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    base = words[:SLUG_LENGTH].strip("-") or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def review_path(folder: Path, product: str) -> Path:
    """Where a new review of ``product`` is written: ``<folder>/<product-slug>.trustaudit.yaml``."""
    return folder / f"{slug(product, fallback='review')}{SUFFIX}"


def review_stem(path: Path) -> str:
    """A review file's name without ``.trustaudit.yaml`` (or, for other names, its last suffix)."""
    name = path.name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) and len(name) > len(SUFFIX) else path.stem


def report_path(review: Path, fmt: ReportFormat = "md") -> Path:
    """The report written for a review by default: its file name with ``.md`` (or ``.json``)."""
    return review.with_name(f"{review_stem(review)}.{fmt}")


def annex_path(report: Path) -> Path:
    """Where a large report's reference part goes: ``NAME.md`` → ``NAME.annex.md``."""
    stem = report.name[:-3] if report.name.endswith(".md") and len(report.name) > 3 else report.name
    return report.with_name(f"{stem}.annex.md")
