"""Padding Markdown tables so the raw report reads in a terminal, as it does rendered.

A table whose padded lines fit in ``WIDTH`` columns gets its cells padded to a common width per
column (numbers right-aligned where the separator says so); wider tables stay as they are, since
padding them would only wrap worse. Cells are split on pipes that are not escaped, and nothing
inside a fenced code block is touched. Padding changes no rendered output.
"""

from __future__ import annotations

import re
import unicodedata

WIDTH = 120
_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^:?-+:?$")


def width(text: str) -> int:
    """Terminal columns of ``text``: wide (East Asian) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def pad_tables(text: str) -> str:
    """``text`` with every table that fits in ``WIDTH`` columns padded."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not line.startswith("|"):
            out.append(line)
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("|"):
            j += 1
        out.extend(_pad(lines[i:j]))
        i = j
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(line.strip())[1:-1]]


def _pad(block: list[str]) -> list[str]:
    # A padded line is never narrower than the line it pads: a long ASCII line rules it out.
    if any(len(line) > WIDTH and line.isascii() for line in block):
        return block
    rows = [_cells(line) for line in block]
    if len(rows) < 2 or not all(_SEPARATOR.match(c) for c in rows[1]):
        return block
    columns = len(rows[1])
    if any(len(r) != columns for r in rows):
        return block
    widths = [max(3, *(width(r[k]) for n, r in enumerate(rows) if n != 1)) for k in range(columns)]
    if sum(widths) + 3 * columns + 1 > WIDTH:
        return block
    right = [c.endswith(":") for c in rows[1]]
    out = []
    for n, row in enumerate(rows):
        if n == 1:
            cells = [
                (":" if c.startswith(":") else "-") + "-" * (w - 2) + (":" if r else "-")
                for c, w, r in zip(rows[1], widths, right, strict=True)
            ]
        else:
            cells = [
                " " * (w - width(c)) + c if r else c + " " * (w - width(c))
                for c, w, r in zip(row, widths, right, strict=True)
            ]
        out.append("| " + " | ".join(cells) + " |")
    return out
