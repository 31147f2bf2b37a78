"""Aligned plain-text tables for the terminal: the one way commands print columns."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from trustaudit.core.text import one_line


def aligned(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """The rows as lines with columns padded to their widest cell, two spaces apart; the
    columns in ``right`` (numbers) are right-aligned, trailing spaces removed. Cells come from
    files and file names, so each is made one clean line first (``text.one_line``)."""
    if not rows:
        return []
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
